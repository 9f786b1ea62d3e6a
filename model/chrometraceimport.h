#pragma once

#include "scenarioerror.h"
#include "trace.h"

#include <QByteArrayView>
#include <QMap>
#include <QString>
#include <QStringList>

#include <variant>

namespace Taskline {

/*!
 * A Chrome Trace Event file turned into a Trace (SPEC section 8).
 *
 * Lanes are one per (pid, tid) that holds thread spans, named "process / thread" from the `M`
 * metadata (else "pid 12 / tid 3"), then one per (pid, category) of async spans, sorted by
 * pid then tid. The plan is synthetic: one task spec per distinct span name (its id made
 * valid, see originalNames), `count` = spans of that name, kind `cpu` for thread spans and
 * `timer` for async ones, duration the mean; record k of a name is copy k, in start order.
 * Our own export (otherData "taskline_scenario") is restored exactly instead: the same plan,
 * records, lanes, strings and settings.
 */
struct TraceImport
{
    Trace trace;
    qint64 events = 0;             // elements of traceEvents
    qint64 spans = 0;              // records with a begin and an end (X, B/E, b/e, S/F)
    qint64 instants = 0;           // zero-length records from i, I and n markers
    QMap<QString, qint64> skipped; // events of phases not imported (C, s, f, P, ...), by phase
    qint64 invalid = 0;            // malformed events left out (the first few in warnings)
    qint64 unmatchedEnds = 0;      // E, e or F without an open begin
    qint64 unfinished = 0;         // begins without an end: status cancelled, end of the trace
    double offsetUs = 0;           // subtracted from every time so the earliest event is at 0
    bool native = false;           // our own export, restored exactly
    QStringList originalNames;     // per spec of trace.plan: the span name as written
    QStringList warnings;          // what was odd about the file, one sentence each
};

using TraceImportResult = std::variant<TraceImport, ScenarioError>;

/*!
 * Reads a trace in object (`{"traceEvents": [...]}`) or bare array form. Whatever the bytes,
 * it never throws or crashes: a file that is not JSON (line:column in the error), not a trace
 * or has nothing to show is an error; odd events are skipped, counted and explained in
 * warnings. An unreadable file gives an error with `io` set.
 */
TraceImportResult importChromeTrace(const QString &path);
/*! The same from bytes in memory; `file` labels messages. */
TraceImportResult importChromeTrace(QByteArrayView json, const QString &file = {});

/*!
 * True when the first bytes of a file (a KB is plenty) look like a Chrome trace rather than
 * a scenario: an object with "traceEvents", or an array of objects with "ph".
 */
bool looksLikeChromeTrace(QByteArrayView head);

} // namespace Taskline
