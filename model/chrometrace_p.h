#pragma once

// Private to taskline_model: the names our Chrome trace export writes and its import reads back.

#include "chrometraceimport.h"

#include <optional>

namespace Taskline::ChromeTrace {

constexpr int Pid = 1;
constexpr char NotRunThread[] = "not run (skipped or cancelled before starting)";
constexpr char FlowCategory[] = "taskline.dependency";
constexpr char FlowName[] = "dependency";
constexpr char UnfinishedError[] = "no end event: ends at the end of the trace";

// otherData keys beyond the human ones (scenario, threads, mode, seed, cores, predicted).
constexpr char ScenarioKey[] = "taskline_scenario";
constexpr char LanesKey[] = "taskline_lanes";
constexpr char EventLoopLaneKey[] = "taskline_event_loop_lane";
constexpr char StringsKey[] = "taskline_strings";

/*! importChromeTrace() without its fast path: the whole document parsed at once. Tests
 *  compare the two. */
TraceImportResult importWholeDocument(QByteArrayView json, const QString &file = {});
/*! importChromeTrace()'s fast path alone, in chunks of `chunkBytes`; nothing where it would
 *  fall back to the whole document. */
std::optional<TraceImportResult> importInChunks(QByteArrayView json, const QString &file,
                                                qsizetype chunkBytes);

} // namespace Taskline::ChromeTrace
