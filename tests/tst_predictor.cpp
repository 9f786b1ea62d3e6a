#include <QTest>

class TestPredictor : public QObject
{
    Q_OBJECT
};

QTEST_GUILESS_MAIN(TestPredictor)
#include "tst_predictor.moc"
