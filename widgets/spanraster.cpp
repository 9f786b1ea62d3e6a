#include "spanraster.h"

#include <algorithm>
#include <cmath>

namespace Taskline {

void SpanRaster::reset(double left, int width)
{
    if (int(m_cells.size()) < width + 1)
        m_cells.resize(std::size_t(width) + 1);
    // Clear only what the last band touched: most bands touch few pixels.
    if (m_first <= m_last)
        std::fill(m_cells.begin() + m_first, m_cells.begin() + m_last + 2, Cell{});
    m_left = left;
    m_width = width;
    m_first = 0;
    m_last = -1;
    m_diffs = false;
}

void SpanRaster::touch(int a, int b)
{
    if (m_first > m_last) {
        m_first = a;
        m_last = b;
        return;
    }
    m_first = std::min(m_first, a);
    m_last = std::max(m_last, b);
}

void SpanRaster::addBusy(double x0, double x1, double busyPx,
                         const std::array<double, TaskKindCount> &kindWeights)
{
    if (m_width <= 0 || x1 < m_left || x0 >= m_left + m_width)
        return;
    double total = 0;
    for (const double w : kindWeights)
        total += w;
    std::array<float, TaskKindCount> share{};
    const double perWeight = total > 0 ? 1 / total : 0;
    for (std::size_t k = 0; k < share.size(); ++k)
        share[k] = total > 0 ? float(kindWeights[k] * perWeight) : (k == 0 ? 1.0f : 0.0f);

    const int a = cellOf(x0);
    const int b = std::max(a, lastCellOf(x1));
    touch(a, b);
    const double perPx = x1 > x0 ? busyPx / (x1 - x0) : 0;
    for (int c = a; c <= b; ++c) {
        double add = busyPx;
        if (a != b) {
            const double from = std::max(x0, m_left + c);
            const double to = std::min(x1, m_left + c + 1);
            add = std::max(0.0, to - from) * perPx;
        }
        Cell &cell = m_cells[std::size_t(c)];
        cell.busy += float(add);
        for (std::size_t k = 0; k < share.size(); ++k)
            cell.kindBusy[k] += float(add) * share[k];
    }
}

void SpanRaster::addFull(double x0, double x1, TaskKind kind)
{
    if (m_width <= 0 || x1 < m_left || x0 >= m_left + m_width)
        return;
    const int a = cellOf(x0);
    const int b = std::max(a, lastCellOf(x1));
    touch(a, b);
    m_diffs = true;
    m_cells[std::size_t(a)].fullDiff += 1;
    m_cells[std::size_t(b) + 1].fullDiff -= 1;
    m_cells[std::size_t(a)].kindDiff[std::size_t(kind)] += 1;
    m_cells[std::size_t(b) + 1].kindDiff[std::size_t(kind)] -= 1;
}

void SpanRaster::addWait(double x0, double x1, TaskKind kind)
{
    m_waitKind = kind;
    if (m_width <= 0 || x1 < m_left || x0 >= m_left + m_width || x1 <= x0)
        return;
    const int a = cellOf(x0);
    const int b = std::max(a, lastCellOf(x1));
    touch(a, b);
    m_diffs = true;
    m_cells[std::size_t(a)].waitDiff += 1;
    m_cells[std::size_t(b) + 1].waitDiff -= 1;
}

void SpanRaster::addMark(double x0, double x1)
{
    if (m_width <= 0 || x1 < m_left || x0 >= m_left + m_width)
        return;
    const int a = cellOf(x0);
    const int b = std::max(a, lastCellOf(x1));
    touch(a, b);
    m_cells[std::size_t(a)].markDiff += 1;
    m_cells[std::size_t(b) + 1].markDiff -= 1;
}

} // namespace Taskline
