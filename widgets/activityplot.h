#pragma once

#include "palette.h"

#include <QString>

#include <array>

class QCPAxisRect;
class QCPAxisTickerFixed;
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QCustomPlot;

namespace Taskline {

struct Trace;

/*!
 * f(t) in its own axis rect under the timeline: the measured curve stacked by kind (filled),
 * the predicted curve as a line and the worker count P as a dashed reference. Bins follow the
 * visible range and the plot width (about one per two pixels), recomputed by update().
 */
class ActivityPlot
{
public:
    ActivityPlot(QCustomPlot *plot, QCPAxisRect *rect);

    /*! The traces to show; `predicted` may be null. Both must outlive the next update(). Call
     *  again when `predicted` changed: its curve is kept until then. */
    void setTraces(const Trace *measured, const Trace *predicted);
    /*! A pinned baseline run drawn as a line of its own; null hides it. Must outlive the next
     *  update(). */
    void setBaseline(const Trace *baseline);
    bool hasBaseline() const;
    /*! P; 0 hides the line. */
    void setWorkers(int workers);
    int workers() const { return m_workers; }
    void setTimelinePalette(const TimelinePalette &palette);
    /*! The stacked areas filled into an image by our own code on raster devices (default),
     *  or QCPGraph's polygons everywhere: tests compare the two. */
    void setRasterEnabled(bool enabled);

    /*! Recomputes the curves over [fromMs, toMs] for a plot `widthPx` wide. */
    void update(double fromMs, double toMs, int widthPx);

    /*! Whether the last update() found work of `kind`, and any predicted curve. */
    bool hasKind(TaskKind kind) const { return m_hasKind[std::size_t(kind)]; }
    bool hasPrediction() const;
    /*! The hover text at time `ms`: f(t) there, by kind, and the predicted value. */
    QString toolTip(double ms) const;
    /*! Highest value of the measured f(t) in the last update(). */
    double peak() const { return m_peak; }
    QCPAxisRect *axisRect() const { return m_rect; }
    /*! The predicted curve's graph (bin centres and values). */
    QCPGraph *predictedGraph() const { return m_predicted; }

private:
    static constexpr std::array<TaskKind, TaskKindCount> StackOrder = {
        TaskKind::Cpu, TaskKind::Io, TaskKind::File, TaskKind::Timer};

    QCPAxisRect *m_rect;
    std::array<QCPGraph *, TaskKindCount> m_stack{}; // in StackOrder
    QCPGraph *m_predicted = nullptr;
    QCPGraph *m_baselineGraph = nullptr;
    QCPAxisTickerFixed *m_ticker = nullptr; // owned by the axis
    QCPItemStraightLine *m_workersLine = nullptr;
    QCPItemText *m_workersLabel = nullptr;
    const Trace *m_measured = nullptr;
    const Trace *m_prediction = nullptr;
    const Trace *m_baseline = nullptr;
    TimelinePalette m_palette = TimelinePalette::light();
    std::array<bool, TaskKindCount> m_hasKind{};
    int m_workers = 0;
    double m_peak = 0;
    // The predicted curve does not change during a run: kept for the range and bins it was
    // computed for, dropped by setTraces().
    struct PredictedKey
    {
        qint64 t0 = 0, t1 = 0;
        int bins = 0;
        bool operator==(const PredictedKey &o) const
        {
            return t0 == o.t0 && t1 == o.t1 && bins == o.bins;
        }
    };
    PredictedKey m_predictedKey;
    bool m_predictedCached = false;
    double m_predictedPeak = 0;
};

} // namespace Taskline
