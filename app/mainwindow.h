#pragma once

#include "plan.h"
#include "trace.h"
#include "traceload.h"

#include <QFutureWatcher>
#include <QMainWindow>

#include <functional>
#include <memory>
#include <optional>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QSpinBox;
class QStackedWidget;
class QTimer;

namespace Taskline {

class MetricsPanel;
class RecordsDock;
class RunController;
class ScenarioEditor;
class ScenarioPanel;
class SweepDock;
class TimelineView;
struct AttemptRecord;
struct Metrics;
struct Prediction;
struct StringTable;
struct Trace;

/*!
 * Taskline's window: the timeline in the centre, docks for the records, the metrics and the
 * scenario, a toolbar to open, run and cancel. It assembles the views and wires them to one
 * RunController; the work happens there and in the views.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    /*! Shows an error to the user; a message box unless replaced (tests). */
    using ErrorReporter = std::function<void(const QString &title, const QString &message)>;
    /*! What to do with unsaved edits before they would be lost. */
    enum class UnsavedChoice { Save, Discard, Cancel };
    /*! Asks about the unsaved edits of scenario `name`; a message box unless replaced (tests). */
    using UnsavedPrompt = std::function<UnsavedChoice(const QString &name)>;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /*! Loads a scenario file (or a ":/" resource). On failure shows the loader's message and
     *  keeps what was loaded before; returns whether it loaded. A Chrome trace (recognised by
     *  its first KB) is imported off the GUI thread instead: true means the import started,
     *  and traceLoaded() or errorReported() follows. */
    bool openFile(const QString &path);
    /*! Imports a Chrome Trace Event file in the background; a newer open drops it. */
    void openTrace(const QString &path);
    bool isImporting() const { return m_importing; }
    /*! The imported trace on show, null while a scenario is shown. */
    const TraceImport *shownTrace() const;

    /*! Write what is shown (the imported trace, else the measured run, else the prediction)
     *  as Chrome trace JSON or CSV; a failure is reported with its reason. */
    bool exportTraceTo(const QString &path);
    bool exportCsvTo(const QString &path);
    /*! Loads the built-in demo scenario. */
    bool openDemo();

    /*! Runs the loaded scenario with the toolbar's threads and mode (F5). */
    void startRun();
    /*! Cancels the run (Esc). */
    void cancelRun();
    bool isRunning() const;

    void setErrorReporter(ErrorReporter reporter);
    void setUnsavedPrompt(UnsavedPrompt prompt);
    /*! Saves the edited scenario to its file (Ctrl+S); an example or a refused save asks for a
     *  new one. False if nothing was saved. */
    bool save();
    /*! Saves the edited scenario as `path` and makes it the current file; an invalid scenario
     *  is refused with the loader's message, so a saved file always loads back. */
    bool saveTo(const QString &path);
    /*! The loaded file, empty before the first. */
    QString currentFile() const { return m_file; }
    PlanPtr plan() const;

    TimelineView *timelineView() const { return m_view; }
    RecordsDock *recordsDock() const { return m_recordsDock; }
    MetricsPanel *metricsPanel() const { return m_metrics; }
    ScenarioPanel *scenarioPanel() const { return m_scenario; }
    ScenarioEditor *scenarioEditor() const { return m_editor; }
    RunController *runController() const { return m_controller; }
    SweepDock *sweepDock() const { return m_sweepDock; }

    /*! Keeps the last finished run as the baseline the metrics, timeline and f(t) compare
     *  against (Pin as Baseline); false without a finished run. */
    bool pinBaseline();
    void clearBaseline();
    bool hasBaseline() const { return m_baseline.has_value(); }
    /*! What the status bar shows: a passing message ("Baseline pinned...") while it lasts,
     *  else the state of the scenario or run. */
    QString statusText() const;

Q_SIGNALS:
    void scenarioLoaded(const QString &path);
    void traceLoaded(const QString &path);
    void predictionShown();
    void runFinished();
    void errorReported(const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createToolBar();
    void createMenus();
    void createDocks();
    void restoreSettings();
    void saveSettings() const;

    void openDialog();
    void exportImageDialog();
    void about();
    void fillRecentMenu();
    void fillExamplesMenu(QMenu *menu);
    void reportError(const QString &title, const QString &message);
    void applyOverrides();
    void updateActions();
    void updateTitles();
    void showStatus(const QString &text);

    void createTraceActions();
    void onTraceImported();
    void dropImport();
    void showTrace(std::shared_ptr<const TraceLoad> load);
    void setTraceControls(bool traceShown);
    void exportDialog(bool csv);
    bool exportTo(const QString &path, bool csv);
    std::optional<Trace> exportableTrace(QString *what) const;
    bool saveScenarioAsDialog();
    /*! What the view and the table show before a run: the plan and its lanes, no records. */
    static Trace emptyTrace(const PlanPtr &plan, const RunConfig &config);

    void createEditor();
    void createEditActions();
    void createEditMenu();
    bool confirmDiscardEdits();
    bool canSave();
    void onScenarioEdited();
    bool applyEdits();
    void setScenarioPage(bool editor);
    void updateEditActions();
    void updateTraceTitles();

    void onPredictionReady(const Prediction &prediction);
    void onRunStarted(const Trace &trace);
    void onRecordsAppended(const QList<AttemptRecord> &batch, const StringTable &strings);
    void onProgress(qint64 done, qint64 total, qint64 failed);
    void showProgress(qint64 done, qint64 total, qint64 failed);
    void scheduleLiveUpdate();
    void flushLiveUpdate();
    void dropLiveUpdate();
    void onRunFinished(const Trace &trace, const Metrics &metrics, bool cancelled);
    void showFinalTrace(const Trace &trace);

    void createSweepDock();
    void createBaselineActions();
    void updateBaselineActions();

    RunController *m_controller = nullptr;
    TimelineView *m_view = nullptr;
    RecordsDock *m_recordsDock = nullptr;
    QDockWidget *m_metricsDock = nullptr;
    QDockWidget *m_scenarioDock = nullptr;
    MetricsPanel *m_metrics = nullptr;
    ScenarioPanel *m_scenario = nullptr; // an imported trace's summary
    ScenarioEditor *m_editor = nullptr;   // a scenario's editor
    QStackedWidget *m_scenarioPages = nullptr;
    QTimer *m_editTimer = nullptr; // edits settle before they are predicted
    SweepDock *m_sweepDock = nullptr;

    QAction *m_openAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_runAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_predictionAction = nullptr;
    QAction *m_rowsAction = nullptr;
    QAction *m_fitAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_exportTraceAction = nullptr;
    QAction *m_exportCsvAction = nullptr;
    QAction *m_saveAsAction = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_pinBaselineAction = nullptr;
    QAction *m_clearBaselineAction = nullptr;
    QAction *m_showBaselineAction = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_examplesMenu = nullptr;
    QSpinBox *m_threads = nullptr;
    QComboBox *m_mode = nullptr;
    QLabel *m_status = nullptr;
    QProgressBar *m_progress = nullptr;
    QProgressBar *m_importProgress = nullptr; // busy while a trace is read

    ErrorReporter m_reporter;
    UnsavedPrompt m_unsavedPrompt;
    QString m_file;
    QString m_lastDir;
    double m_lastMakespanMs = -1; // of the last finished run, -1 before one

    // A live run's records and progress reach the table and the status bar at most every
    // LiveUpdateMs (the timeline has its own replot timer): appending rows repaints the whole
    // table and a new status text lays the window out again, which at the run's 30 batches a
    // second was most of the window's work.
    QTimer *m_liveTimer = nullptr;
    QList<AttemptRecord> m_pendingRecords;
    StringTable m_pendingStrings;
    struct Progress
    {
        qint64 done = 0, total = 0, failed = 0;
    };
    std::optional<Progress> m_pendingProgress;

    // A watcher, as for the prediction: a destroyed window just stops listening.
    QFutureWatcher<TraceLoad> m_traceWatcher;
    quint64 m_importGeneration = 0; // bumped by every open; an older import is stale
    quint64 m_watchedImport = 0;
    bool m_importing = false;
    QString m_statusBeforeImport;
    std::shared_ptr<const TraceLoad> m_shownTrace; // null while a scenario is shown

    /*! A finished run: the last one (to pin) and the pinned baseline. */
    struct KeptRun
    {
        std::shared_ptr<const Trace> trace;
        std::shared_ptr<const Metrics> metrics;
        double sequentialMs = 0;
    };
    std::optional<KeptRun> m_lastRun;
    std::optional<KeptRun> m_baseline;
};

} // namespace Taskline
