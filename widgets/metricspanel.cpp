#include "metricspanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
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
     [](const Metrics &m, double) { return m.makespanMs; }},
    {"tasks", "Task copies in the plan", Format::Count,
     [](const Metrics &m, double) { return double(m.tasks); }},
    {"attempts", "Attempts that ran, retries included", Format::Count,
     [](const Metrics &m, double) { return double(m.attempts); }},
    {"ok", "Tasks whose final attempt succeeded", Format::Count, &statusCount<AttemptStatus::Ok>},
    {"failed", "Tasks whose final attempt threw", Format::Count,
     &statusCount<AttemptStatus::Failed>},
    {"timed out", "Tasks whose final attempt passed timeout_ms", Format::Count,
     &statusCount<AttemptStatus::TimedOut>},
    {"cancelled", "Tasks dropped or interrupted by Cancel", Format::Count,
     &statusCount<AttemptStatus::Cancelled>},
    {"skipped", "Tasks not run because a dependency did not succeed", Format::Count,
     &statusCount<AttemptStatus::Skipped>},
    {"parallelism", "Mean of f(t): sum of attempt run times / makespan", Format::Ratio,
     [](const Metrics &m, double) { return m.parallelism; }},
    {"utilization", "Pool busy time / (threads x makespan)", Format::Percent,
     [](const Metrics &m, double) { return m.utilization; }},
    {"throughput (/s)", "Tasks that ended ok per second of makespan", Format::PerSecond,
     [](const Metrics &m, double) { return m.throughputPerS; }},
    {"wait p50 (ms)", "Queue wait (start - enqueue), median", Format::Ms,
     [](const Metrics &m, double) { return m.waitMs.p50; }},
    {"wait p95 (ms)", "Queue wait, 95th percentile", Format::Ms,
     [](const Metrics &m, double) { return m.waitMs.p95; }},
    {"wait p99 (ms)", "Queue wait, 99th percentile", Format::Ms,
     [](const Metrics &m, double) { return m.waitMs.p99; }},
    {"wait max (ms)", "Longest queue wait", Format::Ms,
     [](const Metrics &m, double) { return m.waitMs.max; }},
    {"latency p50 (ms)", "Final end - first release per task, median", Format::Ms,
     [](const Metrics &m, double) { return m.latencyMs.p50; }},
    {"latency p95 (ms)", "Latency, 95th percentile", Format::Ms,
     [](const Metrics &m, double) { return m.latencyMs.p95; }},
    {"latency p99 (ms)", "Latency, 99th percentile", Format::Ms,
     [](const Metrics &m, double) { return m.latencyMs.p99; }},
    {"latency max (ms)", "Longest latency", Format::Ms,
     [](const Metrics &m, double) { return m.latencyMs.max; }},
    {"speedup", "Predicted sequential makespan / this makespan", Format::Speedup, &speedup},
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
        QString text = sign + formatValue(format, d);
        if (predicted > 0)
            text += QStringLiteral(" (%1%2%)").arg(sign).arg(100 * d / predicted, 0, 'f', 0);
        return text;
    }
    default:
        return sign + formatValue(format, d);
    }
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
    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("metricsHeader"));
    m_header->setWordWrap(true);
    m_header->setTextFormat(Qt::PlainText);
    layout->addWidget(m_header);

    m_table = new QTableWidget(RowCount, 4, this);
    m_table->setObjectName(QStringLiteral("metricsTable"));
    m_table->setHorizontalHeaderLabels({tr("Metric"), tr("Measured"), tr("Predicted"), tr("Gap")});
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
    header->setHighlightSections(false);
    header->setToolTip(tr("Gap: measured minus predicted, the overhead of the real system"));
    for (int r = 0; r < RowCount; ++r) {
        auto *label = new QTableWidgetItem(QLatin1String(Rows[r].label));
        label->setToolTip(QLatin1String(Rows[r].tip));
        m_table->setItem(r, 0, label);
        for (int c = 1; c < 4; ++c) {
            auto *item = new QTableWidgetItem;
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(r, c, item);
        }
    }
    layout->addWidget(m_table, 1);
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
    m_predicted.reset();
    m_predictedConfig.reset();
    m_sequentialMs = 0;
    clearMeasured();
}

QString MetricsPanel::cellText(const QString &label, int column) const
{
    for (int r = 0; r < RowCount; ++r) {
        if (label == QLatin1String(Rows[r].label))
            return m_table->item(r, column)->text();
    }
    return {};
}

void MetricsPanel::refresh()
{
    QStringList header;
    if (m_measuredConfig) {
        header.append(m_running ? tr("Measured: running on %1").arg(describe(*m_measuredConfig))
                                : tr("Measured: %1%2")
                                      .arg(describe(*m_measuredConfig),
                                           m_cancelled ? tr(", cancelled") : QString()));
    } else {
        header.append(tr("Measured: press Run (F5)"));
    }
    if (m_predictedConfig) {
        header.append(tr("Predicted: %1 on %2")
                          .arg(describe(*m_predictedConfig),
                               countText(m_predictedConfig->cores, "core", "cores")));
    }
    m_header->setText(header.join(QLatin1Char('\n')));

    for (int r = 0; r < RowCount; ++r) {
        const Row &row = Rows[r];
        const double seq = m_sequentialMs;
        const double measured = m_measured ? row.value(*m_measured, seq) : 0;
        const double predicted = m_predicted ? row.value(*m_predicted, seq) : 0;
        QString measuredText;
        if (m_measured)
            measuredText = formatValue(row.format, measured);
        else if (m_running)
            measuredText = QStringLiteral("...");
        m_table->item(r, 1)->setText(measuredText);
        m_table->item(r, 2)->setText(m_predicted ? formatValue(row.format, predicted) : QString());
        m_table->item(r, 3)->setText(
            m_measured && m_predicted ? formatGap(row.format, measured, predicted) : QString());
    }
}

} // namespace Taskline
