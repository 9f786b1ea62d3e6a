#include "predictor.h"

#include "backgroundpool.h"
#include "dependencytracker.h"
#include "seededdraw.h"

#include <QLocale>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <vector>

namespace Taskline {

namespace {

constexpr qint64 Never = std::numeric_limits<qint64>::max();
constexpr quint32 NoString = std::numeric_limits<quint32>::max();

qint64 msToNs(double ms)
{
    return std::llround(ms * 1e6);
}

// "50", "2.5": the number as a user wrote it in the scenario.
QString formatNumber(double value)
{
    if (value == std::floor(value) && std::fabs(value) < 1e15)
        return QString::number(qint64(value));
    return QString::number(value, 'f', QLocale::FloatingPointShortest);
}

struct QueuedAttempt
{
    qint64 releaseNs;
    quint32 task;
    quint32 attempt;
};

// The waiting attempts of one priority, first in first out. A vector with a moving head, so a
// steady stream of pushes and pops allocates nothing once it has grown.
class Fifo
{
public:
    bool empty() const { return m_head == m_items.size(); }
    void push(const QueuedAttempt &item) { m_items.push_back(item); }
    QueuedAttempt pop()
    {
        const QueuedAttempt item = m_items[m_head++];
        if (m_head == m_items.size()) {
            m_items.clear();
            m_head = 0;
        } else if (m_head >= 4096 && m_head * 2 >= m_items.size()) {
            m_items.erase(m_items.begin(), m_items.begin() + std::ptrdiff_t(m_head));
            m_head = 0;
        }
        return item;
    }

private:
    std::vector<QueuedAttempt> m_items;
    std::size_t m_head = 0;
};

enum class EventType : quint8 {
    AttemptEnd, // a: slot (io, file, timer: the end is known when the attempt starts)
    CpuTimeout, // a: slot, b: the slot's generation when scheduled (stale once it moved on)
    Release,    // a: spec, b: first copy not yet released (one cursor per spec)
    Retry,      // a: task, b: attempt
};

struct Event
{
    qint64 time;
    quint64 order; // ends before releases at one instant, then in the order scheduled
    quint32 a;
    quint32 b;
    EventType type;
};

struct EventLater
{
    bool operator()(const Event &x, const Event &y) const
    {
        return x.time != y.time ? x.time > y.time : x.order > y.order;
    }
};

// A running cpu attempt ends when the virtual clock reaches virtualEnd.
struct CpuEnd
{
    double virtualEnd;
    quint64 order;
    quint32 slot;
    quint32 generation;
};

struct CpuEndLater
{
    bool operator()(const CpuEnd &x, const CpuEnd &y) const
    {
        return x.virtualEnd != y.virtualEnd ? x.virtualEnd > y.virtualEnd : x.order > y.order;
    }
};

// What the simulation needs of a spec, resolved once.
struct SpecInfo
{
    qint64 timeoutNs = 0;
    qint64 retryDelayNs = 0;
    quint64 idHash = 0;
    quint32 first = 0;
    quint32 count = 0;
    quint32 bucket = 0; // queue of its priority
    int retries = 0;
    TaskKind kind = TaskKind::Cpu;
};

// An attempt in progress: slots 0..P-1 are the workers, the rest timers on the event loop.
struct Slot
{
    qint64 releaseNs = 0;
    qint64 startNs = 0;
    quint32 task = 0;
    quint32 attempt = 0;
    quint32 generation = 0; // bumped when the attempt ends, so stale events can be told apart
    AttemptStatus status = AttemptStatus::Ok; // outcome if it runs to its end
};

/*
 * The discrete-event simulation. Events at one instant are handled before the free workers
 * take queued attempts, so the priority order applies to everything released at that instant.
 *
 * Processor sharing of the cores: a virtual clock V advances at min(1, cores/k) while k cpu
 * attempts run; an attempt with work w started at V0 ends when V reaches V0 + w. Starting or
 * ending one attempt changes the rate but no other attempt's virtual end, so each event costs
 * O(log n) in a heap of virtual ends.
 */
class Simulator
{
public:
    Simulator(const Plan &plan, const RunConfig &config, Trace *trace)
        : m_plan(plan), m_config(config), m_trace(trace)
    {
        m_sequential = config.mode == RunMode::Sequential;
        m_workers = m_sequential ? 1 : qMax(1, config.threads);
        m_cores = qMax(1, config.cores);
        bool hasTimers = false;
        const TaskList &tasks = plan.specs();
        for (qsizetype s = 0; s < tasks.size(); ++s)
            hasTimers = hasTimers || (tasks.kind(s) == TaskKind::Timer && tasks.count(s) > 0);
        m_eventLoop = !m_sequential && hasTimers;
    }

    int workers() const { return m_workers; }
    bool hasEventLoop() const { return m_eventLoop; }

    /*! Runs to the end; returns the makespan in ns. */
    qint64 run();

private:
    void schedule(qint64 time, EventType type, quint32 a, quint32 b);
    qint64 nextCpuEnd();
    void advanceTo(qint64 time);
    void handle(const Event &event);
    void releaseFrom(quint32 spec, quint32 copy);
    void release(quint32 task, quint32 attempt);
    void dispatch();
    void start(quint32 slot, const QueuedAttempt &queued);
    void finish(quint32 slot, AttemptStatus status);
    void cpuGone();
    void succeeded(quint32 spec);
    void failedFinally(quint32 task);
    void addRecord(const AttemptRecord &record);
    quint32 errorFor(quint32 spec, AttemptStatus status);

    const Plan &m_plan;
    const RunConfig m_config;
    Trace *m_trace; // null: makespan only
    bool m_sequential = false;
    bool m_eventLoop = false;
    int m_workers = 1;
    int m_cores = 1;

    qint64 m_now = 0;
    qint64 m_makespan = 0;
    quint64 m_order = 0;
    double m_virtual = 0; // V, in ns of work
    int m_runningCpu = 0; // k

    std::vector<SpecInfo> m_specs;
    DependencyTracker m_deps{m_plan};
    std::vector<qint64> m_readyNs; // per spec: when its dependencies were all done
    std::vector<quint32> m_failureError, m_timeoutError; // per spec, interned lazily

    std::vector<Event> m_events;    // min-heap by EventLater
    std::vector<CpuEnd> m_cpuEnds;  // min-heap by CpuEndLater, stale entries dropped lazily
    std::vector<int> m_freeWorkers; // min-heap: the lowest free worker is taken
    std::vector<quint32> m_freeTimerSlots;
    std::vector<Slot> m_slots;
    std::vector<Fifo> m_buckets;     // one per distinct priority, highest first
    std::vector<quint32> m_nonEmpty; // min-heap of bucket indices that hold attempts
    std::size_t m_queued = 0;
};

qint64 Simulator::run()
{
    const quint32 specs = m_plan.specCount();
    const TaskList &tasks = m_plan.specs();

    std::vector<int> priorities;
    priorities.reserve(specs);
    for (quint32 s = 0; s < specs; ++s)
        priorities.push_back(tasks.priority(s));
    std::sort(priorities.begin(), priorities.end(), std::greater<int>());
    priorities.erase(std::unique(priorities.begin(), priorities.end()), priorities.end());
    m_buckets.resize(priorities.size());

    m_specs.resize(specs);
    m_readyNs.assign(specs, 0);
    m_failureError.assign(specs, NoString);
    m_timeoutError.assign(specs, NoString);
    for (quint32 s = 0; s < specs; ++s) {
        const TaskParams t = tasks.params(s);
        SpecInfo &info = m_specs[s];
        info.timeoutNs = t.timeoutMs > 0 ? msToNs(t.timeoutMs) : 0;
        info.retryDelayNs = msToNs(t.retryDelayMs);
        info.idHash = m_plan.idHash(s);
        info.first = m_plan.firstTask(s);
        info.count = t.count;
        info.bucket = quint32(std::lower_bound(priorities.begin(), priorities.end(), t.priority,
                                               std::greater<int>()) -
                              priorities.begin());
        info.retries = t.retries;
        info.kind = t.kind;
    }

    m_slots.resize(std::size_t(m_workers));
    m_freeWorkers.resize(std::size_t(m_workers));
    for (int w = 0; w < m_workers; ++w)
        m_freeWorkers[std::size_t(w)] = w; // ascending: already a min-heap
    m_events.reserve(std::size_t(specs) + std::size_t(m_workers) + 16);
    m_cpuEnds.reserve(std::size_t(m_workers) + 16);
    if (m_trace)
        m_trace->records.reserve(qsizetype(m_plan.taskCount()));

    m_deps.forEachInitiallyReady([this](quint32 s) { releaseFrom(s, 0); });

    for (;;) {
        const qint64 cpuEnd = nextCpuEnd();
        const qint64 eventTime = m_events.empty() ? Never : m_events.front().time;
        const qint64 next = std::min(cpuEnd, eventTime);
        if (next > m_now && m_queued > 0 && !m_freeWorkers.empty()) {
            dispatch(); // everything at m_now has been handled
            continue;
        }
        if (next == Never)
            break;
        // At one instant a cpu attempt ends before its own timeout: reaching it is not exceeding.
        if (cpuEnd <= eventTime) {
            std::pop_heap(m_cpuEnds.begin(), m_cpuEnds.end(), CpuEndLater());
            const CpuEnd end = m_cpuEnds.back();
            m_cpuEnds.pop_back();
            m_now = cpuEnd;
            m_virtual = end.virtualEnd;
            finish(end.slot, m_slots[end.slot].status);
            cpuGone();
        } else {
            std::pop_heap(m_events.begin(), m_events.end(), EventLater());
            const Event event = m_events.back();
            m_events.pop_back();
            advanceTo(event.time);
            handle(event);
        }
    }
    return m_makespan;
}

void Simulator::schedule(qint64 time, EventType type, quint32 a, quint32 b)
{
    const bool isEnd = type == EventType::AttemptEnd || type == EventType::CpuTimeout;
    m_events.push_back(Event{time, (isEnd ? 0 : 1ULL << 63) | m_order++, a, b, type});
    std::push_heap(m_events.begin(), m_events.end(), EventLater());
}

qint64 Simulator::nextCpuEnd()
{
    while (!m_cpuEnds.empty() &&
           m_slots[m_cpuEnds.front().slot].generation != m_cpuEnds.front().generation) {
        std::pop_heap(m_cpuEnds.begin(), m_cpuEnds.end(), CpuEndLater());
        m_cpuEnds.pop_back();
    }
    if (m_cpuEnds.empty())
        return Never;
    const double work = m_cpuEnds.front().virtualEnd - m_virtual;
    const double wall = m_runningCpu > m_cores ? work * m_runningCpu / m_cores : work;
    return m_now + std::max<qint64>(0, std::llround(wall));
}

void Simulator::advanceTo(qint64 time)
{
    if (m_runningCpu > 0) {
        const double elapsed = double(time - m_now);
        m_virtual += m_runningCpu > m_cores ? elapsed * m_cores / m_runningCpu : elapsed;
    }
    m_now = time;
}

void Simulator::handle(const Event &event)
{
    switch (event.type) {
    case EventType::AttemptEnd:
        finish(event.a, m_slots[event.a].status);
        break;
    case EventType::CpuTimeout:
        if (m_slots[event.a].generation == event.b) {
            finish(event.a, AttemptStatus::TimedOut); // its heap entry is now stale
            cpuGone();
        }
        break;
    case EventType::Release:
        releaseFrom(event.a, event.b);
        break;
    case EventType::Retry:
        release(event.a, event.b);
        break;
    }
}

// Releases the copies of `spec` from `copy` on that are due now; schedules the next one.
// Release times grow with the copy index, so one pending event per spec suffices.
void Simulator::releaseFrom(quint32 spec, quint32 copy)
{
    const SpecInfo &info = m_specs[spec];
    const qint64 ready = m_readyNs[spec];
    for (; copy < info.count; ++copy) {
        const qint64 at = std::max(ready, m_plan.releaseOffsetNs(info.first + copy));
        if (at > m_now) {
            schedule(at, EventType::Release, spec, copy);
            return;
        }
        release(info.first + copy, 0);
    }
}

void Simulator::release(quint32 task, quint32 attempt)
{
    const SpecInfo &info = m_specs[m_plan.specOf(task)];
    const QueuedAttempt queued{m_now, task, attempt};
    if (info.kind == TaskKind::Timer && m_eventLoop) {
        quint32 slot;
        if (m_freeTimerSlots.empty()) {
            slot = quint32(m_slots.size());
            m_slots.emplace_back();
        } else {
            slot = m_freeTimerSlots.back();
            m_freeTimerSlots.pop_back();
        }
        start(slot, queued);
        return;
    }
    Fifo &bucket = m_buckets[info.bucket];
    if (bucket.empty()) {
        m_nonEmpty.push_back(info.bucket);
        std::push_heap(m_nonEmpty.begin(), m_nonEmpty.end(), std::greater<quint32>());
    }
    bucket.push(queued);
    ++m_queued;
}

void Simulator::dispatch()
{
    while (m_queued > 0 && !m_freeWorkers.empty()) {
        Fifo &bucket = m_buckets[m_nonEmpty.front()];
        const QueuedAttempt queued = bucket.pop();
        --m_queued;
        if (bucket.empty()) {
            std::pop_heap(m_nonEmpty.begin(), m_nonEmpty.end(), std::greater<quint32>());
            m_nonEmpty.pop_back();
        }
        std::pop_heap(m_freeWorkers.begin(), m_freeWorkers.end(), std::greater<int>());
        const int worker = m_freeWorkers.back();
        m_freeWorkers.pop_back();
        start(quint32(worker), queued);
    }
}

void Simulator::start(quint32 slotIndex, const QueuedAttempt &queued)
{
    const quint32 spec = m_plan.specOf(queued.task);
    const SpecInfo &info = m_specs[spec];
    const AttemptDraw draw = drawAttempt(m_config.seed, info.idHash, queued.task - info.first,
                                         queued.attempt, m_plan.specs().params(spec));
    Slot &slot = m_slots[slotIndex];
    slot.releaseNs = queued.releaseNs;
    slot.startNs = m_now;
    slot.task = queued.task;
    slot.attempt = queued.attempt;
    slot.status = draw.fails ? AttemptStatus::Failed : AttemptStatus::Ok;
    const bool timesOut = info.timeoutNs > 0 && draw.durationNs > info.timeoutNs;

    if (info.kind == TaskKind::Cpu) {
        ++m_runningCpu;
        // Progress is at most wall speed: work beyond the timeout can never be done in time.
        if (!timesOut) {
            m_cpuEnds.push_back(
                CpuEnd{m_virtual + double(draw.durationNs), m_order++, slotIndex, slot.generation});
            std::push_heap(m_cpuEnds.begin(), m_cpuEnds.end(), CpuEndLater());
        }
        if (info.timeoutNs > 0)
            schedule(m_now + info.timeoutNs, EventType::CpuTimeout, slotIndex, slot.generation);
        return;
    }
    if (timesOut) {
        slot.status = AttemptStatus::TimedOut;
        schedule(m_now + info.timeoutNs, EventType::AttemptEnd, slotIndex, 0);
    } else {
        schedule(m_now + draw.durationNs, EventType::AttemptEnd, slotIndex, 0);
    }
}

void Simulator::finish(quint32 slotIndex, AttemptStatus status)
{
    // Copies: what follows may add timer slots and move m_slots.
    const Slot slot = m_slots[slotIndex];
    ++m_slots[slotIndex].generation;
    const quint32 spec = m_plan.specOf(slot.task);
    const SpecInfo &info = m_specs[spec];
    const bool onWorker = slotIndex < quint32(m_workers);

    AttemptRecord record;
    record.releaseNs = slot.releaseNs;
    record.enqueueNs = slot.releaseNs;
    record.startNs = slot.startNs;
    record.endNs = m_now;
    record.task = slot.task;
    record.error = status == AttemptStatus::Ok ? 0 : errorFor(spec, status);
    record.attempt = quint16(slot.attempt);
    record.lane = qint16(onWorker ? int(slotIndex) : m_workers);
    record.status = status;
    record.kind = info.kind;
    addRecord(record);

    if (onWorker) {
        m_freeWorkers.push_back(int(slotIndex));
        std::push_heap(m_freeWorkers.begin(), m_freeWorkers.end(), std::greater<int>());
    } else {
        m_freeTimerSlots.push_back(slotIndex);
    }

    if (status == AttemptStatus::Ok)
        succeeded(spec);
    else if (int(slot.attempt) < info.retries)
        schedule(m_now + info.retryDelayNs, EventType::Retry, slot.task, slot.attempt + 1);
    else
        failedFinally(slot.task);
}

// A cpu attempt ended or timed out: one fewer shares the cores.
void Simulator::cpuGone()
{
    if (--m_runningCpu == 0) {
        // Nothing live is left in the heap: restart the virtual clock to keep it precise.
        m_cpuEnds.clear();
        m_virtual = 0;
    }
}

void Simulator::succeeded(quint32 spec)
{
    m_deps.copySucceeded(spec, [this](quint32 s) {
        m_readyNs[s] = m_now;
        releaseFrom(s, 0);
    });
}

// Everything that waits, directly or not, for the spec of `task` can no longer run.
void Simulator::failedFinally(quint32 task)
{
    quint32 error = NoString;
    m_deps.copyFailed(m_plan.specOf(task), [&](quint32 s) {
        if (error == NoString && m_trace) {
            error = m_trace->strings.intern(
                QStringLiteral("dependency \"%1\" did not succeed").arg(m_plan.taskName(task)));
        }
        const SpecInfo &info = m_specs[s];
        AttemptRecord record;
        record.releaseNs = record.enqueueNs = record.startNs = record.endNs = m_now;
        record.error = error == NoString ? 0 : error;
        record.lane = -1;
        record.status = AttemptStatus::Skipped;
        record.kind = info.kind;
        for (quint32 c = 0; c < info.count; ++c) {
            record.task = info.first + c;
            addRecord(record);
        }
    });
}

void Simulator::addRecord(const AttemptRecord &record)
{
    m_makespan = std::max(m_makespan, record.endNs);
    if (m_trace)
        m_trace->records.append(record);
}

quint32 Simulator::errorFor(quint32 spec, AttemptStatus status)
{
    if (!m_trace)
        return 0;
    const TaskParams t = m_plan.specs().params(spec);
    if (status == AttemptStatus::TimedOut) {
        if (m_timeoutError[spec] == NoString) {
            m_timeoutError[spec] = m_trace->strings.intern(
                QStringLiteral("timed out after %1 ms").arg(formatNumber(t.timeoutMs)));
        }
        return m_timeoutError[spec];
    }
    if (m_failureError[spec] == NoString) {
        const QString error = m_plan.specs().error(spec);
        m_failureError[spec] = m_trace->strings.intern(
            error.isEmpty()
                ? QStringLiteral("injected failure (fail_rate %1)").arg(formatNumber(t.failRate))
                : error);
    }
    return m_failureError[spec];
}

} // namespace

Trace predict(const PlanPtr &plan, const RunConfig &config)
{
    Trace trace;
    trace.plan = plan;
    trace.config = config;
    trace.predicted = true;
    if (!plan)
        return trace;
    Simulator simulator(*plan, config, &trace);
    trace.lanes = standardLanes(simulator.workers(), simulator.hasEventLoop());
    trace.eventLoopLane = simulator.hasEventLoop() ? simulator.workers() : -1;
    simulator.run();
    return trace;
}

QList<double> predictMakespans(const PlanPtr &plan, const RunConfig &config,
                               const QList<int> &threadCounts)
{
    if (!plan)
        return QList<double>(threadCounts.size(), 0.0);
    // Each simulation is independent and single-threaded: spread them over the pool.
    std::function<double(const int &)> makespanMs = [plan, config](const int &threads) {
        enterBackground();
        RunConfig c = config;
        c.threads = threads;
        Simulator simulator(*plan, c, nullptr);
        return double(simulator.run()) / 1e6;
    };
    return QtConcurrent::blockingMapped<QList<double>>(backgroundPool(), threadCounts, makespanMs);
}

} // namespace Taskline
