#include "plan.h"
#include "rowlayout.h"
#include "trace.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Taskline;

namespace {

constexpr qint64 Ms = 1000000;

// A record from a compact description: task, lane, enqueue, start, end (ms), status.
struct Rec
{
    quint32 task;
    int lane;
    double enqueueMs;
    double startMs;
    double endMs;
    AttemptStatus status = AttemptStatus::Ok;
};

AttemptRecord record(const Rec &d)
{
    AttemptRecord r;
    r.task = d.task;
    r.lane = qint16(d.lane);
    r.releaseNs = r.enqueueNs = qint64(d.enqueueMs * Ms);
    r.startNs = qint64(d.startMs * Ms);
    r.endNs = qint64(d.endMs * Ms);
    r.status = d.status;
    if (!r.ran())
        r.releaseNs = r.enqueueNs = r.startNs = r.endNs;
    return r;
}

// Two workers and the event loop; specs "a" (3 copies) and "t" (2 copies).
Trace traceOf(const QList<Rec> &recs, bool withPlan = true)
{
    Trace trace;
    if (withPlan) {
        Scenario s;
        TaskSpec a;
        a.id = QStringLiteral("a");
        a.count = 3;
        a.fanOut = true;
        TaskSpec t;
        t.id = QStringLiteral("t");
        t.kind = TaskKind::Timer;
        t.count = 2;
        t.fanOut = true;
        s.tasks = {a, t};
        trace.plan = std::get<PlanPtr>(Plan::build(s));
    }
    trace.lanes = standardLanes(2, true);
    trace.eventLoopLane = 2;
    for (const Rec &d : recs)
        trace.records.append(record(d));
    return trace;
}

QString describe(const RowLayout &layout)
{
    // "name:subRows" per row, e.g. "worker 1:1 worker 2:0 event loop:2".
    QStringList parts;
    for (int row = 0; row < layout.rowCount(); ++row)
        parts.append(layout.rowName(row) + QLatin1Char(':') +
                     QString::number(layout.subRowCount(row)));
    return parts.join(QLatin1Char(' '));
}

} // namespace

class TestRowLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rows_data();
    void rows();
    void subRowsNeverOverlap();
    void visibleRange_data();
    void visibleRange();
    void prefixSums();
    void appendMatchesRebuild();
    void withoutPlan();
    void nestedSpans();
};

void TestRowLayout::rows_data()
{
    QTest::addColumn<QList<Rec>>("recs");
    QTest::addColumn<bool>("byTask");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("spans");

    const QList<Rec> sequential = {{0, 0, 0, 0, 10}, {1, 0, 0, 10, 20}, {2, 1, 0, 0, 5}};
    QTest::newRow("lanes: one worker busy twice, one once")
        << sequential << false << "worker 1:1 worker 2:1 event loop:0" << 3;
    QTest::newRow("tasks: queue waits overlap, so copies stack")
        << sequential << true << "a:3 t:0" << 3;

    const QList<Rec> timers = {{3, 2, 0, 0, 100}, {4, 2, 10, 10, 50}, {0, 0, 0, 0, 30}};
    QTest::newRow("lanes: two timers overlap on the event loop")
        << timers << false << "worker 1:1 worker 2:0 event loop:2" << 3;
    QTest::newRow("tasks: timers stack in their task row") << timers << true << "a:1 t:2" << 3;

    const QList<Rec> chain = {{3, 2, 0, 0, 10}, {4, 2, 10, 10, 20}, {3, 2, 20, 20, 30}};
    QTest::newRow("lanes: touching timers share a sub-row")
        << chain << false << "worker 1:0 worker 2:0 event loop:1" << 3;

    const QList<Rec> neverRan = {{0, 0, 0, 0, 10, AttemptStatus::Failed},
                                 {1, -1, 10, 10, 10, AttemptStatus::Skipped},
                                 {2, -1, 0, 0, 3, AttemptStatus::Cancelled}};
    QTest::newRow("lanes: records that never ran are left out")
        << neverRan << false << "worker 1:1 worker 2:0 event loop:0" << 1;
    QTest::newRow("tasks: records that never ran are marks in their row")
        << neverRan << true << "a:2 t:0" << 3; // the cancel at 3 ms meets the failed run

    QTest::newRow("lanes: a lane beyond the names gets a row")
        << QList<Rec>{{0, 4, 0, 0, 1}} << false
        << "worker 1:0 worker 2:0 event loop:0 lane 4:0 lane 5:1" << 1;
}

void TestRowLayout::rows()
{
    QFETCH(QList<Rec>, recs);
    QFETCH(bool, byTask);
    QFETCH(QString, expected);
    QFETCH(int, spans);

    const RowLayout layout(traceOf(recs), byTask ? RowGrouping::Tasks : RowGrouping::Lanes);
    QCOMPARE(describe(layout), expected);
    QCOMPARE(layout.spanCount(), qsizetype(spans));
    QCOMPARE(layout.recordCount(), recs.size());
}

void TestRowLayout::subRowsNeverOverlap()
{
    // 2,000 random timers on the event loop: every sub-row sorted, no two spans overlapping,
    // and no more sub-rows than the most timers running at once.
    Trace trace = traceOf({});
    QRandomGenerator rng(7);
    QList<std::pair<qint64, int>> events;
    for (int i = 0; i < 2000; ++i) {
        const double start = rng.bounded(1000.0);
        const double end = start + rng.bounded(50.0);
        trace.records.append(record({3, 2, start, start, end}));
        events.append({trace.records.last().startNs, +1});
        events.append({trace.records.last().endNs, -1});
    }
    std::sort(events.begin(), events.end()); // ends before starts at equal times
    int running = 0, most = 0;
    for (const auto &e : events)
        most = std::max(most, running += e.second);

    const RowLayout layout(trace, RowGrouping::Lanes);
    QCOMPARE(layout.subRowCount(2), most);
    qsizetype seen = 0;
    for (int sub = 0; sub < layout.subRowCount(2); ++sub) {
        const auto &spans = layout.spans(2, sub);
        for (std::size_t i = 1; i < spans.size(); ++i)
            QVERIFY2(spans[i - 1].endNs <= spans[i].startNs, qPrintable(QString::number(sub)));
        seen += qsizetype(spans.size());
        for (const LayoutSpan &s : spans)
            QCOMPARE(layout.place(s.record), std::make_pair(2, sub));
    }
    QCOMPARE(seen, trace.records.size());
}

void TestRowLayout::visibleRange_data()
{
    QTest::addColumn<double>("fromMs");
    QTest::addColumn<double>("toMs");

    QTest::newRow("everything") << -10.0 << 2000.0;
    QTest::newRow("before all") << -10.0 << -1.0;
    QTest::newRow("after all") << 1500.0 << 2000.0;
    QTest::newRow("a narrow window") << 500.0 << 500.5;
    QTest::newRow("a point") << 250.0 << 250.0;
    QTest::newRow("the first half") << 0.0 << 500.0;
}

void TestRowLayout::visibleRange()
{
    QFETCH(double, fromMs);
    QFETCH(double, toMs);
    const qint64 t0 = qint64(fromMs * Ms);
    const qint64 t1 = qint64(toMs * Ms);

    Trace trace = traceOf({});
    QRandomGenerator rng(11);
    for (int i = 0; i < 3000; ++i) {
        const double start = rng.bounded(1000.0);
        const double length = i % 10 == 0 ? 0.0 : rng.bounded(30.0);
        trace.records.append(record({3, 2, start, start, start + length}));
    }
    const RowLayout layout(trace, RowGrouping::Lanes);

    QList<quint32> expected;
    for (qsizetype i = 0; i < trace.records.size(); ++i) {
        const AttemptRecord &r = trace.records[i];
        if (r.endNs >= t0 && r.startNs <= t1)
            expected.append(quint32(i));
    }
    QCOMPARE(layout.recordsIn(2, t0, t1), expected);
}

void TestRowLayout::prefixSums()
{
    const Trace trace = traceOf({{0, 0, 0, 0, 10},
                                 {1, 0, 0, 12, 15, AttemptStatus::Failed},
                                 {2, 0, 0, 20, 30, AttemptStatus::TimedOut},
                                 {0, 0, 0, 30, 31}});
    const RowLayout layout(trace, RowGrouping::Lanes);
    const auto &spans = layout.spans(0, 0);
    QCOMPARE(spans.size(), std::size_t(4));
    QCOMPARE(spans[3].runSumNs, 24 * Ms);
    QCOMPARE(spans[1].runSumNs - spans[0].runSumNs, 3 * Ms);
    QCOMPARE(spans[3].markSum, 2u);
    QCOMPARE(layout.firstNs(), 0);
    QCOMPARE(layout.lastNs(), 31 * Ms);
}

void TestRowLayout::appendMatchesRebuild()
{
    // Records arriving in batches (a live run on one worker) land where a rebuild puts them.
    Trace trace = traceOf({});
    for (int i = 0; i < 100; ++i)
        trace.records.append(record({quint32(i % 3), i % 2, 0, double(i), i + 0.5}));
    Trace live = trace;
    live.records.clear();
    RowLayout growing(live, RowGrouping::Lanes);
    for (int i = 0; i < 100; i += 7) {
        live.records.append(trace.records.mid(i, 7));
        growing.update(live);
    }
    const RowLayout built(trace, RowGrouping::Lanes);
    QCOMPARE(describe(growing), describe(built));
    QCOMPARE(growing.spanCount(), qsizetype(100));
    for (quint32 i = 0; i < 100; ++i)
        QCOMPARE(growing.place(i), built.place(i));
}

void TestRowLayout::withoutPlan()
{
    // Without a plan, task rows are the tasks in increasing order, named by Trace::taskName.
    const Trace trace = traceOf({{7, 0, 0, 0, 1}, {2, 1, 0, 0, 1}, {7, 0, 0, 2, 3}}, false);
    const RowLayout layout(trace, RowGrouping::Tasks);
    QCOMPARE(layout.rowNames(), (QStringList{QStringLiteral("#2"), QStringLiteral("#7")}));
    QCOMPARE(layout.place(0).first, 1);
    QCOMPARE(layout.place(1), std::make_pair(0, 0));
}

void TestRowLayout::nestedSpans()
{
    // An imported thread: a parent and a child starting together, a grandchild, then a
    // sibling. The enclosing span takes the upper sub-row whatever the record order.
    const Trace trace = traceOf({{0, 0, 0, 0, 50},     // child
                                 {1, 0, 0, 0, 100},    // parent
                                 {2, 0, 10, 10, 20},   // grandchild
                                 {0, 0, 60, 60, 90}}); // second child
    const RowLayout layout(trace, RowGrouping::Lanes);
    QCOMPARE(layout.subRowCount(0), 3);
    QCOMPARE(layout.place(1), std::make_pair(0, 0));
    QCOMPARE(layout.place(0), std::make_pair(0, 1));
    QCOMPARE(layout.place(2), std::make_pair(0, 2));
    QCOMPARE(layout.place(3), std::make_pair(0, 1));
}

QTEST_GUILESS_MAIN(TestRowLayout)
#include "tst_rowlayout.moc"
