#pragma once

#include "metrics.h"
#include "scenario.h"

#include <QWidget>

#include <optional>

class QLabel;
class QTableWidget;

namespace Taskline {

/*!
 * The figures of a run beside those of its prediction and the gap between them (SPEC section
 * 6): makespan, tasks, attempts, outcomes, parallelism, utilization, throughput, queue wait and
 * latency percentiles, and the speedup over the sequential prediction.
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
    /*! Leaves trace mode too. */
    void clear();

    /*! Shows the figures of an imported trace instead of a run's: spans, lanes, duration,
     *  parallelism, outcomes and span durations; queue wait and latency only for our own
     *  export (`native`), whose times mean what a run's do. No prediction, no gap. */
    void setTrace(const Metrics &metrics, const Percentiles &durationsMs, qint64 spans,
                  qint64 instants, int lanes, bool native);
    bool isTraceShown() const { return m_trace; }

    /*! The text of a cell, for tests: row by label ("makespan (ms)"), column 1..3. */
    QString cellText(const QString &label, int column) const;
    QTableWidget *table() const { return m_table; }

private:
    void refresh();
    void setRows(const QList<QPair<QString, QString>> &labelsAndTips);

    QLabel *m_header = nullptr;
    QTableWidget *m_table = nullptr;
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
