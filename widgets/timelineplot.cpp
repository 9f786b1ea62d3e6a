#include "timelineplot.h"

#include "spancanvas.h"

#include <QPaintEvent>

namespace Taskline {

namespace {

/*!
 * A paint buffer that is a QImage: RGB32 filled with the plot's background when it is one
 * opaque colour (QCustomPlot clears buffers to transparent before drawing the layers), else
 * ARGB32_Premultiplied, transparent, as QCPPaintBufferPixmap.
 */
class ImageBuffer : public QCPAbstractPaintBuffer
{
public:
    ImageBuffer(const TimelinePlot *plot, const QSize &size, double devicePixelRatio)
        : QCPAbstractPaintBuffer(size, devicePixelRatio), m_plot(plot)
    {
        ImageBuffer::reallocateBuffer();
    }

    bool isOpaque() const { return m_opaque; }

    QCPPainter *startPainting() override { return new QCPPainter(&m_image); }

    void draw(QCPPainter *painter) const override
    {
        if (painter && painter->isActive())
            painter->drawImage(QPointF(0, 0), m_image);
    }

    void clear(const QColor &color) override
    {
        QRgb background = 0;
        m_opaque = color.alpha() == 0 && m_plot->opaqueBackground(&background);
        const QImage::Format format =
            m_opaque ? QImage::Format_RGB32 : QImage::Format_ARGB32_Premultiplied;
        if (m_image.format() != format)
            allocate(format);
        if (!m_opaque) {
            m_image.fill(color);
            return;
        }
        // Axis rects fill their own opaque background first thing: only the rest is cleared.
        const QRegion rest = m_plot->uncoveredRegion(QRect(QPoint(0, 0), m_image.size()),
                                                     mDevicePixelRatio);
        const auto stride = m_image.bytesPerLine();
        uchar *bits = m_image.bits();
        for (const QRect &r : rest) {
            for (int y = r.top(); y <= r.bottom(); ++y)
                SpanCanvas::fillRow(reinterpret_cast<QRgb *>(bits + y * stride) + r.left(),
                                    r.width(), background);
        }
    }

protected:
    void reallocateBuffer() override
    {
        setInvalidated();
        allocate(m_image.isNull() ? QImage::Format_ARGB32_Premultiplied : m_image.format());
    }

private:
    void allocate(QImage::Format format)
    {
        m_image = QImage(mSize * mDevicePixelRatio, format);
        m_image.setDevicePixelRatio(mDevicePixelRatio);
    }

    const TimelinePlot *m_plot;
    QImage m_image;
    bool m_opaque = false;
};

} // namespace

TimelinePlot::TimelinePlot(QWidget *parent) : QCustomPlot(parent)
{
    // One buffer for every layer; QCustomPlot only adds buffers after it for buffered layers.
    if (QCPLayer *overlay = layer(QStringLiteral("overlay")))
        overlay->setMode(QCPLayer::lmLogical);
    mPaintBuffers.clear();
    mPaintBuffers.append(QSharedPointer<QCPAbstractPaintBuffer>(
        new ImageBuffer(this, viewport().size(), bufferDevicePixelRatio())));
}

bool TimelinePlot::opaqueBackground(QRgb *color) const
{
    if (mBackgroundBrush.style() != Qt::SolidPattern || !mBackgroundBrush.isOpaque() ||
        !mBackgroundPixmap.isNull())
        return false;
    *color = mBackgroundBrush.color().rgb();
    return true;
}

QRegion TimelinePlot::uncoveredRegion(const QRect &buffer, double devicePixelRatio) const
{
    QRegion rest(buffer);
    if (devicePixelRatio != 1)
        return rest;
    // QCPAxisRect::draw fills its rect with its brush, replacing whatever is there when the
    // brush is opaque: the clear under it is never seen. Only for a rect whose layer is in
    // this buffer (no buffered layer below it), visible, clipped as QCPLayer clips it.
    const QRect clip = mViewport.translated(0, -1);
    for (QCPAxisRect *rect : axisRects()) {
        const QBrush brush = rect->backgroundBrush();
        if (!rect->realVisibility() || !rect->background().isNull() ||
            brush.style() != Qt::SolidPattern || !brush.isOpaque())
            continue;
        bool inFirstBuffer = true;
        for (const QCPLayer *below : mLayers) {
            inFirstBuffer = inFirstBuffer && below->mode() == QCPLayer::lmLogical;
            if (below == rect->layer())
                break;
        }
        if (inFirstBuffer)
            rest -= rect->rect() & clip;
    }
    return rest;
}

bool TimelinePlot::drewOpaque() const
{
    const auto *first =
        mPaintBuffers.isEmpty() ? nullptr : dynamic_cast<ImageBuffer *>(mPaintBuffers[0].data());
    return first && first->isOpaque();
}

void TimelinePlot::paintEvent(QPaintEvent *event)
{
    // The first buffer holds the background fill QCustomPlot's paint would draw first.
    if (!drewOpaque() || mViewport != rect()) {
        QCustomPlot::paintEvent(event);
        return;
    }
    QCPPainter painter(this);
    if (!painter.isActive())
        return;
    for (const QSharedPointer<QCPAbstractPaintBuffer> &buffer : std::as_const(mPaintBuffers))
        buffer->draw(&painter);
}

} // namespace Taskline
