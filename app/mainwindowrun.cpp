// MainWindow, part two: loading scenarios, running them and showing what comes back.

#include "mainwindow.h"

#include "examples.h"
#include "imageexport.h"
#include "imageexportdialog.h"
#include "metricspanel.h"
#include "recentfiles.h"
#include "recordsdock.h"
#include "recordstablemodel.h"
#include "runcontroller.h"
#include "scenarioeditor.h"
#include "scenarioloader.h"
#include "scenariotablemodel.h"
#include "timelineview.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTimer>

#include <optional>
#include <utility>

namespace Taskline {

namespace {
QString countText(qint64 n, const char *one, const char *many)
{
    return QLocale().toString(n) + QLatin1Char(' ') + QLatin1String(n == 1 ? one : many);
}

QString msText(double ms)
{
    return QString::number(ms, 'f', ms < 10 ? 2 : 1) + QStringLiteral(" ms");
}
} // namespace

Trace MainWindow::emptyTrace(const PlanPtr &plan, const RunConfig &config)
{
    Trace t;
    t.plan = plan;
    t.config = config;
    bool hasTimers = false;
    if (plan) {
        for (quint32 s = 0; s < plan->specCount(); ++s)
            hasTimers = hasTimers || plan->specs().kind(s) == TaskKind::Timer;
    }
    const bool eventLoop = hasTimers && config.mode == RunMode::Pool;
    t.lanes = standardLanes(config.threads, eventLoop);
    t.eventLoopLane = eventLoop ? config.threads : -1;
    return t;
}

bool MainWindow::openDemo()
{
    return openFile(demoScenarioPath());
}

bool MainWindow::openFile(const QString &path)
{
    const bool resource = path.startsWith(QLatin1String(":/"));
    if (!resource && isTraceFile(path)) {
        if (!confirmDiscardEdits())
            return false;
        openTrace(path);
        return true;
    }
    std::optional<PlanResult> result;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    if (resource) {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            result = loadScenario(file.readAll(), QFileInfo(path).fileName());
    } else {
        result = loadScenarioFile(path);
    }
    QApplication::restoreOverrideCursor();
    if (!result) {
        reportError(tr("Cannot open scenario"), tr("%1: no such built-in scenario").arg(path));
        return false;
    }
    if (const auto *error = std::get_if<ScenarioError>(&*result)) {
        // What was loaded before stays: nothing has been touched yet.
        if (error->io && !resource)
            RecentFiles::remove(path);
        reportError(tr("Cannot open scenario"), error->text());
        return false;
    }
    if (!confirmDiscardEdits())
        return false; // the edits stay, and so does everything else
    const PlanPtr plan = std::get<PlanPtr>(*result);
    const Scenario &scenario = plan->scenario();

    dropImport(); // the last open wins
    m_shownTrace.reset();
    setTraceControls(false);
    m_file = path;
    if (!resource) {
        RecentFiles::add(path);
        m_lastDir = QFileInfo(path).absolutePath();
    }
    {
        const QSignalBlocker blockThreads(m_threads);
        const QSignalBlocker blockMode(m_mode);
        m_threads->setValue(scenario.threads > 0 ? scenario.threads
                                                 : RunOverrides{}.resolve(scenario).threads);
        m_mode->setCurrentIndex(m_mode->findData(int(scenario.mode)));
        m_threads->setEnabled(scenario.mode == RunMode::Pool);
    }
    m_lastMakespanMs = -1;
    RunOverrides overrides;
    overrides.threads = m_threads->value();
    overrides.mode = scenario.mode;

    // Views first: the prediction may arrive as soon as the controller has the plan.
    const Trace empty = emptyTrace(plan, overrides.resolve(scenario));
    m_progress->hide();
    m_editTimer->stop(); // edits of the old scenario
    m_editor->setScenario(scenario, path);
    setScenarioPage(true);
    m_metrics->clear();
    m_recordsDock->recordsModel()->setTrace(empty);
    m_view->setPrediction(Trace{});
    m_view->setTrace(empty);
    showStatus(tr("%1: %2; predicting...")
                   .arg(m_editor->nameText(), countText(plan->taskCount(), "task", "tasks")));
    m_controller->setOverrides(overrides);
    m_controller->setPlan(plan); // discards a run of the old plan, predicts this one
    updateActions();
    updateTitles();
    Q_EMIT scenarioLoaded(path);
    return true;
}

void MainWindow::openDialog()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open Scenario or Trace"), m_lastDir,
                                     tr("Scenarios and Chrome traces (*.json);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::startRun()
{
    // Runs what the editor shows: edits still typed or settling are applied first.
    m_editor->commitOpenEditor();
    if (!m_controller->plan() || !applyEdits())
        return;
    m_controller->start(); // cancels and discards a run in progress first
}

void MainWindow::cancelRun()
{
    if (m_importing) {
        dropImport();
        showStatus(tr("Import cancelled; %1").arg(m_statusBeforeImport));
        updateActions();
    } else if (m_controller->isRunning()) {
        showStatus(tr("Cancelling..."));
        m_controller->cancel();
    }
}

bool MainWindow::isRunning() const
{
    return m_controller->isRunning();
}

PlanPtr MainWindow::plan() const
{
    return m_controller->plan();
}

void MainWindow::applyOverrides()
{
    const auto mode = RunMode(m_mode->currentData().toInt());
    m_threads->setEnabled(mode == RunMode::Pool);
    RunOverrides overrides;
    overrides.threads = m_threads->value();
    overrides.mode = mode;
    const PlanPtr plan = m_controller->plan();
    if (plan && !m_controller->isRunning() && m_lastMakespanMs < 0) {
        // Nothing measured to keep: show the lanes of the new settings.
        const Trace empty = emptyTrace(plan, overrides.resolve(plan->scenario()));
        m_recordsDock->recordsModel()->setTrace(empty);
        m_view->setTrace(empty);
        showStatus(tr("Predicting..."));
    }
    m_controller->setOverrides(overrides);
}

void MainWindow::exportImageDialog()
{
    QSettings settings;
    ImageExportDialog dialog(this);
    const QString base =
        m_file.isEmpty() ? QStringLiteral("taskline") : QFileInfo(m_file).completeBaseName();
    const QString dir = settings.value(QStringLiteral("export/dir"), m_lastDir).toString();
    const QString suffix =
        settings.value(QStringLiteral("export/suffix"), QStringLiteral("png")).toString();
    dialog.setPath(QDir(dir).filePath(base + QLatin1Char('.') + suffix));
    ImageOptions options;
    options.width = settings.value(QStringLiteral("export/width"), options.width).toInt();
    options.height = settings.value(QStringLiteral("export/height"), options.height).toInt();
    options.scale = settings.value(QStringLiteral("export/scale"), options.scale).toDouble();
    dialog.setOptions(options);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString path = dialog.path();
    options = dialog.options();
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const std::optional<QString> error = exportImage(*m_view, path, options);
    QApplication::restoreOverrideCursor();
    if (error) {
        reportError(tr("Export failed"), *error);
        return;
    }
    const QFileInfo info(path);
    settings.setValue(QStringLiteral("export/dir"), info.absolutePath());
    settings.setValue(QStringLiteral("export/suffix"), info.suffix().toLower());
    settings.setValue(QStringLiteral("export/width"), options.width);
    settings.setValue(QStringLiteral("export/height"), options.height);
    settings.setValue(QStringLiteral("export/scale"), options.scale);
    statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 5000);
}

void MainWindow::setErrorReporter(ErrorReporter reporter)
{
    m_reporter = std::move(reporter);
}

void MainWindow::reportError(const QString &title, const QString &message)
{
    statusBar()->showMessage(message, 8000);
    Q_EMIT errorReported(message);
    if (m_reporter)
        m_reporter(title, message);
    else
        QMessageBox::warning(this, title, message);
}

QString MainWindow::statusText() const
{
    // A passing message hides the label while it lasts (QStatusBar::showMessage).
    const QString message = statusBar()->currentMessage();
    return message.isEmpty() ? m_status->text() : message;
}

void MainWindow::showStatus(const QString &text)
{
    m_status->setText(text);
}

void MainWindow::updateActions()
{
    const bool scenario = m_controller->plan() != nullptr;
    const bool loaded = scenario || m_shownTrace;
    const bool running = m_controller->isRunning();
    m_runAction->setEnabled(scenario && !m_editor->model()->firstError());
    m_runAction->setText(running ? tr("&Restart") : tr("&Run"));
    m_cancelAction->setEnabled(running || m_importing);
    m_exportAction->setEnabled(loaded);
    m_fitAction->setEnabled(loaded);
    QString what;
    const bool exportable = !running && exportableTrace(&what).has_value();
    m_exportTraceAction->setEnabled(exportable);
    m_exportCsvAction->setEnabled(exportable);
    updateEditActions();
}

void MainWindow::updateTitles()
{
    if (m_shownTrace) {
        updateTraceTitles();
        return;
    }
    const PlanPtr plan = m_controller->plan();
    if (!plan) {
        setWindowTitle(QStringLiteral("Taskline"));
        return;
    }
    const QString name = m_editor->nameText();
    setWindowTitle(tr("%1[*] - Taskline").arg(name));
    setWindowModified(m_editor->isModified());
    const RunConfig config = m_controller->config();
    QString title = config.mode == RunMode::Sequential
                        ? tr("%1 - sequential").arg(name)
                        : tr("%1 - %2").arg(name, countText(config.threads, "thread", "threads"));
    if (m_lastMakespanMs >= 0)
        title += tr(" - makespan %1").arg(msText(m_lastMakespanMs));
    else if (const auto &p = m_controller->prediction())
        title += tr(" - predicted makespan %1").arg(msText(p->metrics.makespanMs));
    m_view->setTitle(title);
}

void MainWindow::onPredictionReady(const Prediction &prediction)
{
    m_view->setPrediction(prediction.trace);
    m_metrics->setPredicted(prediction.metrics, prediction.trace.config, prediction.sequentialMs);
    if (!m_controller->isRunning() && m_lastMakespanMs < 0) {
        m_view->fit();
        showStatus(tr("Predicted makespan %1, %2x faster than sequential. Press F5 to run.")
                       .arg(msText(prediction.metrics.makespanMs))
                       .arg(prediction.metrics.makespanMs > 0
                                ? prediction.sequentialMs / prediction.metrics.makespanMs
                                : 1.0,
                            0, 'f', 2));
    }
    updateActions();
    updateTitles();
    Q_EMIT predictionShown();
}

void MainWindow::onRunStarted(const Trace &trace)
{
    m_lastMakespanMs = -1;
    m_recordsDock->recordsModel()->setTrace(trace); // drops what an older run left pending
    m_view->setTrace(trace);
    m_metrics->setRunning(trace.config);
    const int total = trace.plan ? int(trace.plan->taskCount()) : 0;
    m_progress->setRange(0, qMax(1, total));
    m_progress->setValue(0);
    m_progress->show();
    // A new run's progress replaces a passing message ("Baseline pinned...") at once; one
    // shown during the run lasts until the run's summary.
    statusBar()->clearMessage();
    showProgress(0, total, 0);
    updateActions();
    updateTitles();
}

void MainWindow::onRecordsAppended(const QList<AttemptRecord> &batch, const StringTable &strings)
{
    m_view->appendRecords(batch, strings); // replots on its own timer
    m_pendingRecords.append(batch);
    m_pendingStrings = strings;
    scheduleLiveUpdate();
}

void MainWindow::onProgress(qint64 done, qint64 total, qint64 failed)
{
    m_pendingProgress = Progress{done, total, failed};
    scheduleLiveUpdate();
}

void MainWindow::scheduleLiveUpdate()
{
    if (!m_liveTimer->isActive())
        m_liveTimer->start();
}

void MainWindow::flushLiveUpdate()
{
    m_liveTimer->stop();
    if (!m_pendingRecords.isEmpty())
        m_recordsDock->recordsModel()->appendRecords(std::exchange(m_pendingRecords, {}),
                                                     m_pendingStrings);
    if (const std::optional<Progress> p = std::exchange(m_pendingProgress, std::nullopt))
        showProgress(p->done, p->total, p->failed);
}

void MainWindow::dropLiveUpdate()
{
    m_liveTimer->stop();
    m_pendingRecords.clear();
    m_pendingStrings = {};
    m_pendingProgress.reset();
}

void MainWindow::showProgress(qint64 done, qint64 total, qint64 failed)
{
    const QLocale locale;
    showStatus(tr("%1/%2 tasks, %3 failed")
                   .arg(locale.toString(done), locale.toString(total), locale.toString(failed)));
    m_progress->setValue(int(done));
}

void MainWindow::showFinalTrace(const Trace &trace)
{
    // The view got the records batch by batch, but not the error messages they point at: give
    // it the whole trace when there are any, keeping the user's zoom and selection.
    const Trace &shown = m_view->trace();
    if (shown.records.size() == trace.records.size() && shown.strings == trace.strings)
        return;
    const auto before = m_view->visibleRangeMs();
    const int selected = m_view->selectedRecord();
    m_view->setTrace(trace);
    const auto fitted = m_view->visibleRangeMs();
    if (before.second - before.first < 0.95 * (fitted.second - fitted.first))
        m_view->setVisibleRangeMs(before.first, before.second); // zoomed in: stay there
    m_view->setSelectedRecord(selected);
}

void MainWindow::onRunFinished(const Trace &trace, const Metrics &metrics, bool cancelled)
{
    // The last rows and progress first: the summary replaces the progress, and the table is
    // complete when runFinished() is emitted.
    flushLiveUpdate();
    RecordsTableModel *records = m_recordsDock->recordsModel();
    if (records->rowCount() != trace.records.size())
        records->setTrace(trace); // the batches should have brought every record already
    m_view->endLiveRun();
    showFinalTrace(trace);
    m_lastMakespanMs = metrics.makespanMs;
    m_metrics->setMeasured(metrics, trace.config, cancelled);
    m_progress->hide();

    const QLocale locale;
    const qint64 failed =
        metrics.count(AttemptStatus::Failed) + metrics.count(AttemptStatus::TimedOut);
    QString text;
    if (cancelled) {
        text = tr("Cancelled after %1: %2/%3 tasks done, %4 cancelled")
                   .arg(msText(metrics.makespanMs))
                   .arg(locale.toString(metrics.tasks - metrics.count(AttemptStatus::Cancelled)),
                        locale.toString(metrics.tasks),
                        locale.toString(metrics.count(AttemptStatus::Cancelled)));
    } else {
        text = tr("Makespan %1").arg(msText(metrics.makespanMs));
        if (const auto &p = m_controller->prediction(); p && p->trace.config == trace.config)
            text += tr(" (predicted %1)").arg(msText(p->metrics.makespanMs));
        text += tr(": %1 tasks, %2 attempts, %3 failed")
                    .arg(locale.toString(metrics.tasks), locale.toString(metrics.attempts),
                         locale.toString(failed));
        if (const qint64 skipped = metrics.count(AttemptStatus::Skipped))
            text += tr(", %1 skipped").arg(locale.toString(skipped));
    }
    statusBar()->clearMessage(); // the summary is what the user waited for
    showStatus(text);
    updateActions();
    updateTitles();
    Q_EMIT runFinished();
}
} // namespace Taskline
