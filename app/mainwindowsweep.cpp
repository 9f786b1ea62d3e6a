// MainWindow, the pool-size sweep: its dock, kept in step with the scenario, and never
// measuring while the window runs (two runs at once would distort both).

#include "mainwindow.h"

#include "recordsdock.h"
#include "runcontroller.h"
#include "sweepdock.h"

namespace Taskline {

void MainWindow::createSweepDock()
{
    m_sweepDock = new SweepDock(this);
    addDockWidget(Qt::BottomDockWidgetArea, m_sweepDock);
    tabifyDockWidget(m_recordsDock, m_sweepDock);
    m_recordsDock->raise();

    // Every new plan or seed/cores gets a prediction; the sweep follows it (thread changes
    // in the toolbar do not change the sweep).
    connect(m_controller, &RunController::predictionReady, this,
            [this](const Prediction &prediction) {
                const RunConfig &config = prediction.trace.config;
                const PlanPtr &plan = prediction.trace.plan;
                const RunConfig &swept = m_sweepDock->sweep().config;
                if (plan != m_sweepDock->plan() || config.seed != swept.seed ||
                    config.cores != swept.cores || m_sweepDock->sweep().points.isEmpty())
                    m_sweepDock->setPlan(plan, config);
            });
    connect(this, &MainWindow::traceLoaded, m_sweepDock,
            [this] { m_sweepDock->setPlan(nullptr, RunConfig{}); });
    connect(m_sweepDock, &SweepDock::measureStarted, m_controller, &RunController::cancel);
    connect(m_controller, &RunController::runStarted, m_sweepDock, &SweepDock::cancelMeasure);
}

} // namespace Taskline
