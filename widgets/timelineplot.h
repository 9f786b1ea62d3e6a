#pragma once

#include "customplot.h"

namespace Taskline {

/*!
 * The timeline's QCustomPlot, painted from one opaque image. QCustomPlot draws its layers
 * into transparent pixmaps (two by default: the plot and the "overlay" layer), clears each at
 * every replot and blends each over its background fill on every paint: three full-size
 * fills and two alpha blends per frame. Here the layers draw into one image that starts as
 * the plot's background colour, in a format the window's backing store takes by a plain copy,
 * and a paint copies it once. Rows and f(t) (SpanCanvas) write their pixels into that image
 * directly. The picture is the same; the overlay layer is drawn in the same buffer (nothing
 * of ours draws there; QCustomPlot's selection rectangle, unused, would).
 *
 * When the background is not one opaque colour, or a background pixmap is set, the buffer
 * falls back to a transparent one and the paint to QCustomPlot's own.
 */
class TimelinePlot : public QCustomPlot
{
    Q_OBJECT

public:
    explicit TimelinePlot(QWidget *parent = nullptr);

    /*! The background colour the buffer starts from at each replot, if one opaque colour. */
    bool opaqueBackground(QRgb *color) const;
    /*! What of `buffer` (device pixels) no axis rect fills with an opaque background. */
    QRegion uncoveredRegion(const QRect &buffer, double devicePixelRatio) const;
    /*! Whether the last replot drew into the opaque image (tests). */
    bool drewOpaque() const;

protected:
    void paintEvent(QPaintEvent *event) override;
};

} // namespace Taskline
