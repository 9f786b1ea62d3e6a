#include "testsupport.h"

#include "predictor.h"
#include "scenarioloader.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <vector>

namespace Taskline::TestSupport {

TaskSpec taskSpec(const QString &id, TaskKind kind, double ms, quint32 count, QStringList after)
{
    TaskSpec t;
    t.id = id;
    t.kind = kind;
    t.durationMs = ms;
    t.count = count;
    t.fanOut = count != 1;
    t.after = std::move(after);
    return t;
}

Scenario scenarioOf(QList<TaskSpec> tasks)
{
    Scenario s;
    s.tasks = std::move(tasks);
    return s;
}

PlanPtr buildPlan(const Scenario &scenario)
{
    auto result = Plan::build(scenario);
    if (const auto *error = std::get_if<ScenarioError>(&result))
        qFatal("bad test scenario: %s", qPrintable(error->text()));
    return std::get<PlanPtr>(result);
}

PlanPtr loadPlan(const QByteArray &json)
{
    const PlanResult result = loadScenario(json);
    if (const auto *error = std::get_if<ScenarioError>(&result))
        qFatal("bad test scenario: %s", qPrintable(error->text()));
    return std::get<PlanPtr>(result);
}

RunConfig runConfig(int threads, int cores, quint64 seed)
{
    RunConfig c;
    c.threads = threads;
    c.cores = cores;
    c.seed = seed;
    return c;
}

Trace predictedTrace(const PlanPtr &plan, int threads, quint64 seed)
{
    return predict(plan, runConfig(threads, threads, seed));
}

Trace emptyTrace(const PlanPtr &plan, int threads)
{
    Trace trace;
    trace.plan = plan;
    trace.config.threads = threads;
    trace.lanes = standardLanes(threads, true);
    trace.eventLoopLane = threads;
    return trace;
}

Trace syntheticTrace(qsizetype count, int workers)
{
    Trace trace;
    trace.lanes = standardLanes(workers, false);
    trace.records.reserve(count);
    QRandomGenerator rng(42);
    std::vector<qint64> clock(std::size_t(workers), 0);
    for (qsizetype i = 0; i < count; ++i) {
        const int lane = int(i % workers);
        AttemptRecord r;
        r.task = quint32(i);
        r.lane = qint16(lane);
        r.kind = TaskKind(i % 3);
        r.releaseNs = r.enqueueNs = clock[std::size_t(lane)];
        r.startNs = r.enqueueNs + qint64(rng.bounded(20000));
        r.endNs = r.startNs + 10000 + qint64(rng.bounded(400000));
        r.status = i % 997 == 0 ? AttemptStatus::Failed : AttemptStatus::Ok;
        clock[std::size_t(lane)] = r.endNs;
        trace.records.append(r);
    }
    return trace;
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

} // namespace Taskline::TestSupport
