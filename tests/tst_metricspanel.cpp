#include "metricspanel.h"

#include <QTableWidget>
#include <QTest>

using namespace Taskline;

namespace {
Metrics completeMetrics()
{
    Metrics m;
    m.makespanMs = 200;
    m.tasks = 10;
    m.attempts = 10;
    m.status = {10, 0, 0, 0, 0};
    m.parallelism = 2.0;
    m.utilization = 0.5;
    m.throughputPerS = 50;
    m.waitMs = {10, 20, 30, 40};
    m.latencyMs = {50, 60, 70, 80};
    return m;
}

/*! Cancelled 11.6 ms in: over a sequential 800 ms that would read as a 69x speedup. */
Metrics cancelledMetrics()
{
    Metrics m = completeMetrics();
    m.makespanMs = 11.6;
    m.attempts = 3;
    m.status = {2, 0, 0, 8, 0};
    m.throughputPerS = 2 / 0.0116;
    return m;
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

// The metrics panel's cells for a complete and a cancelled run: figures that only mean
// something for a complete run are left out of a cancelled one, with a tooltip saying why.
class TestMetricsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cancelledRunFigures_data()
    {
        QTest::addColumn<bool>("cancelled");
        QTest::addColumn<QString>("label");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("text"); // "*": any figure; "": blank
        QTest::addColumn<bool>("explained"); // the cell's tooltip says it was cancelled

        const int measured = MetricsPanel::Measured;
        const int gap = MetricsPanel::Gap;
        const int change = MetricsPanel::Change;
        QTest::newRow("complete: speedup") << false << "speedup" << measured << "4.00x" << false;
        QTest::newRow("complete: makespan gap") << false << "makespan (ms)" << gap << "*" << false;
        QTest::newRow("complete: speedup vs baseline, unchanged")
            << false << "speedup" << change << "0" << false;
        QTest::newRow("cancelled: speedup n/a, not 69x")
            << true << "speedup" << measured << "n/a (cancelled)" << true;
        QTest::newRow("cancelled: makespan still measured")
            << true << "makespan (ms)" << measured << "11.60" << false;
        QTest::newRow("cancelled: cancelled count still measured")
            << true << "cancelled" << measured << "8" << false;
        QTest::newRow("cancelled: no makespan gap") << true << "makespan (ms)" << gap << "" << true;
        QTest::newRow("cancelled: no speedup gap") << true << "speedup" << gap << "" << true;
        QTest::newRow("cancelled: no ok gap") << true << "ok" << gap << "" << true;
        QTest::newRow("cancelled: no makespan change vs baseline")
            << true << "makespan (ms)" << change << "" << true;
        QTest::newRow("cancelled: no speedup change vs baseline")
            << true << "speedup" << change << "" << true;
        QTest::newRow("cancelled: prediction still shown")
            << true << "speedup" << int(MetricsPanel::Predicted) << "4.00x" << false;
    }

    void cancelledRunFigures()
    {
        QFETCH(bool, cancelled);
        QFETCH(QString, label);
        QFETCH(int, column);
        QFETCH(QString, text);
        QFETCH(bool, explained);
        MetricsPanel panel;
        RunConfig config;
        config.threads = 4;
        panel.setPredicted(completeMetrics(), config, 800);
        panel.setBaseline(completeMetrics(), config, 800, QStringLiteral("4 threads"));
        // A cancelled run after a complete one: nothing of the first may stay.
        panel.setMeasured(completeMetrics(), config, false);
        panel.setMeasured(cancelled ? cancelledMetrics() : completeMetrics(), config, cancelled);

        const QString cell = panel.cellText(label, column);
        if (text == QLatin1String("*"))
            QVERIFY2(!cell.isEmpty(), qPrintable(label));
        else
            QCOMPARE(cell, text);
        const QString tip = panel.table()->item(rowOf(panel, label), column)->toolTip();
        QCOMPARE(tip.contains(QStringLiteral("cancelled")), explained);
        QCOMPARE(panel.headerText().contains(QStringLiteral("no speedup")), cancelled);
        if (explained) {
            QCOMPARE(panel.table()->item(rowOf(panel, label), column)->foreground().style(),
                     Qt::NoBrush); // no green or red for a change not shown
        }
    }

    void newRunClearsTheExplanation()
    {
        MetricsPanel panel;
        RunConfig config;
        panel.setPredicted(completeMetrics(), config, 800);
        panel.setMeasured(cancelledMetrics(), config, true);
        panel.setRunning(config);
        QCOMPARE(panel.cellText(QStringLiteral("speedup"), MetricsPanel::Measured),
                 QStringLiteral("..."));
        QVERIFY(panel.table()->item(rowOf(panel, QStringLiteral("speedup")), MetricsPanel::Gap)
                    ->toolTip()
                    .isEmpty());
    }
};

QTEST_MAIN(TestMetricsPanel)
#include "tst_metricspanel.moc"
