// The timeline's rows filled into an image by our own code (SpanCanvas) look like the rows
// QPainter draws: the same colours in the same rows and columns, merged spans shaded, zoomed
// spans where their times are, ghosts, failures, waits and the selection.

#include "activityplot.h"
#include "customplot.h"
#include "spancanvas.h"
#include "timelineplot.h"
#include "testsupport.h"
#include "timelineplottable.h"
#include "timelineview.h"

#include <QBuffer>
#include <QPainter>
#include <QPicture>
#include <QSvgGenerator>
#include <QTest>

using namespace Taskline;
using namespace Taskline::TestSupport;

namespace {

constexpr qint64 Ms = 1000000;

AttemptRecord span(int lane, double startMs, double endMs, TaskKind kind = TaskKind::Cpu,
                   AttemptStatus status = AttemptStatus::Ok, double enqueueMs = -1)
{
    AttemptRecord r;
    r.task = quint32(lane);
    r.lane = qint16(lane);
    r.kind = kind;
    r.status = status;
    r.startNs = qint64(startMs * Ms);
    r.releaseNs = r.enqueueNs = enqueueMs < 0 ? r.startNs : qint64(enqueueMs * Ms);
    r.endNs = qint64(endMs * Ms);
    return r;
}

// Every kind, every status, waits, stacked timers on the event loop.
Trace mixedTrace()
{
    Trace trace;
    trace.lanes = standardLanes(3, true);
    trace.eventLoopLane = 3;
    trace.records = {
        span(0, 0, 40),
        span(0, 42, 60, TaskKind::Io, AttemptStatus::Failed, 10),
        span(0, 61, 64, TaskKind::Io),
        span(0, 64.5, 65.2, TaskKind::File),
        span(0, 70, 100, TaskKind::Cpu, AttemptStatus::Cancelled),
        span(1, 5, 95, TaskKind::File, AttemptStatus::TimedOut, 0),
        span(2, 30, 30, TaskKind::Cpu, AttemptStatus::Skipped),
        span(2, 31, 80, TaskKind::Io, AttemptStatus::Ok, 20),
        span(3, 10, 50, TaskKind::Timer),
        span(3, 20, 60, TaskKind::Timer),
        span(3, 55, 90, TaskKind::Timer, AttemptStatus::Failed),
    };
    for (qsizetype i = 0; i < trace.records.size(); ++i)
        trace.records[i].task = quint32(i);
    return trace;
}

Trace shifted(Trace trace, double ms)
{
    trace.predicted = true;
    for (AttemptRecord &r : trace.records) {
        r.releaseNs += qint64(ms * Ms);
        r.enqueueNs += qint64(ms * Ms);
        r.startNs += qint64(ms * Ms);
        r.endNs += qint64(ms * Ms);
    }
    return trace;
}

void setRaster(TimelineView &view, bool enabled)
{
    view.spans()->setRasterEnabled(enabled);
    view.ghosts()->setRasterEnabled(enabled);
    view.activityPlot()->setRasterEnabled(enabled);
}

QImage render(TimelineView &view, bool raster)
{
    setRaster(view, raster);
    view.plot()->replot();
    view.plot()->replot(); // the legend and f(t) settle after a first layout
    QImage image = view.plot()->toPixmap().toImage().convertToFormat(QImage::Format_RGB32);
    setRaster(view, true);
    return image;
}

void saveIfAsked(const QImage &image, const QString &name)
{
    const QString dir = qEnvironmentVariable("TASKLINE_TEST_IMAGES");
    if (!dir.isEmpty())
        image.save(dir + QLatin1Char('/') + name);
}

// Pixels of the timeline's axis rect that differ, and the image of where.
int differences(const QImage &a, const QImage &b, const QRect &rect, QImage *where)
{
    int n = 0;
    *where = QImage(a.size(), QImage::Format_RGB32);
    where->fill(Qt::white);
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        for (int x = rect.left(); x <= rect.right(); ++x) {
            if (a.pixel(x, y) != b.pixel(x, y)) {
                ++n;
                where->setPixel(x, y, qRgb(255, 0, 0));
            }
        }
    }
    return n;
}

QColor at(const QImage &image, const TimelineView &view, double ms, double value)
{
    QCPAxis *x = view.timelineRect()->axis(QCPAxis::atBottom);
    QCPAxis *y = view.timelineRect()->axis(QCPAxis::atLeft);
    return image.pixelColor(int(x->coordToPixel(ms)), int(y->coordToPixel(value)));
}

} // namespace

class TestTimelineRaster : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void sameAsQPainter_data();
    void sameAsQPainter();
    void zoomedSpansWhereTheirTimesAre();
    void mergedSpansShaded();
    void vectorDevicesGetRectangles();
    void onScreenAsExported_data();
    void onScreenAsExported();
    void canvasPixels_data();
    void canvasPixels();

private:
    // Shows `trace` in m_view as a row of the tables below asks: dark window, ghosts of it
    // shifted a little, zoomed to `zoom` of the whole around the middle, `selected` picked.
    void show(const Trace &trace, const QString &what, bool ghosts, int selected, double zoom,
              bool dark);

    std::unique_ptr<TimelineView> m_view;
};

void TestTimelineRaster::init()
{
    m_view = std::make_unique<TimelineView>();
    m_view->resize(900, 520);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void TestTimelineRaster::show(const Trace &trace, const QString &what, bool ghosts,
                              int selected, double zoom, bool dark)
{
    if (dark) {
        QPalette palette;
        palette.setColor(QPalette::Window, QColor(0x20, 0x20, 0x24));
        m_view->setPalette(palette);
    }
    m_view->setTrace(trace);
    if (ghosts)
        m_view->setPrediction(shifted(trace, what == QLatin1String("mixed") ? 3 : 0.05));
    m_view->fit();
    if (zoom < 1) {
        const auto [from, to] = m_view->visibleRangeMs();
        const double mid = (from + to) / 2;
        m_view->setVisibleRangeMs(mid - (to - from) * zoom / 2, mid + (to - from) * zoom / 2);
    }
    m_view->setSelectedRecord(selected);
}

void TestTimelineRaster::sameAsQPainter_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<bool>("taskRows");
    QTest::addColumn<bool>("ghosts");
    QTest::addColumn<int>("selected");
    QTest::addColumn<double>("zoom"); // share of the range shown, 1: all
    QTest::addColumn<bool>("dark");
    QTest::addColumn<double>("maxShare"); // of the axis rect's pixels allowed to differ

    QTest::newRow("every kind and status, lane rows")
        << "mixed" << false << false << -1 << 1.0 << false << 0.01;
    QTest::newRow("task rows with waits") << "mixed" << true << false << -1 << 1.0 << false << 0.01;
    QTest::newRow("with ghosts and a selection")
        << "mixed" << false << true << 1 << 1.0 << false << 0.01;
    QTest::newRow("dark, zoomed, ghosts") << "mixed" << false << true << 0 << 0.3 << true << 0.01;
    QTest::newRow("10^4 spans, all") << "synthetic" << false << false << -1 << 1.0 << false << 0.02;
    QTest::newRow("10^5 spans merged, ghosts")
        << "synthetic5" << false << true << -1 << 1.0 << false << 0.02;
    QTest::newRow("10^5 spans zoomed to 1%")
        << "synthetic5" << false << false << -1 << 0.01 << false << 0.02;
}

// The image path against QPainter's on the same view: the same picture but for a few edge
// pixels (rounding of outlines and dash phases).
void TestTimelineRaster::sameAsQPainter()
{
    QFETCH(QString, what);
    QFETCH(bool, taskRows);
    QFETCH(bool, ghosts);
    QFETCH(int, selected);
    QFETCH(double, zoom);
    QFETCH(bool, dark);
    QFETCH(double, maxShare);

    const Trace trace = what == QLatin1String("mixed")       ? mixedTrace()
                        : what == QLatin1String("synthetic") ? syntheticTrace(10000, 8)
                                                             : syntheticTrace(100000, 8);
    m_view->setRows(taskRows ? TimelineView::Rows::Tasks : TimelineView::Rows::Lanes);
    show(trace, what, ghosts, selected, zoom, dark);

    const QImage painted = render(*m_view, false);
    const QImage rastered = render(*m_view, true);
    QCOMPARE(rastered.size(), painted.size());
    const QRect rect = m_view->timelineRect()->rect();
    QImage where;
    const int n = differences(painted, rastered, rect, &where);
    const QString name =
        QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'));
    saveIfAsked(painted, name + QStringLiteral("-qpainter.png"));
    saveIfAsked(rastered, name + QStringLiteral("-raster.png"));
    saveIfAsked(where, name + QStringLiteral("-diff.png"));
    const int allowed = int(maxShare * rect.width() * rect.height());
    qInfo("%d of %d pixels differ", n, rect.width() * rect.height());
    QVERIFY2(n <= allowed, qPrintable(QStringLiteral("%1 of %2 pixels differ (at most %3)")
                                          .arg(n)
                                          .arg(rect.width() * rect.height())
                                          .arg(allowed)));
    // f(t): the same stacked areas but for a few pixels where a curve is steep.
    QImage fDiff;
    const QRect fRect = m_view->activityRect()->rect();
    const int fChanged = differences(painted, rastered, fRect, &fDiff);
    saveIfAsked(fDiff, name + QStringLiteral("-ft-diff.png"));
    qInfo("f(t): %d of %d pixels differ", fChanged, fRect.width() * fRect.height());
    QVERIFY2(fChanged <= int(0.02 * fRect.width() * fRect.height()),
             qPrintable(QString::number(fChanged)));
    // Nothing else changes at all: labels, legend, axes.
    QImage outside;
    QImage masked[2] = {painted, rastered};
    for (QImage &image : masked) {
        QPainter painter(&image);
        painter.fillRect(rect, Qt::black);
        painter.fillRect(fRect, Qt::black);
    }
    QCOMPARE(differences(masked[0], masked[1], masked[0].rect(), &outside), 0);
}

// Zoomed in, a span's colour is at its time and in its row, the gap before it is background.
void TestTimelineRaster::zoomedSpansWhereTheirTimesAre()
{
    Trace trace;
    trace.lanes = standardLanes(2, false);
    for (int i = 0; i < 1000; ++i) // 1 ms apart, 0.3 ms long: 2-3 px at 1%
        trace.records.append(span(i % 2, i, i + 0.3, i % 4 == 0 ? TaskKind::Io : TaskKind::Cpu));
    for (qsizetype i = 0; i < trace.records.size(); ++i)
        trace.records[i].task = quint32(i);
    m_view->setTrace(trace);
    m_view->setVisibleRangeMs(500, 540);
    m_view->plot()->replot();
    const QImage image = m_view->plot()->toPixmap().toImage();
    saveIfAsked(image, QStringLiteral("zoomed-spans.png"));
    const TimelinePalette &p = m_view->timelinePalette();
    for (int i = 501; i < 539; ++i) {
        const int lane = i % 2;
        const QColor want = p.kind(i % 4 == 0 ? TaskKind::Io : TaskKind::Cpu);
        QCOMPARE(at(image, *m_view, i + 0.15, lane + 0.5), want);
        QCOMPARE(at(image, *m_view, i + 0.65, lane + 0.5),
                 lane == 0 ? p.plotBackground : p.rowStripe);
    }
}

// 20,000 spans of 5 us in 200 ms seen 2 s wide: a shaded band, darker where busier.
void TestTimelineRaster::mergedSpansShaded()
{
    Trace trace;
    trace.lanes = standardLanes(2, false);
    for (int i = 0; i < 20000; ++i) // 50% busy for 100 ms, then 10%
        trace.records.append(
            i < 10000 ? span(0, i * 0.01, i * 0.01 + 0.005)
                      : span(0, 100 + (i - 10000) * 0.01, 100 + (i - 10000) * 0.01 + 0.001));
    trace.records.append(span(1, 1900, 2000, TaskKind::Io));
    m_view->setTrace(trace);
    m_view->plot()->replot();
    const QImage image = m_view->plot()->toPixmap().toImage();
    saveIfAsked(image, QStringLiteral("merged-shaded.png"));
    const TimelinePalette &p = m_view->timelinePalette();
    const QColor half = at(image, *m_view, 60, 0.5);
    const QColor tenth = at(image, *m_view, 160, 0.5);
    QCOMPARE(at(image, *m_view, 1130, 0.5), p.plotBackground);
    QCOMPARE(at(image, *m_view, 1950, 1.5), p.kind(TaskKind::Io));
    QVERIFY2(half != p.plotBackground && tenth != p.plotBackground,
             qPrintable(half.name() + tenth.name()));
    QVERIFY2(half.lightness() < tenth.lightness(), qPrintable(half.name() + tenth.name()));
    QVERIFY(half.blue() > half.red()); // a shade of the cpu blue
    QVERIFY2(m_view->spans()->lastPrimitives() < 100,
             qPrintable(QString::number(m_view->spans()->lastPrimitives())));
}

// SVG, PDF and QPicture get rectangles (a vector picture), not an image of the rows.
void TestTimelineRaster::vectorDevicesGetRectangles()
{
    m_view->setTrace(mixedTrace());
    m_view->plot()->replot();
    QPicture picture;
    QCPPainter painter(&picture);
    m_view->plot()->toPainter(&painter, 800, 500);
    painter.end();
    QVERIFY(m_view->spans()->lastPrimitives() > 10);
    QByteArray svg;
    {
        QBuffer buffer(&svg);
        buffer.open(QIODevice::WriteOnly);
        QSvgGenerator generator;
        generator.setOutputDevice(&buffer);
        generator.setSize(QSize(800, 500));
        QCPPainter svgPainter(&generator);
        svgPainter.setMode(QCPPainter::pmVectorized);
        m_view->plot()->toPainter(&svgPainter, 800, 500);
    }
    QVERIFY(!svg.contains("<image"));
    QVERIFY(svg.contains("<rect") || svg.contains("<path"));
}

void TestTimelineRaster::onScreenAsExported_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<bool>("ghosts");
    QTest::addColumn<int>("selected");
    QTest::addColumn<double>("zoom"); // share of the range shown, 1: all
    QTest::addColumn<bool>("dark");

    QTest::newRow("every kind and status") << "mixed" << false << -1 << 1.0 << false;
    QTest::newRow("ghosts and a selection") << "mixed" << true << 1 << 1.0 << false;
    QTest::newRow("dark, zoomed, ghosts") << "mixed" << true << 0 << 0.3 << true;
    QTest::newRow("10^5 spans merged, ghosts") << "synthetic5" << true << -1 << 1.0 << false;
    QTest::newRow("10^5 spans zoomed to 1%") << "synthetic5" << false << -1 << 0.01 << false;
}

// What the window shows (the plot's paint buffers drawn by its paint event) is the picture an
// export draws, pixel for pixel: axes, labels, legend, rows and f(t).
void TestTimelineRaster::onScreenAsExported()
{
    QFETCH(QString, what);
    QFETCH(bool, ghosts);
    QFETCH(int, selected);
    QFETCH(double, zoom);
    QFETCH(bool, dark);

    const Trace trace = what == QLatin1String("mixed") ? mixedTrace() : syntheticTrace(100000, 8);
    show(trace, what, ghosts, selected, zoom, dark);
    m_view->plot()->replot(QCustomPlot::rpImmediateRefresh);
    m_view->plot()->replot(QCustomPlot::rpImmediateRefresh); // the legend and f(t) settle

    const auto *plot = qobject_cast<TimelinePlot *>(m_view->plot());
    QVERIFY(plot && plot->drewOpaque()); // the background in the buffer, one copy per paint
    const QImage screen = m_view->plot()->grab().toImage().convertToFormat(QImage::Format_RGB32);
    const QImage exported =
        m_view->plot()->toPixmap().toImage().convertToFormat(QImage::Format_RGB32);
    const QString name =
        QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'));
    saveIfAsked(screen, name + QStringLiteral("-screen.png"));
    saveIfAsked(exported, name + QStringLiteral("-exported.png"));
    QCOMPARE(screen.size(), exported.size());
    QImage where;
    for (const QRect &rect : {m_view->timelineRect()->rect(), m_view->activityRect()->rect()}) {
        QCOMPARE(differences(screen, exported, rect, &where), 0);
    }
    // Outside, the tick labels: on screen QCustomPlot draws them from its label cache (pixmaps
    // of the text), an export draws the text, and a few edge pixels of the glyphs differ.
    const int n = differences(screen, exported, screen.rect(), &where);
    saveIfAsked(where, name + QStringLiteral("-screen-diff.png"));
    QVERIFY2(n < screen.width() * screen.height() / 200, qPrintable(QString::number(n)));
}

void TestTimelineRaster::canvasPixels_data()
{
    QTest::addColumn<QRectF>("rect");
    QTest::addColumn<QRect>("covered");
    QTest::newRow("whole pixels") << QRectF(2, 3, 4, 5) << QRect(2, 3, 4, 5);
    QTest::newRow("centres inside") << QRectF(1.4, 2.6, 3.2, 1.8) << QRect(1, 3, 4, 1);
    QTest::newRow("less than a pixel, no centre") << QRectF(5.6, 5.6, 0.3, 0.3) << QRect();
    QTest::newRow("clipped at the edge") << QRectF(-3, -3, 5, 20) << QRect(0, 0, 2, 10);
}

// A rectangle covers the pixels whose centres it holds, as QPainter without antialiasing.
void TestTimelineRaster::canvasPixels()
{
    QFETCH(QRectF, rect);
    QFETCH(QRect, covered);
    QImage image(10, 10, QImage::Format_RGB32);
    image.fill(Qt::white);
    QImage reference = image;
    {
        QPainter painter(&reference);
        painter.fillRect(rect, Qt::red);
    }
    QPainter painter(&image);
    SpanCanvas canvas;
    canvas.begin(&painter, QRect(0, 0, 10, 10), qRgb(255, 255, 255));
    canvas.fill(rect, qRgb(255, 0, 0));
    canvas.end(&painter);
    painter.end();
    for (int y = 0; y < 10; ++y) {
        for (int x = 0; x < 10; ++x) {
            const bool red = image.pixel(x, y) == qRgb(255, 0, 0);
            QCOMPARE(red, covered.contains(x, y));
            QCOMPARE(image.pixel(x, y), reference.pixel(x, y));
        }
    }
}

QTEST_MAIN(TestTimelineRaster)
#include "tst_timelineraster.moc"
