#pragma once

#include "scenario.h"

#include <QList>

#include <array>
#include <optional>

namespace Taskline {

struct Trace;

/*! s(x) of a shape for x in [0, 1) (SPEC section 5): flat 1, ramp-up x, ramp-down 1-x,
 *  triangle 1-|2x-1|. */
double shapeValue(TaskShape shape, double x);

/*! f(t) sampled as exact averages over `values.size()` equal bins of [t0Ns, t1Ns). */
struct ActivityCurve
{
    qint64 t0Ns = 0;
    qint64 t1Ns = 0;
    QList<double> values;

    double binNs() const { return values.isEmpty() ? 0.0 : double(t1Ns - t0Ns) / values.size(); }
    friend bool operator==(const ActivityCurve &a, const ActivityCurve &b)
    {
        return a.t0Ns == b.t0Ns && a.t1Ns == b.t1Ns && a.values == b.values;
    }
};

/*!
 * The task-function model f(t) = sum_i a_i(t - t_i) of a trace, with
 * a_i(tau) = w_i * s_i(tau / d_i) over each attempt's run [start, end), weight and shape taken
 * from the attempt's task spec (flat, 1 without a plan). Each bin holds the exact average of f
 * over the bin, so an attempt shorter than a bin still counts. O(N + M) for N records, M bins.
 * With `kind`, only attempts of that kind count.
 */
ActivityCurve activity(const Trace &trace, qint64 t0Ns, qint64 t1Ns, int bins,
                       std::optional<TaskKind> kind = std::nullopt);

/*! f(t) split by kind in one pass: the curves add up to activity(). Indexed by TaskKind. */
std::array<ActivityCurve, TaskKindCount> activityByKind(const Trace &trace, qint64 t0Ns,
                                                        qint64 t1Ns, int bins);

} // namespace Taskline
