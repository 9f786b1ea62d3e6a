#pragma once

#include <QList>

namespace Taskline {

struct Trace;

/*! A dependency between two records: `from` (a task's final attempt) decided `to`. */
struct DependencyLink
{
    int from = -1;
    int to = -1;

    friend bool operator==(const DependencyLink &a, const DependencyLink &b)
    {
        return a.from == b.from && a.to == b.to;
    }
};

/*!
 * Why a task was skipped: the links from the failure that caused it, back along the
 * dependencies. For a record of a skipped task, the chain runs from the root (a final attempt
 * that failed or timed out) through the skipped tasks between, to the record: links
 * [root -> s1, s1 -> s2, ..., sk -> record]. At each step the cause is the dependency copy
 * that was decided first (the earliest end among those that did not succeed), which is the
 * one that made the runner skip. Empty when the record's task was not skipped or no cause is
 * in the trace.
 */
QList<DependencyLink> skipChain(const Trace &trace, int record);

/*!
 * What a failure cost: for a record of a task whose final attempt failed or timed out, the
 * links to every task skipped because of it, transitively (breadth first: direct dependents
 * first). At most `limit` links. Empty for a task that did not fail.
 */
QList<DependencyLink> skipsCausedBy(const Trace &trace, int record, int limit = 10000);

} // namespace Taskline
