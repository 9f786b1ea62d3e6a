// MainWindow, part three: Chrome traces in (imported off the GUI thread) and traces, CSV and
// scenarios out.

#include "mainwindow.h"

#include "backgroundpool.h"
#include "chrometraceexport.h"
#include "csvexport.h"
#include "metricspanel.h"
#include "recentfiles.h"
#include "recordsdock.h"
#include "recordstablemodel.h"
#include "run.h"
#include "runcontroller.h"
#include "scenarioeditor.h"
#include "scenariopanel.h"
#include "timelineview.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QProgressBar>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>

namespace Taskline {

namespace {
QString durationText(double ms)
{
    return ms >= 1000 ? QString::number(ms / 1000, 'f', 2) + QStringLiteral(" s")
                      : QString::number(ms, 'f', ms < 10 ? 2 : 1) + QStringLiteral(" ms");
}
} // namespace

void MainWindow::createTraceActions()
{
    m_exportTraceAction = new QAction(tr("Export &Trace..."), this);
    m_exportTraceAction->setObjectName(QStringLiteral("actionExportTrace"));
    m_exportTraceAction->setToolTip(
        tr("Save what is shown as Chrome Trace Event JSON (Perfetto, chrome://tracing)"));
    connect(m_exportTraceAction, &QAction::triggered, this, [this] { exportDialog(false); });

    m_exportCsvAction = new QAction(tr("Export &CSV..."), this);
    m_exportCsvAction->setObjectName(QStringLiteral("actionExportCsv"));
    m_exportCsvAction->setToolTip(tr("Save what is shown as CSV, one row per attempt"));
    connect(m_exportCsvAction, &QAction::triggered, this, [this] { exportDialog(true); });
}

const TraceImport *MainWindow::shownTrace() const
{
    return m_shownTrace ? std::get_if<TraceImport>(&m_shownTrace->result) : nullptr;
}

void MainWindow::openTrace(const QString &path)
{
    if (!m_importing)
        m_statusBeforeImport = statusText();
    m_importing = true;
    m_watchedImport = ++m_importGeneration;
    // The worker gets a copy of the path; a newer import replaces this one in the watcher and
    // the generation drops a result already on its way.
    m_traceWatcher.setFuture(QtConcurrent::run(backgroundPool(), [path] {
        enterBackground();
        return loadTraceFile(path);
    }));
    m_importProgress->show();
    showStatus(tr("Reading trace %1... (Esc cancels)").arg(QFileInfo(path).fileName()));
    updateActions();
}

void MainWindow::dropImport()
{
    ++m_importGeneration;
    m_importing = false;
    m_importProgress->hide();
}

void MainWindow::onTraceImported()
{
    if (!m_importing || m_watchedImport != m_importGeneration || m_traceWatcher.isCanceled())
        return;
    m_importing = false;
    m_importProgress->hide();
    auto load = std::make_shared<const TraceLoad>(m_traceWatcher.result());
    if (const auto *error = std::get_if<ScenarioError>(&load->result)) {
        // Nothing was touched: what was shown stays.
        if (error->io)
            RecentFiles::remove(load->path);
        showStatus(m_statusBeforeImport);
        updateActions();
        reportError(tr("Cannot open trace"), error->text());
        return;
    }
    showTrace(std::move(load));
}

void MainWindow::setTraceControls(bool traceShown)
{
    // A trace is what happened: nothing to run or predict.
    m_mode->setEnabled(!traceShown);
    m_threads->setEnabled(!traceShown);
    m_predictionAction->setEnabled(!traceShown);
}

void MainWindow::showTrace(std::shared_ptr<const TraceLoad> load)
{
    const TraceImport &import = std::get<TraceImport>(load->result);
    const Trace &trace = import.trace;
    const QString &path = load->path;
    m_shownTrace = std::move(load);
    m_file = path;
    RecentFiles::add(path);
    m_lastDir = QFileInfo(path).absolutePath();
    m_lastMakespanMs = -1;
    m_controller->setPlan(nullptr); // discards a run and its prediction
    setTraceControls(true);

    m_editTimer->stop();
    m_editor->clear();
    m_scenario->setTraceImport(import, path);
    setScenarioPage(false);
    m_metrics->setTrace(m_shownTrace->metrics, m_shownTrace->durationsMs, import.spans,
                        import.instants, int(trace.lanes.size()), import.native);
    m_progress->hide();
    m_recordsDock->recordsModel()->setTrace(trace);
    m_view->setPrediction(Trace{});
    m_view->setTrace(trace);
    m_view->fit();

    const QLocale locale;
    QString text = tr("%1: %2 spans on %3 lanes over %4")
                       .arg(QFileInfo(path).fileName(), locale.toString(import.spans),
                            locale.toString(trace.lanes.size()),
                            durationText(m_shownTrace->metrics.makespanMs));
    qint64 skipped = 0;
    for (const qint64 n : import.skipped)
        skipped += n;
    if (skipped > 0)
        text += tr(", %1 events skipped").arg(locale.toString(skipped));
    if (!import.warnings.isEmpty())
        text += import.warnings.size() == 1
                    ? tr(", 1 warning (see Scenario)")
                    : tr(", %1 warnings (see Scenario)").arg(import.warnings.size());
    showStatus(text + tr(". A trace is shown as recorded: nothing to run."));
    updateActions();
    updateTitles();
    Q_EMIT traceLoaded(path);
}

void MainWindow::updateTraceTitles()
{
    const TraceImport *import = shownTrace();
    const QString name = m_scenario->nameText();
    setWindowTitle(tr("%1 - Taskline").arg(name));
    setWindowModified(false);
    m_view->setTitle(tr("%1 - %2 spans on %3 lanes - %4")
                         .arg(name, QLocale().toString(import->spans),
                              QLocale().toString(import->trace.lanes.size()),
                              durationText(m_shownTrace->metrics.makespanMs)));
}

std::optional<Trace> MainWindow::exportableTrace(QString *what) const
{
    if (const TraceImport *import = shownTrace()) {
        *what = tr("imported trace");
        return import->trace;
    }
    const Run *run = m_controller->run();
    if (run && !m_controller->isRunning() && m_lastMakespanMs >= 0) {
        *what = tr("measured run");
        return run->trace();
    }
    if (const auto &p = m_controller->prediction()) {
        *what = tr("prediction");
        return p->trace;
    }
    return std::nullopt;
}

void MainWindow::exportDialog(bool csv)
{
    QString what;
    if (!exportableTrace(&what))
        return;
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("export/dataDir"), m_lastDir).toString();
    const QString base = m_file.isEmpty() || m_file.startsWith(QLatin1String(":/"))
                             ? QStringLiteral("taskline")
                             : QFileInfo(m_file).baseName();
    const QString path = QFileDialog::getSaveFileName(
        this, csv ? tr("Export CSV of the %1").arg(what) : tr("Export Trace of the %1").arg(what),
        QDir(dir).filePath(base + (csv ? QStringLiteral(".csv") : QStringLiteral(".trace.json"))),
        csv ? tr("CSV (*.csv);;All files (*)")
            : tr("Chrome Trace Event JSON (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    if (exportTo(path, csv))
        settings.setValue(QStringLiteral("export/dataDir"), QFileInfo(path).absolutePath());
}

bool MainWindow::exportTraceTo(const QString &path)
{
    return exportTo(path, false);
}

bool MainWindow::exportCsvTo(const QString &path)
{
    return exportTo(path, true);
}

bool MainWindow::exportTo(const QString &path, bool csv)
{
    QString what;
    const std::optional<Trace> trace = exportableTrace(&what);
    if (!trace) {
        reportError(tr("Export failed"), tr("Nothing to export yet: open a scenario or a trace."));
        return false;
    }
    const std::optional<QString> error =
        csv ? exportCsv(*trace, path) : exportChromeTrace(*trace, path);
    if (error) {
        reportError(tr("Export failed"), *error);
        return false;
    }
    statusBar()->showMessage(tr("Exported the %1 to %2").arg(what, QDir::toNativeSeparators(path)),
                             5000);
    return true;
}

} // namespace Taskline
