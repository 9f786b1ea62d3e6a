// TimelineView, the pinned baseline run: its spans as the ghosts, its f(t) as a line.

#include "timelineview.h"

namespace Taskline {

void TimelineView::setBaseline(const Trace &baseline)
{
    m_baseline = baseline;
    rebuildLayouts();
    if (!m_userZoomed)
        fit();
    else
        scheduleReplot();
}

void TimelineView::setBaselineVisible(bool visible)
{
    if (m_baselineVisible == visible)
        return;
    m_baselineVisible = visible;
    rebuildLayouts();
    scheduleReplot();
}

const Trace &TimelineView::ghostTrace() const
{
    return isBaselineShown() ? m_baseline : m_prediction;
}

} // namespace Taskline
