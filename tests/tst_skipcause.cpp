#include "predictor.h"
#include "skipcause.h"
#include "testsupport.h"
#include "timelineview.h"

#include <QTest>

using namespace Taskline;
using namespace Taskline::TestSupport;

namespace {
// `a` always ends badly; b[0], b[1], c and e are skipped because of it; d runs.
QByteArray scenario(const char *howAFails)
{
    return QByteArray(R"({"taskline": 1, "threads": 2, "tasks": [
        {"id": "a", "kind": "io", "duration_ms": 5, )") +
           howAFails + R"(},
        {"id": "b", "kind": "io", "duration_ms": 5, "count": 2, "after": ["a"]},
        {"id": "c", "kind": "cpu", "duration_ms": 1, "after": ["b"]},
        {"id": "d", "kind": "io", "duration_ms": 5},
        {"id": "e", "kind": "io", "duration_ms": 5, "after": ["d", "c"]}]})";
}

/*! The record of task `name`'s final attempt. */
int recordOf(const Trace &trace, const QString &name)
{
    int found = -1;
    for (qsizetype i = 0; i < trace.records.size(); ++i) {
        if (trace.taskName(trace.records[i]) == name &&
            (found < 0 || trace.records[i].attempt >= trace.records[found].attempt))
            found = int(i);
    }
    return found;
}

QStringList names(const Trace &trace, const QList<DependencyLink> &links)
{
    QStringList out;
    for (const DependencyLink &l : links)
        out.append(trace.taskName(trace.records[l.from]) + QStringLiteral("->") +
                   trace.taskName(trace.records[l.to]));
    return out;
}

QString screenshotPath(const char *name)
{
    const QString dir = qEnvironmentVariable("TASKLINE_SCREENSHOTS");
    return dir.isEmpty() ? QString() : dir + QLatin1Char('/') + QLatin1String(name);
}
} // namespace

// A skip traced back along the dependencies to the failure that caused it, and a failure's
// skips traced forward: in the model, and as arrows in the timeline.
class TestSkipCause : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chains_data()
    {
        QTest::addColumn<QByteArray>("howAFails");
        QTest::addColumn<QString>("rootStatus");
        QTest::newRow("a throws") << QByteArray(R"("fail_rate": 1, "error": "boom")") << "failed";
        QTest::newRow("a times out, after a retry")
            << QByteArray(R"("timeout_ms": 2, "retries": 1)") << "timed_out";
    }

    void chains()
    {
        QFETCH(QByteArray, howAFails);
        QFETCH(QString, rootStatus);
        const Trace trace = predict(loadPlan(scenario(howAFails)), runConfig(2, 2));
        const int a = recordOf(trace, QStringLiteral("a"));
        QCOMPARE(statusName(trace.records[a].status), rootStatus);
        for (const char *skipped : {"b[0]", "b[1]", "c", "e"})
            QCOMPARE(trace.records[recordOf(trace, QLatin1String(skipped))].status, AttemptStatus::Skipped);

        // From e back to a: e waited for c, c for the b copies, the b copies for a.
        QCOMPARE(names(trace, skipChain(trace, recordOf(trace, QStringLiteral("e")))),
                 (QStringList{"a->b[0]", "b[0]->c", "c->e"}));
        QCOMPARE(names(trace, skipChain(trace, recordOf(trace, QStringLiteral("b[1]")))),
                 QStringList{"a->b[1]"});
        QVERIFY(skipChain(trace, a).isEmpty());                                   // failed, not skipped
        QVERIFY(skipChain(trace, recordOf(trace, QStringLiteral("d"))).isEmpty()); // ran fine
        QVERIFY(skipChain(trace, -1).isEmpty());

        // Forward from a: every skip it caused, each reached once, direct dependents first.
        QCOMPARE(names(trace, skipsCausedBy(trace, a)),
                 (QStringList{"a->b[0]", "a->b[1]", "b[0]->c", "c->e"}));
        QCOMPARE(skipsCausedBy(trace, a, 2).size(), 2);
        QVERIFY(skipsCausedBy(trace, recordOf(trace, QStringLiteral("d"))).isEmpty());
        QVERIFY(skipsCausedBy(trace, recordOf(trace, QStringLiteral("c"))).isEmpty()); // skipped
    }

    void earliestFailureIsTheCause()
    {
        // Two failures feed one task: the one that ended first made the runner skip it.
        const PlanPtr plan = loadPlan(R"({"taskline": 1, "threads": 2, "tasks": [
            {"id": "slow", "kind": "io", "duration_ms": 20, "fail_rate": 1},
            {"id": "fast", "kind": "io", "duration_ms": 5, "fail_rate": 1},
            {"id": "join", "kind": "cpu", "duration_ms": 1, "after": ["slow", "fast"]}]})");
        const Trace trace = predict(plan, runConfig(2, 2));
        QCOMPARE(names(trace, skipChain(trace, recordOf(trace, QStringLiteral("join")))),
                 QStringList{"fast->join"});
    }

    void arrowsInTheTimeline_data()
    {
        QTest::addColumn<bool>("taskRows");
        QTest::addColumn<QString>("selected");
        QTest::addColumn<int>("failureArrows");
        QTest::addColumn<QString>("label");
        QTest::newRow("skipped e, task rows") << true << "e" << 3 << "e was skipped because a failed (\u201cboom\u201d), 3 steps back";
        QTest::newRow("failed a, task rows") << true << "a" << 4 << "a failed (\u201cboom\u201d): 4 tasks skipped because of it";
        QTest::newRow("d ran fine") << true << "d" << 0 << "";
        // Skipped tasks have no place in worker rows: no arrows, but still the words.
        QTest::newRow("skipped e, worker rows") << false << "e" << 0 << "e was skipped because a failed (\u201cboom\u201d), 3 steps back";
    }

    void arrowsInTheTimeline()
    {
        QFETCH(bool, taskRows);
        QFETCH(QString, selected);
        QFETCH(int, failureArrows);
        QFETCH(QString, label);
        const Trace trace =
            predict(loadPlan(scenario(R"("fail_rate": 1, "error": "boom")")), runConfig(2, 2));
        TimelineView view;
        view.resize(1000, 500);
        view.setTrace(trace);
        view.setRows(taskRows ? TimelineView::Rows::Tasks : TimelineView::Rows::Lanes);
        view.setSelectedRecord(recordOf(trace, selected));
        QCOMPARE(view.failureArrowCount(), failureArrows);
        QVERIFY(view.arrowCount() >= failureArrows);
        QCOMPARE(view.failureText(), label);
        view.setSelectedRecord(-1);
        QCOMPARE(view.failureArrowCount(), 0);
        QVERIFY(view.failureText().isEmpty());
        if (taskRows && selected == QLatin1String("e")) {
            view.setSelectedRecord(recordOf(trace, selected));
            if (const QString path = screenshotPath("skip-chain.png"); !path.isEmpty())
                QVERIFY(view.grab().save(path));
        }
    }
};

QTEST_MAIN(TestSkipCause)
#include "tst_skipcause.moc"
