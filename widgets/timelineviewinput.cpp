// TimelineView: mouse and wheel. Wheel zooms the time axis around the cursor, a left drag
// pans, a right drag or Shift+left drag zooms to a rubber band, a click selects, hovering
// shows a tooltip.
#include "timelineview.h"

#include "activityplot.h"
#include "customplot.h"
#include "recordtooltip.h"
#include "timelineplottable.h"

#include <QRubberBand>
#include <QToolTip>

#include <cmath>

namespace Taskline {

namespace {

constexpr double MinSpanMs = 0.001; // a microsecond across the view
constexpr double WheelZoomStep = 1.25;
constexpr int ClickSlopPx = 3;

} // namespace

bool TimelineView::inPlotArea(const QPoint &pos) const
{
    return m_timelineRect->rect().contains(pos) || m_activityRect->rect().contains(pos);
}

TimeGeometry TimelineView::timeGeometry() const
{
    TimeGeometry g;
    const auto [from, to] = visibleRangeMs();
    g.fromMs = from;
    g.toMs = to;
    g.left = m_timelineRect->left();
    g.right = m_timelineRect->left() + m_timelineRect->width();
    return g;
}

void TimelineView::setTimeGeometry(const TimeGeometry &g)
{
    const auto [from, to] = dataRangeMs();
    const double margin = (to - from) * 0.05;
    const TimeGeometry c = g.clamped(from - margin, to + margin, MinSpanMs);
    m_userZoomed = true;
    m_timelineRect->axis(QCPAxis::atBottom)->setRange(c.fromMs, c.toMs);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TimelineView::onMousePress(QMouseEvent *event)
{
    m_drag = Drag::None;
    if (!inPlotArea(event->pos()))
        return;
    QToolTip::hideText();
    m_pressPos = event->pos();
    m_pressGeometry = timeGeometry();
    m_moved = false;
    const bool band =
        event->button() == Qt::RightButton ||
        (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier));
    if (band) {
        m_drag = Drag::Band;
    } else if (event->button() == Qt::LeftButton) {
        m_drag = Drag::Pan;
        m_plot->setCursor(Qt::ClosedHandCursor);
    }
}

void TimelineView::onMouseMove(QMouseEvent *event)
{
    const QPoint pos = event->pos();
    if (m_drag == Drag::None) {
        showToolTip(pos);
        return;
    }
    if (!m_moved && (pos - m_pressPos).manhattanLength() <= ClickSlopPx)
        return;
    m_moved = true;
    if (m_drag == Drag::Pan) {
        setTimeGeometry(m_pressGeometry.panned(pos.x() - m_pressPos.x()));
        return;
    }
    const int top = m_timelineRect->top();
    const int bottom = m_activityRect->bottom();
    const int left = std::clamp(std::min(pos.x(), m_pressPos.x()), m_timelineRect->left(),
                                m_timelineRect->right());
    const int right = std::clamp(std::max(pos.x(), m_pressPos.x()), m_timelineRect->left(),
                                 m_timelineRect->right());
    m_rubberBand->setGeometry(QRect(QPoint(left, top), QPoint(right, bottom)));
    m_rubberBand->show();
}

void TimelineView::onMouseRelease(QMouseEvent *event)
{
    const Drag drag = std::exchange(m_drag, Drag::None);
    m_plot->unsetCursor();
    if (drag == Drag::Band) {
        m_rubberBand->hide();
        if (m_moved && std::abs(event->pos().x() - m_pressPos.x()) > ClickSlopPx)
            setTimeGeometry(m_pressGeometry.zoomedTo(m_pressPos.x(), event->pos().x()));
        return;
    }
    if (drag != Drag::Pan || m_moved)
        return;
    const int record =
        m_timelineRect->rect().contains(event->pos()) ? m_spans->recordAt(event->pos()) : -1;
    setSelectedRecord(record);
    Q_EMIT recordSelected(record);
}

void TimelineView::onWheel(QWheelEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (!inPlotArea(pos))
        return;
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0)
        return;
    setTimeGeometry(timeGeometry().zoomed(std::pow(WheelZoomStep, steps), pos.x()));
    event->accept();
}

void TimelineView::showToolTip(const QPoint &pos)
{
    QString text;
    if (m_timelineRect->rect().contains(pos)) {
        const int record = m_spans->recordAt(pos);
        if (record >= 0) {
            text = recordToolTip(m_trace, record);
        } else {
            const int predicted = m_ghosts->recordAt(pos);
            if (predicted >= 0)
                text = recordToolTip(ghostTrace(), predicted);
        }
    }
    if (m_activityRect->rect().contains(pos))
        text = m_activity->toolTip(m_activityRect->axis(QCPAxis::atBottom)->pixelToCoord(pos.x()));
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(m_plot->mapToGlobal(pos), text, m_plot);
}

} // namespace Taskline
