#pragma once

#include "metrics.h"
#include "scenario.h"

#include <QWidget>

#include <optional>

class QAction;
class QLabel;
class QTableWidget;
class QToolButton;

namespace Taskline {

/*!
 * The figures of a run beside those of its prediction and the gap between them (SPEC section
 * 6): makespan, tasks, attempts, outcomes, parallelism, utilization, throughput, queue wait and
 * latency percentiles, and the speedup over the sequential prediction. With a pinned baseline
 * run, two more columns: the baseline's figures and the change from it to the measured run,
 * in units and in percent, green where it got better and red where it got worse.
 */
class MetricsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit MetricsPanel(QWidget *parent = nullptr);

    /*! `sequentialMs`: the predicted makespan of the sequential baseline (the speedup's base). */
    void setPredicted(const Metrics &metrics, const RunConfig &config, double sequentialMs);
    void setMeasured(const Metrics &metrics, const RunConfig &config, bool cancelled = false);
    /*! Measured column shows "running" until setMeasured(). */
    void setRunning(const RunConfig &config);
    void clearMeasured();
    /*! Leaves trace mode too; keeps the baseline. */
    void clear();

    /*! Pins `metrics` as the baseline (`label` describes it: "4 threads, 13:45:02").
     *  `sequentialMs` is its speedup's base. */
    void setBaseline(const Metrics &metrics, const RunConfig &config, double sequentialMs,
                     const QString &label);
    void clearBaseline();
    bool hasBaseline() const { return m_baseline.has_value(); }
    /*! "Clear Baseline": triggers baselineCleared() after clearing. */
    QAction *clearBaselineAction() const { return m_clearBaseline; }

    /*! Shows the figures of an imported trace instead of a run's: spans, lanes, duration,
     *  parallelism, outcomes and span durations; queue wait and latency only for our own
     *  export (`native`), whose times mean what a run's do. No prediction, no gap. */
    void setTrace(const Metrics &metrics, const Percentiles &durationsMs, qint64 spans,
                  qint64 instants, int lanes, bool native);
    bool isTraceShown() const { return m_trace; }

    enum Column { Label, Measured, Predicted, Gap, Baseline, Change, ColumnCount };
    /*! The text of a cell, for tests: row by label ("makespan (ms)"), column 1..5. */
    QString cellText(const QString &label, int column) const;
    QTableWidget *table() const { return m_table; }
    QString headerText() const;

Q_SIGNALS:
    /*! The user cleared the baseline from the panel. */
    void baselineCleared();

private:
    void refresh();
    void setRows(const QList<QPair<QString, QString>> &labelsAndTips);

    QLabel *m_header = nullptr;
    QToolButton *m_clearButton = nullptr;
    QAction *m_clearBaseline = nullptr;
    QTableWidget *m_table = nullptr;
    std::optional<Metrics> m_baseline;
    std::optional<RunConfig> m_baselineConfig;
    double m_baselineSequentialMs = 0;
    QString m_baselineLabel;
    std::optional<Metrics> m_measured;
    std::optional<Metrics> m_predicted;
    std::optional<RunConfig> m_measuredConfig;
    std::optional<RunConfig> m_predictedConfig;
    double m_sequentialMs = 0;
    bool m_running = false;
    bool m_cancelled = false;
    bool m_trace = false;
};

} // namespace Taskline
