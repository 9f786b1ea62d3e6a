// The window's run controller without the window: runs on their own thread, their batches,
// progress and end handed back in order, and older runs that never reach the caller. Also run
// under ThreadSanitizer (scripts/sanitize.sh thread): the hand-over between the runs' thread
// and this one is what it checks.

#include "backgroundpool.h"
#include "runcontroller.h"
#include "run.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>

#include <memory>

using namespace Taskline;
using namespace Taskline::TestSupport;

namespace {

PlanPtr planOf(TaskKind kind, double ms, quint32 count, int threads)
{
    Scenario s = scenarioOf({taskSpec(QStringLiteral("t"), kind, ms, count)});
    s.threads = threads;
    return buildPlan(s);
}

// What the controller handed on, as a window would see it.
struct Seen
{
    qint64 records = 0;
    qint64 batches = 0;
    qint64 lastDone = -1;
    bool progressWentBack = false;
    int finished = 0;
    bool cancelled = false;
    Trace trace;
    Metrics metrics;
    QObject context; // the connections end with this

    explicit Seen(RunController &c)
    {
        QObject::connect(&c, &RunController::recordsAppended, &context,
                         [this](const QList<AttemptRecord> &batch, const StringTable &) {
                             records += batch.size();
                             ++batches;
                         });
        QObject::connect(&c, &RunController::progress, &context, [this](qint64 done, qint64, qint64) {
            progressWentBack = progressWentBack || done < lastDone;
            lastDone = done;
        });
        QObject::connect(&c, &RunController::runFinished, &context,
                         [this](const Trace &t, const Metrics &m, bool wasCancelled) {
                             ++finished;
                             trace = t;
                             metrics = m;
                             cancelled = wasCancelled;
                         });
    }
};

bool waitFinished(const Seen &seen, int count = 1)
{
    return QTest::qWaitFor([&] { return seen.finished >= count; }, 60000);
}

} // namespace

class TestRunController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runsToTheEnd_data();
    void runsToTheEnd();
    void cancelEndsTheRun();
    void aNewRunDropsTheOld_data();
    void aNewRunDropsTheOld();
    void destroyedDuringARun();
    void predictsOffQtsPool();
};

void TestRunController::runsToTheEnd_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("ms");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("threads");
    QTest::newRow("20k empty cpu tasks, 2 threads") << int(TaskKind::Cpu) << 0.0 << 20000 << 2;
    QTest::newRow("2k io tasks of 1 ms, 8 threads") << int(TaskKind::Io) << 1.0 << 2000 << 8;
    QTest::newRow("500 timers of 5 ms") << int(TaskKind::Timer) << 5.0 << 500 << 2;
}

void TestRunController::runsToTheEnd()
{
    QFETCH(int, kind);
    QFETCH(double, ms);
    QFETCH(int, count);
    QFETCH(int, threads);
    RunController controller;
    controller.setPlan(planOf(TaskKind(kind), ms, quint32(count), threads));
    Seen seen(controller);
    QSignalSpy started(&controller, &RunController::runStarted);
    QVERIFY(controller.start());
    QCOMPARE(started.count(), 1);
    QVERIFY(controller.isRunning());
    QVERIFY(waitFinished(seen));
    QVERIFY(!controller.isRunning());

    // Every record came in a batch before the end, once; progress only went forward.
    QCOMPARE(seen.finished, 1);
    QVERIFY(!seen.cancelled);
    QCOMPARE(seen.trace.records.size(), qsizetype(count));
    QCOMPARE(seen.records, qint64(count));
    QVERIFY(seen.batches >= 1 && seen.batches <= count);
    QVERIFY(!seen.progressWentBack);
    for (const AttemptRecord &r : seen.trace.records)
        QCOMPARE(r.status, AttemptStatus::Ok);
    QVERIFY(seen.metrics.makespanMs > 0);
    QCOMPARE(seen.metrics.attempts, qint64(count));
    // The run is readable once it finished, and it is the trace handed on.
    QCOMPARE(controller.run()->trace().records, seen.trace.records);
}

void TestRunController::cancelEndsTheRun()
{
    // 400 io tasks of 50 ms on 2 threads: ~10 s if nothing stopped it.
    RunController controller;
    controller.setPlan(planOf(TaskKind::Io, 50, 400, 2));
    Seen seen(controller);
    QVERIFY(controller.start());
    QVERIFY(QTest::qWaitFor([&] { return seen.records > 0; }, 10000));
    QElapsedTimer timer;
    timer.start();
    controller.cancel();
    QVERIFY(waitFinished(seen));
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(seen.cancelled);
    QCOMPARE(seen.trace.records.size(), qsizetype(400));
    int cancelled = 0;
    for (const AttemptRecord &r : seen.trace.records)
        cancelled += r.status == AttemptStatus::Cancelled;
    QVERIFY(cancelled > 0 && cancelled < 400);
    QVERIFY(seen.metrics.attempts < 400); // the cancelled never ran
}

void TestRunController::aNewRunDropsTheOld_data()
{
    QTest::addColumn<bool>("newPlan");
    QTest::newRow("run started again") << false;
    QTest::newRow("plan replaced, then run") << true;
}

void TestRunController::aNewRunDropsTheOld()
{
    QFETCH(bool, newPlan);
    // The first run would take ~1.2 s; after a new plan the second is 300 quick tasks. Nothing of the first may
    // reach the caller once the second began: one end, with the second run's records only.
    RunController controller;
    controller.setPlan(planOf(TaskKind::Io, 20, 120, 2));
    Seen seen(controller);
    QVERIFY(controller.start());
    QVERIFY(QTest::qWaitFor([&] { return seen.records > 0; }, 10000));
    if (newPlan) {
        controller.setPlan(planOf(TaskKind::Cpu, 0, 300, 2));
        QVERIFY(!controller.isRunning());
    }
    seen.records = 0;
    QVERIFY(controller.start());
    QVERIFY(waitFinished(seen));
    QTest::qWait(100); // anything late from the first run would come now
    QCOMPARE(seen.finished, 1);
    QVERIFY(!seen.cancelled);
    const qsizetype expected = newPlan ? 300 : 120;
    QCOMPARE(seen.trace.records.size(), expected);
    QCOMPARE(seen.records, qint64(expected));
    for (const AttemptRecord &r : seen.trace.records)
        QCOMPARE(r.status, AttemptStatus::Ok);
}

void TestRunController::destroyedDuringARun()
{
    // Closing the window mid-run: the controller cancels, the runs' thread deletes the run
    // (joining its workers) and ends. Nothing is handed on afterwards.
    auto controller = std::make_unique<RunController>();
    controller->setPlan(planOf(TaskKind::Io, 50, 400, 4));
    auto seen = std::make_unique<Seen>(*controller);
    QVERIFY(controller->start());
    QVERIFY(QTest::qWaitFor([&] { return seen->records > 0; }, 10000));
    QElapsedTimer timer;
    timer.start();
    controller.reset();
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    QTest::qWait(100);
    QCOMPARE(seen->finished, 0);
}

QTEST_GUILESS_MAIN(TestRunController)
// Qt's raster engine splits big fills over QThreadPool::globalInstance() and waits for them
// on the GUI thread: a prediction there stalled the window's paints while it ran.
void TestRunController::predictsOffQtsPool()
{
    RunController controller;
    QSignalSpy predicted(&controller, &RunController::predictionReady);
    const int globalBefore = QThreadPool::globalInstance()->activeThreadCount();
    controller.setPlan(planOf(TaskKind::Cpu, 1, 100000, 4)); // tens of ms to predict
    QVERIFY(backgroundPool()->activeThreadCount() >= 1);
    QCOMPARE(QThreadPool::globalInstance()->activeThreadCount(), globalBefore);
    QVERIFY(predicted.wait(60000));
    QCOMPARE(controller.prediction()->trace.records.size(), 100000);
}

#include "tst_runcontroller.moc"
