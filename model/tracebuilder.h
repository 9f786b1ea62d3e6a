#pragma once

// Private to taskline_model: the last stage of importChromeTrace(), which turns parsed events
// into a Trace: either our own export restored exactly, or any trace with a synthetic plan.

#include "chrometraceimport.h"
#include "spanmatcher.h"

#include <QByteArray>
#include <QHash>
#include <QPair>

#include <limits>
#include <vector>

namespace Taskline::ChromeTrace {

/*! The attempt details our export writes in args, as read back. */
struct OwnArgs
{
    qint64 release = 0;
    qint64 enqueue = 0;
    qint64 end = 0; // instants only, when it differs from the start
    qint64 tid = 0;
    quint32 task = 0;
    quint32 error = 0; // index into TraceInput::errors
    quint16 attempt = 0;
    qint8 kind = -1;   // TaskKind, -1 when missing or unknown
    qint8 status = -1; // AttemptStatus, likewise
    bool hasEnd = false;
};

struct LaneInfo
{
    qint64 pid = 0;
    qint64 sub = 0; // tid, or for async lanes the category's index into TraceInput::names
    bool async = false;
};

/*! What our export writes in otherData to be restored exactly. */
struct OtherData
{
    RunConfig config;
    bool predicted = false;
    QByteArray scenario; // the "taskline_scenario" object's JSON text
    qint64 scenarioOffset = -1;
    bool hasLanes = false;
    QStringList lanes;
    int eventLoopLane = -1;
    QStringList strings; // the trace's string table after its empty entry
};

/*! Everything the parser gathered; the JSON document is gone by the time this is built on. */
struct TraceInput
{
    QString file;
    qint64 eventCount = 0;
    qint64 invalid = 0;
    std::vector<Event> events;
    std::vector<OwnArgs> own;
    std::vector<LaneInfo> lanes;
    std::vector<QString> names;  // span names, categories, string pids and ids; 0 is ""
    std::vector<QString> errors; // our export's error messages; 0 is ""
    quint32 keyCount = 0;        // distinct async matching keys
    qint64 traceEnd = std::numeric_limits<qint64>::min();
    QHash<qint64, QString> processNames;
    QHash<QPair<qint64, qint64>, QString> threadNames;
    QMap<QString, qint64> skipped;
    OtherData other;
};

/*! pid and tid values that were strings: StringTag + their index into TraceInput::names. */
constexpr qint64 StringTag = qint64(1) << 62;

TraceImportResult buildTrace(TraceInput in, WarningLog &warnings);

} // namespace Taskline::ChromeTrace
