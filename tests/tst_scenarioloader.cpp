#include <QTest>

class TestScenarioloader : public QObject
{
    Q_OBJECT
};

QTEST_GUILESS_MAIN(TestScenarioloader)
#include "tst_scenarioloader.moc"
