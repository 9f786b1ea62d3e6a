#include "plan.h"
#include "seededdraw.h"
#include "testsupport.h"

#include <QTest>

#include <cmath>

using namespace Taskline;
using namespace Taskline::TestSupport;

Q_DECLARE_METATYPE(QList<Taskline::TaskSpec>)

namespace {
TaskSpec task(const QString &id, QStringList after = {}, quint32 count = 1)
{
    return taskSpec(id, TaskKind::Cpu, 10, count, std::move(after));
}
} // namespace

class TestPlan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void expandsCopies()
    {
        TaskSpec fetch = task(QStringLiteral("fetch"), {}, 3);
        fetch.startMs = 5;
        fetch.staggerMs = 2.5;
        const auto result = Plan::build(
            scenarioOf({fetch, task(QStringLiteral("parse"), {QStringLiteral("fetch")})}));
        QVERIFY(std::holds_alternative<PlanPtr>(result));
        const Plan &plan = *std::get<PlanPtr>(result);
        QCOMPARE(plan.taskCount(), 4u);
        QCOMPARE(plan.specCount(), 2u);
        QCOMPARE(plan.taskName(0), QStringLiteral("fetch[0]"));
        QCOMPARE(plan.taskName(2), QStringLiteral("fetch[2]"));
        QCOMPARE(plan.taskName(3), QStringLiteral("parse"));
        QCOMPARE(plan.specOf(2), 0u);
        QCOMPARE(plan.copyOf(2), 2u);
        QCOMPARE(plan.firstTask(1), 3u);
        QCOMPARE(plan.releaseOffsetNs(0), 5000000);
        QCOMPARE(plan.releaseOffsetNs(2), 10000000);
        QCOMPARE(plan.depCount(1), 1u);
        QCOMPARE(*plan.depsBegin(1), 0u);
        QCOMPARE(*plan.dependentsBegin(0), 1u);
        QCOMPARE(plan.dependentsEnd(1) - plan.dependentsBegin(1), 0);
    }

    void countOfOneWithCountGivenIsNamedWithIndex()
    {
        TaskSpec t = task(QStringLiteral("solo"));
        t.fanOut = true;
        const auto plan = std::get<PlanPtr>(Plan::build(scenarioOf({t})));
        QCOMPARE(plan->taskName(0), QStringLiteral("solo[0]"));
    }

    void repeatedAfterEntryWaitsOnce()
    {
        const auto plan = std::get<PlanPtr>(Plan::build(
            scenarioOf({task(QStringLiteral("a")),
                        task(QStringLiteral("b"), {QStringLiteral("a"), QStringLiteral("a")})})));
        QCOMPARE(plan->depCount(1), 1u);
    }

    void rejects_data()
    {
        QTest::addColumn<QList<TaskSpec>>("tasks");
        QTest::addColumn<QString>("place");
        QTest::addColumn<QString>("taskId");
        QTest::addColumn<QString>("says");

        QTest::newRow("no tasks") << QList<TaskSpec>{} << "tasks"
                                  << ""
                                  << "no tasks";
        QTest::newRow("duplicate id")
            << QList<TaskSpec>{task(QStringLiteral("a")), task(QStringLiteral("a"))}
            << "tasks[1].id"
            << "a"
            << "duplicate id \"a\", already used by tasks[0]";
        QTest::newRow("after names no task, with a suggestion")
            << QList<TaskSpec>{task(QStringLiteral("fetch")),
                               task(QStringLiteral("b"), {QStringLiteral("fecth")})}
            << "tasks[1].after[0]"
            << "b"
            << "\"fecth\" names no task; did you mean \"fetch\"?";
        QTest::newRow("after names no task, nothing near")
            << QList<TaskSpec>{task(QStringLiteral("a")),
                               task(QStringLiteral("b"), {QStringLiteral("zzzzzzzz")})}
            << "tasks[1].after[0]"
            << "b"
            << "\"zzzzzzzz\" names no task";
        QTest::newRow("self dependency")
            << QList<TaskSpec>{task(QStringLiteral("a"), {QStringLiteral("a")})} << "tasks[0].after"
            << "a"
            << "dependency cycle \"a\" -> \"a\"";
        QTest::newRow("three-task cycle named in order")
            << QList<TaskSpec>{task(QStringLiteral("x")),
                               task(QStringLiteral("a"), {QStringLiteral("c")}),
                               task(QStringLiteral("b"),
                                    {QStringLiteral("a"), QStringLiteral("x")}),
                               task(QStringLiteral("c"), {QStringLiteral("b")})}
            << ""
            << ""
            << "\"a\" -> \"b\" -> \"c\" -> \"a\"";
        QTest::newRow("more than a million copies")
            << QList<TaskSpec>{task(QStringLiteral("a"), {}, 600000),
                               task(QStringLiteral("b"), {}, 600000)}
            << "tasks[1].count"
            << "b"
            << "more than 1000000 tasks";
    }

    void rejects()
    {
        QFETCH(QList<TaskSpec>, tasks);
        QFETCH(QString, place);
        QFETCH(QString, taskId);
        QFETCH(QString, says);
        const auto result = Plan::build(scenarioOf(tasks), QStringLiteral("x.json"));
        QVERIFY(std::holds_alternative<ScenarioError>(result));
        const ScenarioError e = std::get<ScenarioError>(result);
        if (!place.isEmpty()) {
            QCOMPARE(e.place, place);
            QCOMPARE(e.taskId, taskId);
        }
        // A cycle is reported at one of its members, in dependency order from there.
        const QString text = e.text();
        if (says.startsWith(QLatin1String("\"a\" ->"))) {
            const QStringList members = {QStringLiteral("\"a\""), QStringLiteral("\"b\""),
                                         QStringLiteral("\"c\"")};
            QVERIFY2(text.contains(QStringLiteral("dependency cycle")), qPrintable(text));
            const int a = int(text.indexOf(members[0]));
            const int b = int(text.indexOf(members[1], a));
            const int c = int(text.indexOf(members[2], b));
            QVERIFY2(a >= 0 && b > a && c > b, qPrintable(text));
            QCOMPARE(e.place, QStringLiteral("tasks[1].after"));
            QVERIFY2(!text.contains(QStringLiteral("\"x\"")), qPrintable(text));
        } else {
            QVERIFY2(text.contains(says), qPrintable(text));
        }
        QVERIFY2(text.startsWith(QStringLiteral("x.json: ")), qPrintable(text));
        if (!e.taskId.isEmpty())
            QVERIFY2(text.contains(QLatin1Char('"') + e.taskId + QLatin1Char('"')),
                     qPrintable(text));
    }

    // The plan hashes a million ids its own quicker way: the same value as idHash(), the key
    // of every seeded draw, for ids of every length and for ids beyond ASCII.
    void idHashesAreTheSeededDrawKeys()
    {
        QList<TaskSpec> specs;
        QString id;
        for (int n = 1; n <= 40; ++n) {
            id += QLatin1Char(char('a' + n % 26));
            specs.append(task(id, specs.isEmpty() ? QStringList() : QStringList{specs.last().id}));
        }
        specs.append(task(QStringLiteral("caf\u00e9"), {QStringLiteral("caf\u00e9-2")}));
        specs.append(task(QStringLiteral("caf\u00e9-2")));
        specs.append(task(QStringLiteral("\u4efb\u52a1x"), {QStringLiteral("caf\u00e9")}));
        const auto plan = std::get<PlanPtr>(Plan::build(scenarioOf(specs)));
        for (int i = 0; i < specs.size(); ++i)
            QCOMPARE(plan->idHash(quint32(i)), idHash(specs[i].id));
        QCOMPARE(*plan->depsBegin(39), 38u);
        QCOMPARE(*plan->depsBegin(40), 41u);
        QCOMPARE(*plan->depsBegin(42), 40u);
    }

    void drawsAreReproducible()
    {
        TaskSpec t = task(QStringLiteral("a"));
        t.jitter = 0.5;
        t.failRate = 0.5;
        const quint64 h = idHash(t.id);
        for (quint32 copy = 0; copy < 50; ++copy) {
            for (quint32 attempt = 0; attempt < 3; ++attempt) {
                const AttemptDraw x = drawAttempt(7, h, copy, attempt, t);
                const AttemptDraw y = drawAttempt(7, h, copy, attempt, t);
                QCOMPARE(x.durationNs, y.durationNs);
                QCOMPARE(x.fails, y.fails);
                QVERIFY(x.durationNs > 0);
            }
        }
        // Another seed, copy or attempt gives another draw.
        QVERIFY(drawAttempt(7, h, 0, 0, t).durationNs != drawAttempt(8, h, 0, 0, t).durationNs);
        QVERIFY(drawAttempt(7, h, 0, 0, t).durationNs != drawAttempt(7, h, 1, 0, t).durationNs);
        QVERIFY(drawAttempt(7, h, 0, 0, t).durationNs != drawAttempt(7, h, 0, 1, t).durationNs);
    }

    void drawsWithoutJitterAreExact()
    {
        TaskSpec t = task(QStringLiteral("a"));
        t.durationMs = 12.5;
        QCOMPARE(drawAttempt(1, idHash(t.id), 3, 0, t).durationNs, 12500000);
        QVERIFY(!drawAttempt(1, idHash(t.id), 3, 0, t).fails);
    }

    void drawStatistics_data()
    {
        QTest::addColumn<double>("jitter");
        QTest::addColumn<double>("failRate");
        QTest::newRow("jitter 0.2, fail 0.3") << 0.2 << 0.3;
        QTest::newRow("jitter 1, fail 0.05") << 1.0 << 0.05;
        QTest::newRow("jitter 0.01, fail 1") << 0.01 << 1.0;
    }

    void drawStatistics()
    {
        // The log-normal keeps the mean at duration_ms and the coefficient of variation at
        // jitter; failures happen at fail_rate. 20,000 draws bound the sampling error.
        QFETCH(double, jitter);
        QFETCH(double, failRate);
        TaskSpec t = task(QStringLiteral("stats"));
        t.durationMs = 100;
        t.jitter = jitter;
        t.failRate = failRate;
        const int n = 20000;
        double sum = 0, sum2 = 0;
        int fails = 0;
        for (int i = 0; i < n; ++i) {
            const AttemptDraw d = drawAttempt(99, idHash(t.id), quint32(i), 0, t);
            const double ms = d.durationNs / 1e6;
            sum += ms;
            sum2 += ms * ms;
            fails += d.fails ? 1 : 0;
        }
        const double mean = sum / n;
        const double cv = std::sqrt(sum2 / n - mean * mean) / mean;
        QVERIFY2(std::abs(mean - 100) < 100 * 4 * jitter / std::sqrt(double(n)) + 0.01,
                 qPrintable(QString::number(mean)));
        QVERIFY2(std::abs(cv - jitter) < 0.15 * jitter, qPrintable(QString::number(cv)));
        QVERIFY2(std::abs(double(fails) / n - failRate) < 0.02,
                 qPrintable(QString::number(double(fails) / n)));
    }
};

QTEST_GUILESS_MAIN(TestPlan)
#include "tst_plan.moc"
