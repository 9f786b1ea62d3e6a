#pragma once

#include <QImage>
#include <QRectF>
#include <QRgb>

#include <vector>

class QPainter;

namespace Taskline {

/*!
 * The pixels of the timeline's rows, filled by our own code: span rows are horizontal bands,
 * so a rectangle is a few scanline runs, not a trip through QPainter's rasteriser (which costs
 * ~3,500 instructions for a 3 px wide span). One opaque image covers the axis rect: background,
 * grid lines, stripes, ghosts and spans go into it, and it reaches the painter in one drawImage.
 *
 * When the painter draws straight into a 32-bit QImage (the window's paint buffer, see
 * TimelinePlot), the pixels are written into that image and nothing is copied.
 *
 * Coordinates are the painter's logical pixels; a pixel is covered as QPainter covers it
 * without antialiasing (its centre is inside: [round(x0), round(x1))). Fills are drawn at
 * once; outlines, hatching and overlays wait for flushDeferred(), as PaintBatch draws them
 * over every fill.
 */
class SpanCanvas
{
public:
    /*! Whether `painter` paints pixels we can own: a raster device (not SVG, PDF or a
     *  QPicture) with no rotation. */
    static bool canRaster(QPainter *painter);
    /*! The first pixel of `device` (device pixels) in the image `painter` draws into, when
     *  opaque pixels written there are what drawing an opaque image would leave: a 32-bit
     *  RGB image, plain source-over at full opacity, no clip inside `device`. Else null. */
    static QRgb *devicePixels(QPainter *painter, const QRect &device, qsizetype *stride);
    /*! Fills `count` pixels from `row` with `color`. */
    static void fillRow(QRgb *row, int count, QRgb color);

    /*! Starts a frame over `rect` (logical pixels), filled with `background`. With
     *  `backgroundThere`, the caller vouches that the painter's pixels under `rect` are
     *  `background` already but for what the frame draws over anyway: when the frame writes
     *  into the painter's image, it does not fill them again. */
    void begin(QPainter *painter, const QRect &rect, QRgb background, bool backgroundThere = false);
    bool isActive() const { return m_active; }
    /*! Whether this frame writes into the painter's own image. */
    bool isDirect() const { return m_direct; }

    void fill(const QRectF &rect, QRgb color);
    /*! Fills covering exactly the rows of [y0, y1) until endTrack() go into one scanline,
     *  copied into those rows at the end: a sub-row of spans costs its width, not its spans
     *  times its height. Other fills are drawn at once, under the track. */
    void beginTrack(double y0, double y1);
    void endTrack();
    /*! fill() of [x0, x1) over the track's rows, in a track. */
    void fillAcross(double x0, double x1, QRgb color);
    /*! A vertical line one device pixel wide at x (as QPainter draws an aliased 1 px line). */
    void vline(double x, QRgb color);
    void hline(double y, QRgb color);
    /*! `rect` stroked by a pen `width` (1 or 2) pixels wide, solid or dashed 4 on 2, in the
     *  pixels QPainter's aliased stroke covers. */
    void outline(const QRectF &rect, QRgb color, int width, bool dashed);
    /*! Diagonal hatching every 8 pixels over `rect`: "/" lines, and "\" too when `cross`. */
    void hatch(const QRectF &rect, QRgb color, bool cross);
    /*! A rectangle drawn over every fill (marks on merged spans). */
    void overlay(const QRectF &rect, QRgb color);
    /*! Draws what waits (hatching, overlays, outlines), in PaintBatch's order. */
    void flushDeferred();
    /*! Flushes and draws the image with the painter; returns the primitives drawn. */
    int end(QPainter *painter);

private:
    struct PixelRect
    {
        int x0, y0, x1, y1;
        bool isEmpty() const { return x1 <= x0 || y1 <= y0; }
    };
    struct Deferred
    {
        PixelRect r;
        QRgb color;
        int width; // outlines: pen width; hatching: 1 "/", 2 "/" and "\"
        bool dashed;
    };

    PixelRect toPixels(const QRectF &rect) const;
    PixelRect clipped(PixelRect r) const;
    void fillPixels(const PixelRect &r, QRgb color);
    void outlinePixels(const Deferred &d);
    void hatchPixels(const Deferred &d);
    QRgb *line(int y) { return reinterpret_cast<QRgb *>(m_bits + qsizetype(y) * m_stride); }
    static void composeRow(const QRgb *src, QRgb *dst, int count);
    /*! Composes `src` (the pixels of [x0, x1)) over rows [y0, y1). */
    void compose(const QRgb *src, int x0, int x1, int y0, int y1);
    bool edgesInTrack(const PixelRect &p, QRgb color);

    QImage m_image; // ours, when not drawing into the painter's image
    uchar *m_bits = nullptr;
    qsizetype m_stride = 0;
    int m_width = 0, m_height = 0;
    bool m_direct = false;
    QRectF m_target; // where the image goes, in the painter's logical coordinates
    double m_sx = 1, m_sy = 1, m_dx = 0, m_dy = 0; // logical -> image pixels
    int m_originX = 0, m_originY = 0;              // the image's top left on the device
    bool m_translateOnly = true;
    bool m_active = false;
    int m_primitives = 0;
    std::vector<QRgb> m_track; // 0: nothing there (opaque colours are never 0)
    std::vector<QRgb> m_edges; // outline columns of the track, over its fills
    std::vector<QRgb> m_edgeTop, m_edgeBottom; // and their top and bottom rows
    std::vector<QRgb> m_under;                 // a row under the track before composing
    std::vector<QRgb> m_scratch;
    int m_edgeY0 = 0, m_edgeY1 = 0, m_edgeX0 = 0, m_edgeX1 = 0;
    int m_trackY0 = 0, m_trackY1 = 0;
    int m_trackX0 = 0, m_trackX1 = 0; // the part of m_track written
    bool m_inTrack = false;
    std::vector<Deferred> m_hatches;
    std::vector<Deferred> m_overlays;
    std::vector<Deferred> m_outlines;
};

} // namespace Taskline
