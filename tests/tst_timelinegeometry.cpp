#include "timelinegeometry.h"

#include <QTest>

using namespace Taskline;

namespace {

TimeGeometry geometry(double fromMs, double toMs, double left = 100, double right = 1100)
{
    TimeGeometry g;
    g.fromMs = fromMs;
    g.toMs = toMs;
    g.left = left;
    g.right = right;
    return g;
}

} // namespace

class TestTimelineGeometry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mapping_data();
    void mapping();
    void zoomKeepsPointFixed_data();
    void zoomKeepsPointFixed();
    void pan_data();
    void pan();
    void zoomedTo();
    void clamped_data();
    void clamped();
    void rowBands_data();
    void rowBands();
};

void TestTimelineGeometry::mapping_data()
{
    QTest::addColumn<double>("fromMs");
    QTest::addColumn<double>("toMs");
    QTest::addColumn<double>("ms");
    QTest::addColumn<double>("x");

    QTest::newRow("start at the left edge") << 0.0 << 1000.0 << 0.0 << 100.0;
    QTest::newRow("end at the right edge") << 0.0 << 1000.0 << 1000.0 << 1100.0;
    QTest::newRow("middle") << 0.0 << 1000.0 << 500.0 << 600.0;
    QTest::newRow("scrolled view") << 200.0 << 300.0 << 250.0 << 600.0;
    QTest::newRow("before the view, left of it") << 200.0 << 300.0 << 190.0 << 0.0;
    QTest::newRow("microseconds") << 1.0 << 1.001 << 1.0005 << 600.0;
}

void TestTimelineGeometry::mapping()
{
    QFETCH(double, fromMs);
    QFETCH(double, toMs);
    QFETCH(double, ms);
    QFETCH(double, x);
    const TimeGeometry g = geometry(fromMs, toMs);
    QVERIFY(qAbs(g.mapTimeToX(ms) - x) < 1e-6);
    QVERIFY(qAbs(g.mapXToTime(x) - ms) < 1e-9 * qMax(1.0, qAbs(ms)));
}

void TestTimelineGeometry::zoomKeepsPointFixed_data()
{
    QTest::addColumn<double>("factor");
    QTest::addColumn<double>("aroundX");

    QTest::newRow("in 2x at the centre") << 2.0 << 600.0;
    QTest::newRow("in 4x at the left edge") << 4.0 << 100.0;
    QTest::newRow("in 1.25x near the right edge") << 1.25 << 1090.0;
    QTest::newRow("out 2x at a quarter") << 0.5 << 350.0;
    QTest::newRow("in 1000x at an odd pixel") << 1000.0 << 437.0;
}

void TestTimelineGeometry::zoomKeepsPointFixed()
{
    QFETCH(double, factor);
    QFETCH(double, aroundX);
    const TimeGeometry g = geometry(40, 840);
    const TimeGeometry z = g.zoomed(factor, aroundX);
    QVERIFY(qAbs(z.mapXToTime(aroundX) - g.mapXToTime(aroundX)) < 1e-9);
    QVERIFY(qAbs(z.spanMs() - g.spanMs() / factor) < 1e-9);
    QCOMPARE(z.left, g.left);
    QCOMPARE(z.right, g.right);
}

void TestTimelineGeometry::pan_data()
{
    QTest::addColumn<double>("dx");
    QTest::addColumn<double>("fromMs");

    // 1000 px show 500 ms: 0.5 ms per pixel.
    QTest::newRow("drag right 100 px shows earlier times") << 100.0 << 50.0;
    QTest::newRow("drag left 200 px shows later times") << -200.0 << 200.0;
    QTest::newRow("no drag") << 0.0 << 100.0;
}

void TestTimelineGeometry::pan()
{
    QFETCH(double, dx);
    QFETCH(double, fromMs);
    const TimeGeometry p = geometry(100, 600).panned(dx);
    QCOMPARE(p.fromMs, fromMs);
    QCOMPARE(p.spanMs(), 500.0);
}

void TestTimelineGeometry::zoomedTo()
{
    const TimeGeometry g = geometry(0, 1000);
    const TimeGeometry band = g.zoomedTo(700, 300); // dragged right to left
    QCOMPARE(band.fromMs, 200.0);
    QCOMPARE(band.toMs, 600.0);
    QCOMPARE(g.zoomedTo(300, 300).spanMs(), 1000.0); // empty band: unchanged
}

void TestTimelineGeometry::clamped_data()
{
    QTest::addColumn<double>("fromMs");
    QTest::addColumn<double>("toMs");
    QTest::addColumn<double>("expectedFrom");
    QTest::addColumn<double>("expectedTo");

    // Limits [0, 1000] ms, at least 1 ms wide.
    QTest::newRow("inside stays") << 100.0 << 200.0 << 100.0 << 200.0;
    QTest::newRow("past the end moves back") << 950.0 << 1050.0 << 900.0 << 1000.0;
    QTest::newRow("before the start moves forward") << -30.0 << 70.0 << 0.0 << 100.0;
    QTest::newRow("wider than the limits fills them") << -500.0 << 2000.0 << 0.0 << 1000.0;
    QTest::newRow("narrower than the minimum widens around its centre")
        << 500.0 << 500.2 << 499.6 << 500.6;
}

void TestTimelineGeometry::clamped()
{
    QFETCH(double, fromMs);
    QFETCH(double, toMs);
    QFETCH(double, expectedFrom);
    QFETCH(double, expectedTo);
    const TimeGeometry c = geometry(fromMs, toMs).clamped(0, 1000, 1);
    QVERIFY2(qAbs(c.fromMs - expectedFrom) < 1e-9, qPrintable(QString::number(c.fromMs)));
    QVERIFY2(qAbs(c.toMs - expectedTo) < 1e-9, qPrintable(QString::number(c.toMs)));
}

void TestTimelineGeometry::rowBands_data()
{
    QTest::addColumn<QList<int>>("subRows");
    QTest::addColumn<double>("total");
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("subRow");

    const QList<int> lanes = {1, 1, 1, 3}; // three workers, an event loop with 3 timers at once
    QTest::newRow("first worker") << lanes << 5.0 << 0.5 << 0 << 0;
    QTest::newRow("the gap between rows") << lanes << 5.0 << 1.02 << 1 << -1;
    QTest::newRow("event loop, first timer") << lanes << 5.0 << 3.15 << 3 << 0;
    QTest::newRow("event loop, last timer") << lanes << 5.0 << 4.85 << 3 << 2;
    QTest::newRow("below the last row") << lanes << 5.0 << 5.5 << -1 << -1;
    QTest::newRow("a row of 100 sub-rows is at most 4 units")
        << QList<int>{100} << 4.0 << 2.0 << 0 << 50;
    QTest::newRow("an empty row is one unit") << QList<int>{0, 1} << 2.0 << 1.5 << 1 << 0;
}

void TestTimelineGeometry::rowBands()
{
    QFETCH(QList<int>, subRows);
    QFETCH(double, total);
    QFETCH(double, value);
    QFETCH(int, row);
    QFETCH(int, subRow);

    const RowBands bands = RowBands::fromSubRows(subRows);
    QCOMPARE(bands.total, total);
    QCOMPARE(bands.rowAt(value), row);
    if (row >= 0) {
        QCOMPARE(bands.subRowAt(row, value), subRow);
        if (subRow >= 0) {
            const auto [top, bottom] = bands.subRowBand(row, subRow);
            QVERIFY(top <= value && value < bottom);
        }
    }
}

QTEST_GUILESS_MAIN(TestTimelineGeometry)
#include "tst_timelinegeometry.moc"
