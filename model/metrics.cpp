#include "metrics.h"

#include <algorithm>
#include <vector>

namespace Taskline {

bool operator==(const Metrics &a, const Metrics &b)
{
    return a.makespanMs == b.makespanMs && a.tasks == b.tasks && a.attempts == b.attempts &&
           a.status == b.status && a.parallelism == b.parallelism &&
           a.utilization == b.utilization && a.throughputPerS == b.throughputPerS &&
           a.waitMs == b.waitMs && a.latencyMs == b.latencyMs;
}

Percentiles percentiles(QList<double> &values)
{
    Percentiles p;
    const qint64 n = values.size();
    if (n == 0)
        return p;
    // Nearest rank: the p-th percentile is the value of 1-based rank ceil(p/100 * n).
    const auto index = [n](qint64 pct) { return std::max<qint64>((pct * n + 99) / 100, 1) - 1; };
    const auto begin = values.begin();
    const qint64 i99 = index(99), i95 = index(95), i50 = index(50);
    // Each selection leaves only larger values to its right, so the next one searches the
    // upper half, then the top 5%: about 1.5 n steps in all.
    const auto end = values.end();
    std::nth_element(begin, begin + i50, end);
    p.p50 = values[i50];
    std::nth_element(begin + i50, begin + i95, end);
    p.p95 = values[i95];
    std::nth_element(begin + i95, begin + i99, end);
    p.p99 = values[i99];
    p.max = *std::max_element(begin + i99, end);
    return p;
}

namespace {

constexpr double NsPerMs = 1e6;

/* Maps record.task to a dense slot. Task ids are dense in any trace a plan or importer made;
 * a sparse set (no plan, ids far beyond the record count) is compacted by sorting instead. */
struct TaskSlots
{
    std::vector<quint32> sortedIds; // empty: slot == task
    qsizetype count = 0;

    TaskSlots(const Trace &trace)
    {
        quint32 maxTask = 0;
        for (const AttemptRecord &r : trace.records)
            maxTask = std::max(maxTask, r.task);
        const qint64 dense = trace.records.isEmpty() ? 0 : qint64(maxTask) + 1;
        const qint64 planned = trace.plan ? qint64(trace.plan->taskCount()) : 0;
        if (dense <= std::max(planned, 2 * qint64(trace.records.size()) + 4096)) {
            count = qsizetype(dense);
            return;
        }
        sortedIds.reserve(std::size_t(trace.records.size()));
        for (const AttemptRecord &r : trace.records)
            sortedIds.push_back(r.task);
        std::sort(sortedIds.begin(), sortedIds.end());
        sortedIds.erase(std::unique(sortedIds.begin(), sortedIds.end()), sortedIds.end());
        count = qsizetype(sortedIds.size());
    }

    qsizetype slot(quint32 task) const
    {
        if (sortedIds.empty())
            return qsizetype(task);
        return std::lower_bound(sortedIds.begin(), sortedIds.end(), task) - sortedIds.begin();
    }
};

struct TaskState
{
    qint64 firstReleaseNs = 0;
    qint64 lastEndNs = 0;
    int firstAttempt = -1; // -1: no record yet
    int lastAttempt = -1;
    AttemptStatus lastStatus = AttemptStatus::Ok;
    bool ran = false;
};

} // namespace

Metrics computeMetrics(const Trace &trace)
{
    Metrics m;
    const qint64 makespanNs = trace.makespanNs();
    m.makespanMs = double(makespanNs) / NsPerMs;

    const TaskSlots slots(trace);
    std::vector<TaskState> tasks(std::size_t(slots.count));
    QList<double> waits;
    waits.reserve(trace.records.size());
    double runNs = 0;
    double poolRunNs = 0;
    for (const AttemptRecord &r : trace.records) {
        TaskState &t = tasks[std::size_t(slots.slot(r.task))];
        if (t.firstAttempt < 0 || r.attempt < t.firstAttempt) {
            t.firstAttempt = r.attempt;
            t.firstReleaseNs = r.releaseNs;
        }
        if (r.attempt >= t.lastAttempt) { // ties: the later record wins
            t.lastAttempt = r.attempt;
            t.lastEndNs = r.endNs;
            t.lastStatus = r.status;
        }
        if (!r.ran())
            continue;
        t.ran = true;
        ++m.attempts;
        const double run = double(std::max<qint64>(r.durationNs(), 0));
        runNs += run;
        if (r.lane != trace.eventLoopLane)
            poolRunNs += run;
        waits.append(double(r.waitNs()) / NsPerMs);
    }

    QList<double> latencies;
    qint64 distinct = 0;
    for (const TaskState &t : tasks) {
        if (t.firstAttempt < 0)
            continue;
        ++distinct;
        const auto s = std::size_t(t.lastStatus);
        if (s < m.status.size())
            ++m.status[s];
        if (t.ran)
            latencies.append(double(t.lastEndNs - t.firstReleaseNs) / NsPerMs);
    }
    m.tasks = trace.plan ? qint64(trace.plan->taskCount()) : distinct;

    if (makespanNs > 0) {
        const double span = double(makespanNs);
        m.parallelism = runNs / span;
        if (trace.config.threads > 0)
            m.utilization = poolRunNs / (double(trace.config.threads) * span);
        m.throughputPerS = double(m.count(AttemptStatus::Ok)) / (span / 1e9);
    }
    m.waitMs = percentiles(waits);
    m.latencyMs = percentiles(latencies);
    return m;
}

} // namespace Taskline
