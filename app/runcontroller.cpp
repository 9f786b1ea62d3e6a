#include "runcontroller.h"

#include "backgroundpool.h"
#include "predictor.h"
#include "run.h"

#include <QtConcurrent/QtConcurrentRun>

namespace Taskline {

namespace {
Prediction computePrediction(const PlanPtr &plan, const RunConfig &config)
{
    enterBackground();
    Prediction p;
    p.trace = predict(plan, config);
    p.metrics = computeMetrics(p.trace);
    if (config.mode == RunMode::Sequential) {
        p.sequentialMs = p.metrics.makespanMs;
    } else {
        RunConfig sequential = config;
        sequential.mode = RunMode::Sequential;
        sequential.threads = 1;
        p.sequentialMs = predict(plan, sequential).makespanNs() / 1e6;
    }
    return p;
}
} // namespace

RunController::RunController(QObject *parent) : QObject(parent)
{
    // Spinning the thread count predicts once it settles, not once per step.
    m_predictTimer.setSingleShot(true);
    m_predictTimer.setInterval(150);
    connect(&m_predictTimer, &QTimer::timeout, this, &RunController::predictNow);
    connect(&m_predictionWatcher, &QFutureWatcher<Prediction>::finished, this,
            &RunController::predictionComputed);
}

RunController::~RunController()
{
    discardRun();
    if (m_runParent) {
        // The thread deletes what was posted for deletion before it ends: the runs, whose
        // destructors wait for their workers, and their parent.
        m_runParent->deleteLater();
        m_runThread.quit();
        m_runThread.wait();
    }
}

void RunController::setPlan(PlanPtr plan)
{
    discardRun();
    m_plan = std::move(plan);
    m_predictTimer.stop();
    predictNow();
}

void RunController::setOverrides(const RunOverrides &overrides)
{
    m_overrides = overrides;
    if (!m_plan)
        return;
    ++m_generation; // what is being predicted no longer matches the settings
    m_prediction.reset();
    m_predicting = true;
    m_predictTimer.start();
}

RunConfig RunController::config() const
{
    return m_overrides.resolve(m_plan ? m_plan->scenario() : Scenario{});
}

void RunController::predictNow()
{
    const quint64 generation = ++m_generation;
    m_prediction.reset();
    if (!m_plan) {
        m_predicting = false;
        return;
    }
    m_predicting = true;
    // The worker gets copies; a newer prediction replaces this one in the watcher, and the
    // generation drops a result that was already on its way.
    m_watchedGeneration = generation;
    m_predictionWatcher.setFuture(QtConcurrent::run(backgroundPool(), &computePrediction, m_plan, config()));
}

void RunController::predictionComputed()
{
    if (m_watchedGeneration != m_generation || m_predictionWatcher.isCanceled())
        return;
    m_predicting = false;
    m_prediction = m_predictionWatcher.result();
    Q_EMIT predictionReady(*m_prediction);
}

bool RunController::start()
{
    if (!m_plan)
        return false;
    if (!m_runParent) {
        m_runThread.setObjectName(QStringLiteral("taskline run"));
        m_runParent = new QObject;
        m_runParent->moveToThread(&m_runThread);
        m_runThread.start();
        // Nice 5, below the window: on busy cores the runs' bookkeeping waits a little, the
        // window's paints (and Qt's fill helpers they wait for) do not.
        QMetaObject::invokeMethod(m_runParent, &lowerThreadPriority);
    }
    // Made on its thread, as its timers must be. Made before the old run is let go: a new run
    // never reuses the address of the one it replaces.
    Run *run = nullptr;
    QMetaObject::invokeMethod(
        m_runParent,
        [&run, parent = m_runParent, plan = m_plan, config = config()] {
            run = new Run(plan, config, parent);
        },
        Qt::BlockingQueuedConnection);
    discardRun();
    const quint64 id = ++m_runId; // whatever an older run sent on is stale from now on
    m_run = run;
    m_runFinished = false;
    m_cancelRequested = false;

    // On the run's thread as it emits: the batch with the error messages it points into, the
    // final metrics (milliseconds for 10^5 records). The window gets them queued, in order.
    connect(run, &Run::recordsAppended, run, [this, run, id](const QList<AttemptRecord> &batch) {
        QMetaObject::invokeMethod(
            this,
            [this, id, batch, strings = run->trace().strings] {
                if (id == m_runId)
                    Q_EMIT recordsAppended(batch, strings);
            },
            Qt::QueuedConnection);
    });
    connect(run, &Run::progress, this, [this, id](qint64 done, qint64 total, qint64 failed) {
        if (id == m_runId)
            Q_EMIT progress(done, total, failed);
    });
    connect(run, &Run::finished, run, [this, id](const Trace &trace) {
        QMetaObject::invokeMethod(
            this,
            [this, id, trace, metrics = computeMetrics(trace)] {
                if (id != m_runId)
                    return;
                m_runFinished = true;
                Q_EMIT runFinished(trace, metrics, m_cancelRequested);
            },
            Qt::QueuedConnection);
    });
    // Nothing touches the run's trace before it starts: read here, it is complete.
    Q_EMIT runStarted(run->trace());
    QMetaObject::invokeMethod(run, &Run::start, Qt::QueuedConnection);
    return true;
}

void RunController::cancel()
{
    if (!isRunning())
        return;
    m_cancelRequested = true;
    QMetaObject::invokeMethod(m_run, &Run::cancel, Qt::QueuedConnection);
}

void RunController::discardRun()
{
    if (!m_run)
        return;
    // Nothing of the old run reaches the window: what it sent on carries an older id, and its
    // signals are cut here. It is cancelled (its workers stop within ~50 ms) and deleted on
    // its thread, whose event loop runs the cancel first.
    ++m_runId;
    disconnect(m_run, nullptr, this, nullptr);
    disconnect(m_run, nullptr, m_run, nullptr);
    QMetaObject::invokeMethod(m_run, &Run::cancel, Qt::QueuedConnection);
    m_run->deleteLater();
    m_run = nullptr;
    m_runFinished = false;
}

} // namespace Taskline
