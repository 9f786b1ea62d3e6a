#include "spancanvas.h"

#include <QPaintEngine>
#include <QPainter>
#include <QRegion>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <cwchar>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace Taskline {

namespace {

int roundPx(double v)
{
    // qRound's rule, also below zero: floor(v + 0.5). Far off-screen coordinates (a long span
    // seen zoomed in) are clamped first: a double beyond int's range has no int.
    const double f = std::clamp(v + 0.5, -1e9, 1e9);
    const int i = int(f); // towards zero
    return i - (double(i) > f ? 1 : 0);
}

} // namespace

bool SpanCanvas::canRaster(QPainter *painter)
{
    const QPaintEngine *engine = painter ? painter->paintEngine() : nullptr;
    return engine && engine->type() == QPaintEngine::Raster &&
           painter->deviceTransform().type() <= QTransform::TxScale;
}

QRgb *SpanCanvas::devicePixels(QPainter *painter, const QRect &device, qsizetype *stride)
{
    QPaintDevice *target = painter ? painter->device() : nullptr;
    if (!target || target->devType() != QInternal::Image)
        return nullptr;
    auto *image = static_cast<QImage *>(target);
    const QImage::Format format = image->format();
    if (format != QImage::Format_RGB32 && format != QImage::Format_ARGB32 &&
        format != QImage::Format_ARGB32_Premultiplied)
        return nullptr;
    // Shared pixels: writing would detach the image from the painter's pixels.
    if (!image->isDetached() || !image->rect().contains(device) || painter->opacity() < 1)
        return nullptr;
    const QPainter::CompositionMode mode = painter->compositionMode();
    if (mode != QPainter::CompositionMode_SourceOver && mode != QPainter::CompositionMode_Source)
        return nullptr;
    if (painter->hasClipping() &&
        !(QRegion(device) - painter->deviceTransform().map(painter->clipRegion())).isEmpty())
        return nullptr;
    *stride = image->bytesPerLine();
    return reinterpret_cast<QRgb *>(image->bits() + device.y() * *stride) + device.x();
}

void SpanCanvas::begin(QPainter *painter, const QRect &rect, QRgb background, bool backgroundThere)
{
    const QTransform t = painter->deviceTransform();
    m_sx = t.m11();
    m_sy = t.m22();
    const QRectF device = t.mapRect(QRectF(rect));
    const int x0 = roundPx(device.left());
    const int y0 = roundPx(device.top());
    const int w = std::max(0, roundPx(device.right()) - x0);
    const int h = std::max(0, roundPx(device.bottom()) - y0);
    m_dx = t.dx() - x0;
    m_dy = t.dy() - y0;
    m_originX = x0;
    m_originY = y0;
    m_translateOnly = t.type() <= QTransform::TxTranslate;
    m_target = t.inverted().mapRect(QRectF(x0, y0, w, h));
    m_width = w;
    m_height = h;
    m_active = w > 0 && h > 0;
    m_primitives = 0;
    if (!m_active)
        return;
    QRgb *direct = devicePixels(painter, QRect(x0, y0, w, h), &m_stride);
    m_direct = direct != nullptr;
    if (direct) {
        m_image = QImage(); // drawn where it is shown: no copy of our own
        m_bits = reinterpret_cast<uchar *>(direct);
        if (!backgroundThere) {
            for (int y = 0; y < h; ++y)
                fillRow(line(y), w, background);
        }
        return;
    }
    if (m_image.width() != w || m_image.height() != h)
        m_image = QImage(w, h, QImage::Format_RGB32);
    m_image.fill(background);
    m_bits = m_image.bits();
    m_stride = m_image.bytesPerLine();
}

SpanCanvas::PixelRect SpanCanvas::toPixels(const QRectF &r) const
{
    int x0 = roundPx(r.left() * m_sx + m_dx);
    int x1 = roundPx(r.right() * m_sx + m_dx);
    int y0 = roundPx(r.top() * m_sy + m_dy);
    int y1 = roundPx(r.bottom() * m_sy + m_dy);
    if (x1 < x0)
        std::swap(x0, x1);
    if (y1 < y0)
        std::swap(y0, y1);
    return {x0, y0, x1, y1};
}

SpanCanvas::PixelRect SpanCanvas::clipped(PixelRect r) const
{
    r.x0 = std::max(r.x0, 0);
    r.y0 = std::max(r.y0, 0);
    r.x1 = std::min(r.x1, m_width);
    r.y1 = std::min(r.y1, m_height);
    return r;
}

void SpanCanvas::fillRow(QRgb *row, int count, QRgb color)
{
    if constexpr (sizeof(wchar_t) == sizeof(QRgb)) {
        // A long row (the background, a stripe): the C library's fill of 32-bit units uses
        // the widest stores the CPU has.
        if (count >= 64) {
            std::wmemset(reinterpret_cast<wchar_t *>(row), wchar_t(color), std::size_t(count));
            return;
        }
    }
    int x = 0;
#if defined(__SSE2__)
    const __m128i four = _mm_set1_epi32(int(color));
    for (; x + 4 <= count; x += 4)
        _mm_storeu_si128(reinterpret_cast<__m128i *>(row + x), four);
#endif
    for (; x < count; ++x)
        row[x] = color;
}

void SpanCanvas::fillPixels(const PixelRect &r, QRgb color)
{
    const PixelRect c = clipped(r);
    if (c.isEmpty())
        return;
    const int w = c.x1 - c.x0;
    for (int y = c.y0; y < c.y1; ++y)
        fillRow(line(y) + c.x0, w, color);
}

void SpanCanvas::fill(const QRectF &rect, QRgb color)
{
    const PixelRect p = toPixels(rect);
    ++m_primitives;
    if (!m_inTrack || p.y0 != m_trackY0 || p.y1 != m_trackY1) {
        fillPixels(p, color);
        return;
    }
    const int x0 = std::max(p.x0, 0);
    const int x1 = std::min(p.x1, m_width);
    if (x1 <= x0)
        return;
    std::fill(m_track.begin() + x0, m_track.begin() + x1, color);
    m_trackX0 = std::min(m_trackX0, x0);
    m_trackX1 = std::max(m_trackX1, x1);
}

void SpanCanvas::fillAcross(double x0, double x1, QRgb color)
{
    ++m_primitives;
    int a = roundPx(x0 * m_sx + m_dx);
    int b = roundPx(x1 * m_sx + m_dx);
    if (b < a)
        std::swap(a, b);
    a = std::max(a, 0);
    b = std::min(b, m_width);
    if (b <= a || m_trackY1 <= m_trackY0)
        return;
    std::fill(m_track.begin() + a, m_track.begin() + b, color);
    m_trackX0 = std::min(m_trackX0, a);
    m_trackX1 = std::max(m_trackX1, b);
}

void SpanCanvas::beginTrack(double y0, double y1)
{
    const PixelRect p = toPixels(QRectF(0, y0, 0, y1 - y0));
    m_trackY0 = p.y0;
    m_trackY1 = p.y1;
    m_trackX0 = m_edgeX0 = m_width;
    m_trackX1 = m_edgeX1 = 0;
    if (int(m_track.size()) < m_width) {
        for (std::vector<QRgb> *v : {&m_track, &m_edges, &m_edgeTop, &m_edgeBottom})
            v->assign(std::size_t(m_width), 0);
    }
    m_inTrack = true;
}

void SpanCanvas::endTrack()
{
    m_inTrack = false;
    if (m_edgeX1 <= m_edgeX0) {
        if (m_trackX1 > m_trackX0)
            compose(m_track.data() + m_trackX0, m_trackX0, m_trackX1, m_trackY0, m_trackY1);
    } else {
        // The first row: fills under top edges; the middle: fills under edge columns; the
        // last row of the edges: fills under bottom edges; below that (if any): fills.
        const int x0 = std::min(m_trackX0, m_edgeX0);
        const int x1 = std::max(m_trackX1, m_edgeX1);
        const auto row = [&](const std::vector<QRgb> &edges, int y0, int y1) {
            m_scratch.assign(m_track.begin() + x0, m_track.begin() + x1);
            composeRow(edges.data() + x0, m_scratch.data(), x1 - x0);
            compose(m_scratch.data(), x0, x1, y0, y1);
        };
        row(m_edgeTop, m_edgeY0, m_edgeY0 + 1);
        row(m_edges, m_edgeY0 + 1, m_edgeY1 - 1);
        row(m_edgeBottom, m_edgeY1 - 1, m_edgeY1);
        if (m_edgeY1 < m_trackY1 && m_trackX1 > m_trackX0)
            compose(m_track.data() + m_trackX0, m_trackX0, m_trackX1, m_edgeY1, m_trackY1);
        for (std::vector<QRgb> *v : {&m_edges, &m_edgeTop, &m_edgeBottom})
            std::fill(v->begin() + m_edgeX0, v->begin() + m_edgeX1, 0);
    }
    if (m_trackX1 > m_trackX0)
        std::fill(m_track.begin() + m_trackX0, m_track.begin() + m_trackX1, 0);
}

void SpanCanvas::composeRow(const QRgb *src, QRgb *dst, int count)
{
    int x = 0;
#if defined(__SSE2__)
    // Where the scanline has a colour it wins; zero keeps what is below.
    const __m128i zero = _mm_setzero_si128();
    for (; x + 4 <= count; x += 4) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(src + x));
        const __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i *>(dst + x));
        const __m128i keep = _mm_cmpeq_epi32(v, zero);
        _mm_storeu_si128(reinterpret_cast<__m128i *>(dst + x),
                         _mm_or_si128(_mm_and_si128(keep, d), _mm_andnot_si128(keep, v)));
    }
#endif
    for (; x < count; ++x) {
        if (src[x])
            dst[x] = src[x];
    }
}

void SpanCanvas::compose(const QRgb *src, int x0, int x1, int y0, int y1)
{
    y0 = std::max(y0, 0);
    y1 = std::min(y1, m_height);
    const int n = x1 - x0;
    if (y1 <= y0 || n <= 0)
        return;
    // The rows under a track mostly hold the same pixels (background, a stripe, vertical
    // grid lines): each row like the first gets the first's result by a copy.
    QRgb *first = line(y0) + x0;
    const std::size_t bytes = std::size_t(n) * sizeof(QRgb);
    if (y1 - y0 > 1)
        m_under.assign(first, first + n);
    composeRow(src, first, n);
    for (int y = y0 + 1; y < y1; ++y) {
        QRgb *dst = line(y) + x0;
        if (std::memcmp(dst, m_under.data(), bytes) == 0)
            std::memcpy(dst, first, bytes);
        else
            composeRow(src, dst, n);
    }
}

void SpanCanvas::vline(double x, QRgb color)
{
    const int px = int(std::floor(x * m_sx + m_dx));
    const int w = std::max(1, roundPx(m_sx));
    if (w > 1 || px < 0 || px >= m_width) {
        fillPixels({px, 0, px + w, m_height}, color);
        return;
    }
    QRgb *pixel = line(0) + px; // a column: one store a row, not a fill of one pixel
    const qsizetype down = m_stride / qsizetype(sizeof(QRgb));
    for (int y = 0; y < m_height; ++y, pixel += down)
        *pixel = color;
}

void SpanCanvas::hline(double y, QRgb color)
{
    const int py = int(std::floor(y * m_sy + m_dy));
    fillPixels({0, py, m_width, py + std::max(1, roundPx(m_sy))}, color);
}

void SpanCanvas::outline(const QRectF &rect, QRgb color, int width, bool dashed)
{
    const double l = rect.left() * m_sx + m_dx, r = rect.right() * m_sx + m_dx;
    const double t = rect.top() * m_sy + m_dy, b = rect.bottom() * m_sy + m_dy;
    const int w = std::max(1, roundPx(width * m_sx));
    PixelRect p;
    if (w == 1) {
        // A one pixel aliased line covers the pixel its coordinate falls in.
        p = {int(std::floor(l)), int(std::floor(t)), int(std::floor(r)) + 1,
             int(std::floor(b)) + 1};
    } else {
        // Wider: the pixels whose centres are within w/2 of the line.
        p = {roundPx(l - w / 2.0), roundPx(t - w / 2.0), roundPx(r + w / 2.0),
             roundPx(b + w / 2.0)};
    }
    if (w == 1 && !dashed && edgesInTrack(p, color))
        return;
    m_outlines.push_back({p, color, w, dashed});
}

bool SpanCanvas::edgesInTrack(const PixelRect &p, QRgb color)
{
    // A thin solid outline of a span in the track: its columns and its top and bottom rows
    // join scanlines of the track, composed over its fills.
    if (!m_inTrack || p.y0 != m_trackY0 || p.y1 > m_trackY1 || p.y1 - p.y0 < 3)
        return false;
    if (m_edgeX1 > m_edgeX0 && (p.y0 != m_edgeY0 || p.y1 != m_edgeY1))
        return false;
    m_primitives += 2; // as many as the rows drawn one by one were
    const int x0 = std::max(p.x0, 0);
    const int x1 = std::min(p.x1, m_width);
    if (x1 <= x0)
        return true;
    m_edgeY0 = p.y0;
    m_edgeY1 = p.y1;
    std::fill(m_edgeTop.begin() + x0, m_edgeTop.begin() + x1, color);
    std::fill(m_edgeBottom.begin() + x0, m_edgeBottom.begin() + x1, color);
    if (p.x0 >= 0)
        m_edges[std::size_t(p.x0)] = color;
    if (p.x1 <= m_width)
        m_edges[std::size_t(p.x1 - 1)] = color;
    m_edgeX0 = std::min(m_edgeX0, x0);
    m_edgeX1 = std::max(m_edgeX1, x1);
    return true;
}

void SpanCanvas::hatch(const QRectF &rect, QRgb color, bool cross)
{
    m_hatches.push_back({toPixels(rect), color, cross ? 2 : 1, false});
}

void SpanCanvas::overlay(const QRectF &rect, QRgb color)
{
    m_overlays.push_back({toPixels(rect), color, 0, false});
}

void SpanCanvas::hatchPixels(const Deferred &d)
{
    const PixelRect c = clipped(d.r);
    for (int y = c.y0; y < c.y1; ++y) {
        QRgb *l = line(y);
        // Qt's BDiagPattern and DiagCrossPattern: lines every 8 device pixels.
        const int dy = y + m_originY;
        for (int x = c.x0 + ((7 - (c.x0 + m_originX + dy)) & 7); x < c.x1; x += 8)
            l[x] = d.color;
        if (d.width == 2) {
            for (int x = c.x0 + ((dy - c.x0 - m_originX) & 7); x < c.x1; x += 8)
                l[x] = d.color;
        }
    }
}

void SpanCanvas::outlinePixels(const Deferred &d)
{
    const PixelRect &r = d.r;
    const int w = std::min({d.width, (r.x1 - r.x0 + 1) / 2, (r.y1 - r.y0 + 1) / 2});
    if (r.isEmpty() || w <= 0)
        return;
    if (!d.dashed) {
        fillPixels({r.x0, r.y0, r.x1, r.y0 + w}, d.color);
        fillPixels({r.x0, r.y1 - w, r.x1, r.y1}, d.color);
        fillPixels({r.x0, r.y0 + w, r.x0 + w, r.y1 - w}, d.color);
        fillPixels({r.x1 - w, r.y0 + w, r.x1, r.y1 - w}, d.color);
        return;
    }
    // Dashes of 4 pixels with gaps of 2, clockwise from the top left, as a dashed pen goes.
    int at = 0;
    const auto dot = [&](int x, int y) {
        if (at++ % 6 < 4 && x >= 0 && y >= 0 && x < m_width && y < m_height)
            line(y)[x] = d.color;
    };
    for (int x = r.x0; x < r.x1 - 1; ++x)
        dot(x, r.y0);
    for (int y = r.y0; y < r.y1 - 1; ++y)
        dot(r.x1 - 1, y);
    for (int x = r.x1 - 1; x > r.x0; --x)
        dot(x, r.y1 - 1);
    for (int y = r.y1 - 1; y > r.y0; --y)
        dot(r.x0, y);
}

void SpanCanvas::flushDeferred()
{
    for (const Deferred &d : m_hatches)
        hatchPixels(d);
    for (const Deferred &d : m_overlays)
        fillPixels(d.r, d.color);
    for (const Deferred &d : m_outlines)
        outlinePixels(d);
    m_primitives += int(m_hatches.size() + m_overlays.size() + m_outlines.size());
    m_hatches.clear();
    m_overlays.clear();
    m_outlines.clear();
}

int SpanCanvas::end(QPainter *painter)
{
    if (!m_active)
        return 0;
    flushDeferred();
    if (!m_direct) { // else the pixels are in the painter's image already
        if (m_translateOnly && painter->device()->devicePixelRatio() == 1)
            painter->drawImage(m_target.topLeft(), m_image);
        else
            painter->drawImage(m_target, m_image);
    }
    m_active = false;
    return m_primitives + 1;
}

} // namespace Taskline
