// MainWindow, part one: the docks, actions, toolbar, menus and settings of the window.

#include "mainwindow.h"

#include "examples.h"
#include "metricspanel.h"
#include "recentfiles.h"
#include "recordsdock.h"
#include "recordstablemodel.h"
#include "runcontroller.h"
#include "scenariopanel.h"
#include "sweepdock.h"
#include "timelineview.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
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
#include <QTimer>
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
constexpr int LiveUpdateMs = 200; // see m_liveTimer
const QSize DefaultSize(1400, 900);

bool isScenarioUrl(const QUrl &url)
{
    return url.isLocalFile() &&
           url.toLocalFile().endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
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
    createSweepDock();
    createActions();
    createBaselineActions();
    createToolBar();
    createMenus();

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_importProgress = new QProgressBar(this);
    m_importProgress->setObjectName(QStringLiteral("importProgress"));
    m_importProgress->setMaximumWidth(160);
    m_importProgress->setRange(0, 0); // busy: the importer reports no progress
    m_importProgress->setTextVisible(false);
    m_importProgress->hide();
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_importProgress);
    statusBar()->addPermanentWidget(m_progress);

    connect(m_controller, &RunController::predictionReady, this, &MainWindow::onPredictionReady);
    connect(m_controller, &RunController::runStarted, this, &MainWindow::onRunStarted);
    connect(m_controller, &RunController::recordsAppended, this, &MainWindow::onRecordsAppended);
    connect(m_controller, &RunController::progress, this, &MainWindow::onProgress);
    connect(m_controller, &RunController::runFinished, this, &MainWindow::onRunFinished);
    m_liveTimer = new QTimer(this);
    m_liveTimer->setSingleShot(true);
    m_liveTimer->setInterval(LiveUpdateMs);
    connect(m_liveTimer, &QTimer::timeout, this, &MainWindow::flushLiveUpdate);
    // Whatever replaces the table's trace (a new run, file or setting) drops what was pending.
    connect(m_recordsDock->recordsModel(), &QAbstractItemModel::modelReset, this,
            &MainWindow::dropLiveUpdate);
    connect(&m_traceWatcher, &QFutureWatcher<TraceLoad>::finished, this,
            &MainWindow::onTraceImported);
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
    createEditor(); // the dock's pages: the editor, the trace summary
    m_metrics = new MetricsPanel(this);
    m_metricsDock = new QDockWidget(tr("Metrics"), this);
    m_metricsDock->setObjectName(QStringLiteral("metricsDock"));
    m_metricsDock->setWidget(m_metrics);
    // The right column runs the full height; the records table sits under the timeline only.
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
    addDockWidget(Qt::RightDockWidgetArea, m_scenarioDock);
    addDockWidget(Qt::RightDockWidgetArea, m_metricsDock);
    resizeDocks({m_scenarioDock, m_metricsDock}, {470, 470}, Qt::Horizontal);
    resizeDocks({m_scenarioDock, m_metricsDock}, {370, 480}, Qt::Vertical);
    resizeDocks({m_recordsDock}, {270}, Qt::Vertical);
}

void MainWindow::createActions()
{
    m_openAction =
        new QAction(themeIcon("document-open", QStyle::SP_DialogOpenButton), tr("&Open..."), this);
    m_openAction->setObjectName(QStringLiteral("actionOpen"));
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setToolTip(tr("Open a scenario or a Chrome trace (Ctrl+O)"));
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

    // No stock icon looks like "fit"; without a theme the button shows its text only.
    m_fitAction = new QAction(QIcon::fromTheme(QStringLiteral("zoom-fit-best")), tr("&Fit"), this);
    m_fitAction->setObjectName(QStringLiteral("actionFit"));
    m_fitAction->setShortcut(Qt::CTRL | Qt::Key_0);
    m_fitAction->setToolTip(tr("Show the whole run (Ctrl+0)"));
    connect(m_fitAction, &QAction::triggered, m_view, &TimelineView::fit);

    m_aboutAction = new QAction(tr("&About Taskline"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::about);
    createTraceActions();
    createEditActions();
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
    bar->addAction(m_pinBaselineAction);
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
    file->addAction(m_saveAction);
    file->addAction(m_saveAsAction);
    file->addSeparator();
    file->addAction(m_exportAction);
    file->addAction(m_exportTraceAction);
    file->addAction(m_exportCsvAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    createEditMenu();

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_recordsDock->toggleViewAction());
    view->addAction(m_metricsDock->toggleViewAction());
    view->addAction(m_scenarioDock->toggleViewAction());
    view->addAction(m_sweepDock->toggleViewAction());
    view->addSeparator();
    view->addAction(m_predictionAction);
    view->addAction(m_showBaselineAction);
    view->addAction(m_rowsAction);
    view->addAction(m_fitAction);

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_runAction);
    run->addAction(m_cancelAction);
    run->addSeparator();
    run->addAction(m_pinBaselineAction);
    run->addAction(m_clearBaselineAction);

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
    if (!confirmDiscardEdits()) {
        event->ignore();
        return;
    }
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

void MainWindow::about()
{
    QMessageBox::about(
        this, tr("About Taskline"),
        tr("<h3>Taskline %1</h3><p>Runs asynchronous work for real on a Qt event loop and a "
           "thread pool, and shows every task's release, queueing, start and end beside the "
           "task-function model f(t) and a prediction of the same run.</p>")
            .arg(QApplication::applicationVersion()));
}

} // namespace Taskline
