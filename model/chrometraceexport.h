#pragma once

#include "trace.h"

#include <QByteArray>
#include <QString>

#include <optional>

class QIODevice;

namespace Taskline {

/*!
 * Writes a trace as Chrome Trace Event JSON (SPEC section 8), `traceEvents` first:
 * - metadata: the process (scenario name) and one thread per lane, tid = lane + 1;
 * - one `X` event per attempt that ran on a lane whose spans nest properly (the workers);
 *   the event loop, where timers overlap, and any lane with improperly overlapping spans get
 *   async `b`/`e` pairs (one id per attempt) instead, which Perfetto draws correctly;
 * - an instant `i` on a "not run" thread for each attempt that never ran (skipped, or
 *   cancelled in the queue);
 * - a flow `s`/`f` per (dependent copy, dependency spec), from the end of the last-ending
 *   attempt of the dependency to the start of the dependent's first attempt, between `X`
 *   spans (flows cannot bind to async spans);
 * - every attempt's details in `args`, times in microseconds from the run's start, exact to
 *   the nanosecond;
 * - `otherData`: the run's settings, lanes, error strings and the whole scenario under
 *   "taskline_scenario", so importChromeTrace() restores the exact trace.
 * False on a write error.
 */
bool writeChromeTrace(const Trace &trace, QIODevice &device);

/*! The whole JSON text, for tests. */
QByteArray chromeTraceJson(const Trace &trace);

/*! Writes the trace to `path` atomically; the reason on failure, nullopt on success. */
std::optional<QString> exportChromeTrace(const Trace &trace, const QString &path);

} // namespace Taskline
