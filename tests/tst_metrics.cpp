#include <QTest>

class TestMetrics : public QObject
{
    Q_OBJECT
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
