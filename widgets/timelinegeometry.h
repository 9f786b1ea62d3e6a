#pragma once

#include <QList>

#include <utility>

namespace Taskline {

/*!
 * The visible time range of the timeline and the pixels it spans, with no widget behind it
 * (like hotspot's TimeLineData): mapping both ways, zoom around a point, pan and clamping.
 */
struct TimeGeometry
{
    double fromMs = 0; // visible time range
    double toMs = 1;
    double left = 0; // its extent in pixels
    double right = 1;

    double spanMs() const { return toMs - fromMs; }
    double msPerPixel() const;
    double mapTimeToX(double ms) const;
    double mapXToTime(double x) const;

    /*! Zoomed in by `factor` (> 1 in, < 1 out); the time under `aroundX` stays under it. */
    TimeGeometry zoomed(double factor, double aroundX) const;
    /*! The content moved right by `dx` pixels, as when dragged: earlier times come into view. */
    TimeGeometry panned(double dx) const;
    /*! The times between pixels x0 and x1 (either order) fill the view: a rubber band. */
    TimeGeometry zoomedTo(double x0, double x1) const;
    /*! Kept inside [minMs, maxMs] and at least `minSpanMs` wide, moved rather than shrunk. */
    TimeGeometry clamped(double minMs, double maxMs, double minSpanMs) const;
};

/*!
 * Where rows sit on the value axis (reversed: row 0 at the top). A row is one unit tall,
 * taller when it has sub-rows (up to `maxUnits`), so stacked timers stay readable; a thin gap
 * separates rows.
 */
struct RowBands
{
    static constexpr double Gap = 0.1; // units left free at the top and bottom of each row

    QList<double> tops;
    QList<double> heights;
    QList<int> subRows;
    double total = 0;

    static RowBands fromSubRows(const QList<int> &subRowCounts, double maxUnits = 4);

    int rowCount() const { return int(tops.size()); }
    double centre(int row) const { return tops[row] + heights[row] / 2; }
    /*! The row at `value`, or -1 outside every row. */
    int rowAt(double value) const;
    /*! [top, bottom) of a row without its gaps, in value units. */
    std::pair<double, double> innerBand(int row) const;
    /*! [top, bottom) of sub-row `subRow` when the row is split into `count` sub-rows. */
    std::pair<double, double> subRowBand(int row, int subRow, int count) const;
    std::pair<double, double> subRowBand(int row, int subRow) const
    {
        return subRowBand(row, subRow, subRows[row]);
    }
    /*! The sub-row (of `count`) at `value`, or -1 in the gaps. */
    int subRowAt(int row, double value, int count) const;
    int subRowAt(int row, double value) const { return subRowAt(row, value, subRows[row]); }
};

} // namespace Taskline
