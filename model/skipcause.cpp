#include "skipcause.h"

#include "trace.h"

#include <QSet>

#include <vector>

namespace Taskline {

namespace {

/*! The record of each task's final attempt (-1: no record), by task index. */
std::vector<int> finalRecords(const Trace &trace)
{
    std::vector<int> last(trace.plan ? trace.plan->taskCount() : 0, -1);
    for (qsizetype i = 0; i < trace.records.size(); ++i) {
        const AttemptRecord &r = trace.records[i];
        if (r.task >= last.size())
            continue;
        int &slot = last[r.task];
        if (slot < 0 || trace.records[slot].attempt <= r.attempt)
            slot = int(i);
    }
    return last;
}

bool failed(AttemptStatus s)
{
    return s == AttemptStatus::Failed || s == AttemptStatus::TimedOut;
}

} // namespace

QList<DependencyLink> skipChain(const Trace &trace, int record)
{
    if (!trace.plan || record < 0 || record >= trace.records.size())
        return {};
    const Plan &plan = *trace.plan;
    const std::vector<int> last = finalRecords(trace);
    QList<DependencyLink> chain; // built from the record back to the root
    QSet<int> seen;
    int current = record;
    while (trace.records[current].task < plan.taskCount() &&
           trace.records[current].status == AttemptStatus::Skipped && !seen.contains(current)) {
        seen.insert(current);
        const quint32 spec = plan.specOf(trace.records[current].task);
        int cause = -1;
        for (const quint32 *d = plan.depsBegin(spec); d != plan.depsEnd(spec); ++d) {
            for (quint32 t = plan.firstTask(*d); t < plan.firstTask(*d + 1); ++t) {
                const int r = last[t];
                if (r < 0)
                    continue;
                const AttemptRecord &c = trace.records[r];
                if (!failed(c.status) && c.status != AttemptStatus::Skipped)
                    continue;
                if (cause < 0 || c.endNs < trace.records[cause].endNs)
                    cause = r;
            }
        }
        if (cause < 0)
            break;
        chain.prepend({cause, current});
        current = cause;
    }
    if (chain.isEmpty() || !failed(trace.records[chain.constFirst().from].status))
        return {}; // no failure at the end of the chain: not a skip we can explain
    return chain;
}

QList<DependencyLink> skipsCausedBy(const Trace &trace, int record, int limit)
{
    if (!trace.plan || record < 0 || record >= trace.records.size())
        return {};
    const Plan &plan = *trace.plan;
    const std::vector<int> last = finalRecords(trace);
    const quint32 task = trace.records[record].task;
    if (task >= plan.taskCount() || last[task] < 0 || !failed(trace.records[last[task]].status))
        return {};
    QList<DependencyLink> links;
    std::vector<bool> reached(plan.taskCount(), false);
    reached[task] = true;
    QList<int> frontier{last[task]};
    for (qsizetype f = 0; f < frontier.size() && links.size() < limit; ++f) {
        const int from = frontier[f];
        const quint32 spec = plan.specOf(trace.records[from].task);
        for (const quint32 *d = plan.dependentsBegin(spec); d != plan.dependentsEnd(spec); ++d) {
            for (quint32 t = plan.firstTask(*d); t < plan.firstTask(*d + 1); ++t) {
                const int r = last[t];
                if (r < 0 || reached[t] || trace.records[r].status != AttemptStatus::Skipped)
                    continue;
                reached[t] = true;
                links.append({from, r});
                frontier.append(r);
                if (links.size() >= limit)
                    return links;
            }
        }
    }
    return links;
}

} // namespace Taskline
