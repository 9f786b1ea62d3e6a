// libFuzzer target: the Chrome trace importer (SPEC section 8) on arbitrary bytes.
// Properties: it never crashes, hangs or throws; a trace it imports is exported and imported
// again as our own (native) trace with the same records; metrics of any import compute.
#include "chrometraceexport.h"
#include "chrometraceimport.h"
#include "metrics.h"

#include <QByteArrayView>

#include <cstdio>
#include <cstdlib>

using namespace Taskline;

namespace {
[[noreturn]] void fail(const char *what, const QByteArray &detail = {})
{
    std::fprintf(stderr, "fuzz_trace: %s\n%s\n", what, detail.left(4000).constData());
    std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString file = QStringLiteral("fuzz.json");
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    looksLikeChromeTrace(bytes.first(qMin<qsizetype>(bytes.size(), 1024)));

    const TraceImportResult imported = importChromeTrace(bytes, file);
    if (const auto *e = std::get_if<ScenarioError>(&imported)) {
        if (e->file != file || e->message.isEmpty())
            fail("an error without the file or a message", e->text().toUtf8());
        return 0;
    }
    const TraceImport &first = std::get<TraceImport>(imported);
    computeMetrics(first.trace);

    const QByteArray exported = chromeTraceJson(first.trace);
    const TraceImportResult again = importChromeTrace(exported, file);
    if (const auto *e = std::get_if<ScenarioError>(&again))
        fail("our export of an imported trace does not import", e->text().toUtf8() + '\n' + exported);
    const TraceImport &second = std::get<TraceImport>(again);
    if (!second.native)
        fail("our export of an imported trace is not recognised as ours", exported);
    if (!(second.trace.records == first.trace.records))
        fail("our export of an imported trace gives other records", exported);
    return 0;
}
