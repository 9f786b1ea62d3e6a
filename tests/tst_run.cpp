#include "metrics.h"
#include "predictor.h"
#include "run.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QException>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <map>

using namespace Taskline;
using namespace Taskline::TestSupport;

Q_DECLARE_METATYPE(QList<Taskline::TaskSpec>)

namespace {
TaskSpec spec(const char *id, TaskKind kind, double ms, QStringList after = {}, quint32 count = 1)
{
    TaskSpec t = taskSpec(QLatin1String(id), kind, ms, count, std::move(after));
    if (kind == TaskKind::File) {
        t.bytes = 1 << 20;
        t.hasDuration = false;
    }
    return t;
}

PlanPtr planOf(QList<TaskSpec> tasks, int threads, RunMode mode = RunMode::Pool, quint64 seed = 1)
{
    Scenario s = scenarioOf(std::move(tasks));
    s.threads = threads;
    s.mode = mode;
    s.seed = seed;
    return buildPlan(s);
}

RunConfig configOf(const PlanPtr &plan)
{
    return RunOverrides{}.resolve(plan->scenario());
}

// Runs to the end on this thread's event loop; the trace handed to finished().
Trace runToEnd(Run &run, int timeoutMs = 60000)
{
    QSignalSpy finished(&run, &Run::finished);
    run.start();
    if (!run.isFinished() && !finished.wait(timeoutMs))
        qFatal("run did not finish within %d ms", timeoutMs);
    return run.trace();
}

// The final record of each task (highest attempt).
std::vector<AttemptRecord> finalRecords(const Trace &trace)
{
    std::vector<AttemptRecord> last(trace.plan->taskCount());
    std::vector<bool> seen(trace.plan->taskCount(), false);
    for (const AttemptRecord &r : trace.records) {
        if (!seen[r.task] || r.attempt >= last[r.task].attempt)
            last[r.task] = r;
        seen[r.task] = true;
    }
    for (bool s : seen) {
        if (!s)
            qFatal("a task has no record");
    }
    return last;
}

class ThrownQException : public QException
{
public:
    void raise() const override { throw *this; }
    ThrownQException *clone() const override { return new ThrownQException(*this); }
    const char *what() const noexcept override { return "a QException subclass"; }
};
} // namespace

class TestRun : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void invariants_data()
    {
        QTest::addColumn<QList<TaskSpec>>("tasks");
        QTest::addColumn<int>("threads");
        QTest::addColumn<int>("mode");

        QTest::newRow("8 io tasks on 4 workers")
            << QList<TaskSpec>{spec("io", TaskKind::Io, 20, {}, 8)} << 4 << int(RunMode::Pool);
        QTest::newRow("fan-out, gather, then timers and a file")
            << QList<TaskSpec>{spec("fetch", TaskKind::Io, 15, {}, 6),
                               spec("parse", TaskKind::Cpu, 5, {QStringLiteral("fetch")}),
                               spec("notify", TaskKind::Timer, 10, {QStringLiteral("parse")}, 5),
                               spec("save", TaskKind::File, 0, {QStringLiteral("parse")})}
            << 3 << int(RunMode::Pool);
        QTest::newRow("the same in sequential mode")
            << QList<TaskSpec>{spec("fetch", TaskKind::Io, 5, {}, 4),
                               spec("parse", TaskKind::Cpu, 2, {QStringLiteral("fetch")}),
                               spec("notify", TaskKind::Timer, 5, {QStringLiteral("parse")}, 3)}
            << 4 << int(RunMode::Sequential);
        TaskSpec flaky = spec("flaky", TaskKind::Io, 5, {}, 12);
        flaky.failRate = 0.5;
        flaky.retries = 3;
        flaky.retryDelayMs = 5;
        TaskSpec staggered = spec("staggered", TaskKind::Cpu, 1, {}, 10);
        staggered.staggerMs = 3;
        staggered.startMs = 5;
        QTest::newRow("failures with retries, staggered cpu")
            << QList<TaskSpec>{flaky, staggered,
                               spec("after", TaskKind::Io, 1, {QStringLiteral("flaky")})}
            << 2 << int(RunMode::Pool);
        QTest::newRow("many tiny tasks")
            << QList<TaskSpec>{spec("tiny", TaskKind::Cpu, 0, {}, 5000),
                               spec("join", TaskKind::Io, 0, {QStringLiteral("tiny")}, 100)}
            << 4 << int(RunMode::Pool);
    }

    void invariants()
    {
        QFETCH(QList<TaskSpec>, tasks);
        QFETCH(int, threads);
        QFETCH(int, mode);
        const PlanPtr plan = planOf(tasks, threads, RunMode(mode));
        Run run(plan, configOf(plan));
        const Trace trace = runToEnd(run);
        const int workers = RunMode(mode) == RunMode::Sequential ? 1 : threads;
        QCOMPARE(trace.config.threads, workers);

        const std::vector<AttemptRecord> last = finalRecords(trace);
        std::map<std::pair<quint32, int>, int> attemptsSeen;
        std::vector<std::pair<qint64, int>> poolEdges;
        for (const AttemptRecord &r : trace.records) {
            QVERIFY(r.releaseNs >= 0);
            QVERIFY(r.releaseNs <= r.enqueueNs);
            QVERIFY(r.enqueueNs <= r.startNs);
            QVERIFY(r.startNs <= r.endNs);
            QVERIFY(r.lane < qint16(trace.lanes.size()));
            QCOMPARE(r.kind, plan->spec(r.task).kind);
            QVERIFY(r.releaseNs + 1000000 >= plan->releaseOffsetNs(r.task));
            ++attemptsSeen[{r.task, r.attempt}];
            const bool timer = r.kind == TaskKind::Timer && RunMode(mode) == RunMode::Pool;
            if (r.ran()) {
                if (timer) {
                    QCOMPARE(int(r.lane), trace.eventLoopLane);
                } else {
                    QVERIFY(r.lane >= 0 && r.lane < workers);
                    poolEdges.push_back({r.startNs, +1});
                    poolEdges.push_back({r.endNs, -1});
                }
            }
            // A dependent starts after every copy it waits for has ended. (A skipped one is
            // decided as soon as one copy fails, while other copies may still run.)
            const quint32 s = plan->specOf(r.task);
            for (const quint32 *d = plan->depsBegin(s); r.ran() && d != plan->depsEnd(s); ++d) {
                for (quint32 t = plan->firstTask(*d); t < plan->firstTask(*d + 1); ++t)
                    QVERIFY(last[t].endNs <= r.startNs);
            }
        }
        // Attempts are numbered 0..k once each: 1 + the retries used.
        for (quint32 t = 0; t < plan->taskCount(); ++t) {
            for (int a = 0; a <= last[t].attempt; ++a)
                QCOMPARE((attemptsSeen[{t, a}]), 1);
            QVERIFY(last[t].attempt <= plan->spec(t).retries);
            QVERIFY(last[t].status != AttemptStatus::Cancelled);
        }
        // Never more than P pool attempts at once (ends sort before starts at equal times).
        std::sort(poolEdges.begin(), poolEdges.end());
        int running = 0;
        for (const auto &e : poolEdges) {
            running += e.second;
            QVERIFY2(running <= workers, qPrintable(QString::number(running)));
        }
    }

    void seededOutcomesEqualThePrediction()
    {
        TaskSpec flaky = spec("flaky", TaskKind::Io, 2, {}, 30);
        flaky.failRate = 0.4;
        flaky.retries = 2;
        flaky.jitter = 0.5;
        TaskSpec timer = spec("tick", TaskKind::Timer, 3, {}, 10);
        timer.failRate = 0.5;
        timer.retries = 1;
        const PlanPtr plan =
            planOf({flaky, timer, spec("report", TaskKind::Cpu, 1, {QStringLiteral("flaky")})}, 4,
                   RunMode::Pool, 1234);
        const RunConfig config = configOf(plan);
        Run run(plan, config);
        const Trace measured = runToEnd(run);
        const Trace predicted = predict(plan, config);
        const auto a = finalRecords(measured);
        const auto b = finalRecords(predicted);
        for (quint32 t = 0; t < plan->taskCount(); ++t) {
            QCOMPARE(a[t].status, b[t].status);
            QCOMPARE(a[t].attempt, b[t].attempt);
            QCOMPARE(measured.error(a[t]), predicted.error(b[t]));
        }
        QCOMPARE(computeMetrics(measured).status, computeMetrics(predicted).status);
    }

    void skipsDependentsOfAFailure()
    {
        TaskSpec bad = spec("bad", TaskKind::Io, 1);
        bad.failRate = 1;
        bad.error = QStringLiteral("disk on fire");
        const PlanPtr plan = planOf({bad, spec("mid", TaskKind::Cpu, 1, {QStringLiteral("bad")}, 3),
                                     spec("end", TaskKind::Io, 1, {QStringLiteral("mid")}),
                                     spec("free", TaskKind::Io, 1)},
                                    2);
        Run run(plan, configOf(plan));
        const Trace trace = runToEnd(run);
        const auto last = finalRecords(trace);
        QCOMPARE(last[0].status, AttemptStatus::Failed);
        QCOMPARE(trace.error(last[0]), QStringLiteral("disk on fire"));
        for (quint32 t = 1; t <= 4; ++t) {
            QCOMPARE(last[t].status, AttemptStatus::Skipped);
            QVERIFY(!last[t].ran());
            QVERIFY(trace.error(last[t]).contains(QStringLiteral("did not succeed")));
        }
        QCOMPARE(last[5].status, AttemptStatus::Ok);
    }

    void timeoutInterruptsALongWait()
    {
        TaskSpec slow = spec("slow", TaskKind::Io, 10000);
        slow.timeoutMs = 50;
        TaskSpec spin = spec("spin", TaskKind::Cpu, 10000);
        spin.timeoutMs = 50;
        const PlanPtr plan = planOf({slow, spin}, 2);
        QElapsedTimer clock;
        clock.start();
        Run run(plan, configOf(plan));
        const Trace trace = runToEnd(run);
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
        for (const AttemptRecord &r : trace.records) {
            QCOMPARE(r.status, AttemptStatus::TimedOut);
            QVERIFY(r.durationNs() >= 50000000);
            QVERIFY2(r.durationNs() < 1000000000, qPrintable(QString::number(r.durationNs())));
            QCOMPARE(trace.error(r), QStringLiteral("timed out after 50 ms"));
        }
    }

    void cancelKeepsRecordsAndStopsPromptly()
    {
        const PlanPtr plan =
            planOf({spec("wait", TaskKind::Io, 300, {}, 12), spec("spin", TaskKind::Cpu, 5000),
                    spec("tick", TaskKind::Timer, 5000),
                    spec("later", TaskKind::Io, 10, {QStringLiteral("wait")})},
                   3);
        Run run(plan, configOf(plan));
        QSignalSpy finished(&run, &Run::finished);
        run.start();
        QTest::qWait(450); // some waits end, others are running or queued
        QElapsedTimer clock;
        clock.start();
        const qint64 cancelNs = run.trace().makespanNs();
        run.cancel();
        QVERIFY(finished.count() == 1 || finished.wait(5000));
        QVERIFY2(clock.elapsed() < 500, qPrintable(QString::number(clock.elapsed())));
        const Trace trace = run.trace();
        const auto last = finalRecords(trace);
        int ok = 0, cancelled = 0;
        for (const AttemptRecord &r : last) {
            ok += r.status == AttemptStatus::Ok;
            cancelled += r.status == AttemptStatus::Cancelled;
        }
        QVERIFY2(ok >= 2, qPrintable(QString::number(ok)));
        QVERIFY(cancelled >= 3);
        QCOMPARE(ok + cancelled, int(plan->taskCount()));
        // Running work was interrupted, not waited for.
        for (const AttemptRecord &r : trace.records) {
            if (r.status == AttemptStatus::Cancelled && r.ran())
                QVERIFY(r.endNs < cancelNs + 1000000000);
        }
        QVERIFY(!run.isRunning());
    }

    void exceptionsOfAnyTypeAreRecorded_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("message");
        QTest::newRow("std::runtime_error") << 0 << "boom";
        QTest::newRow("int") << 1 << "threw int 42";
        QTest::newRow("QException subclass") << 2 << "a QException subclass";
        QTest::newRow("a string literal") << 3 << "literal";
    }

    void exceptionsOfAnyTypeAreRecorded()
    {
        QFETCH(int, which);
        QFETCH(QString, message);
        const PlanPtr plan = planOf({spec("t", TaskKind::Cpu, 1, {}, 4)}, 2);
        Run run(plan, configOf(plan));
        run.setAttemptHook([which](quint32 task, quint32) {
            if (task % 2 == 1)
                return;
            switch (which) {
            case 0:
                throw std::runtime_error("boom");
            case 1:
                throw 42;
            case 2:
                throw ThrownQException();
            default:
                throw "literal";
            }
        });
        const Trace trace = runToEnd(run);
        const auto last = finalRecords(trace);
        for (quint32 t = 0; t < 4; ++t) {
            QCOMPARE(last[t].status, t % 2 == 1 ? AttemptStatus::Ok : AttemptStatus::Failed);
            if (t % 2 == 0)
                QCOMPARE(trace.error(last[t]), message);
        }
    }

    void fileTasksCleanUpAndReportOsErrors()
    {
        QTemporaryDir dir;
        const PlanPtr plan = planOf({spec("save", TaskKind::File, 0, {}, 3)}, 3);
        {
            Run run(plan, configOf(plan));
            run.setTemporaryDirectory(dir.path());
            const Trace trace = runToEnd(run);
            for (const AttemptRecord &r : finalRecords(trace))
                QCOMPARE(r.status, AttemptStatus::Ok);
            QVERIFY(QDir(dir.path()).isEmpty());
        }
        Run run(plan, configOf(plan));
        run.setTemporaryDirectory(dir.filePath(QStringLiteral("missing")));
        const Trace trace = runToEnd(run);
        for (const AttemptRecord &r : finalRecords(trace)) {
            QCOMPARE(r.status, AttemptStatus::Failed);
            QVERIFY2(trace.error(r).contains(QStringLiteral("missing")),
                     qPrintable(trace.error(r)));
        }
    }

    void ioMakespanIsNearThePrediction()
    {
        TaskSpec io = spec("io", TaskKind::Io, 40, {}, 12);
        io.jitter = 0.3;
        const PlanPtr plan =
            planOf({io, spec("tail", TaskKind::Io, 20, {QStringLiteral("io")}, 2)}, 4);
        const RunConfig config = configOf(plan);
        Run run(plan, config);
        const double measured = runToEnd(run).makespanNs() / 1e6;
        const double predicted = predict(plan, config).makespanNs() / 1e6;
        // Loose: the real system adds dispatch and wake-up latency, never removes work.
        QVERIFY2(
            measured >= 0.95 * predicted && measured <= 1.5 * predicted + 50,
            qPrintable(
                QStringLiteral("measured %1 ms, predicted %2 ms").arg(measured).arg(predicted)));
    }

    void batchesReachTheGuiSlowly()
    {
        const PlanPtr plan = planOf({spec("tiny", TaskKind::Io, 0.05, {}, 3000)}, 4);
        Run run(plan, configOf(plan));
        QSignalSpy batches(&run, &Run::recordsAppended);
        QSignalSpy progress(&run, &Run::progress);
        const Trace trace = runToEnd(run);
        qsizetype delivered = 0;
        for (const QList<QVariant> &args : batches)
            delivered += args.at(0).value<QList<AttemptRecord>>().size();
        QCOMPARE(delivered, trace.records.size());
        QVERIFY2(batches.size() < 200, qPrintable(QString::number(batches.size())));
        QCOMPARE(progress.last().at(0).toLongLong(), qint64(plan->taskCount()));
    }

    void destroyingARunningRunIsSafe()
    {
        const PlanPtr plan = planOf(
            {spec("wait", TaskKind::Io, 5000, {}, 8), spec("spin", TaskKind::Cpu, 5000, {}, 2)}, 4);
        QElapsedTimer clock;
        clock.start();
        {
            Run run(plan, configOf(plan));
            run.start();
            QTest::qWait(50);
        }
        QVERIFY2(clock.elapsed() < 1500, qPrintable(QString::number(clock.elapsed())));
    }

    void hundredRunsBackToBack()
    {
        const PlanPtr plan = planOf({spec("a", TaskKind::Cpu, 0, {}, 20),
                                     spec("b", TaskKind::Io, 0, {QStringLiteral("a")}, 20),
                                     spec("c", TaskKind::Timer, 0, {QStringLiteral("b")})},
                                    4);
        for (int i = 0; i < 100; ++i) {
            Run run(plan, configOf(plan));
            const Trace trace = runToEnd(run);
            QCOMPARE(computeMetrics(trace).count(AttemptStatus::Ok), qint64(plan->taskCount()));
        }
    }
};

QTEST_GUILESS_MAIN(TestRun)
#include "tst_run.moc"
