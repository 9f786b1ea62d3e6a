#include "run.h"

#include "seededdraw.h"
#include "taskwork.h"

#include <QDir>
#include <QException>
#include <QRunnable>
#include <QTimerEvent>

#include <cmath>
#include <stdexcept>

namespace Taskline {

namespace {
// The event loop hands work to the pool in slices, so a release of 10^5 tasks at once does
// not freeze the window that owns the run.
constexpr auto ReleaseSlice = std::chrono::milliseconds(4);

QString failureMessage(const TaskParams &spec, const QString &error)
{
    if (!error.isEmpty())
        return error;
    return QStringLiteral("injected failure (fail_rate %1)").arg(spec.failRate);
}

QString timeoutMessage(const TaskParams &spec)
{
    return QStringLiteral("timed out after %1 ms").arg(spec.timeoutMs);
}

// What the seeded draw decided a task throws, like any exception a task function might raise.
class InjectedFailure : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};
} // namespace

// One attempt handed to the pool. A plain QRunnable rather than QtConcurrent::run: nobody
// waits on a QFuture per attempt (results come back through the CompletionQueue), and the
// future's shared state, mutex and finish bookkeeping cost as much again as the dispatch
// (10^5 empty tasks: 3.1x the time of bare QtConcurrent::run with them, see taskline-bench).
class Run::AttemptRunnable : public QRunnable
{
public:
    AttemptRunnable(Run *run, quint32 task, quint16 attempt, qint64 releaseNs, qint64 enqueueNs)
        : m_run(run), m_task(task), m_attempt(attempt), m_releaseNs(releaseNs),
          m_enqueueNs(enqueueNs)
    {
    }
    void run() override { m_run->runAttempt(m_task, m_attempt, m_releaseNs, m_enqueueNs); }

private:
    Run *m_run;
    quint32 m_task;
    quint16 m_attempt;
    qint64 m_releaseNs;
    qint64 m_enqueueNs;
};

Run::Run(PlanPtr plan, const RunConfig &config, QObject *parent)
    : QObject(parent), m_plan(std::move(plan)), m_config(config), m_tempDir(QDir::tempPath()),
      m_deps(*m_plan), m_completions(config.mode == RunMode::Sequential ? 1 : config.threads)
{
    if (m_config.mode == RunMode::Sequential)
        m_config.threads = 1;
    m_config.threads = qMax(1, m_config.threads);
    m_pool.setMaxThreadCount(m_config.threads);
    m_pool.setExpiryTimeout(-1); // a thread keeps its lane for the whole run

    bool hasTimers = false;
    for (quint32 s = 0; s < m_plan->specCount(); ++s)
        hasTimers = hasTimers || m_plan->specs().kind(s) == TaskKind::Timer;
    const bool eventLoopLane = hasTimers && m_config.mode == RunMode::Pool;
    m_trace.plan = m_plan;
    m_trace.config = m_config;
    m_trace.lanes = standardLanes(m_config.threads, eventLoopLane);
    m_trace.eventLoopLane = eventLoopLane ? m_config.threads : -1;

    m_releaseTimer.setSingleShot(true);
    m_releaseTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_releaseTimer, &QTimer::timeout, this, &Run::processReleases);
    m_batchTimer.setInterval(33);
    connect(&m_batchTimer, &QTimer::timeout, this, &Run::emitBatch);
}

Run::~Run()
{
    m_cancel.cancel();
    m_pool.waitForDone();
}

qint64 Run::nowNs() const
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now() - m_t0).count();
}

void Run::start()
{
    if (m_started)
        return;
    m_started = true;
    const quint32 tasks = m_plan->taskCount();
    m_taskState.assign(tasks, TaskState::Waiting);
    m_trace.records.reserve(qsizetype(tasks));
    startWorkers();
    m_t0 = SteadyClock::now();
    m_deps.forEachInitiallyReady([this](quint32 s) { releaseSpec(s); });
    m_batchTimer.start();
    processReleases();
}

void Run::startWorkers()
{
    // QThreadPool creates threads on demand, ~0.1-5 ms each on a busy machine: start all of
    // them before the clock does, so the first tasks' queue wait is the pool's, not thread
    // creation's. Each warm-up task waits until all have started, so each gets its own thread.
    const int workers = m_config.threads;
    std::atomic<int> started{0};
    Cancellation allStarted;
    for (int i = 0; i < workers; ++i) {
        m_pool.start([&] {
            if (started.fetch_add(1) + 1 == workers)
                allStarted.cancel();
            allStarted.waitUntil(SteadyClock::now() + std::chrono::seconds(2));
        });
    }
    m_pool.waitForDone();
}

void Run::schedule(quint32 task, quint16 attempt, qint64 atNs)
{
    m_taskState[task] = TaskState::Pending;
    m_releases.push({atNs, m_releaseOrder++, task, attempt});
}

void Run::releaseSpec(quint32 spec)
{
    const qint64 now = nowNs();
    const quint32 first = m_plan->firstTask(spec);
    const quint32 end = m_plan->firstTask(spec + 1);
    for (quint32 t = first; t < end; ++t) {
        const qint64 at = m_plan->releaseOffsetNs(t);
        if (at > now) {
            schedule(t, 0, at);
        } else {
            m_taskState[t] = TaskState::Pending;
            m_dueNow.push_back({now, m_releaseOrder++, t, 0});
        }
    }
}

void Run::processReleases()
{
    if (m_cancelRequested)
        return;
    const auto sliceEnd = SteadyClock::now() + ReleaseSlice;
    int n = 0;
    while (!m_releases.empty() || !m_dueNow.empty()) {
        const bool fromHeap =
            m_dueNow.empty() || (!m_releases.empty() && m_dueNow.front() > m_releases.top());
        const Release r = fromHeap ? m_releases.top() : m_dueNow.front();
        const qint64 now = nowNs();
        if (r.atNs > now)
            break;
        if (fromHeap)
            m_releases.pop();
        else
            m_dueNow.pop_front();
        dispatch(r.task, r.attempt, now);
        // Check the clock only now and then: it costs as much as a dispatch.
        if (++n % 64 == 0 && SteadyClock::now() >= sliceEnd) {
            m_releaseTimer.start(0);
            return;
        }
    }
    armReleaseTimer();
}

void Run::armReleaseTimer()
{
    if ((m_releases.empty() && m_dueNow.empty()) || m_cancelRequested) {
        m_releaseTimer.stop();
        return;
    }
    if (!m_dueNow.empty()) {
        m_releaseTimer.start(0);
        return;
    }
    const qint64 waitNs = qMax<qint64>(0, m_releases.top().atNs - nowNs());
    // Round up: a precise timer may fire a little early, never release before the time.
    m_releaseTimer.start(int((waitNs + 999999) / 1000000));
}

void Run::dispatch(quint32 task, quint16 attempt, qint64 releaseNs)
{
    const TaskParams spec = m_plan->spec(task);
    m_taskState[task] = TaskState::InFlight;
    ++m_inFlight;
    if (spec.kind == TaskKind::Timer && m_config.mode == RunMode::Pool) {
        const AttemptDraw draw = drawAttempt(m_config.seed, m_plan->idHash(m_plan->specOf(task)),
                                             m_plan->copyOf(task), attempt, spec);
        const bool timesOut = spec.timeoutMs > 0 && draw.durationNs > spec.timeoutMs * 1e6;
        const qint64 waitNs = timesOut ? std::llround(spec.timeoutMs * 1e6) : draw.durationNs;
        TimerAttempt t;
        t.record.task = task;
        t.record.attempt = attempt;
        t.record.kind = TaskKind::Timer;
        t.record.lane = qint16(m_trace.eventLoopLane);
        t.record.releaseNs = releaseNs;
        t.record.enqueueNs = releaseNs;
        t.record.startNs = nowNs();
        t.drawnNs = draw.durationNs;
        t.fails = draw.fails;
        const int id =
            startTimer(std::chrono::milliseconds((waitNs + 999999) / 1000000), Qt::PreciseTimer);
        m_timers.insert(id, t);
        return;
    }
    const qint64 enqueueNs = nowNs();
    m_pool.start(new AttemptRunnable(this, task, attempt, releaseNs, enqueueNs), spec.priority);
}

void Run::runAttempt(quint32 task, quint16 attempt, qint64 releaseNs, qint64 enqueueNs)
{
    const int lane = m_completions.laneOfCurrentThread();
    const TaskParams spec = m_plan->spec(task);
    Completion c;
    AttemptRecord &r = c.record;
    r.task = task;
    r.attempt = attempt;
    r.kind = spec.kind;
    r.releaseNs = releaseNs;
    r.enqueueNs = enqueueNs;
    r.startNs = nowNs();
    if (m_cancel.isCancelled()) {
        // Dropped from the queue: it never ran.
        r.status = AttemptStatus::Cancelled;
        r.endNs = r.startNs;
    } else {
        r.lane = qint16(lane);
        const AttemptDraw draw = drawAttempt(m_config.seed, m_plan->idHash(m_plan->specOf(task)),
                                             m_plan->copyOf(task), attempt, spec);
        const auto deadline =
            spec.timeoutMs > 0
                ? SteadyClock::now() + std::chrono::nanoseconds(std::llround(spec.timeoutMs * 1e6))
                : SteadyClock::time_point::max();
        try {
            if (m_hook)
                m_hook(task, attempt);
            WorkOutcome outcome = WorkOutcome::Done;
            switch (spec.kind) {
            case TaskKind::Cpu:
                outcome = Work::compute(draw.durationNs, deadline, m_cancel);
                break;
            case TaskKind::Io:
            case TaskKind::Timer: // only in sequential mode: the blocking baseline
                outcome = Work::block(draw.durationNs, deadline, m_cancel);
                break;
            case TaskKind::File:
                outcome = Work::writeReadVerify(spec.bytes, m_tempDir, deadline, m_cancel);
                break;
            }
            if (outcome == WorkOutcome::TimedOut) {
                r.status = AttemptStatus::TimedOut;
                c.error = timeoutMessage(spec);
            } else if (outcome == WorkOutcome::Cancelled) {
                r.status = AttemptStatus::Cancelled;
            } else if (draw.fails) {
                throw InjectedFailure(
                    failureMessage(spec, m_plan->specs().error(m_plan->specOf(task)))
                        .toStdString());
            }
        } catch (const std::exception &e) { // QException is one too
            r.status = AttemptStatus::Failed;
            c.error = QString::fromUtf8(e.what());
        } catch (const QString &e) {
            r.status = AttemptStatus::Failed;
            c.error = e;
        } catch (const char *e) {
            r.status = AttemptStatus::Failed;
            c.error = QString::fromUtf8(e);
        } catch (int e) {
            r.status = AttemptStatus::Failed;
            c.error = QStringLiteral("threw int %1").arg(e);
        } catch (...) {
            r.status = AttemptStatus::Failed;
            c.error = QStringLiteral("threw an exception of unknown type");
        }
        r.endNs = nowNs();
    }
    if (m_completions.push(lane, std::move(c)))
        QMetaObject::invokeMethod(this, &Run::drainCompletions, Qt::QueuedConnection);
}

void Run::timerEvent(QTimerEvent *event)
{
    const auto it = m_timers.find(event->timerId());
    if (it == m_timers.end())
        return QObject::timerEvent(event);
    killTimer(event->timerId());
    const TimerAttempt t = *it;
    m_timers.erase(it);
    AttemptRecord r = t.record;
    r.endNs = nowNs();
    const TaskParams spec = m_plan->spec(r.task);
    QString error;
    if (spec.timeoutMs > 0 && t.drawnNs > spec.timeoutMs * 1e6) {
        r.status = AttemptStatus::TimedOut;
        error = timeoutMessage(spec);
    } else if (t.fails) {
        r.status = AttemptStatus::Failed;
        error = failureMessage(spec, m_plan->specs().error(m_plan->specOf(r.task)));
    }
    complete(r, error);
    processReleases();
    finishIfDone();
}

void Run::drainCompletions()
{
    m_drained.clear();
    m_completions.drainInto(m_drained);
    for (Completion &c : m_drained)
        complete(c.record, c.error);
    m_drained.clear();
    processReleases();
    finishIfDone();
}

void Run::complete(AttemptRecord record, const QString &error)
{
    --m_inFlight;
    record.error = m_trace.strings.intern(error);
    append(record);
    const quint32 task = record.task;
    switch (record.status) {
    case AttemptStatus::Ok:
        taskEnded(task, AttemptStatus::Ok);
        break;
    case AttemptStatus::Failed:
    case AttemptStatus::TimedOut: {
        const TaskParams spec = m_plan->spec(task);
        if (!m_cancelRequested && record.attempt < spec.retries) {
            schedule(task, quint16(record.attempt + 1),
                     record.endNs + std::llround(spec.retryDelayMs * 1e6));
            break;
        }
        taskEnded(task, record.status);
        break;
    }
    case AttemptStatus::Cancelled:
    case AttemptStatus::Skipped:
        taskEnded(task, record.status);
        break;
    }
}

void Run::taskEnded(quint32 task, AttemptStatus status)
{
    m_taskState[task] = TaskState::Done;
    ++m_done;
    const quint32 spec = m_plan->specOf(task);
    if (status == AttemptStatus::Ok) {
        m_deps.copySucceeded(spec, [this](quint32 s) {
            if (!m_cancelRequested)
                releaseSpec(s);
        });
        return;
    }
    if (status == AttemptStatus::Failed || status == AttemptStatus::TimedOut) {
        ++m_failed;
        const QString cause =
            QStringLiteral("dependency \"%1\" did not succeed").arg(m_plan->taskName(task));
        m_deps.copyFailed(spec, [&](quint32 s) {
            for (quint32 t = m_plan->firstTask(s); t < m_plan->firstTask(s + 1); ++t) {
                if (m_taskState[t] == TaskState::Waiting)
                    recordNeverRan(t, AttemptStatus::Skipped, cause);
            }
        });
    }
}

void Run::recordNeverRan(quint32 task, AttemptStatus status, const QString &error)
{
    AttemptRecord r;
    r.task = task;
    r.kind = m_plan->kind(task);
    r.status = status;
    r.releaseNs = r.enqueueNs = r.startNs = r.endNs = nowNs();
    r.error = m_trace.strings.intern(error);
    append(r);
    m_taskState[task] = TaskState::Done;
    ++m_done;
}

void Run::append(const AttemptRecord &record)
{
    m_trace.records.append(record);
}

void Run::cancel()
{
    if (!isRunning() || m_cancelRequested)
        return;
    m_cancelRequested = true;
    m_cancel.cancel();
    m_releaseTimer.stop();
    // Released tasks waiting for their time or a retry, and tasks still waiting for
    // dependencies, never run.
    m_releases = {};
    m_dueNow.clear();
    for (quint32 t = 0; t < quint32(m_taskState.size()); ++t) {
        if (m_taskState[t] == TaskState::Waiting || m_taskState[t] == TaskState::Pending)
            recordNeverRan(t, AttemptStatus::Cancelled, {});
    }
    // Timers in flight end now. Pool attempts come back through the queue: interrupted, or
    // dropped as they reach a worker.
    const QList<int> ids = m_timers.keys();
    for (int id : ids) {
        killTimer(id);
        AttemptRecord r = m_timers.take(id).record;
        r.endNs = nowNs();
        r.status = AttemptStatus::Cancelled;
        complete(r, {});
    }
    drainCompletions();
}

void Run::emitBatch()
{
    if (m_trace.records.size() == m_emitted)
        return;
    const QList<AttemptRecord> batch = m_trace.records.mid(m_emitted);
    m_emitted = m_trace.records.size();
    Q_EMIT recordsAppended(batch);
    Q_EMIT progress(m_done, qint64(m_plan->taskCount()), m_failed);
}

void Run::finishIfDone()
{
    if (m_finished || !m_started)
        return;
    const bool allEnded = m_done == qint64(m_plan->taskCount());
    if (!allEnded && !(m_cancelRequested && m_inFlight == 0))
        return;
    m_finished = true;
    m_batchTimer.stop();
    m_releaseTimer.stop();
    emitBatch();
    Q_EMIT finished(m_trace);
}

} // namespace Taskline
