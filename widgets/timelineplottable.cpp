#include "timelineplottable.h"

#include "rowlayout.h"
#include "timelinegeometry.h"
#include "trace.h"

#include <algorithm>
#include <cmath>

namespace Taskline {

namespace {

constexpr double DenseSubRowPx = 1.5; // thinner sub-rows merge into shared pixel bands
constexpr double HitTolerancePx = 3.0;
constexpr int KindSamples = 16; // spans sampled for a crowded bucket's kind shares

} // namespace

struct SpanPlottable::View
{
    double xA = 0; // x = xA + ns * xPerNs
    double xPerNs = 0;
    double left = 0; // clip rect
    double right = 0;
    qint64 t0Ns = 0; // visible times, a pixel of margin included
    qint64 t1Ns = 0;
    double nsPerPx = 1;

    double x(qint64 ns) const { return xA + double(ns) * xPerNs; }
    qint64 ns(double px) const { return qint64(std::floor((px - xA) / xPerNs)); }
};

SpanPlottable::SpanPlottable(QCPAxis *keyAxis, QCPAxis *valueAxis)
    : QCPAbstractPlottable(keyAxis, valueAxis)
{
    setSelectable(QCP::stNone);
    setAntialiasedFill(false);
}

void SpanPlottable::setSource(const Trace *trace, const RowLayout *layout, const RowBands *bands)
{
    m_trace = trace;
    m_layout = layout;
    m_bands = bands;
}

void SpanPlottable::setRowMap(const QList<int> &bandOfRow)
{
    m_bandOfRow = bandOfRow;
    m_rowOfBand.clear();
    for (qsizetype row = 0; row < bandOfRow.size(); ++row) {
        const int band = bandOfRow[row];
        if (band < 0)
            continue;
        if (m_rowOfBand.size() <= band)
            m_rowOfBand.resize(band + 1, -1);
        m_rowOfBand[band] = int(row);
    }
}

int SpanPlottable::rowOfBand(int band) const
{
    if (m_bandOfRow.isEmpty())
        return band < m_layout->rowCount() ? band : -1;
    return band < m_rowOfBand.size() ? m_rowOfBand[band] : -1;
}

int SpanPlottable::bandOfRow(int row) const
{
    if (m_bandOfRow.isEmpty())
        return row < m_bands->rowCount() ? row : -1;
    return row < m_bandOfRow.size() ? m_bandOfRow[row] : -1;
}

std::pair<double, double> SpanPlottable::subRowPixels(int band, int subRow, int count) const
{
    const auto [a, b] = m_bands->subRowBand(band, subRow, count);
    const double ya = valueAxis()->coordToPixel(a);
    const double yb = valueAxis()->coordToPixel(b);
    return {std::min(ya, yb), std::max(ya, yb)};
}

qsizetype SpanPlottable::spanCount() const
{
    return m_layout ? m_layout->spanCount() : 0;
}

SpanPlottable::View SpanPlottable::makeView() const
{
    View v;
    const QRect clip = clipRect();
    v.left = clip.left();
    v.right = clip.right() + 1;
    const double x0 = keyAxis()->coordToPixel(0.0);
    const double x1 = keyAxis()->coordToPixel(1.0); // 1 ms
    v.xA = x0;
    v.xPerNs = (x1 - x0) / 1e6;
    if (!(v.xPerNs > 0))
        v.xPerNs = 1e-9;
    v.nsPerPx = 1.0 / v.xPerNs;
    v.t0Ns = v.ns(v.left - 1);
    v.t1Ns = v.ns(v.right + 1);
    return v;
}

void SpanPlottable::setUnderlay(SpanPlottable *below)
{
    if (m_underlay)
        m_underlay->m_drawnBy = nullptr;
    m_underlay = below;
    if (below)
        below->m_drawnBy = this;
}

bool SpanPlottable::rasters(QCPPainter *painter) const
{
    if (!m_rasterEnabled || painter->modes().testFlag(QCPPainter::pmVectorized) ||
        !SpanCanvas::canRaster(painter))
        return false;
    const QBrush background = keyAxis()->axisRect()->backgroundBrush();
    return background.style() == Qt::SolidPattern && background.isOpaque() &&
           keyAxis()->axisRect()->background().isNull();
}

void SpanPlottable::draw(QCPPainter *painter)
{
    m_primitives = 0;
    if (m_drawnBy && m_drawnBy->realVisibility() && m_drawnBy->rasters(painter))
        return; // in the image of the plottable above
    if (rasters(painter)) {
        drawRaster(painter);
        return;
    }
    m_into = nullptr;
    const View v = makeView();
    painter->setAntialiasing(false);
    painter->setPen(Qt::NoPen);
    paintRows(v);
    m_primitives += m_batch.flush(painter);
    if (!m_ghost && m_spansShown)
        drawSelection(painter, v);
}

void SpanPlottable::drawRaster(QCPPainter *painter)
{
    // Aliased, as the QPainter path draws: QCPPainter shifts antialiased drawing by half a
    // pixel. The clip QCPLayer sets is the axis rect one pixel up: the image covers both.
    painter->setAntialiasing(false);
    const QRect rect = clipRect() & clipRect().translated(0, -1);
    m_canvas.begin(painter, rect, keyAxis()->axisRect()->backgroundBrush().color().rgb(),
                   m_backgroundBelow);
    if (!m_canvas.isActive())
        return;
    drawGrid();
    if (m_underlay && m_underlay->realVisibility()) {
        m_underlay->m_primitives = 0;
        m_underlay->m_into = &m_canvas;
        m_underlay->paintRows(m_underlay->makeView());
        m_underlay->m_into = nullptr;
        m_canvas.flushDeferred();
    }
    m_into = &m_canvas;
    const View v = makeView();
    paintRows(v);
    m_into = nullptr;
    m_primitives += m_canvas.end(painter);
    // Status marks are antialiased lines: QPainter's, over the image.
    if (m_underlay && m_underlay->realVisibility())
        m_underlay->m_primitives += m_underlay->m_batch.flush(painter);
    m_primitives += m_batch.flush(painter);
    if (!m_ghost && m_spansShown)
        drawSelection(painter, v);
}

void SpanPlottable::drawGrid()
{
    // The image hides the grid layer under it: its lines are drawn again, in the same pixels
    // (QCPGrid draws aliased lines at rounded pixel positions).
    for (QCPAxis *axis : {keyAxis(), valueAxis()}) {
        QCPGrid *grid = axis->grid();
        if (!grid->realVisibility() || grid->pen().style() == Qt::NoPen)
            continue;
        const QCPRange range = axis->range();
        const double epsilon = range.size() * 1e-6;
        const bool zeroLine =
            grid->zeroLinePen().style() != Qt::NoPen && range.lower < 0 && range.upper > 0;
        for (const double tick : axis->tickVector()) {
            const bool zero = zeroLine && std::abs(tick) < epsilon;
            const QRgb color = (zero ? grid->zeroLinePen() : grid->pen()).color().rgb();
            const double at = std::round(axis->coordToPixel(tick));
            if (axis->orientation() == Qt::Horizontal)
                m_canvas.vline(at, color);
            else
                m_canvas.hline(at, color);
        }
    }
}

void SpanPlottable::paintRows(const View &v)
{
    if (!m_trace || !m_layout || !m_bands || m_bands->rowCount() == 0)
        return;
    const int bands = m_bands->rowCount();
    const QCPRange range = valueAxis()->range();
    const int firstBand = std::max(0, m_bands->rowAt(std::max(0.0, range.lower)));
    int lastBand = m_bands->rowAt(std::min(range.upper, m_bands->total - 1e-9));
    lastBand = lastBand < 0 ? bands - 1 : lastBand;

    if (m_stripes)
        drawStripes(v, firstBand, lastBand);
    m_mixedPx = 0;
    for (std::size_t k = 0; k < m_kindColors.size(); ++k) {
        const QColor kind = m_palette.kind(TaskKind(k));
        m_kindColors[k] = {kind,
                           kind.darker(135),
                           m_palette.fade(kind, 0.4),
                           m_palette.fade(kind, m_ghost ? 0.2 : 0.5),
                           m_palette.fade(kind, 0.22),
                           m_palette.fade(kind, 0.6)};
        m_kindColors[k].fillRgb = m_kindColors[k].fill.rgb();
        m_kindColors[k].cancelledRgb = m_kindColors[k].cancelled.rgb();
    }
    for (std::size_t k = 0; k <= TaskKindCount; ++k) {
        const QColor kind = k < TaskKindCount ? m_palette.kind(TaskKind(k)) : m_palette.mixed;
        m_runShades[k][0] = m_palette.fade(kind, m_ghost ? 0.08 : 0.22); // dense, waits only
        for (int level = 1; level <= SpanRaster::Levels; ++level) {
            const double busy = double(level) / SpanRaster::Levels;
            m_runShades[k][std::size_t(level)] =
                m_palette.fade(kind, m_ghost ? 0.08 + 0.22 * busy : 0.3 + 0.7 * busy);
        }
        m_runShades[k][SpanRaster::Levels + 1] = m_palette.fade(kind, 0.5); // a wait line
        for (std::size_t level = 0; level < m_runShades[k].size(); ++level)
            m_runRgb[k][level] = m_runShades[k][level].rgb();
    }
    if (!m_spansShown)
        return;

    for (int band = firstBand; band <= lastBand; ++band) {
        const int row = rowOfBand(band);
        const int n = row < 0 ? 0 : m_layout->subRowCount(row);
        if (n == 0)
            continue;
        const double y0 = subRowPixels(band, 0, n).first;
        const double y1 = subRowPixels(band, n - 1, n).second;
        if ((y1 - y0) / n < DenseSubRowPx) {
            drawDenseRow(v, row, y0, y1);
            continue;
        }
        for (int sub = 0; sub < n; ++sub) {
            const auto [ya, yb] = subRowPixels(band, sub, n);
            drawTrack(v, row, sub, ya, yb);
        }
    }
}

namespace {

// Vector output: edges on eighths of a pixel (exact in binary) print as short decimals;
// a full-precision double costs SVG's writer a slow shortest-digits search per number.
QRectF snapped(const QRectF &r)
{
    const auto eighth = [](double v) { return std::round(v * 8) / 8; };
    const double x0 = eighth(r.left()), y0 = eighth(r.top());
    return {x0, y0, eighth(r.right()) - x0, eighth(r.bottom()) - y0};
}

} // namespace

void SpanPlottable::fill(const QRectF &rect, const QColor &color)
{
    if (m_into)
        m_into->fill(rect, color.rgb());
    else
        m_batch.fill(snapped(rect), color);
}

void SpanPlottable::overlay(const QRectF &rect, const QColor &color)
{
    if (m_into)
        m_into->overlay(rect, color.rgb());
    else
        m_batch.overlay(snapped(rect), color);
}

void SpanPlottable::hatch(const QRectF &rect, const QColor &color, bool cross)
{
    if (m_into)
        m_into->hatch(rect, color.rgb(), cross);
    else
        m_batch.pattern(snapped(rect),
                        QBrush(color, cross ? Qt::DiagCrossPattern : Qt::BDiagPattern));
}

void SpanPlottable::outline(const QRectF &stroked, const QColor &color, double width,
                            Qt::PenStyle style)
{
    if (m_into)
        m_into->outline(stroked, color.rgb(), int(std::round(width)), style != Qt::SolidLine);
    else
        m_batch.outline(snapped(stroked), QPen(color, width, style));
}

void SpanPlottable::drawStripes(const View &v, int firstRow, int lastRow)
{
    for (int row = firstRow; row <= lastRow; ++row) {
        if (row % 2 == 0)
            continue;
        const double a = valueAxis()->coordToPixel(m_bands->tops[row]);
        const double b = valueAxis()->coordToPixel(m_bands->tops[row] + m_bands->heights[row]);
        fill(QRectF(v.left, std::min(a, b), v.right - v.left, std::abs(b - a)),
             m_palette.rowStripe);
    }
}

void SpanPlottable::drawTrack(const View &v, int row, int subRow, double y0, double y1)
{
    m_raster.reset(v.left, int(v.right - v.left));
    m_wide.clear();
    rasterTrack(v, row, subRow, false);
    // A little air between stacked sub-rows once there is room for it.
    const double inset = std::min(1.0, (y1 - y0) * 0.1);
    if (m_into)
        m_into->beginTrack(y0 + inset, y1 - inset);
    flushRaster(y0 + inset, y1 - inset, false);
    for (const quint32 record : m_wide)
        drawSpan(v, record, y0 + inset, y1 - inset);
    if (m_into)
        m_into->endTrack();
}

void SpanPlottable::drawDenseRow(const View &v, int row, double y0, double y1)
{
    // Sub-rows thinner than a pixel: each pixel band shows the union of its sub-rows.
    const int n = m_layout->subRowCount(row);
    const int bands = std::max(1, int((y1 - y0) / DenseSubRowPx));
    const double bandPx = (y1 - y0) / bands;
    for (int band = 0; band < bands; ++band) {
        const int firstSub = int(qint64(band) * n / bands);
        const int lastSub = int(qint64(band + 1) * n / bands);
        m_raster.reset(v.left, int(v.right - v.left));
        for (int sub = firstSub; sub < lastSub; ++sub)
            rasterTrack(v, row, sub, true);
        if (m_into)
            m_into->beginTrack(y0 + band * bandPx, y0 + (band + 1) * bandPx);
        flushRaster(y0 + band * bandPx, y0 + (band + 1) * bandPx, true);
        if (m_into)
            m_into->endTrack();
    }
}

void SpanPlottable::rasterTrack(const View &v, int row, int subRow, bool dense)
{
    const std::vector<LayoutSpan> &s = m_layout->spans(row, subRow);
    const auto [first, last] = m_layout->visibleRange(row, subRow, v.t0Ns, v.t1Ns);
    const auto begin = s.begin();
    const auto wide = [&](const LayoutSpan &x) { return v.x(x.endNs) - v.x(x.startNs) >= MergePx; };
    const QList<AttemptRecord> &records = m_trace->records;

    std::size_t i = first;
    while (i < last) {
        const LayoutSpan &span = s[i];
        const AttemptRecord &r = records[span.record];
        if (wide(span)) {
            if (!dense) {
                m_wide.push_back(span.record);
            } else {
                const double xs = v.x(r.startNs);
                m_raster.addFull(xs, std::max(xs + 1, v.x(r.endNs)), r.kind);
                if (m_waitsShown)
                    m_raster.addWait(v.x(span.startNs), xs, r.kind);
                if (r.status != AttemptStatus::Ok && !m_ghost)
                    m_raster.addMark(xs, v.x(r.endNs));
            }
            ++i;
            continue;
        }
        // Merge every span starting in this MergePx-wide bucket; the prefix sums give their
        // busy time and failures without visiting them.
        const double xs = v.x(span.startNs);
        const qint64 bucketEnd = v.ns(std::floor(xs - v.left) + v.left + MergePx);
        // A bucket holds few of the sub-row's spans: gallop from i, then search what is left.
        std::size_t probe = 1;
        while (i + probe < last && s[i + probe].startNs < bucketEnd)
            probe *= 2;
        std::size_t j = std::size_t(
            std::partition_point(
                begin + qsizetype(i + probe / 2) + 1, begin + qsizetype(std::min(last, i + probe)),
                [bucketEnd](const LayoutSpan &x) { return x.startNs < bucketEnd; }) -
            begin);
        if (j - 1 > i && wide(s[j - 1]))
            --j; // only the last can be wide: it starts in the bucket and ends beyond it
        if (j == i + 1 && !dense && !r.ran()) {
            m_wide.push_back(span.record); // a lone status mark
            ++i;
            continue;
        }
        const qint64 busyNs = s[j - 1].runSumNs - (i > 0 ? s[i - 1].runSumNs : 0);
        const quint32 marks = s[j - 1].markSum - (i > 0 ? s[i - 1].markSum : 0);
        // Kind shares from the spans themselves (contiguous, no record lookups): all of
        // them, or an even sample of a crowded bucket.
        // Summed in whole ns (exact, as the doubles they become were).
        std::array<qint64, TaskKindCount> kindNs{};
        const std::size_t step = std::max<std::size_t>(1, (j - i) / KindSamples);
        std::size_t k = i;
        if (k == 0) {
            kindNs[std::size_t(s[0].kind)] += std::max<qint64>(1, s[0].runSumNs);
            k += step;
        }
        for (; k < j; k += step)
            kindNs[std::size_t(s[k].kind)] += std::max<qint64>(1, s[k].runSumNs - s[k - 1].runSumNs);
        std::array<double, TaskKindCount> byKind{};
        for (std::size_t kind = 0; kind < byKind.size(); ++kind)
            byKind[kind] = double(kindNs[kind]);
        const double xb = std::max(v.x(s[j - 1].endNs), xs + 1);
        m_raster.addBusy(xs, xb, std::max(0.25, double(busyNs) / v.nsPerPx), byKind);
        if (marks > 0 && !m_ghost)
            m_raster.addMark(xs, xb);
        i = j;
    }
}

void SpanPlottable::flushRaster(double y0, double y1, bool dense)
{
    const double h = y1 - y0;
    m_raster.forEachRun([&](const SpanRaster::Run &run) {
        // Shades by kind (the last one: mixed) and busy level, worked out once per draw.
        const std::size_t kind = run.mixed ? TaskKindCount : std::size_t(run.kind);
        const std::size_t level = std::size_t(run.level > 0 ? run.level : dense ? 0 : 5);
        const QColor &shade = m_runShades[kind][level];
        if (run.mixed && run.level > 0)
            m_mixedPx += run.x1 - run.x0;
        if (run.level > 0 || dense) {
            if (m_into) // the track's rows: y0 and y1 are what beginTrack() was given
                m_into->fillAcross(run.x0, run.x1, m_runRgb[kind][level]);
            else
                fill(QRectF(run.x0, y0, run.x1 - run.x0, h), shade);
        } else {
            const double t = std::max(1.0, std::round(h * 0.16));
            fill(QRectF(run.x0, y0 + (h - t) / 2, run.x1 - run.x0, t), shade);
        }
    });
    if (m_ghost)
        return;
    const QColor failed = m_palette.status(AttemptStatus::Failed);
    m_raster.forEachMark([&](double x0, double x1) {
        overlay(QRectF(x0, y0, x1 - x0, std::clamp(h / 4, 1.0, 3.0)), failed);
    });
}

void SpanPlottable::drawSpan(const View &v, quint32 record, double y0, double y1)
{
    const AttemptRecord &r = m_trace->records[record];
    const double h = y1 - y0;
    if (!r.ran()) {
        drawMark(v.x(r.startNs), y0, y1, m_palette.status(r.status));
        return;
    }
    const KindColors &c = m_kindColors[std::size_t(r.kind)];
    const double xs = std::round(v.x(r.startNs));
    const double xe = std::max(xs + 1, std::round(v.x(r.endNs)));
    if (m_waitsShown && r.enqueueNs < r.startNs) {
        const double xq = std::round(v.x(r.enqueueNs));
        const double t = std::max(1.0, std::round(h * 0.16));
        fill(QRectF(xq, y0 + (h - t) / 2, xs - xq, t), c.wait);
    }
    const QRectF rect(xs, y0, xe - xs, h);
    const bool roomy = rect.width() >= 4 && h >= 4;
    if (m_ghost) {
        fill(rect, c.ghost);
        if (roomy)
            outline(rect.adjusted(0, 0, -1, -1), c.ghostEdge, 1, Qt::DashLine);
        return;
    }
    const bool cancelled = r.status == AttemptStatus::Cancelled;
    const bool failed = r.status == AttemptStatus::Failed || r.status == AttemptStatus::TimedOut;
    if (m_into) // the whole track's height: y0 and y1 are what beginTrack() was given
        m_into->fillAcross(xs, xe, cancelled ? c.cancelledRgb : c.fillRgb);
    else
        fill(rect, cancelled ? c.cancelled : c.fill);
    if (failed)
        hatch(rect, m_palette.status(r.status), r.status != AttemptStatus::Failed);
    if (!roomy)
        return;
    const QColor edge = failed || cancelled ? m_palette.status(r.status) : c.edge;
    const double w = failed ? 2 : 1;
    outline(rect.adjusted(w / 2, w / 2, -std::max(1.0, w / 2), -std::max(1.0, w / 2)), edge, w,
            cancelled ? Qt::DashLine : Qt::SolidLine);
}

void SpanPlottable::drawMark(double x, double y0, double y1, QColor color)
{
    const double s = std::clamp((y1 - y0) * 0.35, 1.5, 5.0);
    const double yc = (y0 + y1) / 2;
    const QPen pen(color, 1.6);
    m_batch.line(QLineF(x - s, yc - s, x + s, yc + s), pen);
    m_batch.line(QLineF(x - s, yc + s, x + s, yc - s), pen);
}

void SpanPlottable::drawSelection(QCPPainter *painter, const View &v)
{
    QRectF extent, run;
    if (m_selected < 0 || !recordRect(m_selected, &extent, &run))
        return;
    if (run.right() < v.left || run.left() > v.right)
        return;
    painter->setAntialiasing(true);
    painter->setBrush(Qt::NoBrush);
    if (extent.left() < run.left() - 1) {
        // The queue wait, also in lane rows where the worker was busy with something else.
        painter->setPen(QPen(m_palette.selection, 1.5, Qt::DashLine));
        const double y = run.bottom() + 1;
        painter->drawLine(QPointF(extent.left(), y), QPointF(run.left(), y));
        painter->drawLine(QPointF(extent.left(), y - 3), QPointF(extent.left(), y + 3));
    }
    painter->setPen(QPen(m_palette.selection, 2));
    painter->drawRect(run.adjusted(-2, -2, 2, 2));
    painter->setPen(Qt::NoPen);
    painter->setAntialiasing(false);
    m_primitives += 2;
}

double SpanPlottable::recordValue(int record) const
{
    if (!m_layout || !m_bands || record < 0)
        return std::nan("");
    const auto [row, sub] = m_layout->place(quint32(record));
    const int band = row < 0 ? -1 : bandOfRow(row);
    if (band < 0)
        return std::nan("");
    const auto [a, b] = m_bands->subRowBand(band, sub, m_layout->subRowCount(row));
    return (a + b) / 2;
}

bool SpanPlottable::recordRect(int record, QRectF *extent, QRectF *run) const
{
    if (!m_trace || !m_layout || !m_bands || record < 0 || record >= m_trace->records.size())
        return false;
    const auto [row, sub] = m_layout->place(quint32(record));
    const int band = row < 0 ? -1 : bandOfRow(row);
    if (band < 0)
        return false;
    const AttemptRecord &r = m_trace->records[record];
    auto [y0, y1] = subRowPixels(band, sub, m_layout->subRowCount(row));
    if (y1 - y0 < 3) {
        const double c = (y0 + y1) / 2;
        y0 = c - 1.5;
        y1 = c + 1.5;
    }
    const View v = makeView();
    const double xs = v.x(r.startNs);
    const double xe = std::max(xs + 1, v.x(r.endNs));
    if (extent)
        *extent = QRectF(QPointF(v.x(std::min(r.enqueueNs, r.startNs)), y0), QPointF(xe, y1));
    if (run)
        *run = QRectF(QPointF(xs, y0), QPointF(xe, y1));
    return true;
}

int SpanPlottable::recordAt(const QPointF &pixel) const
{
    if (!m_trace || !m_layout || !m_bands || !m_spansShown)
        return -1;
    const double value = valueAxis()->pixelToCoord(pixel.y());
    const int band = m_bands->rowAt(value);
    const int row = band < 0 ? -1 : rowOfBand(band);
    const int n = row < 0 ? 0 : m_layout->subRowCount(row);
    if (n == 0)
        return -1;
    // Sub-rows within a couple of pixels: one normally, several where they are thinner.
    const double unitsPerPx = std::abs(valueAxis()->pixelToCoord(pixel.y() + 1) - value);
    const double reach = 1.5 * unitsPerPx;
    const int exact = m_bands->subRowAt(band, value, n);
    if (exact < 0)
        return -1;
    int firstSub = m_bands->subRowAt(band, value - reach, n);
    int lastSub = m_bands->subRowAt(band, value + reach, n);
    firstSub = firstSub < 0 ? exact : firstSub;
    lastSub = lastSub < 0 ? exact : std::min(lastSub, firstSub + 64);

    const View v = makeView();
    const qint64 at = v.ns(pixel.x());
    const auto tolerance = qint64(HitTolerancePx * v.nsPerPx);
    int best = -1;
    qint64 bestScore = 2 * tolerance + 2;
    for (int sub = firstSub; sub <= lastSub; ++sub) {
        const std::vector<LayoutSpan> &s = m_layout->spans(row, sub);
        const auto [first, last] = m_layout->visibleRange(row, sub, at - tolerance, at + tolerance);
        for (std::size_t i = first; i < last && i < first + 256; ++i) {
            const qint64 d = at < s[i].startNs ? s[i].startNs - at
                             : at > s[i].endNs ? at - s[i].endNs
                                               : 0;
            // Inside beats near; at equal distance the sub-row under the cursor wins.
            const qint64 score = 2 * d + (sub == exact ? 0 : 1);
            if (score < bestScore) {
                bestScore = score;
                best = int(s[i].record);
            }
        }
    }
    return best;
}

double SpanPlottable::selectTest(const QPointF &, bool, QVariant *) const
{
    return -1; // clicks are handled by the view (recordAt), not by QCustomPlot's selection
}

QCPRange SpanPlottable::getKeyRange(bool &foundRange, QCP::SignDomain) const
{
    foundRange = spanCount() > 0;
    if (!foundRange)
        return {};
    return {m_layout->firstNs() / 1e6, m_layout->lastNs() / 1e6};
}

QCPRange SpanPlottable::getValueRange(bool &foundRange, QCP::SignDomain, const QCPRange &) const
{
    foundRange = m_bands && m_bands->total > 0;
    return foundRange ? QCPRange(0, m_bands->total) : QCPRange();
}

void SpanPlottable::drawLegendIcon(QCPPainter *painter, const QRectF &rect) const
{
    painter->fillRect(rect, m_palette.kind(TaskKind::Cpu));
}

} // namespace Taskline
