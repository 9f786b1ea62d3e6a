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
// Times are written in microseconds with three decimals and read back as doubles: exact to
// the nanosecond while |t| < 2^41 us (25 days); beyond that the double's own rounding, under
// 1 ns per 10^15 ns, is all a re-import may change.
bool sameTime(qint64 a, qint64 b)
{
    const double scale = double(qMax(qAbs(a), qAbs(b)));
    return double(qAbs(a - b)) <= 1.0 + scale * 1e-15;
}

bool sameRecords(const QList<AttemptRecord> &a, const QList<AttemptRecord> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        AttemptRecord x = a[i];
        const AttemptRecord &y = b[i];
        if (!sameTime(x.releaseNs, y.releaseNs) || !sameTime(x.enqueueNs, y.enqueueNs) ||
            !sameTime(x.startNs, y.startNs) || !sameTime(x.endNs, y.endNs))
            return false;
        x.releaseNs = y.releaseNs;
        x.enqueueNs = y.enqueueNs;
        x.startNs = y.startNs;
        x.endNs = y.endNs;
        if (!(x == y))
            return false;
    }
    return true;
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
    if (!sameRecords(first.trace.records, second.trace.records)) {
        QByteArray detail = "records: " + QByteArray::number(first.trace.records.size()) + " then " +
                            QByteArray::number(second.trace.records.size()) + '\n';
        auto show = [](const AttemptRecord &r) -> QByteArray {
            return QByteArray::number(r.task) + " attempt " + QByteArray::number(r.attempt) + " lane " +
                   QByteArray::number(r.lane) + " status " + QByteArray::number(int(r.status)) + " kind " +
                   QByteArray::number(int(r.kind)) + " times " + QByteArray::number(r.releaseNs) + ' ' +
                   QByteArray::number(r.enqueueNs) + ' ' + QByteArray::number(r.startNs) + ' ' +
                   QByteArray::number(r.endNs) + " error " + QByteArray::number(r.error);
        };
        for (qsizetype i = 0; i < qMin(first.trace.records.size(), second.trace.records.size()); ++i) {
            if (!(first.trace.records[i] == second.trace.records[i])) {
                detail += "record " + QByteArray::number(i) + ": " + show(first.trace.records[i]) +
                          "\n  became " + show(second.trace.records[i]) + '\n';
                break;
            }
        }
        fail("our export of an imported trace gives other records", detail + exported);
    }
    return 0;
}
