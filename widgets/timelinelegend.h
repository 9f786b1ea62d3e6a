#pragma once

#include "palette.h"
#include "trace.h"

#include <array>

class QCPLegend;

namespace Taskline {

/*! What the timeline shows, so the legend lists exactly that: kinds, statuses, waits. */
struct LegendState
{
    std::array<bool, TaskKindCount> kinds{};
    std::array<bool, AttemptStatusCount> statuses{}; // failures drawn; never-ran marks in task rows
    bool waits = false;                              // queue waits drawn (task rows)
    bool prediction = false;
    bool baseline = false; // a baseline run's spans are the ghosts, its f(t) a line
    bool mixed = false; // merged spans of mixed kinds drawn (zoomed out)

    static LegendState of(const Trace &measured, const Trace &predicted, bool taskRows);
    /*! Takes in appended records; true when the legend must change. */
    bool add(const QList<AttemptRecord> &records, bool taskRows);

    friend bool operator==(const LegendState &a, const LegendState &b)
    {
        return a.kinds == b.kinds && a.statuses == b.statuses && a.waits == b.waits &&
               a.prediction == b.prediction && a.baseline == b.baseline;
    }
};

/*! Replaces the legend's entries: kinds, statuses, queue wait, predicted spans, predicted f(t)
 *  and the worker line. */
void fillLegend(QCPLegend *legend, const LegendState &state, const TimelinePalette &palette,
                bool predictionVisible, bool workersLine);

} // namespace Taskline
