#include "plan.h"
#include "predictor.h"
#include "seededdraw.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QHash>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace Taskline;
using namespace Taskline::TestSupport;
using namespace Qt::StringLiterals;

namespace {

TaskSpec task(const QString &id, TaskKind kind, double ms, QStringList after = {},
              quint32 count = 1)
{
    return taskSpec(id, kind, ms, count, std::move(after));
}

TaskSpec failing(TaskSpec t, int retries = 0, double retryDelayMs = 0)
{
    t.failRate = 1.0;
    t.retries = retries;
    t.retryDelayMs = retryDelayMs;
    return t;
}

TaskSpec withTimeout(TaskSpec t, double timeoutMs)
{
    t.timeoutMs = timeoutMs;
    return t;
}

TaskSpec withPriority(TaskSpec t, int priority)
{
    t.priority = priority;
    return t;
}

PlanPtr planOf(const QList<TaskSpec> &tasks)
{
    return buildPlan(scenarioOf(tasks));
}

RunConfig pool(int threads, int cores = 64, quint64 seed = 1)
{
    return runConfig(threads, cores, seed);
}

RunConfig sequential(int cores = 64)
{
    RunConfig c = pool(1, cores);
    c.mode = RunMode::Sequential;
    return c;
}

constexpr qint64 Ms = 1000000;

// Records of one task copy in trace order.
QList<AttemptRecord> recordsOf(const Trace &trace, const QString &name)
{
    QList<AttemptRecord> out;
    for (const AttemptRecord &r : trace.records) {
        if (trace.taskName(r) == name)
            out.append(r);
    }
    return out;
}

AttemptRecord finalOf(const Trace &trace, const QString &name)
{
    const QList<AttemptRecord> records = recordsOf(trace, name);
    return records.isEmpty() ? AttemptRecord() : records.last();
}

// Task names in the order they started (ties: trace order).
QStringList startOrder(const Trace &trace)
{
    QList<AttemptRecord> records = trace.records;
    std::stable_sort(
        records.begin(), records.end(),
        [](const AttemptRecord &a, const AttemptRecord &b) { return a.startNs < b.startNs; });
    QStringList names;
    for (const AttemptRecord &r : records)
        names.append(trace.taskName(r));
    return names;
}

// A mixed scenario with dependencies, fan-outs, jitter, failures, retries, timeouts and
// priorities, the same for the same generator seed.
QList<TaskSpec> randomScenario(quint32 seed, int specs)
{
    QRandomGenerator rng(seed);
    QList<TaskSpec> tasks;
    for (int i = 0; i < specs; ++i) {
        const auto kind = TaskKind(rng.bounded(TaskKindCount));
        const quint32 count = rng.bounded(4) == 0 ? 1 + rng.bounded(12u) : 1;
        TaskSpec t =
            task(u"t%1"_s.arg(i), kind, rng.bounded(40) + rng.bounded(4) * 0.25, {}, count);
        for (int d = 0; d < 2 && i > 0; ++d) {
            if (rng.bounded(3) == 0)
                t.after.append(u"t%1"_s.arg(rng.bounded(i)));
        }
        if (rng.bounded(4) == 0)
            t.startMs = rng.bounded(30);
        if (count > 1 && rng.bounded(2) == 0)
            t.staggerMs = rng.bounded(5);
        if (rng.bounded(3) == 0)
            t.jitter = 0.4;
        if (rng.bounded(4) == 0) {
            t.failRate = 0.4;
            t.retries = rng.bounded(3);
            t.retryDelayMs = rng.bounded(6);
        }
        if (rng.bounded(5) == 0)
            t.timeoutMs = 1 + t.durationMs * 1.1;
        t.priority = rng.bounded(3) - 1;
        tasks.append(t);
    }
    return tasks;
}

// Work a cpu attempt got in [start, end) when the cpu attempts of `trace` share `cores`
// (each at min(1, cores/k)), recomputed from the records alone.
double cpuWorkNs(const Trace &trace, const AttemptRecord &attempt, int cores)
{
    QList<std::pair<qint64, qint64>> spans;
    QList<qint64> times;
    for (const AttemptRecord &r : trace.records) {
        if (r.kind == TaskKind::Cpu && r.ran() && r.endNs > r.startNs) {
            spans.append({r.startNs, r.endNs});
            times << r.startNs << r.endNs;
        }
    }
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    double work = 0;
    for (int i = 0; i + 1 < times.size(); ++i) {
        const qint64 from = times[i];
        const qint64 to = times[i + 1];
        if (from < attempt.startNs || to > attempt.endNs)
            continue;
        const auto k = std::count_if(spans.cbegin(), spans.cend(), [&](const auto &span) {
            return span.first <= from && span.second >= to;
        });
        work += double(to - from) * std::min(1.0, double(cores) / double(k));
    }
    return work;
}

struct Outcome
{
    QString task;
    AttemptStatus status = AttemptStatus::Ok;
    double endMs = 0;
    QString error;
};

} // namespace

Q_DECLARE_METATYPE(Taskline::TaskSpec)
Q_DECLARE_METATYPE(QList<Taskline::TaskSpec>)
Q_DECLARE_METATYPE(Taskline::AttemptStatus)
Q_DECLARE_METATYPE(Taskline::RunConfig)
Q_DECLARE_METATYPE(Outcome)
Q_DECLARE_METATYPE(QList<Outcome>)

class TestPredictor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void makespan_data()
    {
        QTest::addColumn<QList<TaskSpec>>("tasks");
        QTest::addColumn<RunConfig>("config");
        QTest::addColumn<double>("expectedMs");

        const TaskKind io = TaskKind::Io;
        const TaskKind cpu = TaskKind::Cpu;
        const TaskKind timer = TaskKind::Timer;
        QTest::newRow("6 io x 50 ms on 3 workers")
            << QList<TaskSpec>{task(u"io"_s, io, 50, {}, 6)} << pool(3) << 100.0;
        QTest::newRow("3 cpu x 100 ms, 3 workers, 2 cores")
            << QList<TaskSpec>{task(u"c"_s, cpu, 100, {}, 3)} << pool(3, 2) << 150.0;
        QTest::newRow("4 cpu x 100 ms, 4 workers, 2 cores")
            << QList<TaskSpec>{task(u"c"_s, cpu, 100, {}, 4)} << pool(4, 2) << 200.0;
        QTest::newRow("2 cpu x 100 ms, 4 workers, 2 cores: no sharing")
            << QList<TaskSpec>{task(u"c"_s, cpu, 100, {}, 2)} << pool(4, 2) << 100.0;
        QTest::newRow("4 cpu x 100 ms, 2 workers, 8 cores: the pool is the limit")
            << QList<TaskSpec>{task(u"c"_s, cpu, 100, {}, 4)} << pool(2, 8) << 200.0;
        QTest::newRow("cpu 100 + cpu 50 on 1 core: shared, then alone")
            << QList<TaskSpec>{task(u"a"_s, cpu, 100), task(u"b"_s, cpu, 50)} << pool(2, 1)
            << 150.0;
        QTest::newRow("io does not use a core")
            << QList<TaskSpec>{task(u"c"_s, cpu, 100, {}, 2), task(u"io"_s, io, 200, {}, 2)}
            << pool(4, 1) << 200.0;
        QTest::newRow("chain a->b->c")
            << QList<TaskSpec>{task(u"a"_s, io, 10), task(u"b"_s, io, 20, {u"a"_s}),
                               task(u"c"_s, cpu, 30, {u"b"_s})}
            << pool(4) << 60.0;
        QTest::newRow("fan-out 8 io x 10 ms on 4 workers, gather 5 ms")
            << QList<TaskSpec>{task(u"fetch"_s, io, 10, {}, 8),
                               task(u"gather"_s, cpu, 5, {u"fetch"_s})}
            << pool(4) << 25.0;
        QTest::newRow("100 timers x 10 ms on 1 worker")
            << QList<TaskSpec>{task(u"t"_s, timer, 10, {}, 100)} << pool(1) << 10.0;
        QTest::newRow("timers hold no worker")
            << QList<TaskSpec>{task(u"t"_s, timer, 30, {}, 5), task(u"io"_s, io, 10, {}, 3)}
            << pool(1) << 30.0;
        QTest::newRow("sequential: sum of all, timers too")
            << QList<TaskSpec>{task(u"c"_s, cpu, 10), task(u"io"_s, io, 20),
                               task(u"t"_s, timer, 30, {}, 2)}
            << sequential() << 90.0;
        QTest::newRow("sequential: 100 timers x 10 ms")
            << QList<TaskSpec>{task(u"t"_s, timer, 10, {}, 100)} << sequential() << 1000.0;
        QTest::newRow("zero durations")
            << QList<TaskSpec>{task(u"a"_s, io, 0, {}, 3), task(u"b"_s, timer, 0, {u"a"_s}),
                               task(u"c"_s, cpu, 0, {u"b"_s})}
            << pool(2) << 0.0;
        TaskSpec late = task(u"late"_s, io, 10, {u"a"_s});
        late.startMs = 50;
        QTest::newRow("start_ms after the dependency ended")
            << QList<TaskSpec>{task(u"a"_s, io, 10), late} << pool(2) << 60.0;
        TaskSpec staggered = task(u"s"_s, io, 50, {}, 3);
        staggered.staggerMs = 100;
        QTest::newRow("stagger wider than the duration")
            << QList<TaskSpec>{staggered} << pool(1) << 250.0;
    }

    void makespan()
    {
        QFETCH(QList<TaskSpec>, tasks);
        QFETCH(RunConfig, config);
        QFETCH(double, expectedMs);
        const Trace trace = predict(planOf(tasks), config);
        QCOMPARE(trace.makespanNs(), qint64(expectedMs * Ms));
        QVERIFY(trace.predicted);
        QCOMPARE(trace.config, config);
    }

    void chainStartsWhenEachDependencyEnds()
    {
        const Trace trace = predict(
            planOf({task(u"a"_s, TaskKind::Io, 10), task(u"b"_s, TaskKind::Io, 20, {u"a"_s}),
                    task(u"c"_s, TaskKind::Cpu, 30, {u"b"_s})}),
            pool(2));
        QCOMPARE(trace.records.size(), 3);
        const QList<qint64> starts{0, 10 * Ms, 30 * Ms};
        const QList<qint64> ends{10 * Ms, 30 * Ms, 60 * Ms};
        for (int i = 0; i < 3; ++i) {
            const AttemptRecord &r = trace.records[i];
            QCOMPARE(r.task, quint32(i));
            QCOMPARE(r.releaseNs, starts[i]);
            QCOMPARE(r.enqueueNs, starts[i]);
            QCOMPARE(r.startNs, starts[i]);
            QCOMPARE(r.endNs, ends[i]);
            QCOMPARE(r.lane, qint16(0)); // the lowest free worker
            QCOMPARE(r.status, AttemptStatus::Ok);
        }
        QCOMPARE(trace.records[2].kind, TaskKind::Cpu);
        QCOMPARE(trace.lanes, (QStringList{u"worker 1"_s, u"worker 2"_s}));
        QCOMPARE(trace.eventLoopLane, -1);
    }

    void gatherWaitsForEveryCopy()
    {
        const Trace trace = predict(planOf({task(u"fetch"_s, TaskKind::Io, 10, {}, 8),
                                            task(u"gather"_s, TaskKind::Io, 5, {u"fetch"_s})}),
                                    pool(4));
        for (int k = 0; k < 8; ++k) {
            const AttemptRecord r = finalOf(trace, u"fetch[%1]"_s.arg(k));
            QCOMPARE(r.releaseNs, 0);
            QCOMPARE(r.startNs, k < 4 ? 0 : 10 * Ms);
            QCOMPARE(r.lane, qint16(k % 4));
        }
        const AttemptRecord gather = finalOf(trace, u"gather"_s);
        QCOMPARE(gather.releaseNs, 20 * Ms);
        QCOMPARE(gather.startNs, 20 * Ms);
        QCOMPARE(gather.endNs, 25 * Ms);
        QCOMPARE(gather.lane, qint16(0));
    }

    void staggeredReleasesOnOneWorker()
    {
        TaskSpec s = task(u"s"_s, TaskKind::Io, 50, {}, 3);
        s.startMs = 5;
        s.staggerMs = 10;
        const Trace trace = predict(planOf({s}), pool(1));
        QCOMPARE(trace.records.size(), 3);
        for (int k = 0; k < 3; ++k) {
            const AttemptRecord &r = trace.records[k];
            QCOMPARE(trace.taskName(r), u"s[%1]"_s.arg(k));
            QCOMPARE(r.releaseNs, (5 + 10 * k) * Ms);
            QCOMPARE(r.enqueueNs, r.releaseNs);
            QCOMPARE(r.startNs, (5 + 50 * k) * Ms);
            QCOMPARE(r.waitNs(), 40 * k * Ms);
        }
    }

    void priorityOrder_data()
    {
        QTest::addColumn<QList<TaskSpec>>("tasks");
        QTest::addColumn<QStringList>("expected");
        const TaskKind io = TaskKind::Io;
        QTest::newRow("higher priority first")
            << QList<TaskSpec>{withPriority(task(u"low"_s, io, 10), 0),
                               withPriority(task(u"high"_s, io, 10), 5),
                               withPriority(task(u"mid"_s, io, 10), 1)}
            << QStringList{u"high"_s, u"mid"_s, u"low"_s};
        QTest::newRow("equal priority: first released first")
            << QList<TaskSpec>{task(u"a"_s, io, 10), task(u"b"_s, io, 10), task(u"c"_s, io, 10)}
            << QStringList{u"a"_s, u"b"_s, u"c"_s};
        QTest::newRow("negative priority last")
            << QList<TaskSpec>{withPriority(task(u"neg"_s, io, 10), -3), task(u"zero"_s, io, 10)}
            << QStringList{u"zero"_s, u"neg"_s};
        TaskSpec later = withPriority(task(u"urgent"_s, io, 10), 9);
        later.startMs = 5;
        QTest::newRow("priority does not preempt a running task")
            << QList<TaskSpec>{task(u"a"_s, io, 10), task(u"b"_s, io, 10), later}
            << QStringList{u"a"_s, u"urgent"_s, u"b"_s};
        QTest::newRow("a failed attempt's retry queues behind waiting work")
            << QList<TaskSpec>{failing(task(u"flaky"_s, io, 10), 1), task(u"b"_s, io, 10)}
            << QStringList{u"flaky"_s, u"b"_s, u"flaky"_s};
    }

    void priorityOrder()
    {
        QFETCH(QList<TaskSpec>, tasks);
        QFETCH(QStringList, expected);
        QCOMPARE(startOrder(predict(planOf(tasks), pool(1))), expected);
    }

    void timersRunOnTheEventLoop()
    {
        const Trace trace = predict(
            planOf({task(u"t"_s, TaskKind::Timer, 10, {}, 100), task(u"io"_s, TaskKind::Io, 10)}),
            pool(1));
        QCOMPARE(trace.lanes, (QStringList{u"worker 1"_s, u"event loop"_s}));
        QCOMPARE(trace.eventLoopLane, 1);
        QCOMPARE(trace.makespanNs(), 10 * Ms);
        QCOMPARE(trace.records.size(), 101);
        for (const AttemptRecord &r : trace.records) {
            QCOMPARE(r.lane, qint16(r.kind == TaskKind::Timer ? 1 : 0));
            QCOMPARE(r.startNs, 0);
            QCOMPARE(r.endNs, 10 * Ms);
        }
    }

    void sequentialQueuesEveryKind()
    {
        const Trace trace =
            predict(planOf({task(u"t"_s, TaskKind::Timer, 30, {}, 2),
                            task(u"c"_s, TaskKind::Cpu, 10), task(u"io"_s, TaskKind::Io, 20)}),
                    sequential());
        QCOMPARE(trace.lanes, QStringList{u"worker 1"_s});
        QCOMPARE(trace.eventLoopLane, -1);
        QCOMPARE(startOrder(trace), (QStringList{u"t[0]"_s, u"t[1]"_s, u"c"_s, u"io"_s}));
        QCOMPARE(trace.makespanNs(), 90 * Ms);
        for (const AttemptRecord &r : trace.records)
            QCOMPARE(r.lane, qint16(0));
        QCOMPARE(finalOf(trace, u"t[1]"_s).waitNs(), 30 * Ms);
    }

    void outcomes_data()
    {
        QTest::addColumn<QList<TaskSpec>>("tasks");
        QTest::addColumn<RunConfig>("config");
        QTest::addColumn<QList<Outcome>>("expected");
        const auto ok = AttemptStatus::Ok;
        const auto timedOut = AttemptStatus::TimedOut;
        const auto skipped = AttemptStatus::Skipped;
        const auto failed = AttemptStatus::Failed;

        QTest::newRow("io past its timeout")
            << QList<TaskSpec>{withTimeout(task(u"a"_s, TaskKind::Io, 100), 50)} << pool(1)
            << QList<Outcome>{{u"a"_s, timedOut, 50, u"timed out after 50 ms"_s}};
        QTest::newRow("io ending exactly at its timeout")
            << QList<TaskSpec>{withTimeout(task(u"a"_s, TaskKind::Io, 50), 50)} << pool(1)
            << QList<Outcome>{{u"a"_s, ok, 50, {}}};
        QTest::newRow("timer past its timeout")
            << QList<TaskSpec>{withTimeout(task(u"a"_s, TaskKind::Timer, 100), 30)} << pool(1)
            << QList<Outcome>{{u"a"_s, timedOut, 30, u"timed out after 30 ms"_s}};
        QTest::newRow("file with a fractional timeout")
            << QList<TaskSpec>{withTimeout(task(u"a"_s, TaskKind::File, 10), 2.5)} << pool(1)
            << QList<Outcome>{{u"a"_s, timedOut, 2.5, u"timed out after 2.5 ms"_s}};
        QTest::newRow("cpu ending exactly at its timeout")
            << QList<TaskSpec>{withTimeout(task(u"a"_s, TaskKind::Cpu, 100), 100)} << pool(1)
            << QList<Outcome>{{u"a"_s, ok, 100, {}}};
        QTest::newRow("cpu slowed past its timeout by a shared core")
            << QList<TaskSpec>{withTimeout(task(u"a"_s, TaskKind::Cpu, 100, {}, 2), 150)}
            << pool(2, 1)
            << QList<Outcome>{{u"a[0]"_s, timedOut, 150, u"timed out after 150 ms"_s},
                              {u"a[1]"_s, timedOut, 150, u"timed out after 150 ms"_s}};
        // Both at half speed until a times out at 120 (b has done 60), then b alone: 160.
        QTest::newRow("a cpu timeout frees the core")
            << QList<TaskSpec>{withTimeout(task(u"a"_s, TaskKind::Cpu, 100), 120),
                               task(u"b"_s, TaskKind::Cpu, 100)}
            << pool(2, 1)
            << QList<Outcome>{{u"a"_s, timedOut, 120, u"timed out after 120 ms"_s},
                              {u"b"_s, ok, 160, {}}};
        QTest::newRow("dependents skipped, transitively")
            << QList<TaskSpec>{failing(task(u"a"_s, TaskKind::Io, 10)),
                               task(u"b"_s, TaskKind::Io, 10, {u"a"_s}),
                               task(u"c"_s, TaskKind::Cpu, 10, {u"b"_s}),
                               task(u"x"_s, TaskKind::Io, 30),
                               task(u"d"_s, TaskKind::Timer, 10, {u"x"_s, u"c"_s})}
            << pool(2)
            << QList<Outcome>{{u"a"_s, failed, 10, u"injected failure (fail_rate 1)"_s},
                              {u"b"_s, skipped, 10, u"dependency \"a\" did not succeed"_s},
                              {u"c"_s, skipped, 10, u"dependency \"a\" did not succeed"_s},
                              {u"d"_s, skipped, 10, u"dependency \"a\" did not succeed"_s},
                              {u"x"_s, ok, 30, {}}};
        TaskSpec custom = failing(task(u"a"_s, TaskKind::Io, 10, {}, 3));
        custom.error = u"disk full"_s;
        QTest::newRow("a failed copy skips the gather once")
            << QList<TaskSpec>{custom, task(u"g"_s, TaskKind::Io, 10, {u"a"_s}, 2)} << pool(3)
            << QList<Outcome>{{u"a[0]"_s, failed, 10, u"disk full"_s},
                              {u"a[2]"_s, failed, 10, u"disk full"_s},
                              {u"g[0]"_s, skipped, 10, u"dependency \"a[0]\" did not succeed"_s},
                              {u"g[1]"_s, skipped, 10, u"dependency \"a[0]\" did not succeed"_s}};
        QTest::newRow("skipped once the retries are spent")
            << QList<TaskSpec>{failing(task(u"a"_s, TaskKind::Io, 10), 1, 5),
                               task(u"b"_s, TaskKind::Io, 10, {u"a"_s})}
            << pool(1)
            << QList<Outcome>{{u"a"_s, failed, 25, u"injected failure (fail_rate 1)"_s},
                              {u"b"_s, skipped, 25, u"dependency \"a\" did not succeed"_s}};
    }

    void outcomes()
    {
        QFETCH(QList<TaskSpec>, tasks);
        QFETCH(RunConfig, config);
        QFETCH(QList<Outcome>, expected);
        const Trace trace = predict(planOf(tasks), config);
        for (const Outcome &o : expected) {
            const QList<AttemptRecord> records = recordsOf(trace, o.task);
            QVERIFY2(!records.isEmpty(), qPrintable(o.task));
            const AttemptRecord &r = records.last();
            QCOMPARE(r.status, o.status);
            QCOMPARE(r.endNs, qint64(o.endMs * Ms));
            QCOMPARE(trace.error(r), o.error);
            if (o.status == AttemptStatus::Skipped) {
                QCOMPARE(records.size(), 1);
                QCOMPARE(r.lane, qint16(-1));
                QCOMPARE(r.attempt, quint16(0));
                QCOMPARE(r.releaseNs, r.endNs);
                QCOMPARE(r.enqueueNs, r.endNs);
                QCOMPARE(r.startNs, r.endNs);
            }
        }
    }

    void retries_data()
    {
        QTest::addColumn<TaskSpec>("spec");
        QTest::addColumn<QList<qint64>>("releasesMs");
        QTest::addColumn<QList<qint64>>("endsMs");
        QTest::addColumn<AttemptStatus>("status");

        QTest::newRow("fail_rate 1, 2 retries 5 ms apart")
            << failing(task(u"a"_s, TaskKind::Io, 10), 2, 5) << QList<qint64>{0, 15, 30}
            << QList<qint64>{10, 25, 40} << AttemptStatus::Failed;
        QTest::newRow("timer retried on the event loop")
            << failing(task(u"a"_s, TaskKind::Timer, 10), 1, 0) << QList<qint64>{0, 10}
            << QList<qint64>{10, 20} << AttemptStatus::Failed;
        QTest::newRow("timeouts retried without delay")
            << withTimeout(failing(task(u"a"_s, TaskKind::Cpu, 100), 1), 20) << QList<qint64>{0, 20}
            << QList<qint64>{20, 40} << AttemptStatus::TimedOut;
        QTest::newRow("no retries") << failing(task(u"a"_s, TaskKind::File, 7)) << QList<qint64>{0}
                                    << QList<qint64>{7} << AttemptStatus::Failed;
    }

    void retries()
    {
        QFETCH(TaskSpec, spec);
        QFETCH(QList<qint64>, releasesMs);
        QFETCH(QList<qint64>, endsMs);
        QFETCH(AttemptStatus, status);
        const Trace trace = predict(planOf({spec}), pool(2));
        QCOMPARE(trace.records.size(), releasesMs.size());
        for (int i = 0; i < trace.records.size(); ++i) {
            const AttemptRecord &r = trace.records[i];
            QCOMPARE(r.attempt, quint16(i));
            QCOMPARE(r.releaseNs, releasesMs[i] * Ms);
            QCOMPARE(r.startNs, releasesMs[i] * Ms);
            QCOMPARE(r.endNs, endsMs[i] * Ms);
            QCOMPARE(r.status, status);
            QCOMPARE(r.lane, qint16(spec.kind == TaskKind::Timer ? trace.eventLoopLane : 0));
        }
    }

    void jitterIsReproducibleBySeed()
    {
        TaskSpec spec = task(u"j"_s, TaskKind::Io, 100, {}, 20);
        spec.jitter = 0.5;
        const PlanPtr plan = planOf({spec});
        const Trace a = predict(plan, pool(20, 1, 7));
        const Trace again = predict(plan, pool(20, 1, 7));
        const Trace other = predict(plan, pool(20, 1, 8));
        QVERIFY(a == again);
        QCOMPARE(a.records.size(), 20);
        int differing = 0;
        for (int i = 0; i < 20; ++i) {
            const AttemptRecord &r = a.records[i];
            const AttemptDraw draw =
                drawAttempt(7, plan->idHash(0), plan->copyOf(r.task), 0, plan->spec(r.task));
            QCOMPARE(r.durationNs(), draw.durationNs); // the runner's draws
            differing += r.durationNs() != other.records[i].durationNs() ? 1 : 0;
        }
        QVERIFY(differing > 15);
        QVERIFY(a.makespanNs() != other.makespanNs());
    }

    void deterministic()
    {
        const PlanPtr plan = planOf(randomScenario(42, 80));
        const Trace a = predict(plan, pool(3, 2, 5));
        const Trace b = predict(planOf(randomScenario(42, 80)), pool(3, 2, 5));
        QVERIFY(a == b);
        QVERIFY(a.records.size() > 80);
    }

    void invariants_data()
    {
        QTest::addColumn<quint32>("scenarioSeed");
        QTest::addColumn<RunConfig>("config");
        QTest::newRow("scenario 1, 4 workers, 2 cores") << 1u << pool(4, 2, 1);
        QTest::newRow("scenario 2, 1 worker, 1 core") << 2u << pool(1, 1, 3);
        QTest::newRow("scenario 3, 8 workers, 2 cores") << 3u << pool(8, 2, 9);
        QTest::newRow("scenario 4, 3 workers, 1 core") << 4u << pool(3, 1, 2);
        QTest::newRow("scenario 5, 64 workers, 4 cores") << 5u << pool(64, 4, 4);
        QTest::newRow("scenario 6, sequential") << 6u << sequential(2);
    }

    void invariants()
    {
        QFETCH(quint32, scenarioSeed);
        QFETCH(RunConfig, config);
        const PlanPtr plan = planOf(randomScenario(scenarioSeed, 60));
        const Trace trace = predict(plan, config);
        const int workers = config.mode == RunMode::Sequential ? 1 : config.threads;
        const quint32 tasks = plan->taskCount();

        QList<QList<AttemptRecord>> byTask(tasks);
        QHash<int, QList<qint64>> endsOnLane;
        QList<std::pair<qint64, int>> poolEdges; // +1 at start, -1 at end
        for (const AttemptRecord &r : trace.records) {
            QVERIFY(r.task < tasks);
            byTask[r.task].append(r);
            QVERIFY(r.releaseNs <= r.enqueueNs);
            QVERIFY(r.enqueueNs <= r.startNs);
            QVERIFY(r.startNs <= r.endNs);
            QCOMPARE(r.kind, plan->spec(r.task).kind);
            if (r.status == AttemptStatus::Skipped) {
                QCOMPARE(r.lane, qint16(-1));
                QCOMPARE(r.startNs, r.endNs);
                QCOMPARE(r.releaseNs, r.endNs);
            } else if (r.kind == TaskKind::Timer && config.mode == RunMode::Pool) {
                QCOMPARE(r.lane, qint16(trace.eventLoopLane));
                QCOMPARE(r.startNs, r.releaseNs); // timers never wait
            } else {
                QVERIFY(r.lane >= 0 && r.lane < workers);
                endsOnLane[r.lane].append(r.endNs);
                if (r.endNs > r.startNs) {
                    poolEdges.append({r.startNs, +1});
                    poolEdges.append({r.endNs, -1});
                }
            }
        }
        QCOMPARE(trace.lanes.size(), workers + (trace.eventLoopLane >= 0 ? 1 : 0));

        // At most P pool attempts at once (ends before starts at one instant).
        std::sort(poolEdges.begin(), poolEdges.end());
        int running = 0;
        for (const auto &edge : poolEdges) {
            running += edge.second;
            QVERIFY(running <= workers);
        }
        // Work-conserving: an attempt that waited took a worker the moment one was freed.
        for (const AttemptRecord &r : trace.records) {
            if (r.ran() && r.startNs > r.enqueueNs)
                QVERIFY(endsOnLane.value(r.lane).contains(r.startNs));
        }

        QList<qint64> specEnd(plan->specCount(), 0); // latest final end of a spec's copies
        QList<bool> specOk(plan->specCount(), true);
        for (quint32 t = 0; t < tasks; ++t) {
            const QList<AttemptRecord> &records = byTask[t];
            const TaskParams spec = plan->spec(t);
            QVERIFY2(!records.isEmpty(), qPrintable(plan->taskName(t)));
            const AttemptRecord &last = records.last();
            // Attempts = 1 + retries used; only the last may be ok.
            QVERIFY(records.size() <= 1 + spec.retries);
            for (int a = 0; a < records.size(); ++a) {
                QCOMPARE(records[a].attempt, quint16(a));
                if (a + 1 < records.size()) {
                    QVERIFY(records[a].status == AttemptStatus::Failed ||
                            records[a].status == AttemptStatus::TimedOut);
                    QCOMPARE(records[a + 1].releaseNs,
                             records[a].endNs + qint64(spec.retryDelayMs * Ms));
                }
            }
            if (last.status == AttemptStatus::Failed || last.status == AttemptStatus::TimedOut)
                QCOMPARE(records.size(), 1 + spec.retries);
            if (last.status == AttemptStatus::Skipped)
                QCOMPARE(records.size(), 1);
            const quint32 s = plan->specOf(t);
            specEnd[s] = qMax(specEnd[s], last.endNs);
            specOk[s] = specOk[s] && last.status == AttemptStatus::Ok;
        }
        // Released when start_ms came and every dependency ended ok; skipped only when one did
        // not (directly or through a skipped spec).
        for (quint32 t = 0; t < tasks; ++t) {
            const quint32 s = plan->specOf(t);
            const AttemptRecord &first = byTask[t].first();
            bool depsOk = true;
            qint64 ready = plan->releaseOffsetNs(t);
            for (const quint32 *d = plan->depsBegin(s); d != plan->depsEnd(s); ++d) {
                depsOk = depsOk && specOk[*d];
                ready = qMax(ready, specEnd[*d]);
            }
            if (depsOk) {
                QVERIFY(first.status != AttemptStatus::Skipped);
                QCOMPARE(first.releaseNs, ready);
            } else {
                QCOMPARE(first.status, AttemptStatus::Skipped);
            }
        }
        QVERIFY(trace.records.size() >= qsizetype(tasks));

        // Durations: the seeded draw in wall time, or in work shared among the cores for cpu;
        // the timeout exactly when one happened.
        for (const AttemptRecord &r : trace.records) {
            if (!r.ran())
                continue;
            const TaskParams spec = plan->spec(r.task);
            if (r.status == AttemptStatus::TimedOut) {
                QCOMPARE(r.durationNs(), qint64(std::llround(spec.timeoutMs * Ms)));
                continue;
            }
            const AttemptDraw draw = drawAttempt(config.seed, plan->idHash(plan->specOf(r.task)),
                                                 plan->copyOf(r.task), r.attempt, spec);
            QCOMPARE(r.status, draw.fails ? AttemptStatus::Failed : AttemptStatus::Ok);
            if (r.kind == TaskKind::Cpu) {
                const double work = cpuWorkNs(trace, r, qMax(1, config.cores));
                QVERIFY2(std::abs(work - double(draw.durationNs)) < 100,
                         qPrintable(u"%1: work %2 ns, drawn %3 ns"_s.arg(trace.taskName(r))
                                        .arg(work, 0, 'f', 1)
                                        .arg(draw.durationNs)));
            } else {
                QCOMPARE(r.durationNs(), draw.durationNs);
            }
        }
    }

    void makespansPerThreadCount()
    {
        const PlanPtr six = planOf({task(u"io"_s, TaskKind::Io, 50, {}, 6)});
        QCOMPARE(predictMakespans(six, pool(1), {1, 2, 3, 6, 12}),
                 (QList<double>{300, 150, 100, 50, 50}));
        QVERIFY(predictMakespans(six, pool(1), {}).isEmpty());

        const PlanPtr mixed = planOf(randomScenario(11, 60));
        const QList<int> counts{1, 2, 3, 4, 8, 16};
        const QList<double> makespans = predictMakespans(mixed, pool(1, 2, 3), counts);
        QCOMPARE(makespans.size(), counts.size());
        for (int i = 0; i < counts.size(); ++i)
            QCOMPARE(makespans[i], predict(mixed, pool(counts[i], 2, 3)).makespanNs() / 1e6);
    }

    void millionTasks()
    {
        QList<TaskSpec> tasks;
        for (int i = 0; i < 1000; ++i) {
            TaskSpec t = task(u"s%1"_s.arg(i), TaskKind(i % TaskKindCount), 1 + i % 7, {}, 1000);
            if (i % 10 != 0)
                t.after.append(u"s%1"_s.arg(i - 1));
            if (i % 3 == 0)
                t.jitter = 0.3;
            t.priority = i % 5;
            tasks.append(t);
        }
        const PlanPtr plan = planOf(tasks);
        QCOMPARE(plan->taskCount(), 1000000u);
        QElapsedTimer timer;
        timer.start();
        const Trace trace = predict(plan, pool(8, 2));
        qInfo("predicted 10^6 tasks in %lld ms (makespan %.0f ms)", timer.elapsed(),
              trace.makespanNs() / 1e6);
        QCOMPARE(trace.records.size(), 1000000);
        const auto ok =
            std::count_if(trace.records.cbegin(), trace.records.cend(),
                          [](const AttemptRecord &r) { return r.status == AttemptStatus::Ok; });
        QCOMPARE(qsizetype(ok), qsizetype(1000000));
        QCOMPARE(trace.eventLoopLane, 8);
    }
};

QTEST_GUILESS_MAIN(TestPredictor)
#include "tst_predictor.moc"
