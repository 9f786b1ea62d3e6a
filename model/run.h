#pragma once

#include "cancellation.h"
#include "completionqueue.h"
#include "dependencytracker.h"
#include "trace.h"

#include <QList>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <deque>
#include <functional>
#include <queue>
#include <vector>

namespace Taskline {

/*!
 * One real execution of a plan (SPEC section 3). Lives on the thread whose event loop drives
 * it: releases, dependency bookkeeping, retry delays and `timer` tasks happen there; `cpu`,
 * `io` and `file` attempts go to the run's own QThreadPool, one QRunnable each.
 *
 * Workers leave finished attempts in per-lane buffers (CompletionQueue) and wake the event
 * loop at most once per drain, so dependents are released promptly without one queued signal
 * per task. The GUI sees batches: recordsAppended() and progress() at most every
 * batchInterval() ms, then finished() once with the whole trace.
 */
class Run : public QObject
{
    Q_OBJECT

public:
    /*! Called on the worker at the start of each pool attempt, before its work. Whatever it
     *  throws is caught and recorded as that attempt's failure (for tests and probes). */
    using AttemptHook = std::function<void(quint32 task, quint32 attempt)>;

    Run(PlanPtr plan, const RunConfig &config, QObject *parent = nullptr);
    /*! Cancels and waits for the workers (they stop within ~50 ms): never leaves work behind. */
    ~Run() override;

    void setTemporaryDirectory(const QString &directory) { m_tempDir = directory; }
    void setAttemptHook(AttemptHook hook) { m_hook = std::move(hook); }
    void setBatchInterval(int ms) { m_batchTimer.setInterval(ms); }
    int batchInterval() const { return m_batchTimer.interval(); }

    /*! Starts the run; once only. */
    void start();
    /*! Stops releases, marks queued and unreleased tasks cancelled, interrupts running work.
     *  finished() follows once every running attempt has come back. */
    void cancel();

    bool isRunning() const { return m_started && !m_finished; }
    bool isFinished() const { return m_finished; }
    /*! Every record made so far, in the order the event loop learned of them. */
    const Trace &trace() const { return m_trace; }
    qint64 doneTasks() const { return m_done; }

Q_SIGNALS:
    void recordsAppended(const QList<Taskline::AttemptRecord> &batch);
    void progress(qint64 done, qint64 total, qint64 failed);
    void finished(const Taskline::Trace &trace);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    class AttemptRunnable; // one pool attempt (run.cpp)
    enum class TaskState : quint8 { Waiting, Pending, InFlight, Done };

    struct Release
    {
        qint64 atNs;
        quint64 order; // FIFO among equal times
        quint32 task;
        quint16 attempt;
        bool operator>(const Release &o) const
        {
            return atNs != o.atNs ? atNs > o.atNs : order > o.order;
        }
    };

    struct TimerAttempt
    {
        AttemptRecord record;
        qint64 drawnNs;
        bool fails;
    };

    qint64 nowNs() const;
    void startWorkers();
    void schedule(quint32 task, quint16 attempt, qint64 atNs);
    void releaseSpec(quint32 spec);
    void processReleases();
    void armReleaseTimer();
    void dispatch(quint32 task, quint16 attempt, qint64 releaseNs);
    void runAttempt(quint32 task, quint16 attempt, qint64 releaseNs, qint64 enqueueNs);
    void drainCompletions();
    void complete(AttemptRecord record, const QString &error);
    void taskEnded(quint32 task, AttemptStatus status);
    void recordNeverRan(quint32 task, AttemptStatus status, const QString &error);
    void append(const AttemptRecord &record);
    void emitBatch();
    void finishIfDone();

    PlanPtr m_plan;
    RunConfig m_config;
    QString m_tempDir;
    AttemptHook m_hook;
    Trace m_trace;
    SteadyClock::time_point m_t0;
    bool m_started = false;
    bool m_finished = false;
    bool m_cancelRequested = false;

    std::vector<TaskState> m_taskState;
    DependencyTracker m_deps;
    std::priority_queue<Release, std::vector<Release>, std::greater<Release>> m_releases;
    // Releases due when they were made (a spec whose dependencies just finished), in the
    // order they were made: a FIFO beside the heap, so 10^5 copies released at once cost no
    // heap operations. Merged with the heap by (time, order), the same order as one heap.
    std::deque<Release> m_dueNow;
    quint64 m_releaseOrder = 0;
    qint64 m_done = 0;
    qint64 m_failed = 0;
    qint64 m_inFlight = 0;
    QHash<int, TimerAttempt> m_timers; // event-loop attempts by QObject timer id

    QTimer m_releaseTimer;
    QTimer m_batchTimer;
    qsizetype m_emitted = 0; // records handed out by recordsAppended() so far
    std::vector<Completion> m_drained;

    Cancellation m_cancel;
    CompletionQueue m_completions;
    QThreadPool m_pool; // last: destroyed first, so no worker outlives what it uses
};

} // namespace Taskline
