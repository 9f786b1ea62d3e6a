#pragma once

#include "cancellation.h"

#include <QString>

namespace Taskline {

/*! How a piece of work ended. */
enum class WorkOutcome { Done, TimedOut, Cancelled };

/*!
 * What the runner's workers really do, one function per kind (SPEC section 3). Each stops at
 * `deadline` (the attempt's timeout; TimedOut) or at a cancel (Cancelled), whichever comes
 * first, checking at least every ~100 us.
 */
namespace Work {

/*! Arithmetic until this thread's CPU clock has advanced by `cpuNs`: contention for cores
 *  stretches the wall time as real computation would. */
WorkOutcome compute(qint64 cpuNs, SteadyClock::time_point deadline, Cancellation &cancel);

/*! A blocking wait of `wallNs` that a cancel interrupts at once. */
WorkOutcome block(qint64 wallNs, SteadyClock::time_point deadline, Cancellation &cancel);

/*! Writes `bytes` to a new file in `directory`, reads it back and checks it, then removes it.
 *  Throws std::runtime_error with the OS reason when the file cannot be written or read, or
 *  when what is read differs from what was written. */
WorkOutcome writeReadVerify(qint64 bytes, const QString &directory,
                            SteadyClock::time_point deadline, Cancellation &cancel);

/*! The thread CPU clock, in nanoseconds. */
qint64 threadCpuNs();

} // namespace Work
} // namespace Taskline
