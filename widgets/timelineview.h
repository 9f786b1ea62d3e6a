#pragma once

#include "trace.h"

#include <QPair>
#include <QWidget>

class QCustomPlot;

namespace Taskline {

/*!
 * The timeline of a trace over its activity plot f(t): one QCustomPlot with two stacked axis
 * rects sharing a time axis in ms, so zoom and pan stay in sync. Rows are lanes (worker 1..P,
 * event loop) or one row per task id; overlapping spans within a row stack in sub-rows.
 */
class TimelineView : public QWidget
{
    Q_OBJECT

public:
    enum class Rows { Lanes, Tasks };

    explicit TimelineView(QWidget *parent = nullptr);
    ~TimelineView() override;

    /*! Shows `trace`, replacing what was shown (the prediction stays). */
    void setTrace(const Trace &trace);
    /*! Adds records of a live run to the shown trace; replots at most ~30 times a second. */
    void appendRecords(const QList<AttemptRecord> &records);
    const Trace &trace() const;

    /*! Drawn as faint ghost spans behind the measured ones and as a predicted f(t) line.
     *  An empty trace (no records) removes it. */
    void setPrediction(const Trace &prediction);
    void setPredictionVisible(bool visible);
    bool isPredictionVisible() const;

    void setRows(Rows rows);
    Rows rows() const;

    /*! The title line of exported images (scenario, threads, makespan). */
    void setTitle(const QString &title);
    QString title() const;

    /*! Shows the whole trace (Ctrl+0). */
    void fit();
    QPair<double, double> visibleRangeMs() const;
    void setVisibleRangeMs(double fromMs, double toMs);

    /*! Selects a record (index into trace().records), -1 for none, and draws its task's
     *  dependency arrows. Does not emit recordSelected(). */
    void setSelectedRecord(int index);
    int selectedRecord() const;

    /*! The plot, for image export and tests. */
    QCustomPlot *plot() const;

Q_SIGNALS:
    /*! The user clicked a span (its record index) or empty space (-1). */
    void recordSelected(int index);
    void visibleRangeChanged(double fromMs, double toMs);
};

} // namespace Taskline
