#include "chrometraceexport.h"

#include "atomicwrite.h"
#include "bufferedwriter.h"
#include "chrometrace_p.h"
#include "scenariowriter.h"

#include <QBuffer>

#include <algorithm>
#include <numeric>
#include <vector>

namespace Taskline {

namespace {

using namespace ChromeTrace;

enum class Shape : quint8 { Complete, Async, Instant };

/*
 * Which lanes can take `X` events: those whose spans are disjoint or properly nested. The
 * event loop never can (timers overlap by design), whatever a particular run did, so a trace
 * always exports the same way.
 */
std::vector<bool> asyncLanes(const Trace &trace)
{
    const qsizetype laneCount = trace.lanes.size();
    std::vector<bool> async(static_cast<size_t>(laneCount), false);
    if (trace.eventLoopLane >= 0 && trace.eventLoopLane < laneCount)
        async[size_t(trace.eventLoopLane)] = true;
    std::vector<std::vector<quint32>> byLane(static_cast<size_t>(laneCount));
    for (qsizetype i = 0; i < trace.records.size(); ++i) {
        const qint16 lane = trace.records[i].lane;
        if (lane >= 0 && lane < laneCount && !async[size_t(lane)])
            byLane[size_t(lane)].push_back(quint32(i));
    }
    for (size_t lane = 0; lane < byLane.size(); ++lane) {
        std::vector<quint32> &spans = byLane[lane];
        const auto &records = trace.records;
        // Outer spans first: by start, then the longer one.
        std::sort(spans.begin(), spans.end(), [&](quint32 a, quint32 b) {
            const AttemptRecord &x = records[a], &y = records[b];
            return x.startNs != y.startNs ? x.startNs < y.startNs : x.endNs > y.endNs;
        });
        std::vector<qint64> openEnds;
        for (const quint32 i : spans) {
            const AttemptRecord &r = records[i];
            while (!openEnds.empty() && openEnds.back() <= r.startNs)
                openEnds.pop_back();
            if (!openEnds.empty() && r.endNs > openEnds.back()) {
                async[lane] = true;
                break;
            }
            openEnds.push_back(r.endNs);
        }
    }
    return async;
}

class Exporter
{
public:
    Exporter(const Trace &trace, BufferedWriter &out) : t(trace), out(out) {}

    void write()
    {
        const std::vector<bool> async = asyncLanes(t);
        const int notRunTid = int(t.lanes.size()) + 1;
        prepareNames();

        out.raw(std::string_view("{\"traceEvents\":[\n"));
        writeMetadata();
        for (qsizetype i = 0; i < t.records.size(); ++i) {
            const AttemptRecord &r = t.records[i];
            Shape shape = Shape::Instant;
            if (r.ran())
                shape = r.lane < qsizetype(async.size()) && async[size_t(r.lane)] ? Shape::Async
                                                                                  : Shape::Complete;
            writeRecord(quint32(i), r, shape, notRunTid);
        }
        writeFlows(async);
        out.raw(std::string_view("\n],\n\"otherData\":"));
        writeOtherData();
        out.raw(std::string_view("}\n"));
    }

private:
    const Trace &t;
    BufferedWriter &out;
    bool m_first = true;
    QList<QByteArray> m_specName; // escaped id without the closing quote
    QList<QByteArray> m_kind, m_status, m_error;

    BufferedWriter &next()
    {
        if (!m_first)
            out.raw(std::string_view(",\n"));
        m_first = false;
        return out;
    }

    void prepareNames()
    {
        if (t.plan) {
            for (quint32 s = 0; s < t.plan->specCount(); ++s) {
                QByteArray name = BufferedWriter::escapedJson(t.plan->specs().id(s));
                name.chop(1);
                m_specName.append(name);
            }
        }
        for (int k = 0; k < TaskKindCount; ++k)
            m_kind.append(BufferedWriter::escapedJson(kindName(TaskKind(k))));
        for (int s = 0; s < AttemptStatusCount; ++s)
            m_status.append(BufferedWriter::escapedJson(statusName(AttemptStatus(s))));
        m_error.resize(t.strings.size());
    }

    void taskName(quint32 task)
    {
        if (!t.plan || task >= t.plan->taskCount()) {
            out.raw(std::string_view("\"#")).unsignedInteger(task).raw('"');
            return;
        }
        const quint32 spec = t.plan->specOf(task);
        out.raw(m_specName[spec]);
        if (t.plan->specs().fanOut(spec))
            out.raw('[').unsignedInteger(t.plan->copyOf(task)).raw(']');
        out.raw('"');
    }

    void thread(std::string_view key, int tid, const QString &name)
    {
        next().raw(std::string_view("{\"ph\":\"M\",\"pid\":")).integer(Pid);
        out.raw(std::string_view(",\"tid\":")).integer(tid);
        out.raw(std::string_view(",\"name\":")).jsonString(key);
        out.raw(std::string_view(",\"args\":{\"name\":"))
            .jsonString(name)
            .raw(std::string_view("}}"));
    }

    void writeMetadata()
    {
        const QString process = t.plan && !t.plan->scenario().name.isEmpty()
                                    ? t.plan->scenario().name
                                    : QStringLiteral("Taskline");
        thread("process_name", 0, process);
        bool anyNotRun = false;
        for (const AttemptRecord &r : t.records)
            anyNotRun = anyNotRun || !r.ran();
        const int threads = int(t.lanes.size()) + (anyNotRun ? 1 : 0);
        for (int i = 0; i < threads; ++i) {
            const QString name =
                i < t.lanes.size() ? t.lanes[i] : QString::fromLatin1(NotRunThread);
            thread("thread_name", i + 1, name);
            next().raw(std::string_view("{\"ph\":\"M\",\"pid\":")).integer(Pid);
            out.raw(std::string_view(",\"tid\":")).integer(i + 1);
            out.raw(std::string_view(",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":"))
                .integer(i + 1)
                .raw(std::string_view("}}"));
        }
    }

    void writeRecord(quint32 index, const AttemptRecord &r, Shape shape, int notRunTid)
    {
        const QByteArray &kind = m_kind.value(int(r.kind));
        const int tid = shape == Shape::Instant ? notRunTid : r.lane + 1;
        const char *ph = shape == Shape::Complete ? "X" : shape == Shape::Async ? "b" : "i";
        next().raw(std::string_view("{\"ph\":\"")).raw(std::string_view(ph));
        if (shape == Shape::Instant)
            out.raw(std::string_view("\",\"s\":\"t"));
        out.raw(std::string_view("\",\"pid\":")).integer(Pid);
        out.raw(std::string_view(",\"tid\":")).integer(tid);
        out.raw(std::string_view(",\"ts\":")).fixed(r.startNs, 3);
        if (shape == Shape::Complete)
            out.raw(std::string_view(",\"dur\":")).fixed(r.durationNs(), 3);
        out.raw(std::string_view(",\"name\":"));
        taskName(r.task);
        out.raw(std::string_view(",\"cat\":")).raw(kind);
        if (shape == Shape::Async)
            out.raw(std::string_view(",\"id\":")).unsignedInteger(quint64(index) + 1);
        out.raw(std::string_view(",\"args\":{\"task\":"));
        taskName(r.task);
        out.raw(std::string_view(",\"task_index\":")).unsignedInteger(r.task);
        out.raw(std::string_view(",\"attempt\":")).integer(r.attempt);
        out.raw(std::string_view(",\"kind\":")).raw(kind);
        out.raw(std::string_view(",\"status\":")).raw(m_status.value(int(r.status)));
        out.raw(std::string_view(",\"release_us\":")).fixed(r.releaseNs, 3);
        out.raw(std::string_view(",\"enqueue_us\":")).fixed(r.enqueueNs, 3);
        if (shape == Shape::Instant && r.endNs != r.startNs)
            out.raw(std::string_view(",\"end_us\":")).fixed(r.endNs, 3);
        if (r.error != 0 && qsizetype(r.error) < m_error.size()) {
            QByteArray &error = m_error[r.error];
            if (error.isEmpty())
                error = BufferedWriter::escapedJson(t.strings.at(r.error));
            out.raw(std::string_view(",\"error\":")).raw(error);
        }
        out.raw(std::string_view("}}"));
        if (shape == Shape::Async) {
            next().raw(std::string_view("{\"ph\":\"e\",\"pid\":")).integer(Pid);
            out.raw(std::string_view(",\"tid\":")).integer(tid);
            out.raw(std::string_view(",\"ts\":")).fixed(r.endNs, 3);
            out.raw(std::string_view(",\"name\":"));
            taskName(r.task);
            out.raw(std::string_view(",\"cat\":")).raw(kind);
            out.raw(std::string_view(",\"id\":")).unsignedInteger(quint64(index) + 1).raw('}');
        }
    }

    void flowEnd(char phase, quint64 id, int tid, qint64 ns)
    {
        next().raw(std::string_view("{\"ph\":\"")).raw(phase);
        if (phase == 'f')
            out.raw(std::string_view("\",\"bp\":\"e"));
        out.raw(std::string_view("\",\"id\":")).unsignedInteger(id);
        out.raw(std::string_view(",\"pid\":")).integer(Pid);
        out.raw(std::string_view(",\"tid\":")).integer(tid);
        out.raw(std::string_view(",\"ts\":")).fixed(ns, 3);
        out.raw(std::string_view(",\"name\":\"")).raw(std::string_view(FlowName));
        out.raw(std::string_view("\",\"cat\":\"")).raw(std::string_view(FlowCategory));
        out.raw(std::string_view("\"}"));
    }

    /*
     * One flow per (dependent copy, dependency spec): from the attempt that ended last among
     * the dependency's copies, the one that let the dependent go, rather than n * m arrows
     * for a gather over a fan-out.
     */
    void writeFlows(const std::vector<bool> &async)
    {
        if (!t.plan)
            return;
        const Plan &plan = *t.plan;
        const auto isComplete = [&](const AttemptRecord &r) {
            return r.ran() && r.lane < qsizetype(async.size()) && !async[size_t(r.lane)];
        };
        constexpr quint32 None = ~0u;
        std::vector<quint32> lastOfSpec(plan.specCount(), None);
        std::vector<quint32> firstOfTask(plan.taskCount(), None);
        for (qsizetype i = 0; i < t.records.size(); ++i) {
            const AttemptRecord &r = t.records[i];
            if (!r.ran() || r.task >= plan.taskCount())
                continue;
            quint32 &last = lastOfSpec[plan.specOf(r.task)];
            if (last == None || r.endNs > t.records[last].endNs)
                last = quint32(i);
            if (r.attempt == 0)
                firstOfTask[r.task] = quint32(i);
        }
        quint64 id = 0;
        for (quint32 task = 0; task < plan.taskCount(); ++task) {
            if (firstOfTask[task] == None)
                continue;
            const AttemptRecord &to = t.records[firstOfTask[task]];
            if (!isComplete(to))
                continue;
            const quint32 spec = plan.specOf(task);
            for (const quint32 *d = plan.depsBegin(spec); d != plan.depsEnd(spec); ++d) {
                if (lastOfSpec[*d] == None)
                    continue;
                const AttemptRecord &from = t.records[lastOfSpec[*d]];
                if (!isComplete(from) || from.endNs > to.startNs)
                    continue;
                // Just inside the span, so viewers bind the flow to it, not to what follows.
                const qint64 at = from.endNs - qMin<qint64>(1, from.durationNs());
                ++id;
                flowEnd('s', id, from.lane + 1, at);
                flowEnd('f', id, to.lane + 1, to.startNs);
            }
        }
    }

    void writeOtherData()
    {
        const RunConfig &c = t.config;
        out.raw(std::string_view("{\"scenario\":"))
            .jsonString(t.plan ? t.plan->scenario().name : QString());
        out.raw(std::string_view(",\"threads\":")).integer(c.threads);
        out.raw(std::string_view(",\"mode\":")).jsonString(modeName(c.mode));
        out.raw(std::string_view(",\"seed\":")).unsignedInteger(c.seed);
        out.raw(std::string_view(",\"cores\":")).integer(c.cores);
        out.raw(std::string_view(",\"predicted\":"))
            .raw(t.predicted ? std::string_view("true") : std::string_view("false"));
        out.raw(std::string_view(",\"makespan_ms\":")).fixed(t.makespanNs(), 6);
        out.raw(std::string_view(",\"generator\":\"taskline " TASKLINE_VERSION "\""));
        out.raw(std::string_view(",\""))
            .raw(std::string_view(LanesKey))
            .raw(std::string_view("\":["));
        for (qsizetype i = 0; i < t.lanes.size(); ++i) {
            if (i > 0)
                out.raw(',');
            out.jsonString(t.lanes[i]);
        }
        out.raw(std::string_view("],\"")).raw(std::string_view(EventLoopLaneKey));
        out.raw(std::string_view("\":")).integer(t.eventLoopLane);
        out.raw(std::string_view(",\""))
            .raw(std::string_view(StringsKey))
            .raw(std::string_view("\":["));
        for (qsizetype i = 1; i < t.strings.size(); ++i) {
            if (i > 1)
                out.raw(',');
            out.jsonString(t.strings.at(quint32(i)));
        }
        out.raw(']');
        if (t.plan) {
            out.raw(std::string_view(",\""))
                .raw(std::string_view(ScenarioKey))
                .raw(std::string_view("\":"));
            out.raw(writeScenario(t.plan->scenario(), JsonStyle::Compact));
        }
        out.raw('}');
    }
};

} // namespace

bool writeChromeTrace(const Trace &trace, QIODevice &device)
{
    BufferedWriter out(&device);
    Exporter(trace, out).write();
    return out.flush();
}

QByteArray chromeTraceJson(const Trace &trace)
{
    BufferedWriter out;
    Exporter(trace, out).write();
    return std::move(out.buffer());
}

std::optional<QString> exportChromeTrace(const Trace &trace, const QString &path)
{
    return writeAtomically(path,
                           [&](QIODevice &device) { return writeChromeTrace(trace, device); });
}

} // namespace Taskline
