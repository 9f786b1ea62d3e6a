#pragma once

#include "palette.h"
#include "rowlayout.h"
#include "timelinegeometry.h"
#include "timelinelegend.h"
#include "trace.h"

#include <QElapsedTimer>
#include <QPair>
#include <QPoint>
#include <QTimer>
#include <QWidget>

#include <memory>

class QCPAxisRect;
class QCPLayoutGrid;
class QCPLegend;
class QCPItemText;
class QCPTextElement;
class QCustomPlot;
class QMouseEvent;
class QRubberBand;
class QWheelEvent;

namespace Taskline {

class ActivityPlot;
class DependencyArrows;
class SpanPlottable;

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
    /*! Adds records of a live run to the shown trace; replots at most ~30 times a second.
     *  While records arrive the time range grows in steps with room to spare. */
    void appendRecords(const QList<AttemptRecord> &records);
    /*! The same, with the run's error messages so far (Run::trace().strings), which the new
     *  records' error indices point into: tooltips then show them during the run. */
    void appendRecords(const QList<AttemptRecord> &records, const StringTable &strings);
    const Trace &trace() const;
    /*! The live run ended: unless the user zoomed, the range fits the records exactly again. */
    void endLiveRun();

    /*! Drawn as faint ghost spans behind the measured ones and as a predicted f(t) line.
     *  An empty trace (no records) removes it. */
    void setPrediction(const Trace &prediction);
    void setPredictionVisible(bool visible);
    bool isPredictionVisible() const;

    /*! A pinned baseline run: while shown, its spans are the ghosts (instead of the
     *  prediction's) and its f(t) a line of its own. An empty trace removes it. */
    void setBaseline(const Trace &baseline);
    void setBaselineVisible(bool visible);
    bool isBaselineShown() const { return m_baselineVisible && !m_baseline.records.isEmpty(); }
    /*! What the ghost spans show now: the baseline, the prediction, or nothing. */
    const Trace &ghostTrace() const;

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

    /*! The plottable of the measured spans, and of the predicted ghosts. */
    SpanPlottable *spans() const { return m_spans; }
    SpanPlottable *ghosts() const { return m_ghosts; }
    QCPAxisRect *timelineRect() const { return m_timelineRect; }
    QCPAxisRect *activityRect() const { return m_activityRect; }
    ActivityPlot *activityPlot() const { return m_activity.get(); }
    /*! The dependency arrows of the selection drawn now. */
    int arrowCount() const;
    /*! Of those, the failure links (a skip traced back to its failure, or a failure's skips),
     *  and what the label at the failure says. */
    int failureArrowCount() const;
    QString failureText() const;
    const TimelinePalette &timelinePalette() const { return m_palette; }

    /*! Recomputes f(t) for a plot `width` pixels wide; 0: for the activity plot as laid out
     *  last (image export lays the plot out at its size first). A replot does this by itself. */
    void updateActivity(int width = 0);
    /*! Brings the legend in line with what the last draw showed (merged spans of mixed kinds
     *  appear when zoomed out). A replot does this by itself; returns whether it changed. */
    bool syncLegend();

Q_SIGNALS:
    /*! The user clicked a span (its record index) or empty space (-1). */
    void recordSelected(int index);
    void visibleRangeChanged(double fromMs, double toMs);

protected:
    void changeEvent(QEvent *event) override;

private:
    enum class Drag { None, Pan, Band };

    void setUpPlot();
    void rebuildLayouts(bool ghosts = true);
    void rebuildBands();
    void rebuildLegend();
    void applyPalette();
    void updateTitle();
    void scheduleReplot();
    void scheduleLiveReplot();
    void replotNow();
    void onRangeChanged();
    void onBeforeReplot();
    void onMousePress(QMouseEvent *event);
    void onMouseMove(QMouseEvent *event);
    void onMouseRelease(QMouseEvent *event);
    void onWheel(QWheelEvent *event);
    void showToolTip(const QPoint &pos);
    bool inPlotArea(const QPoint &pos) const;
    TimeGeometry timeGeometry() const;
    void setTimeGeometry(const TimeGeometry &g);
    QPair<double, double> dataRangeMs() const;
    QPair<double, double> fitRangeMs() const;
    void fitLive();

    QCustomPlot *m_plot = nullptr;
    QCPAxisRect *m_timelineRect = nullptr;
    QCPAxisRect *m_activityRect = nullptr;
    QCPLegend *m_legend = nullptr;
    QCPTextElement *m_titleElement = nullptr;
    QCPItemText *m_placeholder = nullptr;
    SpanPlottable *m_spans = nullptr;
    SpanPlottable *m_ghosts = nullptr;
    std::unique_ptr<ActivityPlot> m_activity;
    std::unique_ptr<DependencyArrows> m_arrows;
    QRubberBand *m_rubberBand = nullptr;

    Trace m_trace;
    Trace m_prediction;
    Trace m_baseline;
    bool m_baselineVisible = true;
    RowLayout m_layout;
    RowLayout m_ghostLayout;
    RowBands m_bands;
    TimelinePalette m_palette = TimelinePalette::light();
    Rows m_rows = Rows::Lanes;
    bool m_predictionVisible = true;
    QString m_title;
    LegendState m_legendState;
    int m_selected = -1;
    bool m_userZoomed = false;
    bool m_live = false; // records are being appended: the range grows in steps
    bool m_activityDirty = true;
    int m_activityWidth = 0; // of the axis rect f(t) was last computed for
    QTimer m_replotTimer;
    QElapsedTimer m_sinceReplot; // since the last replot began
    qint64 m_lastReplotNs = 0;   // how long it took

    Drag m_drag = Drag::None;
    QPoint m_pressPos;
    TimeGeometry m_pressGeometry;
    bool m_moved = false;
};

} // namespace Taskline
