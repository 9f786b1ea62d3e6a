#include "tracebuilder.h"

#include "chrometrace_p.h"
#include "scenarioloader.h"

#include <QFileInfo>
#include <QSet>

#include <algorithm>

namespace Taskline::ChromeTrace {

namespace {

constexpr qsizetype MaxLanes = std::numeric_limits<qint16>::max(); // AttemptRecord::lane
constexpr double MaxDurationMs = 3600000;                          // format v1's limit

QString microseconds(qint64 ns)
{
    return QString::number(double(ns) / 1000.0, 'f', 3) + QStringLiteral(" us");
}

QString idName(const TraceInput &in, qint64 value, const char *prefix)
{
    if (value >= StringTag && quint64(value - StringTag) < in.names.size())
        return in.names[size_t(value - StringTag)];
    return QLatin1String(prefix) + QString::number(value);
}

QString laneName(const TraceInput &in, const LaneInfo &lane)
{
    const QString process = in.processNames.value(lane.pid, idName(in, lane.pid, "pid "));
    if (lane.async) {
        const QString cat =
            size_t(lane.sub) < in.names.size() ? in.names[size_t(lane.sub)] : QString();
        return process + QStringLiteral(" / ") + (cat.isEmpty() ? QStringLiteral("async") : cat) +
               QStringLiteral(" (async)");
    }
    return process + QStringLiteral(" / ") +
           in.threadNames.value({lane.pid, lane.sub}, idName(in, lane.sub, "tid "));
}

/*! A task id of format v1 ([A-Za-z0-9_.-]+) from any span name. */
QString validId(const QString &name)
{
    QString id = name;
    for (QChar &c : id) {
        const char16_t u = c.unicode();
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
                        (u >= '0' && u <= '9') || u == '_' || u == '.' || u == '-';
        if (!ok)
            c = QLatin1Char('_');
    }
    return id.isEmpty() ? QStringLiteral("unnamed") : id;
}

ScenarioError nothingToShow(const TraceInput &in)
{
    ScenarioError e;
    e.file = in.file;
    QStringList parts;
    for (auto it = in.skipped.cbegin(); it != in.skipped.cend(); ++it)
        parts.append(QStringLiteral("%1 \"%2\"").arg(it.value()).arg(it.key()));
    if (in.invalid > 0)
        parts.append(QStringLiteral("%1 malformed").arg(in.invalid));
    e.message = QStringLiteral("the trace has no spans or instant events to show (%1 events%2)")
                    .arg(in.eventCount)
                    .arg(parts.isEmpty() ? QString()
                                         : QStringLiteral(": ") + parts.join(QStringLiteral(", ")));
    return e;
}

/*! Our own export: the exact plan, records and settings, or false (and why) if they are not
 *  all there. */
bool restoreNative(const TraceInput &in, std::vector<Span> &spans, const MatchCounts &counts,
                   TraceImport &out, WarningLog &warnings)
{
    const auto fallBack = [&](const QString &why) {
        warnings.add("notes", [&] {
            return QStringLiteral("the trace carries a Taskline scenario, but %1; it "
                                  "was imported like any other trace")
                .arg(why);
        });
        return false;
    };
    if (!in.other.hasLanes)
        return fallBack(QStringLiteral("no valid lane list"));
    if (counts.unfinished > 0 || counts.unmatchedEnds > 0)
        return fallBack(QStringLiteral("some of its begin and end events do not match"));
    const ScenarioResult parsed = parseScenario(in.other.scenario, in.file);
    if (const auto *error = std::get_if<ScenarioError>(&parsed))
        return fallBack(QStringLiteral("its scenario is invalid (%1)").arg(error->message));
    auto built = Plan::build(std::get<Scenario>(parsed), in.file);
    if (const auto *error = std::get_if<ScenarioError>(&built))
        return fallBack(QStringLiteral("its scenario is invalid (%1)").arg(error->message));

    Trace t;
    t.plan = std::get<PlanPtr>(built);
    t.config = in.other.config;
    t.predicted = in.other.predicted;
    t.lanes = in.other.lanes;
    t.eventLoopLane = in.other.eventLoopLane < t.lanes.size() ? in.other.eventLoopLane : -1;
    for (const QString &s : in.other.strings) {
        if (t.strings.intern(s) != quint32(t.strings.size() - 1))
            return fallBack(QStringLiteral("its string table is inconsistent"));
    }
    // Records in the order they were written, which is the order of the original trace:
    // matchSpans() gives the spans in that order.
    t.records.reserve(qsizetype(spans.size()));
    adviseHugePages(t.records.constData(), size_t(t.records.capacity()) * sizeof(AttemptRecord));
    qint64 instants = 0;
    for (const Span &span : spans) {
        const Event &e = in.events[span.begin];
        if (e.own < 0)
            return fallBack(QStringLiteral("\"%1\" at %2 has no attempt details")
                                .arg(fullName(in.names, e), microseconds(e.ts)));
        const OwnArgs &a = in.own[size_t(e.own)];
        const qint64 lane = span.instant ? -1 : a.tid - 1;
        if (a.task >= t.plan->taskCount() || a.kind < 0 || a.status < 0 || lane < -1 ||
            lane >= t.lanes.size()) {
            return fallBack(QStringLiteral("the details of \"%1\" at %2 do not fit its scenario")
                                .arg(fullName(in.names, e), microseconds(e.ts)));
        }
        AttemptRecord r;
        r.task = a.task;
        r.attempt = a.attempt;
        r.kind = TaskKind(a.kind);
        r.status = AttemptStatus(a.status);
        r.error = t.strings.intern(in.errors[a.error]);
        r.releaseNs = a.release;
        r.enqueueNs = a.enqueue;
        r.startNs = span.start;
        r.endNs = span.instant ? (a.hasEnd ? a.end : span.start) : span.end;
        r.lane = qint16(lane);
        instants += span.instant ? 1 : 0;
        t.records.append(r);
    }
    out.trace = std::move(t);
    out.native = true;
    out.instants = instants;
    out.spans = qint64(spans.size()) - instants;
    for (quint32 s = 0; s < out.trace.plan->specCount(); ++s)
        out.originalNames.append(out.trace.plan->specs().id(s));
    return true;
}

TraceImportResult buildForeign(const TraceInput &in, std::vector<Span> &spans, TraceImport &out,
                               WarningLog &warnings)
{
    // Start order: copy k of a name is its k-th span, and records read left to right. The
    // spans are in file order, which most traces write in time order already.
    const auto byStart = [](const Span &a, const Span &b) {
        return a.start != b.start ? a.start < b.start : a.begin < b.begin;
    };
    if (!std::is_sorted(spans.begin(), spans.end(), byStart))
        std::sort(spans.begin(), spans.end(), byStart);
    if (spans.size() > MaxExpandedTasks) {
        warnings.add("notes", [&] {
            return QStringLiteral("the trace has %1 spans; only the first %2 were "
                                  "imported")
                .arg(spans.size())
                .arg(MaxExpandedTasks);
        });
        spans.resize(MaxExpandedTasks);
    }

    // Lanes that hold something, by pid, thread lanes before async ones, then tid or category.
    std::vector<quint32> order;
    {
        std::vector<bool> used(in.lanes.size(), false);
        for (const Span &s : spans)
            used[s.lane] = true;
        for (quint32 i = 0; i < quint32(used.size()); ++i) {
            if (used[i])
                order.push_back(i);
        }
    }
    std::sort(order.begin(), order.end(), [&](quint32 x, quint32 y) {
        const LaneInfo &a = in.lanes[x], &b = in.lanes[y];
        if (a.pid != b.pid)
            return a.pid < b.pid;
        if (a.async != b.async)
            return !a.async;
        if (a.async)
            return in.names[size_t(a.sub)] < in.names[size_t(b.sub)];
        return a.sub < b.sub;
    });
    std::vector<qint16> laneOf(in.lanes.size(), -1);
    Trace &t = out.trace;
    int threadLanes = 0;
    for (size_t k = 0; k < order.size(); ++k) {
        if (qsizetype(k) == MaxLanes - 1 && order.size() > size_t(MaxLanes)) {
            warnings.add("notes", [&] {
                return QStringLiteral("the trace has %1 threads and async categories; "
                                      "those past the first %2 share the last lane")
                    .arg(order.size())
                    .arg(MaxLanes - 1);
            });
            t.lanes.append(QStringLiteral("(more lanes)"));
            for (size_t rest = k; rest < order.size(); ++rest)
                laneOf[order[rest]] = qint16(k);
            break;
        }
        laneOf[order[k]] = qint16(k);
        t.lanes.append(laneName(in, in.lanes[order[k]]));
        threadLanes += in.lanes[order[k]].async ? 0 : 1;
    }

    // One task spec per distinct name, in order of first appearance.
    Scenario scenario;
    scenario.name =
        in.file.isEmpty() ? QStringLiteral("Imported trace") : QFileInfo(in.file).fileName();
    scenario.description =
        QStringLiteral("Imported from a Chrome trace (%1 events)").arg(in.eventCount);
    scenario.threads = qBound(1, threadLanes, 256);
    // Names were split as "name[copy]": the full name is the key.
    const auto nameKey = [&](const Span &s) {
        return (quint64(s.name) << 32) | quint32(in.events[s.begin].copy);
    };
    QList<TaskSpec> tasks;
    QHash<quint64, qint32> specOfName;
    std::vector<qint32> specOfPlainName(in.names.size(), -1); // names without a copy: no hash
    std::vector<qint32> specOfSpan(spans.size());
    std::vector<double> totalNs;
    QSet<QString> ids;
    for (size_t i = 0; i < spans.size(); ++i) {
        const Span &s = spans[i];
        const bool plain = in.events[s.begin].copy < 0 && s.name < specOfPlainName.size();
        qint32 spec = plain ? specOfPlainName[s.name] : specOfName.value(nameKey(s), -1);
        if (spec < 0) {
            spec = qint32(tasks.size());
            if (plain)
                specOfPlainName[s.name] = spec;
            else
                specOfName.insert(nameKey(s), spec);
            const QString name = fullName(in.names, in.events[s.begin]);
            TaskSpec task;
            task.id = validId(name);
            for (int n = 2; ids.contains(task.id); ++n)
                task.id = validId(name) + QLatin1Char('-') + QString::number(n);
            ids.insert(task.id);
            // Our own export says what kind it was; any other trace, where it ran.
            const qint32 own = in.events[s.begin].own;
            const qint8 kind = own >= 0 ? in.own[size_t(own)].kind : qint8(-1);
            task.kind = kind >= 0                ? TaskKind(kind)
                        : in.lanes[s.lane].async ? TaskKind::Timer
                                                 : TaskKind::Cpu;
            if (task.kind == TaskKind::File)
                task.bytes = 1; // required of a file task; the duration is what was measured
            task.count = 0;
            tasks.append(task);
            out.originalNames.append(name);
            totalNs.push_back(0);
        }
        specOfSpan[i] = spec;
        ++tasks[spec].count;
        totalNs[size_t(spec)] += double(s.end - s.start);
    }
    for (qsizetype i = 0; i < tasks.size(); ++i) {
        TaskSpec &task = tasks[i];
        task.fanOut = task.count > 1;
        task.durationMs = qMin(MaxDurationMs, totalNs[size_t(i)] / task.count / 1e6);
    }
    scenario.tasks = tasks;
    auto built = Plan::build(scenario, in.file);
    if (const auto *error = std::get_if<ScenarioError>(&built))
        return *error;
    t.plan = std::get<PlanPtr>(built);
    t.config.threads = scenario.threads;
    t.config.cores = scenario.threads;
    const Plan &plan = *t.plan;

    const qint64 offset = spans.front().start;
    std::vector<quint32> nextCopy(plan.specCount(), 0);
    const bool anyUnfinished =
        std::any_of(spans.begin(), spans.end(), [](const Span &s) { return s.unfinished; });
    const quint32 unfinishedError =
        anyUnfinished ? t.strings.intern(QLatin1String(UnfinishedError)) : 0;
    t.records.reserve(qsizetype(spans.size()));
    adviseHugePages(t.records.constData(), size_t(t.records.capacity()) * sizeof(AttemptRecord));
    for (size_t i = 0; i < spans.size(); ++i) {
        const Span &s = spans[i];
        const quint32 spec = quint32(specOfSpan[i]);
        AttemptRecord r;
        r.task = plan.firstTask(spec) + nextCopy[spec]++;
        r.kind = plan.specs().kind(spec);
        r.releaseNs = r.enqueueNs = r.startNs = s.start - offset;
        r.endNs = s.end - offset;
        r.lane = laneOf[s.lane];
        if (s.unfinished) {
            r.status = AttemptStatus::Cancelled;
            r.error = unfinishedError;
            warnings.add("unfinished spans", [&] {
                return QStringLiteral("\"%1\" begun at %2 on \"%3\" has no end event: it "
                                      "ends at the end of the trace (status cancelled)")
                    .arg(fullName(in.names, in.events[s.begin]), microseconds(s.start),
                         t.lanes.value(r.lane));
            });
        }
        out.instants += s.instant ? 1 : 0;
        t.records.append(r);
    }
    out.spans = t.records.size() - out.instants;
    out.offsetUs = double(offset) / 1000.0;
    if (offset != 0) {
        warnings.add("notes", [&] {
            return QStringLiteral("times start at the earliest event: %1 in the file "
                                  "is 0 here")
                .arg(microseconds(offset));
        });
    }
    return std::move(out);
}

} // namespace

TraceImportResult buildTrace(TraceInput in, WarningLog &warnings)
{
    TraceImport out;
    out.events = in.eventCount;
    out.skipped = in.skipped;
    out.invalid = in.invalid;
    MatchCounts counts;
    std::vector<Span> spans = matchSpans(in.events, quint32(in.lanes.size()), in.keyCount,
                                         in.traceEnd, in.names, counts, warnings);
    out.unmatchedEnds = counts.unmatchedEnds;
    out.unfinished = counts.unfinished;
    if (spans.empty())
        return nothingToShow(in);
    if (!in.other.scenario.isEmpty() && restoreNative(in, spans, counts, out, warnings)) {
        out.warnings = warnings.finish();
        return out;
    }
    TraceImportResult result = buildForeign(in, spans, out, warnings);
    if (auto *imported = std::get_if<TraceImport>(&result))
        imported->warnings = warnings.finish();
    return result;
}

} // namespace Taskline::ChromeTrace
