#include "activityplot.h"
#include "customplot.h"
#include "mainwindow.h"
#include "metricspanel.h"
#include "runcontroller.h"
#include "timelineview.h"
#include "widgettestsupport.h"

#include <QAction>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Taskline;
using namespace Taskline::TestSupport;

namespace {
const char SmallScenario[] = R"({
  "taskline": 1,
  "name": "Baseline test",
  "threads": 4,
  "seed": 3,
  "tasks": [
    {"id": "fetch", "kind": "io", "duration_ms": 20, "count": 4},
    {"id": "parse", "kind": "cpu", "duration_ms": 2, "after": ["fetch"]}
  ]
})";

Metrics baselineMetrics()
{
    Metrics m;
    m.makespanMs = 200;
    m.tasks = 10;
    m.attempts = 12;
    m.status = {8, 2, 0, 0, 0};
    m.parallelism = 2.0;
    m.utilization = 0.5;
    m.throughputPerS = 40;
    m.waitMs = {10, 20, 30, 40};
    m.latencyMs = {50, 60, 70, 80};
    return m;
}

Metrics currentMetrics()
{
    Metrics m = baselineMetrics();
    m.makespanMs = 150;
    m.attempts = 10;
    m.status = {10, 0, 0, 0, 0};
    m.parallelism = 2.5;
    m.utilization = 0.625;
    m.throughputPerS = 1000.0 / 15; // 66.67
    m.waitMs = {12, 20, 30, 40};
    return m;
}

/*! Where a screenshot goes when TASKLINE_SCREENSHOTS names a folder; empty: none. */
QString screenshotPath(const char *name)
{
    const QString dir = qEnvironmentVariable("TASKLINE_SCREENSHOTS");
    return dir.isEmpty() ? QString() : dir + QLatin1Char('/') + QLatin1String(name);
}

int rowOf(const MetricsPanel &panel, const QString &label)
{
    for (int r = 0; r < panel.table()->rowCount(); ++r) {
        if (panel.table()->item(r, 0)->text() == label)
            return r;
    }
    return -1;
}
} // namespace

// A pinned baseline run: the metrics' baseline and change columns, the timeline's baseline
// ghosts and the baseline f(t), in the panel alone and in the window.
class TestBaseline : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_small;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        useTestSettings(m_dir, QStringLiteral("tst_baseline"));
        m_small = writeFile(m_dir, QStringLiteral("small.json"), SmallScenario);
    }

    void init() { QSettings().clear(); }

    void deltas_data()
    {
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("baseline");
        QTest::addColumn<QString>("change");
        QTest::addColumn<int>("verdict"); // +1 better (green), -1 worse (red), 0 no colour

        // Baseline 200 ms, now 150 ms: 50 ms less, a quarter of the baseline.
        QTest::newRow("makespan") << "makespan (ms)" << "200.00" << "-50.00 (-25.0%)" << 1;
        QTest::newRow("tasks, unchanged") << "tasks" << "10" << "0" << 0;
        QTest::newRow("attempts: neither better nor worse") << "attempts" << "12" << "-2 (-16.7%)" << 0;
        QTest::newRow("ok") << "ok" << "8" << "+2 (+25.0%)" << 1;
        QTest::newRow("failed") << "failed" << "2" << "-2 (-100.0%)" << 1;
        QTest::newRow("skipped, zero both") << "skipped" << "0" << "0" << 0;
        QTest::newRow("parallelism") << "parallelism" << "2.00" << "+0.50 (+25.0%)" << 1;
        QTest::newRow("utilization in points") << "utilization" << "50.0%" << "+12.5 pt" << 1;
        QTest::newRow("throughput") << "throughput (/s)" << "40.0" << "+26.7 (+66.7%)" << 1;
        QTest::newRow("wait p50: worse") << "wait p50 (ms)" << "10.00" << "+2.000 (+20.0%)" << -1;
        QTest::newRow("latency p50 unchanged") << "latency p50 (ms)" << "50.00" << "0" << 0;
        // Both over a sequential 800 ms: 4.00x then 5.33x.
        QTest::newRow("speedup") << "speedup" << "4.00x" << "+1.33 (+33.3%)" << 1;
    }

    void deltas()
    {
        QFETCH(QString, label);
        QFETCH(QString, baseline);
        QFETCH(QString, change);
        QFETCH(int, verdict);
        MetricsPanel panel;
        RunConfig config;
        config.threads = 4;
        panel.setPredicted(currentMetrics(), config, 800);
        panel.setMeasured(currentMetrics(), config);
        QVERIFY(panel.table()->isColumnHidden(MetricsPanel::Baseline));
        panel.setBaseline(baselineMetrics(), config, 800, QStringLiteral("4 threads, run one"));
        QVERIFY(!panel.table()->isColumnHidden(MetricsPanel::Baseline));
        QVERIFY(!panel.table()->isColumnHidden(MetricsPanel::Change));
        QCOMPARE(panel.cellText(label, MetricsPanel::Baseline), baseline);
        QCOMPARE(panel.cellText(label, MetricsPanel::Change), change);
        const QColor colour =
            panel.table()->item(rowOf(panel, label), MetricsPanel::Change)->foreground().color();
        if (verdict != 0) {
            const bool green = colour.green() > colour.red();
            QCOMPARE(green, verdict > 0);
        } else {
            QVERIFY(panel.table()->item(rowOf(panel, label), MetricsPanel::Change)->foreground().style() ==
                    Qt::NoBrush);
        }
        QVERIFY(panel.headerText().contains(QStringLiteral("Baseline: 4 threads, run one")));
    }

    void noMeasuredRunNoChange()
    {
        MetricsPanel panel;
        panel.setBaseline(baselineMetrics(), RunConfig{}, 800, QStringLiteral("one"));
        QCOMPARE(panel.cellText(QStringLiteral("makespan (ms)"), MetricsPanel::Baseline),
                 QStringLiteral("200.00"));
        QVERIFY(panel.cellText(QStringLiteral("makespan (ms)"), MetricsPanel::Change).isEmpty());
    }

    void clearBaselineFromThePanel()
    {
        MetricsPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto *button = panel.findChild<QToolButton *>(QStringLiteral("clearBaselineButton"));
        QVERIFY(button);
        QVERIFY(!button->isVisible());
        panel.setBaseline(baselineMetrics(), RunConfig{}, 800, QStringLiteral("one"));
        QVERIFY(button->isVisible());
        QSignalSpy cleared(&panel, &MetricsPanel::baselineCleared);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(cleared.size(), 1);
        QVERIFY(!panel.hasBaseline());
        QVERIFY(panel.table()->isColumnHidden(MetricsPanel::Baseline));
        QVERIFY(!panel.headerText().contains(QStringLiteral("Baseline")));
    }

    void pinRunAgainAndCompare()
    {
        auto window = makeWindow();
        window->resize(1400, 900);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QVERIFY(window->openFile(m_small));
        QVERIFY(waitForPrediction(*window));
        QAction *pin = action(*window, "actionPinBaseline");
        QAction *show = action(*window, "actionShowBaseline");
        QVERIFY(!pin->isEnabled()); // nothing ran yet

        QVERIFY(runAndWait(*window));
        QVERIFY(pin->isEnabled());
        const Trace first = window->timelineView()->trace();
        pin->trigger();
        QVERIFY(window->hasBaseline());
        QVERIFY(!pin->isEnabled()); // this run is the baseline already
        QVERIFY(show->isEnabled() && show->isChecked());
        MetricsPanel *metrics = window->metricsPanel();
        QCOMPARE(metrics->cellText(QStringLiteral("tasks"), MetricsPanel::Change), QStringLiteral("0"));
        QVERIFY(metrics->headerText().contains(QStringLiteral("Baseline: 4 threads")));

        // One thread: the four 20 ms fetches run one after another, so the run is slower.
        window->findChild<QSpinBox *>(QStringLiteral("threadsSpin"))->setValue(1);
        QVERIFY(waitForPrediction(*window));
        QVERIFY(runAndWait(*window));
        const QString change = metrics->cellText(QStringLiteral("makespan (ms)"), MetricsPanel::Change);
        QVERIFY2(change.startsWith(QLatin1Char('+')), qPrintable(change));
        const int row = rowOf(*metrics, QStringLiteral("makespan (ms)"));
        const QColor colour = metrics->table()->item(row, MetricsPanel::Change)->foreground().color();
        QVERIFY(colour.red() > colour.green()); // slower: worse

        // The timeline's ghosts are the baseline's spans; f(t) has a baseline line.
        TimelineView *view = window->timelineView();
        QVERIFY(view->isBaselineShown());
        QCOMPARE(view->ghostTrace().records.size(), first.records.size());
        QCOMPARE(view->ghostTrace().config.threads, 4);
        view->plot()->replot();
        QVERIFY(view->activityPlot()->hasBaseline());
        if (const QString path = screenshotPath("window-baseline.png"); !path.isEmpty())
            QVERIFY(window->grab().save(path));

        show->setChecked(false); // back to the prediction's ghosts
        QVERIFY(!view->isBaselineShown());
        QCOMPARE(view->ghostTrace().config.threads, 1);
        view->plot()->replot();
        QVERIFY(!view->activityPlot()->hasBaseline());
        show->setChecked(true);

        // An imported trace is not a run of the baseline's scenario: no baseline over it.
        const QString tracePath = m_dir.filePath(QStringLiteral("run.json"));
        QVERIFY(window->exportTraceTo(tracePath));
        QVERIFY(openTraceAndWait(*window, tracePath));
        QVERIFY(window->hasBaseline());
        QVERIFY(!view->isBaselineShown());
        QVERIFY(metrics->table()->isColumnHidden(MetricsPanel::Baseline));

        // A scenario again (another, or an edit) shows the baseline; Clear forgets it.
        QVERIFY(window->openFile(m_small));
        QVERIFY(window->hasBaseline());
        QVERIFY(view->isBaselineShown());
        QVERIFY(!pin->isEnabled());
        metrics->clearBaselineAction()->trigger();
        QVERIFY(!window->hasBaseline());
        QVERIFY(!view->isBaselineShown());
        QVERIFY(!show->isEnabled());
        QVERIFY(metrics->table()->isColumnHidden(MetricsPanel::Baseline));
    }

    void pinnedMessageGivesWayToTheNextRun_data()
    {
        QTest::addColumn<bool>("cancel");
        QTest::addColumn<QString>("summary");
        QTest::newRow("next run finishes") << false << QStringLiteral("Makespan");
        QTest::newRow("next run cancelled") << true << QStringLiteral("Cancelled");
    }

    void pinnedMessageGivesWayToTheNextRun()
    {
        QFETCH(bool, cancel);
        QFETCH(QString, summary);
        auto window = makeWindow();
        QVERIFY(window->openFile(m_small));
        QVERIFY(waitForPrediction(*window));
        QVERIFY(runAndWait(*window));
        QVERIFY(window->pinBaseline());
        QVERIFY2(window->statusText().startsWith(QStringLiteral("Baseline pinned")),
                 qPrintable(window->statusText()));

        // The next run's progress shows at once, not 8 s later.
        QSignalSpy finished(window.get(), &MainWindow::runFinished);
        window->startRun();
        QVERIFY2(window->statusText().contains(QStringLiteral(" tasks, ")),
                 qPrintable(window->statusText()));
        if (cancel)
            window->cancelRun();
        QVERIFY(!finished.isEmpty() || finished.wait(WindowTimeoutMs));
        QVERIFY2(window->statusText().startsWith(summary), qPrintable(window->statusText()));
    }

    void cancelledRunCannotBePinned()
    {
        auto window = makeWindow();
        QVERIFY(window->openFile(m_small));
        QVERIFY(waitForPrediction(*window));
        QSignalSpy finished(window.get(), &MainWindow::runFinished);
        window->startRun();
        QVERIFY(window->isRunning());
        window->cancelRun();
        // With nothing in flight the cancel may finish the run at once.
        QVERIFY(!finished.isEmpty() || finished.wait(WindowTimeoutMs));
        QVERIFY(!action(*window, "actionPinBaseline")->isEnabled());
        QVERIFY(!window->pinBaseline());
    }
};

QTEST_MAIN(TestBaseline)
#include "tst_baseline.moc"
