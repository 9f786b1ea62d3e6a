#include <QTest>

class TestTaskfunction : public QObject
{
    Q_OBJECT
};

QTEST_GUILESS_MAIN(TestTaskfunction)
#include "tst_taskfunction.moc"
