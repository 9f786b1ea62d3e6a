#pragma once

// Private to taskline_model: the names our Chrome trace export writes and its import reads back.

#include "chrometraceimport.h"

#include <QtGlobal>

#include <cstddef>
#include <cstdint>
#include <optional>

#if defined(Q_OS_LINUX)
#include <sys/mman.h>
#endif

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

/*!
 * Asks for huge pages under the big arrays an import fills (events, spans, records): a
 * million records otherwise take ~30,000 page faults, a third of the import's time. Only a
 * hint, only on Linux (where transparent huge pages are often "madvise" only).
 */
inline void adviseHugePages(const void *data, size_t bytes)
{
#if defined(Q_OS_LINUX) && defined(MADV_HUGEPAGE)
    constexpr uintptr_t Page = 4096;
    const uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + Page - 1) & ~(Page - 1);
    const uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(Page - 1);
    if (bytes >= (size_t(4) << 20) && end > begin)
        madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE);
#else
    Q_UNUSED(data);
    Q_UNUSED(bytes);
#endif
}

/*! importChromeTrace() without its fast path: the whole document parsed at once. Tests
 *  compare the two. */
TraceImportResult importWholeDocument(QByteArrayView json, const QString &file = {});
/*! importChromeTrace()'s fast path alone, in chunks of `chunkBytes`; nothing where it would
 *  fall back to the whole document. */
std::optional<TraceImportResult> importInChunks(QByteArrayView json, const QString &file,
                                                qsizetype chunkBytes);

} // namespace Taskline::ChromeTrace
