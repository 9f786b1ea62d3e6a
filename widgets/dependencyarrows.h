#pragma once

#include <QColor>
#include <QList>

class QCPAxisRect;
class QCPItemLine;
class QCPItemText;
class QCustomPlot;

namespace Taskline {

class SpanPlottable;
struct Trace;

/*!
 * The dependency arrows of the selected attempt: from the copies of the specs its task waits
 * for (their last attempts) to it, and from it to the copies waiting for it (their first
 * attempts). A handful of QCPItemLines, for the selection only; a wide fan-in or fan-out shows
 * its MaxPerSpec most relevant copies (the latest to finish, the first to start).
 *
 * Failures are traced along the same arrows, in the failure colour: a skipped selection shows
 * the chain back to the failure that caused the skip (skipChain()), a failed one the tasks it
 * made skip (skipsCausedBy()), at most MaxFailureLinks of them; a label at the failure says
 * what happened.
 */
class DependencyArrows
{
public:
    static constexpr int MaxPerSpec = 8;
    static constexpr int MaxFailureLinks = 64;

    DependencyArrows(QCustomPlot *plot, QCPAxisRect *rect) : m_plot(plot), m_rect(rect) {}

    void show(const Trace &trace, const SpanPlottable &spans, int record, const QColor &color);
    void clear();
    void setColor(const QColor &color);
    void setFailureColor(const QColor &color);
    /*! Behind the failure label's text: the plot's background, light or dark. */
    void setLabelBackground(const QColor &color) { m_labelBackground = color; }
    /*! Arrows drawn, failure links included. */
    int count() const { return int(m_lines.size()); }
    /*! Failure links drawn, and the label said at the failure ("" without). */
    int failureCount() const { return int(m_failureLines.size()); }
    QString failureText() const;

private:
    QCPItemLine *add(const SpanPlottable &spans, double fromMs, int fromRecord, double toMs,
                     int toRecord);
    void showFailures(const Trace &trace, const SpanPlottable &spans, int record);

    QCustomPlot *m_plot;
    QCPAxisRect *m_rect;
    QList<QCPItemLine *> m_lines;
    QList<QCPItemLine *> m_failureLines; // also in m_lines
    QCPItemText *m_label = nullptr;
    QColor m_color;
    QColor m_failureColor = Qt::red;
    QColor m_labelBackground = Qt::white;
};

} // namespace Taskline
