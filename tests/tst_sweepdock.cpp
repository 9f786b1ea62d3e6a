#include "customplot.h"
#include "mainwindow.h"
#include "runcontroller.h"
#include "sweepdock.h"
#include "sweepplot.h"
#include "widgettestsupport.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Taskline;
using namespace Taskline::TestSupport;

namespace {
const char IoScenario[] = R"({
  "taskline": 1,
  "name": "Four waits",
  "threads": 2,
  "tasks": [{"id": "wait", "kind": "io", "duration_ms": 15, "count": 4}]
})";

const char LongScenario[] = R"({
  "taskline": 1,
  "name": "Long waits",
  "threads": 2,
  "tasks": [{"id": "wait", "kind": "io", "duration_ms": 300, "count": 8}]
})";

QString screenshotPath(const char *name)
{
    const QString dir = qEnvironmentVariable("TASKLINE_SCREENSHOTS");
    return dir.isEmpty() ? QString() : dir + QLatin1Char('/') + QLatin1String(name);
}

template <typename T> T *child(QWidget &parent, const char *name)
{
    return parent.findChild<T *>(QLatin1String(name));
}
} // namespace

// The sweep dock as a user drives it: a thread list, Predict, Measure with progress and Cancel,
// the plot and the recommendation; and in the window, following the scenario.
class TestSweepDock : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static RunConfig config()
    {
        RunConfig c;
        c.threads = 2;
        c.cores = 2;
        return c;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        useTestSettings(m_dir, QStringLiteral("tst_sweepdock"));
    }

    void predictsWhenGivenAPlan()
    {
        SweepDock dock;
        dock.resize(900, 320);
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        QSignalSpy predicted(&dock, &SweepDock::predicted);
        dock.setThreadList(QStringLiteral("1,2,4"));
        dock.setPlan(loadPlan(IoScenario), config());
        QVERIFY(predicted.wait(10000));
        QCOMPARE(dock.sweep().points.size(), 3);
        // Four 15 ms waits: 60, 30 and 15 ms.
        QCOMPARE(dock.sweep().points[2].predictedMs, 15.0);
        QCOMPARE(dock.sweepPlot()->predictedGraph()->dataCount(), 3);
        QCOMPARE(dock.sweepPlot()->measuredGraph()->dataCount(), 0);
        QCOMPARE(dock.sweepPlot()->idealGraph()->dataCount(), 2);
        QVERIFY2(dock.recommendationText().startsWith(QStringLiteral("Recommended: 4 threads")),
                 qPrintable(dock.recommendationText()));
        auto *table = child<QTableWidget>(dock, "sweepTable");
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->item(2, 1)->text(), QStringLiteral("15.0"));
        QCOMPARE(table->item(2, 2)->text(), QStringLiteral("4.00x"));
        QCOMPARE(table->item(2, 3)->text(), QStringLiteral("-")); // not measured
    }

    void typedListAndPredictButton()
    {
        SweepDock dock;
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        QSignalSpy predicted(&dock, &SweepDock::predicted);
        dock.setPlan(loadPlan(IoScenario), config());
        QVERIFY(predicted.wait(10000));
        auto *edit = child<QLineEdit>(dock, "sweepThreadsEdit");
        edit->clear();
        QTest::keyClicks(edit, QStringLiteral("1..3"));
        QTest::mouseClick(child<QPushButton>(dock, "sweepPredictButton"), Qt::LeftButton);
        QVERIFY(predicted.wait(10000));
        QCOMPARE(dock.sweep().points.size(), 3);
        QCOMPARE(dock.sweep().points.constLast().threads, 3);
    }

    void badListIsExplained_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("says");
        QTest::newRow("a word") << "1,x,4" << "\"x\" in \"1,x,4\"";
        QTest::newRow("backwards") << "8..2" << "write 2..8";
        QTest::newRow("empty") << "" << "empty";
    }

    void badListIsExplained()
    {
        QFETCH(QString, text);
        QFETCH(QString, says);
        SweepDock dock;
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        QSignalSpy predicted(&dock, &SweepDock::predicted);
        dock.setThreadList(QStringLiteral("1,2"));
        dock.setPlan(loadPlan(IoScenario), config());
        QVERIFY(predicted.wait(10000));
        dock.setThreadList(text);
        QVERIFY(!dock.predict());
        QVERIFY2(dock.errorText().contains(says), qPrintable(dock.errorText()));
        QVERIFY(!dock.measure());
        QCOMPARE(dock.sweep().points.size(), 2); // the last good sweep stays
        dock.setThreadList(QStringLiteral("1,2"));
        QVERIFY(dock.predict());
        QVERIFY(dock.errorText().isEmpty());
    }

    void measureOneAfterAnother()
    {
        SweepDock dock;
        dock.resize(1000, 340);
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        QSignalSpy predicted(&dock, &SweepDock::predicted);
        dock.setThreadList(QStringLiteral("1,2,4"));
        dock.setPlan(loadPlan(IoScenario), config());
        QVERIFY(predicted.wait(10000));
        QSignalSpy finished(&dock, &SweepDock::measureFinished);
        auto *measure = child<QPushButton>(dock, "sweepMeasureButton");
        QTest::mouseClick(measure, Qt::LeftButton);
        QVERIFY(dock.isMeasuring());
        QVERIFY(!measure->isEnabled());
        QVERIFY(child<QPushButton>(dock, "sweepCancelButton")->isVisible());
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.constFirst().constFirst().toBool(), false);
        QVERIFY(measure->isEnabled());
        QCOMPARE(dock.sweepPlot()->measuredGraph()->dataCount(), 3);
        for (const SweepPoint &p : dock.sweep().points)
            QVERIFY(p.measuredMs && *p.measuredMs > 0);
        QVERIFY(child<QLabel>(dock, "sweepStatus")->text().contains(QStringLiteral("Measured 3")));
        if (const QString path = screenshotPath("sweep-dock.png"); !path.isEmpty())
            QVERIFY(dock.grab().save(path));
    }

    void cancelKeepsWhatWasMeasured()
    {
        SweepDock dock;
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        QSignalSpy predicted(&dock, &SweepDock::predicted);
        dock.setThreadList(QStringLiteral("1,2"));
        dock.setPlan(loadPlan(LongScenario), config());
        QVERIFY(predicted.wait(10000));
        QSignalSpy finished(&dock, &SweepDock::measureFinished);
        QVERIFY(dock.measure());
        QTest::mouseClick(child<QPushButton>(dock, "sweepCancelButton"), Qt::LeftButton);
        QVERIFY(finished.count() == 1 || finished.wait(10000));
        QCOMPARE(finished.constFirst().constFirst().toBool(), true);
        QVERIFY(!dock.isMeasuring());
        QVERIFY(!dock.sweep().hasMeasurements()); // the first 2.4 s run was cut short
        QVERIFY(child<QLabel>(dock, "sweepStatus")->text().startsWith(QStringLiteral("Cancelled")));
    }

    void newScenarioDropsTheOldMeasurement()
    {
        SweepDock dock;
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        QSignalSpy predicted(&dock, &SweepDock::predicted);
        dock.setThreadList(QStringLiteral("1,2,4"));
        dock.setPlan(loadPlan(LongScenario), config());
        QVERIFY(predicted.wait(10000));
        QSignalSpy finished(&dock, &SweepDock::measureFinished);
        QVERIFY(dock.measure());
        auto *old = dock.findChild<SweepRun *>();
        QVERIFY(old);
        QSignalSpy gone(old, &QObject::destroyed);
        dock.setPlan(loadPlan(IoScenario), config());
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.constFirst().constFirst().toBool(), true);
        QVERIFY(!dock.isMeasuring());
        QVERIFY(predicted.wait(10000));
        QVERIFY(!gone.isEmpty() || gone.wait(10000)); // the old runs are over and gone
        // Only the new scenario's figures: four 15 ms waits on 4 threads, nothing measured.
        QCOMPARE(dock.sweep().points.constLast().predictedMs, 15.0);
        QVERIFY(!dock.sweep().hasMeasurements());
        QCOMPARE(dock.sweepPlot()->measuredGraph()->dataCount(), 0);
    }

    void staysResponsiveWhileMeasuring()
    {
        // 20,000 tiny tasks per run, three runs: the event loop keeps ticking throughout.
        SweepDock dock;
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        QSignalSpy predicted(&dock, &SweepDock::predicted);
        dock.setThreadList(QStringLiteral("1,2,4"));
        dock.setPlan(loadPlan(R"({"taskline": 1, "threads": 2, "tasks": [
            {"id": "io", "kind": "io", "duration_ms": 0.01, "count": 10000},
            {"id": "cpu", "kind": "cpu", "duration_ms": 0.005, "count": 10000}]})"),
                     config());
        QVERIFY(predicted.wait(30000));
        QSignalSpy finished(&dock, &SweepDock::measureFinished);
        EventLoopGaps gaps;
        gaps.start();
        QVERIFY(dock.measure());
        QVERIFY(finished.wait(WindowTimeoutMs));
        gaps.stop();
        QCOMPARE(dock.sweepPlot()->measuredGraph()->dataCount(), 3);
        QVERIFY(gaps.gapsNs.size() >= 2);
        const double maxMs = *std::max_element(gaps.gapsNs.cbegin(), gaps.gapsNs.cend()) / 1e6;
        qInfo("sweep of 3 x 20,000 tasks: %.0f ms, longest event-loop gap %.1f ms",
              gaps.elapsedNs() / 1e6, maxMs);
        // Generous: the point is no freeze for a whole run, not a latency target.
        QVERIFY2(maxMs < 2000, qPrintable(QStringLiteral("max gap %1 ms").arg(maxMs)));
    }

    void followsTheWindowsScenario()
    {
        QSettings().clear();
        auto window = makeWindow();
        window->resize(1400, 900);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        SweepDock *dock = window->sweepDock();
        dock->raise();
        QSignalSpy predicted(dock, &SweepDock::predicted);
        QVERIFY(window->openFile(writeFile(m_dir, QStringLiteral("io.json"), IoScenario)));
        QVERIFY(predicted.wait(10000));
        QCOMPARE(dock->plan(), window->plan());
        QVERIFY(!dock->sweep().points.isEmpty());
        QVERIFY(window->openDemo());
        QVERIFY(predicted.wait(10000));
        QCOMPARE(dock->plan(), window->plan());

        // A window run stops a measurement: never two runs at once.
        QSignalSpy finished(dock, &SweepDock::measureFinished);
        QVERIFY(dock->measure());
        window->startRun();
        QVERIFY(finished.count() == 1 || finished.wait(10000));
        QCOMPARE(finished.constFirst().constFirst().toBool(), true);
        window->cancelRun();
        if (const QString path = screenshotPath("window-sweep.png"); !path.isEmpty())
            QVERIFY(window->grab().save(path));
    }
};

QTEST_MAIN(TestSweepDock)
#include "tst_sweepdock.moc"
