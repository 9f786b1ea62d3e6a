#pragma once

#include "trace.h"

#include <QList>

#include <array>

namespace Taskline {

/*! Nearest-rank percentiles, in milliseconds. */
struct Percentiles
{
    double p50 = 0;
    double p95 = 0;
    double p99 = 0;
    double max = 0;

    friend bool operator==(const Percentiles &a, const Percentiles &b)
    {
        return a.p50 == b.p50 && a.p95 == b.p95 && a.p99 == b.p99 && a.max == b.max;
    }
};

/*! The figures of SPEC section 6 for one trace, measured or predicted. */
struct Metrics
{
    double makespanMs = 0;
    qint64 tasks = 0;          // task copies in the plan
    qint64 attempts = 0;       // attempts that ran, retries included
    std::array<qint64, AttemptStatusCount> status{}; // tasks by final outcome
    double parallelism = 0;    // sum of attempt run times / makespan: the mean of f(t)
    double utilization = 0;    // pool busy time / (threads x makespan)
    double throughputPerS = 0; // tasks that ended ok per second of makespan
    Percentiles waitMs;        // start - enqueue, per attempt that ran
    Percentiles latencyMs;     // final end - first release, per task that ran

    qint64 count(AttemptStatus s) const { return status[std::size_t(s)]; }
    friend bool operator==(const Metrics &a, const Metrics &b);
};

/*! Percentiles of `values` (milliseconds); all zero when empty. Reorders `values`. */
Percentiles percentiles(QList<double> &values);

Metrics computeMetrics(const Trace &trace);

} // namespace Taskline
