#include "metricspanel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>
#include <iterator>

namespace Taskline {

namespace {

enum class Format { Ms, Count, Ratio, Percent, PerSecond, Speedup };

struct Row
{
    const char *label;
    const char *tip;
    Format format;
    double (*value)(const Metrics &m, double sequentialMs);
    int better = 0; // +1: higher is better, -1: lower is better, 0: neither
};

double speedup(const Metrics &m, double sequentialMs)
{
    return m.makespanMs > 0 && sequentialMs > 0 ? sequentialMs / m.makespanMs : 0;
}

template <AttemptStatus S> double statusCount(const Metrics &m, double)
{
    return double(m.count(S));
}

const Row Rows[] = {
    {"makespan (ms)", "Time from the run's start to the last attempt's end", Format::Ms,
     [](const Metrics &m, double) { return m.makespanMs; }, -1},
    {"tasks", "Task copies in the plan", Format::Count,
     [](const Metrics &m, double) { return double(m.tasks); }},
    {"attempts", "Attempts that ran, retries included", Format::Count,
     [](const Metrics &m, double) { return double(m.attempts); }},
    {"ok", "Tasks whose final attempt succeeded", Format::Count, &statusCount<AttemptStatus::Ok>, 1},
    {"failed", "Tasks whose final attempt threw", Format::Count,
     &statusCount<AttemptStatus::Failed>, -1},
    {"timed out", "Tasks whose final attempt passed timeout_ms", Format::Count,
     &statusCount<AttemptStatus::TimedOut>, -1},
    {"cancelled", "Tasks dropped or interrupted by Cancel", Format::Count,
     &statusCount<AttemptStatus::Cancelled>, -1},
    {"skipped", "Tasks not run because a dependency did not succeed", Format::Count,
     &statusCount<AttemptStatus::Skipped>, -1},
    {"parallelism", "Mean of f(t): sum of attempt run times / makespan", Format::Ratio,
     [](const Metrics &m, double) { return m.parallelism; }, 1},
    {"utilization", "Pool busy time / (threads x makespan)", Format::Percent,
     [](const Metrics &m, double) { return m.utilization; }, 1},
    {"throughput (/s)", "Tasks that ended ok per second of makespan", Format::PerSecond,
     [](const Metrics &m, double) { return m.throughputPerS; }, 1},
    {"wait p50 (ms)", "Queue wait (start - enqueue), median", Format::Ms,
     [](const Metrics &m, double) { return m.waitMs.p50; }, -1},
    {"wait p95 (ms)", "Queue wait, 95th percentile", Format::Ms,
     [](const Metrics &m, double) { return m.waitMs.p95; }, -1},
    {"wait p99 (ms)", "Queue wait, 99th percentile", Format::Ms,
     [](const Metrics &m, double) { return m.waitMs.p99; }, -1},
    {"wait max (ms)", "Longest queue wait", Format::Ms,
     [](const Metrics &m, double) { return m.waitMs.max; }, -1},
    {"latency p50 (ms)", "Final end - first release per task, median", Format::Ms,
     [](const Metrics &m, double) { return m.latencyMs.p50; }, -1},
    {"latency p95 (ms)", "Latency, 95th percentile", Format::Ms,
     [](const Metrics &m, double) { return m.latencyMs.p95; }, -1},
    {"latency p99 (ms)", "Latency, 99th percentile", Format::Ms,
     [](const Metrics &m, double) { return m.latencyMs.p99; }, -1},
    {"latency max (ms)", "Longest latency", Format::Ms,
     [](const Metrics &m, double) { return m.latencyMs.max; }, -1},
    {"speedup", "Predicted sequential makespan / this makespan", Format::Speedup, &speedup, 1},
};
constexpr int RowCount = int(std::size(Rows));

QString formatValue(Format format, double v)
{
    switch (format) {
    case Format::Ms:
        return QString::number(v, 'f', v < 10 ? 3 : (v < 1000 ? 2 : 1));
    case Format::Count:
        return QLocale().toString(qint64(std::llround(v)));
    case Format::Ratio:
        return QString::number(v, 'f', 2);
    case Format::Percent:
        return QString::number(v * 100, 'f', 1) + QLatin1Char('%');
    case Format::PerSecond:
        return QString::number(v, 'f', v < 100 ? 1 : 0);
    case Format::Speedup:
        return QString::number(v, 'f', 2) + QStringLiteral("x");
    }
    return {};
}

QString formatGap(Format format, double measured, double predicted)
{
    const double d = measured - predicted;
    const QString sign = d > 0 ? QStringLiteral("+") : QString();
    switch (format) {
    case Format::Count:
        return d == 0 ? QStringLiteral("0") : sign + formatValue(format, d);
    case Format::Percent:
        return sign + QString::number(d * 100, 'f', 1) + QStringLiteral(" pt");
    case Format::Ms: {
        // Digits by the size of the gap, not its sign: -291.7, not -291.668.
        QString text = (d < 0 ? QStringLiteral("-") : sign) + formatValue(format, std::abs(d));
        if (predicted > 0)
            text += QStringLiteral(" (%1%2%)").arg(sign).arg(100 * d / predicted, 0, 'f', 0);
        return text;
    }
    default:
        return sign + formatValue(format, d);
    }
}

/*! Current minus baseline, and in percent of the baseline where that means something. */
QString formatChange(Format format, double current, double baseline)
{
    const double d = current - baseline;
    const QString sign = d > 0 ? QStringLiteral("+") : (d < 0 ? QStringLiteral("-") : QString());
    if (format == Format::Percent)
        return sign + QString::number(std::abs(d) * 100, 'f', 1) + QStringLiteral(" pt");
    // Digits by the size of the change, not by its sign.
    QString text = d == 0 ? QStringLiteral("0") : sign + formatValue(format, std::abs(d));
    if (format == Format::Speedup && d != 0)
        text.chop(1); // "+0.50", not "+0.50x": a difference of speedups
    if (baseline != 0 && d != 0)
        text += QStringLiteral(" (%1%2%)").arg(sign).arg(100 * std::abs(d / baseline), 0, 'f', 1);
    return text;
}

QString countText(int n, const char *one, const char *many)
{
    return QString::number(n) + QLatin1Char(' ') + QLatin1String(n == 1 ? one : many);
}

QString describe(const RunConfig &c)
{
    return c.mode == RunMode::Sequential ? QObject::tr("sequential")
                                         : countText(c.threads, "thread", "threads");
}

} // namespace

MetricsPanel::MetricsPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("metricsPanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    auto *top = new QHBoxLayout;
    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("metricsHeader"));
    m_header->setWordWrap(true);
    m_header->setTextFormat(Qt::PlainText);
    top->addWidget(m_header, 1);
    m_clearBaseline = new QAction(tr("Clear &Baseline"), this);
    m_clearBaseline->setObjectName(QStringLiteral("actionClearBaseline"));
    m_clearBaseline->setToolTip(tr("Forget the pinned baseline run"));
    connect(m_clearBaseline, &QAction::triggered, this, [this] {
        clearBaseline();
        Q_EMIT baselineCleared();
    });
    m_clearButton = new QToolButton(this);
    m_clearButton->setObjectName(QStringLiteral("clearBaselineButton"));
    m_clearButton->setDefaultAction(m_clearBaseline);
    m_clearButton->setText(tr("Clear baseline"));
    top->addWidget(m_clearButton, 0, Qt::AlignTop);
    layout->addLayout(top);

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("metricsTable"));
    m_table->setHorizontalHeaderLabels({tr("Metric"), tr("Measured"), tr("Predicted"), tr("Gap"),
                                        tr("Baseline"), tr("vs baseline")});
    m_table->horizontalHeaderItem(Gap)->setToolTip(
        tr("Measured minus predicted: the overhead of the real system"));
    m_table->horizontalHeaderItem(Baseline)->setToolTip(tr("The pinned baseline run"));
    m_table->horizontalHeaderItem(Change)->setToolTip(
        tr("Measured minus baseline, and in percent of the baseline: green is better, red "
           "worse"));
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setFocusPolicy(Qt::NoFocus);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(1, QHeaderView::Stretch);
    header->setSectionResizeMode(2, QHeaderView::Stretch);
    header->setSectionResizeMode(3, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(Baseline, QHeaderView::Stretch);
    header->setSectionResizeMode(Change, QHeaderView::ResizeToContents);
    header->setHighlightSections(false);
    layout->addWidget(m_table, 1);
    refresh();
}

void MetricsPanel::setRows(const QList<QPair<QString, QString>> &labelsAndTips)
{
    m_table->setRowCount(int(labelsAndTips.size()));
    for (int r = 0; r < labelsAndTips.size(); ++r) {
        auto *label = new QTableWidgetItem(labelsAndTips[r].first);
        label->setToolTip(labelsAndTips[r].second);
        m_table->setItem(r, 0, label);
        for (int c = 1; c < ColumnCount; ++c) {
            auto *item = new QTableWidgetItem;
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(r, c, item);
        }
    }
}

void MetricsPanel::setTrace(const Metrics &metrics, const Percentiles &durationsMs, qint64 spans,
                            qint64 instants, int lanes, bool native)
{
    clear();
    m_trace = true;
    QList<QPair<QString, QString>> labels;
    QStringList values;
    const auto add = [&](const char *label, const char *tip, const QString &value) {
        labels.append({QLatin1String(label), QLatin1String(tip)});
        values.append(value);
    };
    add("spans", "Records with a begin and an end", formatValue(Format::Count, double(spans)));
    if (instants > 0)
        add("instants", "Zero-length markers (i, I, n events); counted among the outcomes",
            formatValue(Format::Count, double(instants)));
    add("lanes", "Threads and async tracks of the trace", formatValue(Format::Count, lanes));
    add("duration (ms)", "From the earliest event to the latest end",
        formatValue(Format::Ms, metrics.makespanMs));
    add("parallelism", "Mean of f(t): sum of span times / duration",
        formatValue(Format::Ratio, metrics.parallelism));
    for (int s = 0; s < AttemptStatusCount; ++s) {
        const qint64 n = metrics.status[std::size_t(s)];
        if (n > 0 || s == int(AttemptStatus::Ok)) {
            labels.append({statusName(AttemptStatus(s)).replace(QLatin1Char('_'), QLatin1Char(' ')),
                           tr("Records whose status is %1").arg(statusName(AttemptStatus(s)))});
            values.append(formatValue(Format::Count, double(n)));
        }
    }
    add("span p50 (ms)", "Span duration (end - start), median",
        formatValue(Format::Ms, durationsMs.p50));
    add("span p95 (ms)", "Span duration, 95th percentile",
        formatValue(Format::Ms, durationsMs.p95));
    add("span p99 (ms)", "Span duration, 99th percentile",
        formatValue(Format::Ms, durationsMs.p99));
    add("span max (ms)", "Longest span", formatValue(Format::Ms, durationsMs.max));
    if (native) {
        for (const int r : {11, 12, 13, 14, 15, 16, 17, 18}) // wait and latency percentiles
            add(Rows[r].label, Rows[r].tip, formatValue(Rows[r].format, Rows[r].value(metrics, 0)));
    }
    setRows(labels);
    for (int r = 0; r < values.size(); ++r)
        m_table->item(r, 1)->setText(values[r]);
    refresh();
}

void MetricsPanel::setPredicted(const Metrics &metrics, const RunConfig &config,
                                double sequentialMs)
{
    m_predicted = metrics;
    m_predictedConfig = config;
    m_sequentialMs = sequentialMs;
    refresh();
}

void MetricsPanel::setMeasured(const Metrics &metrics, const RunConfig &config, bool cancelled)
{
    m_measured = metrics;
    m_measuredConfig = config;
    m_running = false;
    m_cancelled = cancelled;
    refresh();
}

void MetricsPanel::setRunning(const RunConfig &config)
{
    m_measured.reset();
    m_measuredConfig = config;
    m_running = true;
    m_cancelled = false;
    refresh();
}

void MetricsPanel::clearMeasured()
{
    m_measured.reset();
    m_measuredConfig.reset();
    m_running = false;
    m_cancelled = false;
    refresh();
}

void MetricsPanel::clear()
{
    m_trace = false;
    m_predicted.reset();
    m_predictedConfig.reset();
    m_sequentialMs = 0;
    clearMeasured();
}

QString MetricsPanel::cellText(const QString &label, int column) const
{
    for (int r = 0; r < m_table->rowCount(); ++r) {
        if (label == m_table->item(r, 0)->text())
            return m_table->item(r, column)->text();
    }
    return {};
}

void MetricsPanel::setBaseline(const Metrics &metrics, const RunConfig &config,
                               double sequentialMs, const QString &label)
{
    m_baseline = metrics;
    m_baselineConfig = config;
    m_baselineSequentialMs = sequentialMs;
    m_baselineLabel = label;
    refresh();
}

void MetricsPanel::clearBaseline()
{
    m_baseline.reset();
    m_baselineConfig.reset();
    m_baselineSequentialMs = 0;
    m_baselineLabel.clear();
    refresh();
}

QString MetricsPanel::headerText() const
{
    return m_header->text();
}

void MetricsPanel::refresh()
{
    const bool baseline = m_baseline && !m_trace;
    m_table->setColumnHidden(Predicted, m_trace);
    m_table->setColumnHidden(Gap, m_trace);
    m_table->setColumnHidden(Baseline, !baseline);
    m_table->setColumnHidden(Change, !baseline);
    m_clearButton->setVisible(baseline);
    m_clearBaseline->setEnabled(m_baseline.has_value());
    // With a baseline the comparison comes first (Metric, Measured, Baseline, vs baseline),
    // the prediction and its gap after it; columns fit their contents and the table scrolls
    // rather than squeezing numbers into ellipses.
    QHeaderView *columns = m_table->horizontalHeader();
    const int order[] = {Label, Measured, Baseline, Change, Predicted, Gap};
    const int plain[] = {Label, Measured, Predicted, Gap, Baseline, Change};
    const int *wanted = baseline ? order : plain;
    for (int visual = 0; visual < ColumnCount; ++visual) {
        const int from = columns->visualIndex(wanted[visual]);
        if (from != visual)
            columns->moveSection(from, visual);
    }
    for (const int c : {Measured, Predicted, Baseline})
        columns->setSectionResizeMode(
            c, baseline ? QHeaderView::ResizeToContents : QHeaderView::Stretch);
    columns->setStretchLastSection(baseline);
    m_table->horizontalHeaderItem(1)->setText(m_trace ? tr("Trace") : tr("Measured"));
    if (m_trace) {
        m_header->setText(tr("An imported trace: what it recorded, no prediction."));
        return; // the values were set with the rows
    }
    if (m_table->rowCount() != RowCount ||
        m_table->item(0, 0)->text() != QLatin1String(Rows[0].label)) {
        QList<QPair<QString, QString>> labels;
        for (const Row &row : Rows)
            labels.append({QLatin1String(row.label), QLatin1String(row.tip)});
        setRows(labels);
    }
    QStringList header;
    if (m_measuredConfig) {
        header.append(m_running ? tr("Measured: running on %1").arg(describe(*m_measuredConfig))
                                : tr("Measured: %1%2")
                                      .arg(describe(*m_measuredConfig),
                                           m_cancelled ? tr(", cancelled: a partial run, no "
                                                            "speedup and nothing to compare")
                                                       : QString()));
    } else {
        header.append(tr("Measured: press Run (F5)"));
    }
    if (m_predictedConfig) {
        header.append(tr("Predicted: %1 on %2")
                          .arg(describe(*m_predictedConfig),
                               countText(m_predictedConfig->cores, "core", "cores")));
    }
    if (baseline)
        header.append(tr("Baseline: %1").arg(m_baselineLabel));
    m_header->setText(header.join(QLatin1Char('\n')));

    // A cancelled run covers part of the plan: its speedup and its gaps to the (complete)
    // prediction and baseline compare unlike things, so they are left out and say why.
    const bool partial = m_measured && m_cancelled;
    const QString partialTip = tr("The run was cancelled: a partial run is not compared with "
                                  "the complete prediction or baseline");
    for (int r = 0; r < RowCount; ++r) {
        const Row &row = Rows[r];
        const double seq = m_sequentialMs;
        const double measured = m_measured ? row.value(*m_measured, seq) : 0;
        const double predicted = m_predicted ? row.value(*m_predicted, seq) : 0;
        QString measuredText;
        QString measuredTip;
        if (partial && row.format == Format::Speedup) {
            measuredText = tr("n/a (cancelled)");
            measuredTip = tr("The run was cancelled: the speedup of a partial run over the "
                             "complete sequential prediction means nothing");
        } else if (m_measured) {
            measuredText = formatValue(row.format, measured);
        } else if (m_running) {
            measuredText = QStringLiteral("...");
        }
        m_table->item(r, Measured)->setText(measuredText);
        m_table->item(r, Measured)->setToolTip(measuredTip);
        m_table->item(r, Predicted)
            ->setText(m_predicted ? formatValue(row.format, predicted) : QString());
        m_table->item(r, Gap)->setText(m_measured && m_predicted && !partial
                                           ? formatGap(row.format, measured, predicted)
                                           : QString());
        m_table->item(r, Gap)->setToolTip(partial && m_predicted ? partialTip : QString());

        QTableWidgetItem *change = m_table->item(r, Change);
        change->setForeground(QBrush());
        change->setToolTip(partial && baseline ? partialTip : QString());
        if (!baseline) {
            m_table->item(r, Baseline)->setText(QString());
            change->setText(QString());
            continue;
        }
        const double base = row.value(*m_baseline, m_baselineSequentialMs);
        m_table->item(r, Baseline)->setText(formatValue(row.format, base));
        if (!m_measured || partial) {
            change->setText(QString());
            continue;
        }
        const double current = row.value(*m_measured, seq);
        change->setText(formatChange(row.format, current, base));
        // Only a change a reader would notice gets a colour: 1% and more.
        const double d = current - base;
        if (row.better != 0 && d != 0 && std::abs(d) >= 0.01 * std::abs(base)) {
            const bool better = (d > 0) == (row.better > 0);
            change->setForeground(better ? QColor(0x2e7d32) : QColor(0xc62828));
        }
    }
}

} // namespace Taskline
