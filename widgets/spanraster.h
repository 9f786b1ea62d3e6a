#pragma once

#include "scenario.h"

#include <QColor>
#include <QRectF>

#include <array>
#include <functional>
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
        bool mixed;  // no kind has most of the busy time: drawn in a neutral colour
        int level;   // 1..Levels busy; 0: only waiting (kind: of the waiting spans)
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
    void forEachRun(const std::function<void(const Run &)> &out) const;
    /*! Runs of pixels holding a failed, timed-out, cancelled or skipped attempt: [x0, x1). */
    void forEachMark(const std::function<void(double x0, double x1)> &out) const;

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
    void touch(int a, int b);

    std::vector<Cell> m_cells;
    double m_left = 0;
    int m_width = 0;
    int m_first = 0;
    int m_last = -1;
    TaskKind m_waitKind = TaskKind::Cpu;
};

} // namespace Taskline
