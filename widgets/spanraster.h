#pragma once

#include "scenario.h"

#include <QColor>
#include <QRectF>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace Taskline {

/*!
 * Per-pixel coverage of one horizontal band of the timeline, for spans too narrow to draw one
 * by one. Spans add their busy time (by kind), queue waits and failures in O(1) each; forEachRun()
 * turns the band into a few rectangles, one per run of pixels that look alike, shaded by how
 * busy each pixel is. So a band costs its pixels, however many spans fall into it.
 */
class SpanRaster
{
public:
    static constexpr int Levels = 4;        // shades of busy: 1/4 .. 4/4
    static constexpr double Dominant = 0.6; // share of busy time that gives a pixel its kind

    struct Run
    {
        double x0;
        double x1;
        TaskKind kind;
        bool mixed; // no kind has most of the busy time: drawn in a neutral colour
        int level;  // 1..Levels busy; 0: only waiting (kind: of the waiting spans)
    };

    /*! Clears the band; pixels [0, width) map to x = left + pixel. */
    void reset(double left, int width);
    /*! Busy time worth `busyPx` pixels over [x0, x1) (spread evenly), split between kinds
     *  in proportion to `kindWeights`. */
    void addBusy(double x0, double x1, double busyPx,
                 const std::array<double, TaskKindCount> &kindWeights);
    /*! [x0, x1) fully busy. */
    void addFull(double x0, double x1, TaskKind kind);
    void addWait(double x0, double x1, TaskKind kind);
    void addMark(double x0, double x1);
    bool isEmpty() const { return m_first > m_last; }
    template <typename Out> void forEachRun(Out &&out) const;
    /*! Runs of pixels holding a failed, timed-out, cancelled or skipped attempt: [x0, x1). */
    template <typename Out> void forEachMark(Out &&out) const;

private:
    struct Cell
    {
        float busy = 0;
        std::array<float, TaskKindCount> kindBusy{};
        int fullDiff = 0;
        int waitDiff = 0;
        int markDiff = 0;
        std::array<int, TaskKindCount> kindDiff{};
    };

    int cellOf(double x) const;
    int lastCellOf(double x1) const;
    void touch(int a, int b);
    // Diffs: whether any full span or wait was added (else only busy time, the common case
    // of merged spans: no running sums to keep).
    template <bool Diffs, typename Out> void runs(Out &&out) const;

    std::vector<Cell> m_cells;
    double m_left = 0;
    int m_width = 0;
    int m_first = 0;
    int m_last = -1;
    bool m_diffs = false; // addFull() or addWait() since reset()
    TaskKind m_waitKind = TaskKind::Cpu;
};

// Called a few times per merged bucket: inline.
inline int SpanRaster::cellOf(double x) const
{
    const double c = std::floor(x - m_left);
    return int(std::clamp(c, 0.0, double(m_width - 1)));
}

inline int SpanRaster::lastCellOf(double x1) const
{
    // The cell of the last point before x1: [x0, x1) ends in it.
    const double c = std::ceil(x1 - m_left) - 1;
    return int(std::clamp(c, 0.0, double(m_width - 1)));
}

// Templates: the callback inlined, a run costs a few instructions, not a std::function call.
template <typename Out> void SpanRaster::forEachRun(Out &&out) const
{
    if (m_diffs)
        runs<true>(out);
    else
        runs<false>(out);
}

template <bool Diffs, typename Out> void SpanRaster::runs(Out &&out) const
{
    int full = 0, wait = 0;
    std::array<int, TaskKindCount> kindFull{};
    bool open = false;
    Run run{};
    for (int c = m_first; c <= m_last; ++c) {
        const Cell &cell = m_cells[std::size_t(c)];
        if constexpr (Diffs) {
            full += cell.fullDiff;
            wait += cell.waitDiff;
            for (std::size_t k = 0; k < kindFull.size(); ++k)
                kindFull[k] += cell.kindDiff[k];
        }

        const double busy = std::min(1.0, double(cell.busy) + full);
        bool shown = true;
        Run here{m_left + c, m_left + c + 1, m_waitKind, false, 0};
        if (busy > 0) {
            // Nearest level, not the next one up: a steady 50% must not flicker between two.
            here.level = std::clamp(int(busy * Levels + 0.5), 1, Levels);
            std::array<double, TaskKindCount> score{};
            double total = 0;
            for (std::size_t k = 0; k < score.size(); ++k) {
                score[k] = cell.kindBusy[k] + kindFull[k]; // a full pixel counts one
                total += score[k];
            }
            const auto best =
                std::size_t(std::max_element(score.begin(), score.end()) - score.begin());
            here.kind = TaskKind(best);
            here.mixed = total > 0 && score[best] < Dominant * total;
        } else if (wait <= 0) {
            shown = false;
        }
        const bool same = open && shown && here.level == run.level && here.mixed == run.mixed &&
                          (here.mixed || here.kind == run.kind) && here.x0 == run.x1;
        if (same) {
            run.x1 = here.x1;
            continue;
        }
        if (open)
            out(run);
        open = shown;
        run = here;
    }
    if (open)
        out(run);
}

template <typename Out> void SpanRaster::forEachMark(Out &&out) const
{
    int mark = 0;
    int from = -1;
    for (int c = m_first; c <= m_last + 1; ++c) {
        mark += m_cells[std::size_t(c)].markDiff;
        const bool marked = c <= m_last && mark > 0;
        if (marked && from < 0)
            from = c;
        if (!marked && from >= 0) {
            out(m_left + from, m_left + c);
            from = -1;
        }
    }
}

} // namespace Taskline
