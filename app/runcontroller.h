#pragma once

#include "metrics.h"
#include "plan.h"
#include "trace.h"

#include <QFutureWatcher>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <memory>
#include <optional>

namespace Taskline {

class Run;

/*! A prediction of the current plan and settings: its trace, metrics and sequential baseline. */
struct Prediction
{
    Trace trace;
    Metrics metrics;
    double sequentialMs = 0; // predicted makespan of the sequential baseline: the speedup's base
};

/*!
 * The window's one run and its prediction. Holds the loaded plan and the settings of the
 * toolbar; predicts off the GUI thread whenever either changes (stale results are dropped by
 * generation); starts at most one Run at a time: a new run or plan first cancels and discards
 * the old one. Everything is re-emitted as whole values or batches, so views never reach into
 * the Run.
 *
 * Runs live on a thread of their own: their releases, dependency bookkeeping, timer tasks and
 * the final metrics neither wait for the window's replots nor make the window wait.
 */
class RunController : public QObject
{
    Q_OBJECT

public:
    explicit RunController(QObject *parent = nullptr);
    ~RunController() override;

    /*! Replaces the plan: discards any run (cancelling it) and predicts the new one. */
    void setPlan(PlanPtr plan);
    const PlanPtr &plan() const { return m_plan; }
    /*! Takes a plan that differs from plan() only in the scenario's name or description: the
     *  run and the prediction stay (they hold the plan they were made of); the next run is of
     *  this one. */
    void relabel(PlanPtr plan) { m_plan = std::move(plan); }

    /*! Settings over the scenario's (the toolbar's threads and mode); predicts again shortly. */
    void setOverrides(const RunOverrides &overrides);
    RunConfig config() const;

    /*! The prediction of the current plan and settings, once predictionReady() said so. */
    const std::optional<Prediction> &prediction() const { return m_prediction; }
    bool isPredicting() const { return m_predicting; }

    /*! Starts a run of the plan with the current settings; false without a plan. */
    bool start();
    void cancel();
    /*! From start() until runFinished() was emitted. */
    bool isRunning() const { return m_run && !m_runFinished; }
    /*! The current or last run, null before the first. It lives on the runs' thread: read
     *  it only once it finished (runFinished() was emitted). */
    const Run *run() const { return m_run; }

Q_SIGNALS:
    void predictionReady(const Taskline::Prediction &prediction);
    /*! A run began: `trace` has its plan, config and lanes and no records yet. */
    void runStarted(const Taskline::Trace &trace);
    /*! `strings` resolves the batch's error indices. */
    void recordsAppended(const QList<Taskline::AttemptRecord> &batch,
                         const Taskline::StringTable &strings);
    void progress(qint64 done, qint64 total, qint64 failed);
    void runFinished(const Taskline::Trace &trace, const Taskline::Metrics &metrics,
                     bool cancelled);

private:
    void predictNow();
    void predictionComputed();
    void discardRun();

    PlanPtr m_plan;
    RunOverrides m_overrides;
    QThread m_runThread;
    QObject *m_runParent = nullptr; // on m_runThread, parent of every Run
    Run *m_run = nullptr;           // deleted on its thread
    quint64 m_runId = 0;            // of m_run; what an older run sent on is dropped
    bool m_runFinished = false;
    bool m_cancelRequested = false;
    std::optional<Prediction> m_prediction;
    quint64 m_generation = 0; // of the plan and settings; a prediction of an older one is stale
    bool m_predicting = false;
    quint64 m_watchedGeneration = 0;
    QTimer m_predictTimer;
    // A watcher, not QFuture::then(this, ...): Qt 6.4 asserts when a continuation's context
    // dies before its future finishes; a destroyed watcher just stops listening.
    QFutureWatcher<Prediction> m_predictionWatcher;
};

} // namespace Taskline
