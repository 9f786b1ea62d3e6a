#pragma once

#include "trace.h"

#include <QByteArray>
#include <QString>

#include <optional>

class QIODevice;

namespace Taskline {

/*!
 * One row per attempt after a header row (SPEC section 8): task, task_index, attempt, kind,
 * lane, status, release_ms, enqueue_ms, start_ms, end_ms, wait_ms, duration_ms, error.
 * RFC 4180: CRLF line ends; a field holding a comma, a quote, CR or LF is quoted, its quotes
 * doubled. Times are exact milliseconds from the run's start (up to 6 decimals); the lane is
 * its name, empty for an attempt that never ran. False on a write error.
 */
bool writeCsv(const Trace &trace, QIODevice &device);

/*! The whole CSV text, for tests and the clipboard. */
QByteArray csvText(const Trace &trace);

/*! Writes the CSV to `path` atomically; the reason on failure, nullopt on success. */
std::optional<QString> exportCsv(const Trace &trace, const QString &path);

} // namespace Taskline
