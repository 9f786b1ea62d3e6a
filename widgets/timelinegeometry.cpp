#include "timelinegeometry.h"

#include <algorithm>
#include <cmath>

namespace Taskline {

double TimeGeometry::msPerPixel() const
{
    const double pixels = right - left;
    return pixels > 0 ? spanMs() / pixels : 0.0;
}

double TimeGeometry::mapTimeToX(double ms) const
{
    const double span = spanMs();
    return span > 0 ? left + (ms - fromMs) / span * (right - left) : left;
}

double TimeGeometry::mapXToTime(double x) const
{
    const double pixels = right - left;
    return pixels > 0 ? fromMs + (x - left) / pixels * spanMs() : fromMs;
}

TimeGeometry TimeGeometry::zoomed(double factor, double aroundX) const
{
    if (!(factor > 0) || right <= left)
        return *this;
    TimeGeometry g = *this;
    const double at = mapXToTime(aroundX);
    const double span = spanMs() / factor;
    g.fromMs = at - (aroundX - left) / (right - left) * span;
    g.toMs = g.fromMs + span;
    return g;
}

TimeGeometry TimeGeometry::panned(double dx) const
{
    TimeGeometry g = *this;
    const double shift = dx * msPerPixel();
    g.fromMs -= shift;
    g.toMs -= shift;
    return g;
}

TimeGeometry TimeGeometry::zoomedTo(double x0, double x1) const
{
    TimeGeometry g = *this;
    const double a = mapXToTime(std::min(x0, x1));
    const double b = mapXToTime(std::max(x0, x1));
    if (b > a) {
        g.fromMs = a;
        g.toMs = b;
    }
    return g;
}

TimeGeometry TimeGeometry::clamped(double minMs, double maxMs, double minSpanMs) const
{
    TimeGeometry g = *this;
    double span = std::max(spanMs(), minSpanMs);
    if (!std::isfinite(span) || span >= maxMs - minMs) {
        g.fromMs = minMs;
        g.toMs = std::max(maxMs, minMs + minSpanMs);
        return g;
    }
    if (span > spanMs()) {
        // Too narrow: widen around the centre.
        const double centre = (fromMs + toMs) / 2;
        g.fromMs = centre - span / 2;
    }
    g.fromMs = std::clamp(g.fromMs, minMs, maxMs - span);
    g.toMs = g.fromMs + span;
    return g;
}

RowBands RowBands::fromSubRows(const QList<int> &subRowCounts, double maxUnits)
{
    RowBands bands;
    bands.subRows = subRowCounts;
    for (const int n : subRowCounts) {
        // One unit for a plain row, half a unit more per extra sub-row, up to maxUnits.
        const double units = std::min(maxUnits, 1.0 + 0.5 * std::max(0, n - 1));
        bands.tops.append(bands.total);
        bands.heights.append(units);
        bands.total += units;
    }
    return bands;
}

int RowBands::rowAt(double value) const
{
    if (tops.isEmpty() || value < 0 || value >= total)
        return -1;
    const auto it = std::upper_bound(tops.cbegin(), tops.cend(), value);
    return int(it - tops.cbegin()) - 1;
}

std::pair<double, double> RowBands::innerBand(int row) const
{
    return {tops[row] + Gap, tops[row] + heights[row] - Gap};
}

std::pair<double, double> RowBands::subRowBand(int row, int subRow, int count) const
{
    const int n = std::max(1, count);
    const auto [top, bottom] = innerBand(row);
    const double inner = bottom - top;
    return {top + inner * subRow / n, top + inner * (subRow + 1) / n};
}

int RowBands::subRowAt(int row, double value, int count) const
{
    if (row < 0 || row >= rowCount() || count <= 0)
        return -1;
    const auto [top, bottom] = innerBand(row);
    const double at = (value - top) / (bottom - top);
    if (at < 0 || at >= 1)
        return -1;
    return std::min(count - 1, int(at * count));
}

} // namespace Taskline
