#pragma once

#include <QByteArrayView>
#include <QStringView>

namespace Taskline {

struct TaskParams;

/*! What chance decides for one attempt of one task copy. */
struct AttemptDraw
{
    qint64 durationNs = 0; // the jittered duration
    bool fails = false;    // the attempt throws when it ends
};

/*! FNV-1a of a task id: the key of its draws, so draws survive reordering the file. */
quint64 idHash(QStringView id);
/*! The same hash of an id given as UTF-8. */
quint64 idHash(QByteArrayView utf8);

/*!
 * The one function of (seed, task copy, attempt) that the runner and the predictor both use.
 *
 * Each (seed, idHash, copy, attempt) is hashed with splitmix64 into independent uniforms:
 * - duration: log-normal with mean `duration_ms` and coefficient of variation `jitter`
 *   (sigma^2 = ln(1 + jitter^2), mu = ln(mean) - sigma^2/2); exactly `duration_ms` when
 *   jitter is 0;
 * - failure: the attempt fails when a uniform in [0, 1) is below `fail_rate`.
 */
AttemptDraw drawAttempt(quint64 seed, quint64 idHash, quint32 copy, quint32 attempt,
                        const TaskParams &spec);

} // namespace Taskline
