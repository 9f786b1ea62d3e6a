#include "activityplot.h"

#include "customplot.h"
#include "spancanvas.h"
#include "taskfunction.h"
#include "timeticker.h"
#include "trace.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace Taskline {

namespace {

/*!
 * The stacked f(t) areas. On a raster device the tallest graph fills all of them into one
 * image, column by column, and the others skip their draw: QPainter's polygon fill walks
 * every edge of a curve that changes at every bin (~34M instructions for a zoomed view),
 * our columns cost their pixels. Vector devices get QCPGraph's polygons.
 */
class StackGraph : public QCPGraph
{
public:
    using QCPGraph::QCPGraph;
    // Set on the graph drawn first: the whole stack, tallest first.
    std::array<QCPGraph *, TaskKindCount> stack{};
    bool drawsStack = false;
    bool rasterEnabled = true;

protected:
    void draw(QCPPainter *painter) override
    {
        if (!rasterEnabled || painter->modes().testFlag(QCPPainter::pmVectorized) ||
            !SpanCanvas::canRaster(painter)) {
            QCPGraph::draw(painter);
            return;
        }
        if (drawsStack)
            drawImage(painter);
    }

private:
    void drawImage(QCPPainter *painter);

    std::vector<int> m_below; // per column: the top of what is drawn so far
};

void StackGraph::drawImage(QCPPainter *painter)
{
    painter->setAntialiasing(false); // QCPPainter shifts antialiased drawing by half a pixel
    const QTransform t = painter->deviceTransform();
    // The clip QCPLayer sets is the axis rect one pixel up.
    const QRectF device = t.mapRect(QRectF(clipRect() & clipRect().translated(0, -1)));
    const int x0 = int(std::lround(device.left()));
    const int y0 = int(std::lround(device.top()));
    const int w = int(std::lround(device.right())) - x0;
    const int h = int(std::lround(device.bottom())) - y0;
    if (w <= 0 || h <= 0)
        return;
    // Opaque colours go straight into the painter's image when it is one (the window's
    // paint buffer); else into a transparent image drawn over what is there.
    bool opaque = true;
    for (QCPGraph *g : stack)
        opaque = opaque && (!g || g->brush().isOpaque());
    qsizetype stride = 0;
    QRgb *direct = opaque ? SpanCanvas::devicePixels(painter, QRect(x0, y0, w, h), &stride) : nullptr;
    QImage image;
    if (!direct) {
        image = QImage(w, h, QImage::Format_ARGB32_Premultiplied);
        image.fill(0);
        stride = image.bytesPerLine();
    }
    uchar *bits = direct ? reinterpret_cast<uchar *>(direct) : image.bits();
    const double base = valueAxis()->coordToPixel(0) * t.m22() + t.dy() - y0;
    // Each column between the first and last point: the curve's height at the column's
    // centre, as the aliased polygon fill covers pixels whose centres are inside.
    // Lowest first: each fills from its curve down to the one below it.
    m_below.assign(std::size_t(w), int(std::ceil(base - 0.5)));
    for (auto at = stack.rbegin(); at != stack.rend(); ++at) {
        QCPGraph *g = *at;
        if (!g || !g->visible() || g->data()->isEmpty())
            continue;
        const QRgb color = qPremultiply(g->brush().color().rgba());
        auto it = g->data()->constBegin();
        const auto end = g->data()->constEnd();
        const auto px = [&](const QCPGraphData &d) {
            return QPointF(keyAxis()->coordToPixel(d.key) * t.m11() + t.dx() - x0,
                           valueAxis()->coordToPixel(d.value) * t.m22() + t.dy() - y0);
        };
        QPointF a = px(*it);
        QPointF b = a;
        const double last = px(*(end - 1)).x();
        for (int c = std::max(0, int(std::ceil(a.x() - 0.5))); c < w; ++c) {
            const double x = c + 0.5;
            if (x > last)
                break;
            while (b.x() < x && it != end) {
                a = b;
                if (++it != end)
                    b = px(*it);
            }
            const double y =
                b.x() > a.x() ? a.y() + (b.y() - a.y()) * (x - a.x()) / (b.x() - a.x()) : b.y();
            const int top = std::max(0, int(std::ceil(y - 0.5)));
            int &below = m_below[std::size_t(c)];
            const int bottom = std::min(h, below);
            QRgb *pixel = reinterpret_cast<QRgb *>(bits + top * stride) + c;
            const qsizetype down = stride / qsizetype(sizeof(QRgb));
            int n = bottom - top;
            for (; n >= 4; n -= 4, pixel += 4 * down) { // a column: four pixels a step
                pixel[0] = color;
                pixel[down] = color;
                pixel[2 * down] = color;
                pixel[3 * down] = color;
            }
            for (; n > 0; --n, pixel += down)
                *pixel = color;
            below = std::min(below, top);
        }
    }
    if (!direct)
        painter->drawImage(t.inverted().mapRect(QRectF(x0, y0, w, h)), image);
}

} // namespace

ActivityPlot::ActivityPlot(QCustomPlot *plot, QCPAxisRect *rect) : m_rect(rect)
{
    QCPAxis *x = rect->axis(QCPAxis::atBottom);
    QCPAxis *y = rect->axis(QCPAxis::atLeft);
    // Each kind's graph holds the sum of the kinds below it and fills down to zero; the
    // tallest is added (so drawn) first and the ones below paint over it. No channel fills:
    // a vector file gets one outline per kind, not two.
    std::array<QCPGraph *, TaskKindCount> tallestFirst{};
    for (std::size_t i = m_stack.size(); i-- > 0;) {
        auto *g = new StackGraph(x, y);
        tallestFirst[m_stack.size() - 1 - i] = g;
        g->setLineStyle(QCPGraph::lsLine);
        g->setAntialiased(false);
        g->setAntialiasedFill(false);
        g->removeFromLegend();
        m_stack[i] = g;
    }
    static_cast<StackGraph *>(tallestFirst[0])->stack = tallestFirst;
    static_cast<StackGraph *>(tallestFirst[0])->drawsStack = true;
    m_baselineGraph = plot->addGraph(x, y);
    m_baselineGraph->setLineStyle(QCPGraph::lsLine);
    m_baselineGraph->removeFromLegend();
    m_baselineGraph->setAntialiased(true);
    m_baselineGraph->setVisible(false);
    m_predicted = plot->addGraph(x, y);
    m_predicted->setLineStyle(QCPGraph::lsLine);
    m_predicted->removeFromLegend();
    m_predicted->setAntialiased(true);

    // Running tasks are counted in whole tasks: integer ticks, about four of them.
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssNone);
    m_ticker = ticker.get();
    y->setTicker(ticker);

    m_workersLine = new QCPItemStraightLine(plot);
    m_workersLine->setClipAxisRect(rect);
    for (QCPItemPosition *p : {m_workersLine->point1, m_workersLine->point2}) {
        p->setAxes(x, y);
        p->setAxisRect(rect);
    }
    m_workersLabel = new QCPItemText(plot);
    m_workersLabel->setClipAxisRect(rect);
    m_workersLabel->position->setAxes(x, y);
    m_workersLabel->position->setAxisRect(rect);
    m_workersLabel->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    m_workersLabel->position->setTypeY(QCPItemPosition::ptPlotCoords);
    m_workersLabel->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    m_workersLabel->setPadding(QMargins(4, 0, 4, 1));
    setWorkers(0);
}

void ActivityPlot::setRasterEnabled(bool enabled)
{
    for (QCPGraph *g : m_stack)
        static_cast<StackGraph *>(g)->rasterEnabled = enabled;
}

void ActivityPlot::setTraces(const Trace *measured, const Trace *predicted)
{
    m_measured = measured;
    m_prediction = predicted;
    m_predictedCached = false;
}

void ActivityPlot::setBaseline(const Trace *baseline)
{
    m_baseline = baseline;
}

bool ActivityPlot::hasBaseline() const
{
    return m_baselineGraph->visible() && !m_baselineGraph->data()->isEmpty();
}

void ActivityPlot::setWorkers(int workers)
{
    m_workers = workers;
    m_workersLine->setVisible(workers > 0);
    m_workersLabel->setVisible(workers > 0);
    m_workersLine->point1->setCoords(0, workers);
    m_workersLine->point2->setCoords(1, workers);
    m_workersLabel->position->setCoords(1.0, workers);
    m_workersLabel->setText(workers == 1 ? QStringLiteral("P = 1 worker")
                                         : QStringLiteral("P = %1 workers").arg(workers));
}

void ActivityPlot::setTimelinePalette(const TimelinePalette &palette)
{
    m_palette = palette;
    for (std::size_t i = 0; i < m_stack.size(); ++i) {
        const QColor c = palette.kind(StackOrder[i]);
        m_stack[i]->setPen(Qt::NoPen); // a kind's top edge would outline the whole stack
        m_stack[i]->setBrush(palette.fade(c, palette.dark ? 0.9 : 0.75)); // bright on dark
    }
    m_predicted->setPen(QPen(palette.predicted, 1.6));
    m_baselineGraph->setPen(QPen(palette.baselineLine(), 1.6, Qt::DashDotLine));
    m_workersLine->setPen(QPen(palette.workers, 1.4, Qt::DashLine));
    m_workersLabel->setColor(palette.workers);
}

QString ActivityPlot::toolTip(double ms) const
{
    const auto valueAt = [ms](const QCPGraph *g) {
        const auto data = g->data();
        if (data->isEmpty())
            return 0.0;
        auto it = data->findBegin(ms, false); // the bin centre at or before ms
        if (it == data->constEnd())
            --it;
        auto next = it + 1;
        if (next != data->constEnd() && std::abs(next->key - ms) < std::abs(it->key - ms))
            it = next;
        return it->value;
    };
    QString text =
        QStringLiteral("<b>%1</b><table cellspacing=\"0\" cellpadding=\"0\">").arg(timeText(ms));
    const auto row = [&text](const QString &name, double value) {
        text += QStringLiteral("<tr><td style=\"padding-right:10px\">%1</td><td>%2</td></tr>")
                    .arg(name, QString::number(value, 'f', 2));
    };
    double below = 0;
    double total = 0;
    QString kinds;
    for (std::size_t i = 0; i < m_stack.size(); ++i) {
        if (!m_hasKind[std::size_t(StackOrder[i])])
            continue;
        const double sum = valueAt(m_stack[i]);
        if (sum - below > 0.005)
            kinds += QStringLiteral(
                         "<tr><td style=\"padding-right:10px\">&nbsp;&nbsp;%1</td><td>%2</td></tr>")
                         .arg(kindName(StackOrder[i]), QString::number(sum - below, 'f', 2));
        below = sum;
        total = sum;
    }
    row(QStringLiteral("running tasks"), total);
    text += kinds;
    if (hasPrediction())
        row(QStringLiteral("predicted"), valueAt(m_predicted));
    if (hasBaseline())
        row(QStringLiteral("baseline run"), valueAt(m_baselineGraph));
    if (m_workers > 0)
        row(QStringLiteral("workers (P)"), m_workers);
    return text + QStringLiteral("</table>");
}

bool ActivityPlot::hasPrediction() const
{
    return m_predicted->visible() && !m_predicted->data()->isEmpty();
}

void ActivityPlot::update(double fromMs, double toMs, int widthPx)
{
    const int bins = std::clamp(widthPx / 2, 1, 4000);
    const auto t0 = qint64(fromMs * 1e6);
    const auto t1 = std::max(t0 + 1, qint64(toMs * 1e6));
    const double binMs = double(t1 - t0) / bins / 1e6;

    QVector<double> keys(bins);
    for (int b = 0; b < bins; ++b)
        keys[b] = t0 / 1e6 + (b + 0.5) * binMs; // bin centres

    QVector<double> sum(bins, 0.0);
    m_hasKind.fill(false);
    if (m_measured && !m_measured->records.isEmpty()) {
        const auto curves = activityByKind(*m_measured, t0, t1, bins);
        for (std::size_t i = 0; i < m_stack.size(); ++i) {
            const TaskKind kind = StackOrder[i];
            const QList<double> &v = curves[std::size_t(kind)].values;
            for (int b = 0; b < bins && b < v.size(); ++b) {
                sum[b] += v[b];
                m_hasKind[std::size_t(kind)] |= v[b] > 0;
            }
            if (m_hasKind[std::size_t(kind)])
                m_stack[i]->setData(keys, sum, true);
            else
                m_stack[i]->data()->clear();
        }
    } else {
        for (QCPGraph *g : m_stack)
            g->data()->clear();
    }
    m_peak = sum.isEmpty() ? 0.0 : *std::max_element(sum.cbegin(), sum.cend());

    double top = std::max({1.0, m_peak, double(m_workers)});
    if (m_prediction && !m_prediction->records.isEmpty()) {
        const PredictedKey key{t0, t1, bins};
        if (!m_predictedCached || !(key == m_predictedKey)) {
            const ActivityCurve curve = activity(*m_prediction, t0, t1, bins);
            QVector<double> values(bins);
            for (int b = 0; b < bins; ++b)
                values[b] = curve.values.value(b);
            m_predicted->setData(keys, values, true);
            m_predictedPeak = *std::max_element(values.cbegin(), values.cend());
            m_predictedKey = key;
            m_predictedCached = true;
        }
        m_predicted->setVisible(true);
        top = std::max(top, m_predictedPeak);
    } else {
        m_predictedCached = false;
        m_predicted->data()->clear();
        m_predicted->setVisible(false);
    }
    if (m_baseline && !m_baseline->records.isEmpty()) {
        const ActivityCurve curve = activity(*m_baseline, t0, t1, bins);
        QVector<double> values(bins);
        for (int b = 0; b < bins; ++b)
            values[b] = curve.values.value(b);
        m_baselineGraph->setData(keys, values, true);
        m_baselineGraph->setVisible(true);
        top = std::max(top, *std::max_element(values.cbegin(), values.cend()));
    } else {
        m_baselineGraph->data()->clear();
        m_baselineGraph->setVisible(false);
    }
    m_rect->axis(QCPAxis::atLeft)->setRange(0, top * 1.18);
    const double rough = std::max(1.0, top / 4 * (1 - 1e-9)); // 8.0000001 tasks: still 2 a tick
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    const double mantissa = rough / magnitude;
    m_ticker->setTickStep((mantissa <= 1   ? 1
                           : mantissa <= 2 ? 2
                           : mantissa <= 5 ? 5
                                           : 10) *
                          magnitude);
}

} // namespace Taskline
