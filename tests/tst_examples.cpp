#include "metrics.h"
#include "predictor.h"
#include "scenarioloader.h"

#include <QDir>
#include <QTest>

using namespace Taskline;

// The built-in examples are what a newcomer opens first: each must load, say what it
// teaches, and run to completion in the model.
class TestExamples : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eachExample_data()
    {
        QTest::addColumn<QString>("path");
        const QDir dir(QStringLiteral(TASKLINE_SOURCE_DIR "/resources/scenarios"));
        const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files);
        QVERIFY(files.size() >= 8);
        for (const QString &f : files)
            QTest::newRow(qPrintable(f)) << dir.filePath(f);
    }

    void eachExample()
    {
        QFETCH(QString, path);
        const PlanResult result = loadScenarioFile(path);
        if (const auto *e = std::get_if<ScenarioError>(&result))
            QFAIL(qPrintable(e->text()));
        const PlanPtr plan = std::get<PlanPtr>(result);
        const Scenario &s = plan->scenario();
        QVERIFY2(!s.name.isEmpty(), "an example needs a name");
        QVERIFY2(s.description.size() >= 80, "an example's description says what it teaches");
        QVERIFY(s.threads >= 1);

        const Trace trace = predict(plan, RunOverrides{}.resolve(s));
        const Metrics m = computeMetrics(trace);
        QCOMPARE(m.tasks, qint64(plan->taskCount()));
        QCOMPARE(m.count(AttemptStatus::Cancelled), 0);
        QVERIFY(m.count(AttemptStatus::Ok) > 0);
        QVERIFY(m.makespanMs > 0);
        // Every example runs for real in the window: keep each under a few seconds.
        QVERIFY2(m.makespanMs < 5000, qPrintable(QString::number(m.makespanMs)));
    }

    void theLargeExampleIsLarge()
    {
        const PlanResult result =
            loadScenarioFile(QStringLiteral(TASKLINE_SOURCE_DIR "/resources/scenarios/large.json"));
        QVERIFY(std::holds_alternative<PlanPtr>(result));
        QVERIFY(std::get<PlanPtr>(result)->taskCount() >= 10000);
    }
};

QTEST_GUILESS_MAIN(TestExamples)
#include "tst_examples.moc"
