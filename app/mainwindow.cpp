#include "mainwindow.h"

#include "examples.h"
#include "imageexport.h"
#include "imageexportdialog.h"
#include "metricspanel.h"
#include "recentfiles.h"
#include "recordsdock.h"
#include "recordstablemodel.h"
#include "runcontroller.h"
#include "scenarioloader.h"
#include "scenariopanel.h"
#include "timelineview.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScreen>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QToolButton>

// The qrc lives in a static library: its initializer must be referenced to be linked in.
static void initTasklineResources()
{
    Q_INIT_RESOURCE(taskline);
}

namespace Taskline {

namespace {
constexpr int StateVersion = 1;
const QSize DefaultSize(1400, 900);

QString msText(double ms)
{
    return QString::number(ms, 'f', ms < 10 ? 2 : 1) + QStringLiteral(" ms");
}

bool isScenarioUrl(const QUrl &url)
{
    return url.isLocalFile() &&
           url.toLocalFile().endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
}

/*! What the view and the table show before a run: the plan and its lanes, no records. */
Trace emptyTrace(const PlanPtr &plan, const RunConfig &config)
{
    Trace t;
    t.plan = plan;
    t.config = config;
    bool hasTimers = false;
    if (plan) {
        for (const TaskSpec &s : plan->scenario().tasks)
            hasTimers = hasTimers || s.kind == TaskKind::Timer;
    }
    const bool eventLoop = hasTimers && config.mode == RunMode::Pool;
    t.lanes = standardLanes(config.threads, eventLoop);
    t.eventLoopLane = eventLoop ? config.threads : -1;
    return t;
}

QIcon themeIcon(const char *name, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QLatin1String(name), qApp->style()->standardIcon(fallback));
}
} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    initTasklineResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/taskline.svg")));
    setAcceptDrops(true);
    setDockOptions(AnimatedDocks | AllowTabbedDocks);

    m_controller = new RunController(this);
    m_view = new TimelineView(this);
    m_view->setObjectName(QStringLiteral("timelineView"));
    setCentralWidget(m_view);
    m_view->setFocus(); // not the filter box, which would take keys meant for the window

    createDocks();
    createActions();
    createToolBar();
    createMenus();

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(false);
    m_progress->hide();
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_progress);

    connect(m_controller, &RunController::predictionReady, this, &MainWindow::onPredictionReady);
    connect(m_controller, &RunController::runStarted, this, &MainWindow::onRunStarted);
    connect(m_controller, &RunController::recordsAppended, this, &MainWindow::onRecordsAppended);
    connect(m_controller, &RunController::progress, this, &MainWindow::onProgress);
    connect(m_controller, &RunController::runFinished, this, &MainWindow::onRunFinished);
    // Neither side reports a selection it was told about, so these never loop.
    connect(m_view, &TimelineView::recordSelected, m_recordsDock, &RecordsDock::selectRecord);
    connect(m_recordsDock, &RecordsDock::recordActivated, m_view, &TimelineView::setSelectedRecord);

    restoreSettings();
    updateActions();
    updateTitles();
    showStatus(tr("Open a scenario (Ctrl+O) or pick one of the examples."));
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks()
{
    m_recordsDock = new RecordsDock(this);
    addDockWidget(Qt::BottomDockWidgetArea, m_recordsDock);

    m_scenario = new ScenarioPanel(this);
    m_scenarioDock = new QDockWidget(tr("Scenario"), this);
    m_scenarioDock->setObjectName(QStringLiteral("scenarioDock"));
    m_scenarioDock->setWidget(m_scenario);
    m_metrics = new MetricsPanel(this);
    m_metricsDock = new QDockWidget(tr("Metrics"), this);
    m_metricsDock->setObjectName(QStringLiteral("metricsDock"));
    m_metricsDock->setWidget(m_metrics);
    // The right column runs the full height; the records table sits under the timeline only.
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
    addDockWidget(Qt::RightDockWidgetArea, m_scenarioDock);
    addDockWidget(Qt::RightDockWidgetArea, m_metricsDock);
    resizeDocks({m_scenarioDock, m_metricsDock}, {430, 430}, Qt::Horizontal);
    resizeDocks({m_scenarioDock, m_metricsDock}, {330, 520}, Qt::Vertical);
    resizeDocks({m_recordsDock}, {270}, Qt::Vertical);
}

void MainWindow::createActions()
{
    m_openAction =
        new QAction(themeIcon("document-open", QStyle::SP_DialogOpenButton), tr("&Open..."), this);
    m_openAction->setObjectName(QStringLiteral("actionOpen"));
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setToolTip(tr("Open a scenario (Ctrl+O)"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openDialog);

    m_exportAction = new QAction(themeIcon("document-save-as", QStyle::SP_DialogSaveButton),
                                 tr("&Export Image..."), this);
    m_exportAction->setObjectName(QStringLiteral("actionExportImage"));
    m_exportAction->setShortcut(Qt::CTRL | Qt::Key_E);
    m_exportAction->setToolTip(tr("Export the timeline as PNG, SVG or PDF (Ctrl+E)"));
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::exportImageDialog);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_runAction =
        new QAction(themeIcon("media-playback-start", QStyle::SP_MediaPlay), tr("&Run"), this);
    m_runAction->setObjectName(QStringLiteral("actionRun"));
    m_runAction->setShortcut(Qt::Key_F5);
    m_runAction->setToolTip(tr("Run the scenario for real with these threads and mode (F5)"));
    connect(m_runAction, &QAction::triggered, this, &MainWindow::startRun);

    m_cancelAction =
        new QAction(themeIcon("media-playback-stop", QStyle::SP_MediaStop), tr("&Cancel"), this);
    m_cancelAction->setObjectName(QStringLiteral("actionCancel"));
    m_cancelAction->setShortcut(Qt::Key_Escape);
    m_cancelAction->setToolTip(tr("Cancel the run: queued work is dropped (Esc)"));
    connect(m_cancelAction, &QAction::triggered, this, &MainWindow::cancelRun);

    m_predictionAction = new QAction(tr("Show &Prediction"), this);
    m_predictionAction->setObjectName(QStringLiteral("actionShowPrediction"));
    m_predictionAction->setCheckable(true);
    m_predictionAction->setChecked(true);
    m_predictionAction->setToolTip(tr("Draw the predicted run as ghost bars and a dashed f(t)"));
    connect(m_predictionAction, &QAction::toggled, m_view, &TimelineView::setPredictionVisible);

    m_rowsAction = new QAction(tr("Rows by &Task"), this);
    m_rowsAction->setObjectName(QStringLiteral("actionRowsByTask"));
    m_rowsAction->setCheckable(true);
    m_rowsAction->setShortcut(Qt::CTRL | Qt::Key_T);
    m_rowsAction->setToolTip(
        tr("Timeline rows: one per task id instead of one per worker (Ctrl+T)"));
    connect(m_rowsAction, &QAction::toggled, this, [this](bool byTask) {
        m_view->setRows(byTask ? TimelineView::Rows::Tasks : TimelineView::Rows::Lanes);
    });

    m_fitAction =
        new QAction(themeIcon("zoom-fit-best", QStyle::SP_TitleBarMaxButton), tr("&Fit"), this);
    m_fitAction->setObjectName(QStringLiteral("actionFit"));
    m_fitAction->setShortcut(Qt::CTRL | Qt::Key_0);
    m_fitAction->setToolTip(tr("Show the whole run (Ctrl+0)"));
    connect(m_fitAction, &QAction::triggered, m_view, &TimelineView::fit);

    m_aboutAction = new QAction(tr("&About Taskline"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::about);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setMovable(false);
    bar->addAction(m_openAction);

    m_examplesMenu = new QMenu(tr("&Examples"), this);
    m_examplesMenu->setObjectName(QStringLiteral("examplesMenu"));
    m_examplesMenu->setToolTipsVisible(true);
    fillExamplesMenu(m_examplesMenu);
    auto *examples = new QToolButton(bar);
    examples->setObjectName(QStringLiteral("examplesButton"));
    examples->setText(tr("Examples"));
    examples->setIcon(themeIcon("folder-templates", QStyle::SP_DirIcon));
    examples->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    examples->setPopupMode(QToolButton::InstantPopup);
    examples->setMenu(m_examplesMenu);
    examples->setToolTip(tr("Open one of the built-in scenarios"));
    bar->addWidget(examples);
    bar->addSeparator();
    bar->addAction(m_runAction);
    bar->addAction(m_cancelAction);
    bar->addSeparator();

    auto *threadsLabel = new QLabel(tr(" Threads "), bar);
    m_threads = new QSpinBox(bar);
    m_threads->setObjectName(QStringLiteral("threadsSpin"));
    m_threads->setRange(1, 256);
    m_threads->setToolTip(tr("Pool size for the run and the prediction (overrides the scenario)"));
    threadsLabel->setBuddy(m_threads);
    bar->addWidget(threadsLabel);
    bar->addWidget(m_threads);
    auto *modeLabel = new QLabel(tr("  Mode "), bar);
    m_mode = new QComboBox(bar);
    m_mode->setObjectName(QStringLiteral("modeCombo"));
    m_mode->addItem(tr("pool"), int(RunMode::Pool));
    m_mode->addItem(tr("sequential"), int(RunMode::Sequential));
    m_mode->setToolTip(tr("pool: the thread pool; sequential: one worker, every task in turn "
                          "(the synchronous baseline)"));
    modeLabel->setBuddy(m_mode);
    bar->addWidget(modeLabel);
    bar->addWidget(m_mode);
    connect(m_threads, &QSpinBox::valueChanged, this, &MainWindow::applyOverrides);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &MainWindow::applyOverrides);
    bar->addSeparator();
    bar->addAction(m_predictionAction);
    bar->addAction(m_rowsAction);
    bar->addSeparator();
    bar->addAction(m_exportAction);
    bar->addAction(m_fitAction);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    fillRecentMenu();
    file->addMenu(m_examplesMenu);
    file->addSeparator();
    file->addAction(m_exportAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_recordsDock->toggleViewAction());
    view->addAction(m_metricsDock->toggleViewAction());
    view->addAction(m_scenarioDock->toggleViewAction());
    view->addSeparator();
    view->addAction(m_predictionAction);
    view->addAction(m_rowsAction);
    view->addAction(m_fitAction);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_runAction);
    run->addAction(m_cancelAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::fillExamplesMenu(QMenu *menu)
{
    const QList<Example> examples = builtInExamples();
    for (const Example &e : examples) {
        QAction *a = menu->addAction(e.name);
        a->setToolTip(e.description);
        a->setStatusTip(e.description);
        a->setData(e.path);
        connect(a, &QAction::triggered, this, [this, path = e.path] { openFile(path); });
    }
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = RecentFiles::files();
    for (int i = 0; i < files.size(); ++i) {
        const QString &path = files[i];
        const QString text =
            QStringLiteral("&%1 %2").arg((i + 1) % 10).arg(QFileInfo(path).fileName());
        QAction *a = m_recentMenu->addAction(text);
        a->setToolTip(path);
        a->setStatusTip(path);
        a->setData(path);
        connect(a, &QAction::triggered, this, [this, path] { openFile(path); });
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

void MainWindow::restoreSettings()
{
    const QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) {
        QSize size = DefaultSize;
        if (const QScreen *screen = QGuiApplication::primaryScreen())
            size = size.boundedTo(screen->availableSize() * 0.95);
        resize(size);
    }
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray(), StateVersion);
    m_predictionAction->setChecked(
        settings.value(QStringLiteral("view/showPrediction"), true).toBool());
    m_rowsAction->setChecked(settings.value(QStringLiteral("view/rowsByTask"), false).toBool());
    m_lastDir = settings.value(QStringLiteral("files/lastDir"), QDir::homePath()).toString();
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState(StateVersion));
    settings.setValue(QStringLiteral("view/showPrediction"), m_predictionAction->isChecked());
    settings.setValue(QStringLiteral("view/rowsByTask"), m_rowsAction->isChecked());
    settings.setValue(QStringLiteral("files/lastDir"), m_lastDir);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    m_controller->cancel();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (std::any_of(urls.begin(), urls.end(), &isScenarioUrl))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    const auto it = std::find_if(urls.begin(), urls.end(), &isScenarioUrl);
    if (it == urls.end())
        return;
    event->acceptProposedAction();
    openFile(it->toLocalFile());
}

bool MainWindow::openDemo()
{
    return openFile(demoScenarioPath());
}

bool MainWindow::openFile(const QString &path)
{
    const bool resource = path.startsWith(QLatin1String(":/"));
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
    const PlanPtr plan = std::get<PlanPtr>(*result);
    const Scenario &scenario = plan->scenario();

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
    m_scenario->setPlan(plan, resource ? QString() : QDir::toNativeSeparators(path));
    m_metrics->clear();
    m_recordsDock->recordsModel()->setTrace(empty);
    m_view->setPrediction(Trace{});
    m_view->setTrace(empty);
    showStatus(tr("%1: %n task(s); predicting...", nullptr, int(plan->taskCount()))
                   .arg(m_scenario->nameText()));
    m_controller->setOverrides(overrides);
    m_controller->setPlan(plan); // discards a run of the old plan, predicts this one
    updateActions();
    updateTitles();
    Q_EMIT scenarioLoaded(path);
    return true;
}

void MainWindow::openDialog()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Scenario"), m_lastDir, tr("Taskline scenarios (*.json);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::startRun()
{
    if (!m_controller->plan())
        return;
    m_controller->start(); // cancels and discards a run in progress first
}

void MainWindow::cancelRun()
{
    if (m_controller->isRunning()) {
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

void MainWindow::about()
{
    QMessageBox::about(
        this, tr("About Taskline"),
        tr("<h3>Taskline %1</h3><p>Runs asynchronous work for real on a Qt event loop and a "
           "thread pool, and shows every task's release, queueing, start and end beside the "
           "task-function model f(t) and a prediction of the same run.</p>")
            .arg(QApplication::applicationVersion()));
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
    return m_status->text();
}

void MainWindow::showStatus(const QString &text)
{
    m_status->setText(text);
}

void MainWindow::updateActions()
{
    const bool loaded = m_controller->plan() != nullptr;
    const bool running = m_controller->isRunning();
    m_runAction->setEnabled(loaded);
    m_runAction->setText(running ? tr("&Restart") : tr("&Run"));
    m_cancelAction->setEnabled(running);
    m_exportAction->setEnabled(loaded);
    m_fitAction->setEnabled(loaded);
}

void MainWindow::updateTitles()
{
    const PlanPtr plan = m_controller->plan();
    if (!plan) {
        setWindowTitle(QStringLiteral("Taskline"));
        return;
    }
    const QString name = m_scenario->nameText();
    setWindowTitle(tr("%1 - Taskline").arg(name));
    const RunConfig config = m_controller->config();
    QString title = config.mode == RunMode::Sequential
                        ? tr("%1 - sequential").arg(name)
                        : tr("%1 - %n thread(s)", nullptr, config.threads).arg(name);
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
    updateTitles();
    Q_EMIT predictionShown();
}

void MainWindow::onRunStarted(const Trace &trace)
{
    m_lastMakespanMs = -1;
    m_recordsDock->recordsModel()->setTrace(trace);
    m_view->setTrace(trace);
    m_metrics->setRunning(trace.config);
    const int total = trace.plan ? int(trace.plan->taskCount()) : 0;
    m_progress->setRange(0, qMax(1, total));
    m_progress->setValue(0);
    m_progress->show();
    onProgress(0, total, 0);
    updateActions();
    updateTitles();
}

void MainWindow::onRecordsAppended(const QList<AttemptRecord> &batch, const StringTable &strings)
{
    m_view->appendRecords(batch);
    m_recordsDock->recordsModel()->appendRecords(batch, strings);
}

void MainWindow::onProgress(qint64 done, qint64 total, qint64 failed)
{
    const QLocale locale;
    showStatus(tr("%1/%2 tasks, %3 failed")
                   .arg(locale.toString(done), locale.toString(total), locale.toString(failed)));
    m_progress->setValue(int(done));
}

void MainWindow::onRunFinished(const Trace &trace, const Metrics &metrics, bool cancelled)
{
    RecordsTableModel *records = m_recordsDock->recordsModel();
    if (records->rowCount() != trace.records.size())
        records->setTrace(trace); // the batches should have brought every record already
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
    showStatus(text);
    updateActions();
    updateTitles();
    Q_EMIT runFinished();
}

} // namespace Taskline
