#include "runcontroller.h"

#include "predictor.h"
#include "run.h"

#include <QtConcurrent/QtConcurrentRun>

namespace Taskline {

namespace {
Prediction computePrediction(const PlanPtr &plan, const RunConfig &config)
{
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

RunController::~RunController() = default;

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
    m_predictionWatcher.setFuture(QtConcurrent::run(&computePrediction, m_plan, config()));
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
    discardRun();
    m_cancelRequested = false;
    m_run = std::make_unique<Run>(m_plan, config());
    Run *run = m_run.get();
    connect(run, &Run::recordsAppended, this, [this, run](const QList<AttemptRecord> &batch) {
        Q_EMIT recordsAppended(batch, run->trace().strings);
    });
    connect(run, &Run::progress, this, &RunController::progress);
    connect(run, &Run::finished, this, [this](const Trace &trace) {
        Q_EMIT runFinished(trace, computeMetrics(trace), m_cancelRequested);
    });
    Q_EMIT runStarted(run->trace());
    run->start();
    return true;
}

void RunController::cancel()
{
    if (!isRunning())
        return;
    m_cancelRequested = true;
    m_run->cancel();
}

bool RunController::isRunning() const
{
    // From runStarted() on: the window enables Cancel before the Run's own start().
    return m_run && !m_run->isFinished();
}

void RunController::discardRun()
{
    if (!m_run)
        return;
    // No signal of the old run reaches the window. It is cancelled now (its workers stop
    // within ~50 ms) and deleted from the event loop, as this may be called from one of its
    // own signals; its destructor waits for the workers.
    disconnect(m_run.get(), nullptr, this, nullptr);
    m_run->cancel();
    Run *old = m_run.release();
    old->setParent(this); // deleted with this object at the latest
    old->deleteLater();
}

} // namespace Taskline
