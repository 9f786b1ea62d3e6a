// MainWindow, the baseline: a finished run pinned so that the metrics, the timeline and f(t)
// of later runs (other thread counts, modes, edits) are compared against it.

#include "mainwindow.h"

#include "metricspanel.h"
#include "runcontroller.h"
#include "timelineview.h"

#include <QAction>
#include <QFileInfo>
#include <QStatusBar>
#include <QTime>

namespace Taskline {

namespace {
QString describeRun(const Trace &trace, double makespanMs)
{
    const RunConfig &c = trace.config;
    QString text = c.mode == RunMode::Sequential
                       ? QObject::tr("sequential")
                       : (c.threads == 1 ? QObject::tr("1 thread")
                                         : QObject::tr("%1 threads").arg(c.threads));
    return text + QObject::tr(", makespan %1 ms").arg(makespanMs, 0, 'f', makespanMs < 10 ? 2 : 1);
}
} // namespace

void MainWindow::createBaselineActions()
{
    m_pinBaselineAction = new QAction(tr("Pin as &Baseline"), this);
    m_pinBaselineAction->setObjectName(QStringLiteral("actionPinBaseline"));
    m_pinBaselineAction->setShortcut(Qt::CTRL | Qt::Key_B);
    m_pinBaselineAction->setToolTip(
        tr("Keep this run as the baseline: later runs are compared with it in the metrics, "
           "the timeline and f(t) (Ctrl+B)"));
    connect(m_pinBaselineAction, &QAction::triggered, this, &MainWindow::pinBaseline);

    m_clearBaselineAction = m_metrics->clearBaselineAction();
    connect(m_metrics, &MetricsPanel::baselineCleared, this, &MainWindow::clearBaseline);

    m_showBaselineAction = new QAction(tr("Show &Baseline"), this);
    m_showBaselineAction->setObjectName(QStringLiteral("actionShowBaseline"));
    m_showBaselineAction->setCheckable(true);
    m_showBaselineAction->setChecked(true);
    m_showBaselineAction->setToolTip(
        tr("Draw the baseline run's spans as ghosts (instead of the prediction's) and its f(t) "
           "as a dash-dotted line"));
    connect(m_showBaselineAction, &QAction::toggled, m_view, &TimelineView::setBaselineVisible);

    // The run that Pin keeps: the last one that finished, of the plan shown now.
    connect(m_controller, &RunController::runStarted, this, [this] {
        m_lastRun.reset();
        updateBaselineActions();
    });
    connect(m_controller, &RunController::runFinished, this,
            [this](const Trace &trace, const Metrics &metrics, bool cancelled) {
                m_lastRun.reset();
                if (!cancelled) {
                    KeptRun run;
                    run.trace = std::make_shared<const Trace>(trace);
                    run.metrics = std::make_shared<const Metrics>(metrics);
                    const auto &prediction = m_controller->prediction();
                    run.sequentialMs = prediction ? prediction->sequentialMs : 0;
                    m_lastRun = run;
                }
                updateBaselineActions();
            });
    // A baseline stays pinned across scenarios (to compare edits), but an imported trace is
    // not a run of it: no ghosts of the baseline over it.
    connect(this, &MainWindow::scenarioLoaded, this, [this] {
        m_lastRun.reset();
        if (m_baseline)
            m_view->setBaseline(*m_baseline->trace);
        updateBaselineActions();
    });
    connect(this, &MainWindow::traceLoaded, this, [this] {
        m_lastRun.reset();
        m_view->setBaseline(Trace{});
        updateBaselineActions();
    });
    updateBaselineActions();
}

bool MainWindow::pinBaseline()
{
    if (!m_lastRun)
        return false;
    m_baseline = m_lastRun;
    const Trace &trace = *m_baseline->trace;
    const QString name = trace.plan ? trace.plan->scenario().name : QString();
    const QString label = tr("%1 (%2, pinned %3)")
                              .arg(describeRun(trace, m_baseline->metrics->makespanMs),
                                   name.isEmpty() ? QFileInfo(m_file).fileName() : name,
                                   QTime::currentTime().toString(QStringLiteral("HH:mm:ss")));
    m_metrics->setBaseline(*m_baseline->metrics, trace.config, m_baseline->sequentialMs, label);
    m_view->setBaseline(trace);
    m_showBaselineAction->setChecked(true);
    statusBar()->showMessage(
        tr("Baseline pinned: %1. Run again with other settings to compare.").arg(label), 8000);
    updateBaselineActions();
    return true;
}

void MainWindow::clearBaseline()
{
    m_baseline.reset();
    m_metrics->clearBaseline();
    m_view->setBaseline(Trace{});
    updateBaselineActions();
}

void MainWindow::updateBaselineActions()
{
    const bool running = m_controller->isRunning();
    m_pinBaselineAction->setEnabled(m_lastRun.has_value() && !running &&
                                    (!m_baseline || m_baseline->trace != m_lastRun->trace));
    m_clearBaselineAction->setEnabled(m_baseline.has_value());
    m_showBaselineAction->setEnabled(m_baseline.has_value());
}

} // namespace Taskline
