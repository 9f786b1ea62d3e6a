#pragma once

#include "trace.h"

#include <QList>

namespace Taskline {

/*!
 * A deterministic discrete-event simulation of a plan (SPEC section 5), yielding the same kind
 * of trace a real run does (Trace::predicted set).
 *
 * - Releases at start_ms + copy * stagger_ms, or when every dependency has finished, if later.
 * - Pool kinds (cpu, io, file) wait in one queue, higher priority first, then FIFO, for one of
 *   config.threads workers; a worker is held until the attempt ends. Lanes are workers in order
 *   of first use (the lowest free worker is taken).
 * - `timer` tasks hold no worker: they run on the event-loop lane from their release.
 * - In sequential mode every kind, timers included, runs on the single worker: the
 *   synchronous baseline.
 * - cpu attempts share config.cores: with k > cores running, each progresses at cores/k.
 * - Durations and failures come from drawAttempt() with config.seed; a failing attempt throws
 *   at its end; an attempt whose duration exceeds timeout_ms ends at the timeout (timed_out);
 *   a failed or timed-out attempt is retried after retry_delay_ms while retries remain;
 *   dependents of a task that finally did not succeed are skipped (transitively).
 */
Trace predict(const PlanPtr &plan, const RunConfig &config);

/*! Predicted makespans in ms, one per entry of `threadCounts`, other settings from `config`. */
QList<double> predictMakespans(const PlanPtr &plan, const RunConfig &config,
                               const QList<int> &threadCounts);

} // namespace Taskline
