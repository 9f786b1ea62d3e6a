#include "sweepdock.h"

#include "backgroundpool.h"
#include "sweepplot.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace Taskline {

namespace {

QString msText(double ms)
{
    return QString::number(ms, 'f', ms < 10 ? 2 : 1);
}

QString speedupText(double s)
{
    return QString::number(s, 'f', 2) + QLatin1Char('x');
}

QString percentText(double e)
{
    return QString::number(100 * e, 'f', 0) + QLatin1Char('%');
}

/*! A sweep that shows what a pool of the scenario's size would gain from more or fewer. */
QString defaultThreadList(int scenarioThreads)
{
    const int limit = std::clamp(2 * scenarioThreads, 8, 64);
    if (limit <= 16)
        return QStringLiteral("1..%1").arg(limit);
    QList<int> counts;
    for (int n = 1; n <= limit; n *= 2)
        counts.append(n);
    if (counts.constLast() != limit)
        counts.append(limit);
    return threadListText(counts);
}

enum Column { Threads, Predicted, PredictedSpeedup, Measured, MeasuredSpeedup, Efficiency, Count };

} // namespace

SweepDock::SweepDock(QWidget *parent) : QDockWidget(tr("Pool-size Sweep"), parent)
{
    setObjectName(QStringLiteral("sweepDock"));
    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);

    auto *controls = new QHBoxLayout;
    auto *label = new QLabel(tr("Threads"), content);
    m_threads = new QLineEdit(content);
    m_threads->setObjectName(QStringLiteral("sweepThreadsEdit"));
    m_threads->setPlaceholderText(tr("1,2,4,8 or 1..16"));
    m_threads->setToolTip(tr("Thread counts to compare: a list (1,2,4,8), a range (1..16) or both "
                             "(1,2,4..8). Enter predicts."));
    m_threads->setMinimumWidth(120);
    label->setBuddy(m_threads);
    m_predict = new QPushButton(tr("Predict"), content);
    m_predict->setObjectName(QStringLiteral("sweepPredictButton"));
    m_predict->setToolTip(tr("Predict the makespan for each thread count with the model (instant)"));
    m_measure = new QPushButton(tr("Measure"), content);
    m_measure->setObjectName(QStringLiteral("sweepMeasureButton"));
    m_measure->setToolTip(tr("Run the scenario for real once per thread count, one after "
                             "another, and plot the measured speedups"));
    m_cancel = new QPushButton(tr("Cancel"), content);
    m_cancel->setObjectName(QStringLiteral("sweepCancelButton"));
    m_cancel->setToolTip(tr("Stop measuring; the points measured so far stay"));
    m_progress = new QProgressBar(content);
    m_progress->setObjectName(QStringLiteral("sweepProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(false);
    m_status = new QLabel(content);
    m_status->setObjectName(QStringLiteral("sweepStatus"));
    controls->addWidget(label);
    controls->addWidget(m_threads, 1);
    controls->addWidget(m_predict);
    controls->addWidget(m_measure);
    controls->addWidget(m_cancel);
    controls->addWidget(m_progress);
    m_status->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    controls->addWidget(m_status, 1);
    layout->addLayout(controls);

    m_error = new QLabel(content);
    m_error->setObjectName(QStringLiteral("sweepError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->hide();
    layout->addWidget(m_error);

    auto *body = new QHBoxLayout;
    m_plot = new SweepPlot(content);
    body->addWidget(m_plot, 1);
    auto *side = new QVBoxLayout;
    m_recommendation = new QLabel(content);
    m_recommendation->setObjectName(QStringLiteral("sweepRecommendation"));
    m_recommendation->setWordWrap(true);
    m_recommendation->setTextFormat(Qt::PlainText);
    m_recommendation->setMinimumWidth(220);
    QFont bold = m_recommendation->font();
    bold.setBold(true);
    m_recommendation->setFont(bold);
    side->addWidget(m_recommendation);
    m_table = new QTableWidget(0, Count, content);
    m_table->setObjectName(QStringLiteral("sweepTable"));
    m_table->setHorizontalHeaderLabels({tr("Threads"), tr("Predicted ms"), tr("Speedup"),
                                        tr("Measured ms"), tr("Speedup"), tr("Efficiency")});
    m_table->horizontalHeaderItem(PredictedSpeedup)->setToolTip(tr("Predicted speedup over 1 thread"));
    m_table->horizontalHeaderItem(MeasuredSpeedup)->setToolTip(
        tr("Measured speedup over the measured 1 thread (the predicted one if not measured)"));
    m_table->horizontalHeaderItem(Efficiency)->setToolTip(
        tr("Speedup / threads: how much of each added thread pays off (measured if measured)"));
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setFocusPolicy(Qt::NoFocus);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    side->addWidget(m_table, 1);
    body->addLayout(side, 1);
    layout->addLayout(body, 1);
    setWidget(content);

    connect(m_threads, &QLineEdit::textEdited, this, [this] { m_userEditedList = true; });
    connect(m_threads, &QLineEdit::returnPressed, this, &SweepDock::predict);
    connect(m_predict, &QPushButton::clicked, this, &SweepDock::predict);
    connect(m_measure, &QPushButton::clicked, this, &SweepDock::measure);
    connect(m_cancel, &QPushButton::clicked, this, &SweepDock::cancelMeasure);
    connect(&m_watcher, &QFutureWatcher<Sweep>::finished, this, &SweepDock::onPredicted);
    connect(this, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && m_stale && m_plan)
            predict();
    });
    m_threads->setText(defaultThreadList(4));
    showSweep(Sweep{});
    updateControls();
}

SweepDock::~SweepDock() = default;

void SweepDock::setPlan(PlanPtr plan, const RunConfig &config)
{
    if (isMeasuring()) {
        // Its points belong to the old plan: none of them may reach the new plan's plot.
        disconnect(m_run.get(), nullptr, this, nullptr);
        m_run->cancel();
        SweepRun *old = m_run.release();
        old->setParent(this);
        old->deleteLater();
        m_status->setText(tr("Measuring stopped: the scenario changed"));
        Q_EMIT measureFinished(true);
    }
    m_plan = std::move(plan);
    m_config = config;
    if (!m_userEditedList && m_plan)
        m_threads->setText(defaultThreadList(config.threads));
    if (m_plan && !isVisible()) {
        m_stale = true; // predicted once the dock is shown
        ++m_generation;
        showSweep(Sweep{});
        updateControls();
    } else if (m_plan) {
        predict();
    } else {
        ++m_generation;
        m_predicting = false;
        showSweep(Sweep{});
        updateControls();
    }
}

void SweepDock::setThreadList(const QString &text)
{
    m_threads->setText(text);
    m_userEditedList = true;
}

QString SweepDock::threadList() const
{
    return m_threads->text();
}

QString SweepDock::recommendationText() const
{
    return m_recommendation->text();
}

QString SweepDock::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

std::optional<QList<int>> SweepDock::parsedThreads()
{
    const auto parsed = parseThreadList(m_threads->text());
    if (const QString *error = std::get_if<QString>(&parsed)) {
        m_error->setText(tr("Threads: %1").arg(*error));
        m_error->show();
        return std::nullopt;
    }
    m_error->hide();
    return std::get<QList<int>>(parsed);
}

bool SweepDock::predict()
{
    const std::optional<QList<int>> threads = parsedThreads();
    if (!threads || !m_plan) {
        updateControls();
        return false;
    }
    cancelMeasure();
    m_stale = false;
    const quint64 generation = ++m_generation;
    m_watchedGeneration = generation;
    m_predicting = true;
    m_status->setText(tr("Predicting..."));
    // The worker gets copies; a newer prediction replaces this one in the watcher.
    m_watcher.setFuture(
        QtConcurrent::run(backgroundPool(), [plan = m_plan, config = m_config, t = *threads] {
            enterBackground();
            return predictSweep(plan, config, t);
        }));
    updateControls();
    return true;
}

void SweepDock::onPredicted()
{
    if (m_watchedGeneration != m_generation || m_watcher.isCanceled())
        return;
    m_predicting = false;
    m_status->clear();
    showSweep(m_watcher.result());
    updateControls();
    Q_EMIT predicted();
}

bool SweepDock::measure()
{
    const std::optional<QList<int>> threads = parsedThreads();
    if (!threads || !m_plan || isMeasuring())
        return false;
    // Measure exactly the counts asked for, beside their prediction: predict them first (it
    // is fast) if what is shown is of another list.
    QList<int> shown;
    for (const SweepPoint &p : std::as_const(m_sweep.points))
        shown.append(p.threads);
    Sweep sweep = shown == *threads && !m_predicting ? m_sweep
                                                     : predictSweep(m_plan, m_config, *threads);
    for (qsizetype i = 0; i < sweep.points.size(); ++i)
        sweep.points[i].measuredMs.reset();
    sweep.updateSpeedups();
    ++m_generation; // drop a prediction on its way
    m_predicting = false;
    showSweep(sweep);
    m_run = std::make_unique<SweepRun>(m_plan, sweep, this); // a child: findable, owned here
    connect(m_run.get(), &SweepRun::pointMeasured, this, [this] { showSweep(m_run->sweep()); });
    connect(m_run.get(), &SweepRun::progress, this, &SweepDock::onMeasureProgress);
    connect(m_run.get(), &SweepRun::finished, this, &SweepDock::onMeasureFinished);
    m_progress->setValue(0);
    Q_EMIT measureStarted();
    m_run->start();
    updateControls();
    return true;
}

void SweepDock::cancelMeasure()
{
    if (isMeasuring())
        m_run->cancel(); // onMeasureFinished() follows
}

bool SweepDock::isMeasuring() const
{
    return m_run && m_run->isRunning();
}

void SweepDock::onMeasureProgress(int run, int runs, qint64 done, qint64 total)
{
    const double fraction = (run + (total > 0 ? double(done) / total : 0.0)) / std::max(1, runs);
    m_progress->setValue(int(1000 * fraction));
    const int threads = m_run ? m_run->sweep().points.value(run).threads : 0;
    m_status->setText(tr("Measuring %1 of %2 (%3 %4): %5/%6 tasks")
                          .arg(run + 1)
                          .arg(runs)
                          .arg(threads)
                          .arg(threads == 1 ? tr("thread") : tr("threads"))
                          .arg(done)
                          .arg(total));
}

void SweepDock::onMeasureFinished(bool cancelled)
{
    showSweep(m_run->sweep());
    int measured = 0;
    for (const SweepPoint &p : std::as_const(m_sweep.points))
        measured += p.measuredMs ? 1 : 0;
    m_status->setText(cancelled ? tr("Cancelled: %1 of %2 counts measured")
                                      .arg(measured)
                                      .arg(m_sweep.points.size())
                                : tr("Measured %1 thread counts").arg(measured));
    // Not deleted from inside its own signal.
    SweepRun *old = m_run.release();
    old->setParent(this);
    old->deleteLater();
    updateControls();
    Q_EMIT measureFinished(cancelled);
}

void SweepDock::showSweep(const Sweep &sweep)
{
    m_sweep = sweep;
    m_plot->setSweep(sweep);
    QString text = sweep.recommendationText();
    if (text.isEmpty())
        text = m_plan ? QString() : tr("Open a scenario to compare pool sizes.");
    else if (!sweep.hasMeasurements())
        text += tr("\nMeasure runs each count for real to check the model.");
    m_recommendation->setText(text);
    fillTable();
}

void SweepDock::fillTable()
{
    const int recommended = m_sweep.recommendedThreads();
    m_table->setRowCount(int(m_sweep.points.size()));
    for (int r = 0; r < m_sweep.points.size(); ++r) {
        const SweepPoint &p = m_sweep.points[r];
        const QString none = QStringLiteral("-");
        const QStringList cells = {
            QString::number(p.threads),
            msText(p.predictedMs),
            speedupText(p.predictedSpeedup),
            p.measuredMs ? msText(*p.measuredMs) : none,
            p.measuredSpeedup ? speedupText(*p.measuredSpeedup) : none,
            percentText(p.measuredEfficiency().value_or(p.predictedEfficiency()))};
        for (int c = 0; c < Count; ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (p.threads == recommended) {
                QFont f = item->font();
                f.setBold(true);
                item->setFont(f);
                item->setToolTip(tr("Recommended"));
            }
            m_table->setItem(r, c, item);
        }
    }
}

void SweepDock::updateControls()
{
    const bool measuring = isMeasuring();
    m_predict->setEnabled(m_plan && !measuring);
    m_measure->setEnabled(m_plan && !measuring);
    m_cancel->setVisible(measuring);
    m_progress->setVisible(measuring);
    m_threads->setEnabled(!measuring);
    // Lay out now, not at the next event: the status moves left as Cancel and the bar hide.
    if (QLayout *layout = widget()->layout())
        layout->activate();
}

} // namespace Taskline
