#pragma once

class QThreadPool;

namespace Taskline {

/*!
 * The pool for Taskline's own background computation: predictions, sweeps, trace imports.
 *
 * Not QThreadPool::globalInstance(): Qt's raster paint engine splits large fills and image
 * conversions over that pool and waits for them on the GUI thread, so a prediction of 10^5
 * tasks occupying it stalled the window's paints by 50-100 ms (the longest event-loop lag of
 * a run started right after opening a file). As many threads as cores; each job should call
 * enterBackground() first.
 *
 *     QtConcurrent::run(backgroundPool(), [plan] { enterBackground(); return predict(plan); });
 */
QThreadPool *backgroundPool();

/*!
 * If the calling thread is one of backgroundPool()'s, lowers its priority (nice 5 on Linux;
 * nothing elsewhere) so that the window's event loop and Qt's fill helpers come first on busy
 * cores. Any other thread (the GUI thread running a job itself) is left as it is. Cheap after
 * the first call on a thread.
 */
void enterBackground();

/*! Lowers the calling thread's priority to nice 5 on Linux (nothing elsewhere), whatever
 *  thread it is: enterBackground() for the pool's threads, RunController for the runs'. */
void lowerThreadPriority();

} // namespace Taskline
