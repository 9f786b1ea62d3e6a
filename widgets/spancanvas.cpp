#include "spancanvas.h"

#include <QPaintEngine>
#include <QPainter>

#include <algorithm>
#include <cmath>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace Taskline {

namespace {

int roundPx(double v)
{
    return int(std::floor(v + 0.5)); // qRound's rule, also below zero
}

} // namespace

bool SpanCanvas::canRaster(QPainter *painter)
{
    const QPaintEngine *engine = painter ? painter->paintEngine() : nullptr;
    return engine && engine->type() == QPaintEngine::Raster &&
           painter->deviceTransform().type() <= QTransform::TxScale;
}

void SpanCanvas::begin(QPainter *painter, const QRect &rect, QRgb background)
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
    if (m_image.width() != w || m_image.height() != h)
        m_image = QImage(w, h, QImage::Format_RGB32);
    m_active = w > 0 && h > 0;
    m_primitives = 0;
    if (!m_active)
        return;
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
    r.x1 = std::min(r.x1, m_image.width());
    r.y1 = std::min(r.y1, m_image.height());
    return r;
}

void SpanCanvas::fillRow(QRgb *row, int count, QRgb color)
{
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
    const int x1 = std::min(p.x1, m_image.width());
    if (x1 <= x0)
        return;
    std::fill(m_track.begin() + x0, m_track.begin() + x1, color);
    m_trackX0 = std::min(m_trackX0, x0);
    m_trackX1 = std::max(m_trackX1, x1);
}

void SpanCanvas::beginTrack(double y0, double y1)
{
    const PixelRect p = toPixels(QRectF(0, y0, 0, y1 - y0));
    m_trackY0 = p.y0;
    m_trackY1 = p.y1;
    m_trackX0 = m_edgeX0 = m_image.width();
    m_trackX1 = m_edgeX1 = 0;
    if (int(m_track.size()) < m_image.width()) {
        m_track.assign(std::size_t(m_image.width()), 0);
        m_edges.assign(std::size_t(m_image.width()), 0);
    }
    m_inTrack = true;
}

void SpanCanvas::endTrack()
{
    m_inTrack = false;
    if (m_trackX1 > m_trackX0) {
        compose(m_track, m_trackX0, m_trackX1, m_trackY0, m_trackY1);
        std::fill(m_track.begin() + m_trackX0, m_track.begin() + m_trackX1, 0);
    }
    if (m_edgeX1 > m_edgeX0) {
        compose(m_edges, m_edgeX0, m_edgeX1, m_edgeY0 + 1, m_edgeY1 - 1);
        std::fill(m_edges.begin() + m_edgeX0, m_edges.begin() + m_edgeX1, 0);
    }
}

void SpanCanvas::compose(const std::vector<QRgb> &scanline, int x0, int x1, int y0, int y1)
{
    const QRgb *src = scanline.data();
    for (int y = std::max(y0, 0); y < std::min(y1, m_image.height()); ++y) {
        QRgb *dst = line(y);
        int x = x0;
#if defined(__SSE2__)
        // Where the scanline has a colour it wins; zero keeps what is below.
        const __m128i zero = _mm_setzero_si128();
        for (; x + 4 <= x1; x += 4) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(src + x));
            const __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i *>(dst + x));
            const __m128i keep = _mm_cmpeq_epi32(v, zero);
            _mm_storeu_si128(reinterpret_cast<__m128i *>(dst + x),
                             _mm_or_si128(_mm_and_si128(keep, d), _mm_andnot_si128(keep, v)));
        }
#endif
        for (; x < x1; ++x) {
            if (src[x])
                dst[x] = src[x];
        }
    }
}

void SpanCanvas::vline(double x, QRgb color)
{
    const int px = int(std::floor(x * m_sx + m_dx));
    fillPixels({px, 0, px + std::max(1, roundPx(m_sx)), m_image.height()}, color);
}

void SpanCanvas::hline(double y, QRgb color)
{
    const int py = int(std::floor(y * m_sy + m_dy));
    fillPixels({0, py, m_image.width(), py + std::max(1, roundPx(m_sy))}, color);
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
    // A thin solid outline of a span in the track: its columns join the track's scanlines
    // (composed over its fills), its top and bottom rows wait as one-row outlines.
    if (!m_inTrack || p.y0 != m_trackY0 || p.y1 > m_trackY1 || p.y1 - p.y0 < 3)
        return false;
    if (m_edgeX1 > m_edgeX0 && (p.y0 != m_edgeY0 || p.y1 != m_edgeY1))
        return false;
    m_edgeY0 = p.y0;
    m_edgeY1 = p.y1;
    for (const int x : {p.x0, p.x1 - 1}) {
        if (x < 0 || x >= m_image.width())
            continue;
        m_edges[std::size_t(x)] = color;
        m_edgeX0 = std::min(m_edgeX0, x);
        m_edgeX1 = std::max(m_edgeX1, x + 1);
    }
    m_outlines.push_back({{p.x0, p.y0, p.x1, p.y0 + 1}, color, 1, false});
    m_outlines.push_back({{p.x0, p.y1 - 1, p.x1, p.y1}, color, 1, false});
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
        if (at++ % 6 < 4 && x >= 0 && y >= 0 && x < m_image.width() && y < m_image.height())
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
    if (m_translateOnly && painter->device()->devicePixelRatio() == 1)
        painter->drawImage(m_target.topLeft(), m_image);
    else
        painter->drawImage(m_target, m_image);
    m_active = false;
    return m_primitives + 1;
}

} // namespace Taskline
