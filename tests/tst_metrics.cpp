#include "metrics.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace Taskline;
using namespace Taskline::TestSupport;

namespace {

constexpr qint64 Ms = 1000000;

/* A plan of `taskCount` single tasks on `threads` workers plus the event-loop lane. */
Trace traceOf(int taskCount, int threads = 2)
{
    Scenario s;
    s.threads = threads;
    for (int i = 0; i < taskCount; ++i) {
        TaskSpec t;
        t.id = QStringLiteral("t%1").arg(i);
        t.durationMs = 10;
        s.tasks.append(t);
    }
    return emptyTrace(buildPlan(s), threads);
}

AttemptRecord attempt(quint32 task, quint16 number, AttemptStatus status, qint64 startMs,
                      qint64 endMs, int lane = 0)
{
    AttemptRecord r;
    r.task = task;
    r.attempt = number;
    r.status = status;
    r.releaseNs = r.enqueueNs = r.startNs = startMs * Ms;
    r.endNs = endMs * Ms;
    r.lane = qint16(lane);
    return r;
}

// A task that never ran: one record, lane -1, every time equal to the moment it was decided.
AttemptRecord notRun(quint32 task, quint16 number, AttemptStatus status, qint64 atMs)
{
    AttemptRecord r = attempt(task, number, status, atMs, atMs);
    r.lane = -1;
    return r;
}

/* What one attempt of the task in finalOutcome() did. */
struct Step
{
    AttemptStatus status;
    bool ran = true;
};

Percentiles pct(double p50, double p95, double p99, double max)
{
    Percentiles p;
    p.p50 = p50;
    p.p95 = p95;
    p.p99 = p99;
    p.max = max;
    return p;
}

QList<double> range(int from, int to)
{
    QList<double> values;
    for (int i = from; i <= to; ++i)
        values.append(i);
    return values;
}

} // namespace

Q_DECLARE_METATYPE(QList<Step>)
Q_DECLARE_METATYPE(Taskline::Percentiles)

class TestMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void percentilesNearestRank_data()
    {
        QTest::addColumn<QList<double>>("values");
        QTest::addColumn<Percentiles>("expected");

        QList<double> shuffled = range(1, 100);
        QRandomGenerator rng(3);
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        QTest::newRow("1..100 in order") << range(1, 100) << pct(50, 95, 99, 100);
        QTest::newRow("1..100 shuffled") << shuffled << pct(50, 95, 99, 100);
        QList<double> reversed = range(1, 1000);
        std::reverse(reversed.begin(), reversed.end());
        QTest::newRow("1000..1 reversed") << reversed << pct(500, 950, 990, 1000);
        QTest::newRow("1..200, ranks 100, 190, 198") << range(1, 200) << pct(100, 190, 198, 200);
        QTest::newRow("1..10, ranks 5, 10, 10") << range(1, 10) << pct(5, 10, 10, 10);
        QTest::newRow("single value") << QList<double>{7.5} << pct(7.5, 7.5, 7.5, 7.5);
        QTest::newRow("two values") << QList<double>{3, 1} << pct(1, 3, 3, 3);
        QTest::newRow("duplicates") << QList<double>{5, 1, 5, 5} << pct(5, 5, 5, 5);
        QTest::newRow("one outlier in 101")
            << (QList<double>(100, 1.0) << 1000.0) << pct(1, 1, 1, 1000);
        QTest::newRow("empty") << QList<double>{} << pct(0, 0, 0, 0);
    }

    void percentilesNearestRank()
    {
        QFETCH(QList<double>, values);
        QFETCH(Percentiles, expected);
        const Percentiles p = percentiles(values);
        QCOMPARE(p.p50, expected.p50);
        QCOMPARE(p.p95, expected.p95);
        QCOMPARE(p.p99, expected.p99);
        QCOMPARE(p.max, expected.max);
        QVERIFY(p == expected);
    }

    void percentilesMatchSorting_data()
    {
        QTest::addColumn<int>("count");
        for (const int n : {1, 2, 3, 19, 20, 21, 99, 101, 1234, 100000})
            QTest::addRow("%d random values", n) << n;
    }

    void percentilesMatchSorting()
    {
        QFETCH(int, count);
        QRandomGenerator rng{quint32(count)};
        QList<double> values;
        for (int i = 0; i < count; ++i)
            values.append(double(rng.bounded(1000)) / 8); // with repeats
        QList<double> sorted = values;
        std::sort(sorted.begin(), sorted.end());
        const auto rank = [&](int p) {
            qsizetype r = 1; // the smallest rank with r >= p/100 * count
            while (r * 100 < qsizetype(p) * count)
                ++r;
            return sorted[r - 1];
        };
        const Percentiles p = percentiles(values);
        QCOMPARE(p.p50, rank(50));
        QCOMPARE(p.p95, rank(95));
        QCOMPARE(p.p99, rank(99));
        QCOMPARE(p.max, sorted.last());
    }

    void finalOutcome_data()
    {
        QTest::addColumn<QList<Step>>("steps");
        QTest::addColumn<AttemptStatus>("outcome");
        QTest::addColumn<qint64>("attempts");

        QTest::newRow("ok first time")
            << QList<Step>{{AttemptStatus::Ok}} << AttemptStatus::Ok << 1ll;
        QTest::newRow("failed then ok counts as ok")
            << QList<Step>{{AttemptStatus::Failed}, {AttemptStatus::Ok}} << AttemptStatus::Ok
            << 2ll;
        QTest::newRow("timed out, failed, then ok")
            << QList<Step>{{AttemptStatus::TimedOut}, {AttemptStatus::Failed}, {AttemptStatus::Ok}}
            << AttemptStatus::Ok << 3ll;
        QTest::newRow("retries exhausted") << QList<Step>{{AttemptStatus::Failed},
                                                          {AttemptStatus::Failed},
                                                          {AttemptStatus::Failed}}
                                           << AttemptStatus::Failed << 3ll;
        QTest::newRow("ok then failed: the last attempt decides")
            << QList<Step>{{AttemptStatus::Ok}, {AttemptStatus::Failed}} << AttemptStatus::Failed
            << 2ll;
        QTest::newRow("retry cancelled while queued is not an attempt")
            << QList<Step>{{AttemptStatus::TimedOut}, {AttemptStatus::Cancelled, false}}
            << AttemptStatus::Cancelled << 1ll;
        QTest::newRow("cancelled while running")
            << QList<Step>{{AttemptStatus::Cancelled}} << AttemptStatus::Cancelled << 1ll;
        QTest::newRow("skipped is no attempt")
            << QList<Step>{{AttemptStatus::Skipped, false}} << AttemptStatus::Skipped << 0ll;
    }

    void finalOutcome()
    {
        QFETCH(QList<Step>, steps);
        QFETCH(AttemptStatus, outcome);
        QFETCH(qint64, attempts);

        for (const bool reversed : {false, true}) {
            Trace trace = traceOf(1);
            for (int i = 0; i < steps.size(); ++i) {
                const Step &step = steps[i];
                trace.records.append(step.ran
                                         ? attempt(0, quint16(i), step.status, 10 * i, 10 * i + 5)
                                         : notRun(0, quint16(i), step.status, 10 * i));
            }
            if (reversed) // records arrive in any order; the highest attempt is the last
                std::reverse(trace.records.begin(), trace.records.end());
            const Metrics m = computeMetrics(trace);
            QCOMPARE(m.tasks, 1);
            QCOMPARE(m.attempts, attempts);
            for (int s = 0; s < AttemptStatusCount; ++s)
                QCOMPARE(m.count(AttemptStatus(s)), AttemptStatus(s) == outcome ? 1 : 0);
        }
    }

    void countsAcrossTasks()
    {
        Trace trace = traceOf(6); // task 5 has no record yet
        trace.records = {
            attempt(0, 1, AttemptStatus::Ok, 20, 30),
            attempt(1, 0, AttemptStatus::Ok, 0, 10, 1),
            attempt(2, 0, AttemptStatus::Failed, 0, 5),
            attempt(0, 0, AttemptStatus::Failed, 0, 10, 1),
            notRun(3, 0, AttemptStatus::Skipped, 5),
            attempt(4, 0, AttemptStatus::TimedOut, 0, 40, 1),
            notRun(4, 1, AttemptStatus::Cancelled, 45),
        };
        const Metrics m = computeMetrics(trace);
        QCOMPARE(m.tasks, 6);
        QCOMPARE(m.attempts, 5);
        QCOMPARE(m.count(AttemptStatus::Ok), 2);
        QCOMPARE(m.count(AttemptStatus::Failed), 1);
        QCOMPARE(m.count(AttemptStatus::TimedOut), 0);
        QCOMPARE(m.count(AttemptStatus::Cancelled), 1);
        QCOMPARE(m.count(AttemptStatus::Skipped), 1);
        QCOMPARE(m.makespanMs, 45.0);
    }

    void withoutPlanTasksAreDistinctIds_data()
    {
        QTest::addColumn<QList<quint32>>("ids");
        QTest::addColumn<qint64>("tasks");

        QTest::newRow("dense ids") << QList<quint32>{0, 1, 1, 2} << 3ll;
        QTest::newRow("ids with gaps") << QList<quint32>{3, 9, 3} << 2ll;
        QTest::newRow("sparse huge ids") << QList<quint32>{4000000000u, 7, 4000000000u, 12} << 3ll;
    }

    void withoutPlanTasksAreDistinctIds()
    {
        QFETCH(QList<quint32>, ids);
        QFETCH(qint64, tasks);
        Trace trace;
        trace.config.threads = 1;
        for (int i = 0; i < ids.size(); ++i)
            trace.records.append(attempt(ids[i], quint16(i), AttemptStatus::Ok, i, i + 1));
        const Metrics m = computeMetrics(trace);
        QCOMPARE(m.tasks, tasks);
        QCOMPARE(m.count(AttemptStatus::Ok), tasks);
        QCOMPARE(m.attempts, qint64(ids.size()));
    }

    void busyTime_data()
    {
        QTest::addColumn<int>("threads");
        QTest::addColumn<bool>("eventLoopLane");
        QTest::addColumn<double>("parallelism");
        QTest::addColumn<double>("utilization");

        // Worker 1 busy [0, 10) ms, worker 2 [0, 5), a timer on the last lane [0, 10), a
        // zero-length attempt and a skipped task: makespan 10 ms, 25 ms of running.
        QTest::newRow("timer on the event-loop lane is not pool time") << 2 << true << 2.5 << 0.75;
        QTest::newRow("without an event-loop lane every lane is a worker")
            << 3 << false << 2.5 << 25.0 / 30;
        QTest::newRow("a bigger pool is less utilized") << 4 << true << 2.5 << 15.0 / 40;
    }

    void busyTime()
    {
        QFETCH(int, threads);
        QFETCH(bool, eventLoopLane);
        QFETCH(double, parallelism);
        QFETCH(double, utilization);

        Trace trace = traceOf(5, threads);
        if (!eventLoopLane) {
            trace.lanes = standardLanes(threads, false);
            trace.eventLoopLane = -1;
        }
        const int timerLane = eventLoopLane ? trace.eventLoopLane : 2;
        trace.records = {attempt(0, 0, AttemptStatus::Ok, 0, 10, 0),
                         attempt(1, 0, AttemptStatus::Failed, 0, 5, 1),
                         attempt(2, 0, AttemptStatus::Ok, 0, 10, timerLane),
                         attempt(3, 0, AttemptStatus::Ok, 7, 7, 0),
                         notRun(4, 0, AttemptStatus::Skipped, 5)};
        const Metrics m = computeMetrics(trace);
        QCOMPARE(m.makespanMs, 10.0);
        QCOMPARE(m.attempts, 4);
        QCOMPARE(m.parallelism, parallelism);
        QCOMPARE(m.utilization, utilization);
    }

    void parallelismHandCase()
    {
        // Three overlapping 10 ms attempts staggered by 5 ms: 30 ms of running over 20 ms.
        Trace trace = traceOf(3, 2);
        trace.records = {attempt(0, 0, AttemptStatus::Ok, 0, 10, 0),
                         attempt(1, 0, AttemptStatus::Ok, 5, 15, 1),
                         attempt(2, 0, AttemptStatus::Ok, 10, 20, 0)};
        const Metrics m = computeMetrics(trace);
        QCOMPARE(m.makespanMs, 20.0);
        QCOMPARE(m.parallelism, 1.5);
        QCOMPARE(m.utilization, 0.75);
    }

    void throughput_data()
    {
        QTest::addColumn<int>("ok");
        QTest::addColumn<int>("failed");
        QTest::addColumn<qint64>("makespanMs");
        QTest::addColumn<double>("perSecond");

        QTest::newRow("3 ok and 1 failed in 2 s") << 3 << 1 << 2000ll << 1.5;
        QTest::newRow("10 ok in 100 ms") << 10 << 0 << 100ll << 100.0;
        QTest::newRow("only failures") << 0 << 4 << 500ll << 0.0;
    }

    void throughput()
    {
        QFETCH(int, ok);
        QFETCH(int, failed);
        QFETCH(qint64, makespanMs);
        QFETCH(double, perSecond);

        Trace trace = traceOf(ok + failed);
        for (int i = 0; i < ok + failed; ++i) {
            trace.records.append(attempt(quint32(i), 0,
                                         i < ok ? AttemptStatus::Ok : AttemptStatus::Failed, 0,
                                         i == 0 ? makespanMs : 1, i % 2));
        }
        QCOMPARE(computeMetrics(trace).throughputPerS, perSecond);
    }

    void latencySpansRetries()
    {
        Trace trace = traceOf(3);
        // Task 0: released at 0, queued until 2 ms, fails at 5 ms; its retry is released at
        // 15 ms, waits 1 ms and ends ok at 20 ms. Latency 20 ms, waits 2 and 1 ms.
        AttemptRecord first = attempt(0, 0, AttemptStatus::Failed, 2, 5);
        first.releaseNs = 0;
        first.enqueueNs = 0;
        AttemptRecord retry = attempt(0, 1, AttemptStatus::Ok, 16, 20);
        retry.releaseNs = retry.enqueueNs = 15 * Ms;
        // Task 1: released at 1 ms, enqueued at 3 ms, runs 4..8 ms. Latency 7 ms, wait 1 ms.
        AttemptRecord single = attempt(1, 0, AttemptStatus::Ok, 4, 8, 1);
        single.releaseNs = 1 * Ms;
        single.enqueueNs = 3 * Ms;
        // Task 2 is skipped: neither a wait nor a latency.
        trace.records = {retry, notRun(2, 0, AttemptStatus::Skipped, 20), single, first};

        const Metrics m = computeMetrics(trace);
        QCOMPARE(m.latencyMs, pct(7, 20, 20, 20));
        QCOMPARE(m.waitMs, pct(1, 2, 2, 2));
        QCOMPARE(m.attempts, 3);
    }

    void emptyTrace()
    {
        const Metrics m = computeMetrics(Trace{});
        QCOMPARE(m, Metrics{});
        QCOMPARE(m.parallelism, 0.0);
        QCOMPARE(m.throughputPerS, 0.0);
    }

    void equalityComparesEveryField_data()
    {
        QTest::addColumn<int>("field");
        const char *names[] = {"makespan",       "tasks",       "attempts",
                               "a status count", "parallelism", "utilization",
                               "throughput",     "wait p99",    "latency max"};
        for (int i = 0; i < 9; ++i)
            QTest::newRow(names[i]) << i;
    }

    void equalityComparesEveryField()
    {
        QFETCH(int, field);
        Metrics a;
        a.makespanMs = 10;
        a.tasks = 3;
        a.attempts = 4;
        a.status = {2, 1, 0, 0, 0};
        a.parallelism = 1.2;
        a.utilization = 0.6;
        a.throughputPerS = 200;
        a.waitMs = pct(1, 2, 3, 4);
        a.latencyMs = pct(5, 6, 7, 8);
        Metrics b = a;
        QVERIFY(a == b);
        switch (field) {
        case 0:
            b.makespanMs += 1;
            break;
        case 1:
            b.tasks += 1;
            break;
        case 2:
            b.attempts += 1;
            break;
        case 3:
            b.status[4] += 1;
            break;
        case 4:
            b.parallelism += 1;
            break;
        case 5:
            b.utilization += 0.1;
            break;
        case 6:
            b.throughputPerS += 1;
            break;
        case 7:
            b.waitMs.p99 += 1;
            break;
        case 8:
            b.latencyMs.max += 1;
            break;
        }
        QVERIFY(!(a == b));
    }

    void millionRecords()
    {
        const int count = 1000000;
        Trace trace; // no plan: tasks are the distinct ids
        trace.config.threads = 4;
        trace.records.reserve(count);
        QRandomGenerator rng(7);
        qint64 busy = 0;
        for (int i = 0; i < count; ++i) {
            const qint64 start = qint64(rng.bounded(10000)) * Ms;
            const qint64 d = qint64(rng.bounded(100000)) * 1000;
            // Every fifth record is a retry of the record before it.
            const bool retry = i % 5 == 1;
            AttemptRecord r =
                attempt(quint32(retry ? i - 1 : i), retry ? 1 : 0,
                        i % 5 == 0 ? AttemptStatus::Failed : AttemptStatus::Ok, 0, 0, i % 4);
            r.startNs = start;
            r.endNs = start + d;
            busy += d;
            trace.records.append(r);
        }
        QElapsedTimer timer;
        timer.start();
        const Metrics m = computeMetrics(trace);
        qInfo("metrics of %d records: %lld ms", count, timer.elapsed());
        QCOMPARE(m.attempts, count);
        QCOMPARE(m.tasks, count - count / 5);
        QCOMPARE(m.count(AttemptStatus::Ok), m.tasks);
        QVERIFY(std::abs(m.parallelism * double(trace.makespanNs()) - double(busy)) <= 1e-9 * busy);
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
