#pragma once

#include "customplot.h"
#include "paintbatch.h"
#include "palette.h"
#include "spancanvas.h"
#include "spanraster.h"

namespace Taskline {

class RowLayout;
struct RowBands;
struct Trace;

/*!
 * Draws every span of a trace as one plottable (never one item per task). Keys are ms, values
 * row units (RowBands). Per sub-row it binary-searches the visible time range; spans at least
 * MergePx wide are drawn one by one with their status; narrower ones merge into marks shaded by
 * how busy their pixels are (SpanRaster), so a replot costs pixels, not spans. Sub-rows
 * thinner than a pixel merge the same way.
 *
 * A ghost plottable draws a prediction: faint, no status marks, behind the measured spans.
 *
 * On a raster device (the widget, PNG) the rows are filled into an image by our own code
 * (SpanCanvas), the plottable set with setUnderlay() included, and drawn at once; vector
 * devices (SVG, PDF) get the same picture as rectangles batched by colour (PaintBatch).
 */
class SpanPlottable : public QCPAbstractPlottable
{
    Q_OBJECT

public:
    static constexpr double MergePx = 2.0;

    SpanPlottable(QCPAxis *keyAxis, QCPAxis *valueAxis);

    /*! What to draw; the view owns all three and calls this again when they change. */
    void setSource(const Trace *trace, const RowLayout *layout, const RowBands *bands);
    /*! The band row of each layout row (-1: not shown); identity when not set. */
    void setRowMap(const QList<int> &bandOfRow);
    void setGhost(bool ghost) { m_ghost = ghost; }
    bool isGhost() const { return m_ghost; }
    /*! Queue waits (enqueue to start) of every span, as in task rows. */
    void setWaitsShown(bool shown) { m_waitsShown = shown; }
    /*! Whether spans are drawn at all (stripes still are): hides a prediction. */
    void setSpansShown(bool shown) { m_spansShown = shown; }
    bool spansShown() const { return m_spansShown; }
    /*! Row stripes behind everything: set on the plottable drawn first. */
    void setStripes(bool stripes) { m_stripes = stripes; }
    void setTimelinePalette(const TimelinePalette &palette) { m_palette = palette; }
    void setSelectedRecord(int record) { m_selected = record; }
    /*! `below` (the ghosts) is drawn into this plottable's image on raster devices, under
     *  the grid-lined background it paints; `below` must be drawn earlier (it then skips
     *  its own draw on raster devices). */
    void setUnderlay(SpanPlottable *below);
    /*! The owner vouches that the axis rect's background is drawn right before this
     *  plottable, with only its grid lines between (which the image draws again): drawing
     *  into the painter's own image then needs no background fill. */
    void setBackgroundBelow(bool below) { m_backgroundBelow = below; }
    /*! Filling our own image on raster devices (default), or QPainter everywhere: tests
     *  compare the two. */
    void setRasterEnabled(bool enabled) { m_rasterEnabled = enabled; }

    /*! Spans this plottable holds (one per attempt in a row). */
    qsizetype spanCount() const;
    /*! Rectangles and marks painted by the last draw. */
    int lastPrimitives() const { return m_primitives; }
    /*! Whether the last draw merged spans of mixed kinds (drawn in the neutral colour) over
     *  more than a sliver where two kinds meet. */
    bool lastDrewMixed() const { return m_mixedPx >= 8; }

    /*! The record under a pixel (within a few pixels), or -1. */
    int recordAt(const QPointF &pixel) const;
    /*! The value (row units) at the centre of a record's sub-row; NaN when not in a row. */
    double recordValue(int record) const;
    /*! The pixel rectangle of a record's extent and of its run, if it is in a row. */
    bool recordRect(int record, QRectF *extent, QRectF *run) const;

    double selectTest(const QPointF &pos, bool onlySelectable,
                      QVariant *details = nullptr) const override;
    QCPRange getKeyRange(bool &foundRange,
                         QCP::SignDomain inSignDomain = QCP::sdBoth) const override;
    QCPRange getValueRange(bool &foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth,
                           const QCPRange &inKeyRange = QCPRange()) const override;

protected:
    void draw(QCPPainter *painter) override;
    void drawLegendIcon(QCPPainter *painter, const QRectF &rect) const override;

private:
    struct View; // pixel mapping of one draw

    View makeView() const;
    int rowOfBand(int band) const;
    int bandOfRow(int row) const;
    std::pair<double, double> subRowPixels(int band, int subRow, int count) const;
    bool rasters(QCPPainter *painter) const;
    void drawRaster(QCPPainter *painter);
    void drawGrid();
    void paintRows(const View &v);
    void drawStripes(const View &v, int firstRow, int lastRow);
    void drawTrack(const View &v, int row, int subRow, double y0, double y1);
    void drawDenseRow(const View &v, int row, double y0, double y1);
    void rasterTrack(const View &v, int row, int subRow, bool dense);
    void flushRaster(double y0, double y1, bool dense);
    void drawSpan(const View &v, quint32 record, double y0, double y1);
    void drawMark(double x, double y0, double y1, QColor color);
    void drawSelection(QCPPainter *painter, const View &v);
    void fill(const QRectF &rect, const QColor &color);
    void overlay(const QRectF &rect, const QColor &color);
    void hatch(const QRectF &rect, const QColor &color, bool cross);
    void outline(const QRectF &rect, const QColor &color, double width, Qt::PenStyle style);

    const Trace *m_trace = nullptr;
    const RowLayout *m_layout = nullptr;
    const RowBands *m_bands = nullptr;
    QList<int> m_bandOfRow; // layout row -> band row
    QList<int> m_rowOfBand; // band row -> layout row, -1 for none
    TimelinePalette m_palette = TimelinePalette::light();
    bool m_ghost = false;
    bool m_waitsShown = false;
    bool m_stripes = false;
    bool m_spansShown = true;
    int m_selected = -1;
    bool m_rasterEnabled = true;
    bool m_backgroundBelow = false;
    SpanPlottable *m_underlay = nullptr; // drawn into our image
    SpanPlottable *m_drawnBy = nullptr;  // draws us into its image
    SpanCanvas *m_into = nullptr;        // set while painting into an image
    int m_primitives = 0;
    double m_mixedPx = 0; // width of the mixed-kind marks of the last draw
    PaintBatch m_batch;   // everything but the selection, drawn at the end of draw()
    SpanRaster m_raster;
    SpanCanvas m_canvas;
    std::vector<quint32> m_wide; // spans of the current sub-row drawn one by one
    struct KindColors            // of one kind, worked out once per draw
    {
        QColor fill, edge, cancelled, wait, ghost, ghostEdge;
        QRgb fillRgb = 0, cancelledRgb = 0;
    };
    std::array<KindColors, TaskKindCount> m_kindColors;
    // Merged runs: [kind, or TaskKindCount for mixed][0: waits in a dense row, 1..Levels:
    // busy, Levels + 1: a wait line]
    std::array<std::array<QColor, SpanRaster::Levels + 2>, TaskKindCount + 1> m_runShades;
    std::array<std::array<QRgb, SpanRaster::Levels + 2>, TaskKindCount + 1> m_runRgb{};
};

} // namespace Taskline
