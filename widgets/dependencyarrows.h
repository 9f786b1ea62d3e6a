#pragma once

#include <QColor>
#include <QList>

class QCPAxisRect;
class QCPItemLine;
class QCustomPlot;

namespace Taskline {

class SpanPlottable;
struct Trace;

/*!
 * The dependency arrows of the selected attempt: from the copies of the specs its task waits
 * for (their last attempts) to it, and from it to the copies waiting for it (their first
 * attempts). A handful of QCPItemLines, for the selection only; a wide fan-in or fan-out shows
 * its MaxPerSpec most relevant copies (the latest to finish, the first to start).
 */
class DependencyArrows
{
public:
    static constexpr int MaxPerSpec = 8;

    DependencyArrows(QCustomPlot *plot, QCPAxisRect *rect) : m_plot(plot), m_rect(rect) {}

    void show(const Trace &trace, const SpanPlottable &spans, int record, const QColor &color);
    void clear();
    void setColor(const QColor &color);
    int count() const { return int(m_lines.size()); }

private:
    void add(const SpanPlottable &spans, double fromMs, int fromRecord, double toMs, int toRecord);

    QCustomPlot *m_plot;
    QCPAxisRect *m_rect;
    QList<QCPItemLine *> m_lines;
    QColor m_color;
};

} // namespace Taskline
