#include "timelineplot.h"

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
        if (m_opaque)
            m_image.fill(background);
        else
            m_image.fill(color);
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
