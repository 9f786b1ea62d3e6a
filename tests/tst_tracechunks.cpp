// The Chrome trace import's fast path (JsonChunks' batches) against the whole-document path:
// the same import for every valid trace at every chunk size, and a fallback wherever it cannot
// give the same (a malformed event's warning names its line, a JSON error its place).

#include "chrometrace_p.h"
#include "chrometraceexport.h"
#include "chrometraceimport.h"
#include "jsonchunks.h"
#include "predictor.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Taskline;
using namespace Taskline::TestSupport;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString describe(const TraceImportResult &r)
{
    if (const auto *e = std::get_if<ScenarioError>(&r))
        return QStringLiteral("error: ") + e->text();
    const TraceImport &t = std::get<TraceImport>(r);
    QStringList skipped;
    for (auto it = t.skipped.cbegin(); it != t.skipped.cend(); ++it)
        skipped.append(it.key() + QLatin1Char(':') + QString::number(it.value()));
    return QStringLiteral("events %1 spans %2 instants %3 invalid %4 unmatched %5 unfinished %6 "
                          "offset %7 native %8 records %9 skipped %10\nnames %11\nwarnings %12")
        .arg(t.events)
        .arg(t.spans)
        .arg(t.instants)
        .arg(t.invalid)
        .arg(t.unmatchedEnds)
        .arg(t.unfinished)
        .arg(t.offsetUs, 0, 'f', 3)
        .arg(t.native)
        .arg(t.trace.records.size())
        .arg(skipped.join(QLatin1Char(',')), t.originalNames.join(QLatin1Char(',')),
             t.warnings.join(QLatin1Char('\n')));
}

bool same(const TraceImportResult &a, const TraceImportResult &b)
{
    if (describe(a) != describe(b))
        return false;
    const auto *x = std::get_if<TraceImport>(&a);
    const auto *y = std::get_if<TraceImport>(&b);
    if (!x)
        return true;
    return x->trace == y->trace && x->trace.plan->scenario() == y->trace.plan->scenario() &&
           x->trace.lanes == y->trace.lanes;
}

const qsizetype ChunkSizes[] = {1, 3, 17, 64, 1000, JsonChunks::DefaultChunkBytes};

const char *const FanOut = R"({"taskline": 1, "threads": 3, "seed": 5, "tasks": [
    {"id": "fetch", "kind": "io", "duration_ms": 12, "count": 6, "jitter": 0.3},
    {"id": "tick", "kind": "timer", "duration_ms": 5, "count": 4, "stagger_ms": 1},
    {"id": "parse", "duration_ms": 4, "after": ["fetch"], "fail_rate": 0.5, "retries": 2,
     "error": "bad \u0022input\u0022 é"},
    {"id": "save", "kind": "file", "bytes": 100, "after": ["parse"], "timeout_ms": 1}]})";

} // namespace

class TestTraceChunks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameAsWhole_data()
    {
        QTest::addColumn<QByteArray>("json");
        const PlanPtr plan = loadPlan(FanOut);
        QTest::newRow("our own export (otherData after the events)")
            << chromeTraceJson(predictedTrace(plan, 3));
        QTest::newRow("our own export, 10^3 tasks")
            << chromeTraceJson(predictedTrace(
                   loadPlan(R"({"taskline": 1, "tasks": [{"id": "t", "kind": "io",
                       "duration_ms": 1, "count": 1000, "jitter": 0.5}]})"),
                   4));
        const QString traces = QStringLiteral(TASKLINE_SOURCE_DIR "/tests/data/traces/");
        QTest::newRow("VizTracer") << readFile(traces + QStringLiteral("viztracer.json"));
        QTest::newRow("Chromium: BOM, CRLF, id2, flows")
            << readFile(traces + QStringLiteral("chromium.json"));
        QTest::newRow("bare array, pretty-printed, escapes")
            << QByteArray("[\n  {\n    \"ph\": \"X\", \"name\": \"a \\\"q\\\" \\u00e9\\ud83d\\ude00 [1]\",\n"
                          "    \"ts\": 1.5, \"dur\": 2.25e1, \"pid\": \"main\", \"tid\": 7\n  },\n"
                          "  {\"ph\": \"B\", \"name\": \"b{[\", \"ts\": -3, \"pid\": 1, \"tid\": 7,"
                          " \"args\": {\"deep\": [[{\"x\": null, \"y\": true, \"z\": [false]}]]}},\n"
                          "  {\"ph\": \"E\", \"ts\": 40, \"pid\": 1, \"tid\": 7, \"ph\": \"E\"}\n]\n");
        QTest::newRow("otherData first, keys after, async ids, instants, metadata")
            << QByteArray("{\"otherData\": {\"version\": \"x\"}, \"traceEvents\": ["
                          "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":1,\"args\":{\"name\":\"P\"}},"
                          "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":2,\"args\":{\"name\":\"T\"}},"
                          "{\"ph\":\"b\",\"cat\":\"c\",\"name\":\"n\",\"id\":\"0x1F\",\"pid\":1,\"ts\":10},"
                          "{\"ph\":\"e\",\"cat\":\"c\",\"name\":\"n\",\"id\":31,\"pid\":1,\"ts\":20},"
                          "{\"ph\":\"S\",\"cat\":\"c\",\"name\":\"s\",\"id2\":{\"global\":\"str\"},\"ts\":11},"
                          "{\"ph\":\"F\",\"cat\":\"c\",\"name\":\"s\",\"id2\":{\"global\":\"str\"},\"ts\":12},"
                          "{\"ph\":\"i\",\"name\":\"mark\",\"pid\":1,\"tid\":2,\"ts\":15,\"s\":\"g\"},"
                          "{\"ph\":\"n\",\"cat\":\"c\",\"name\":\"nn\",\"id\":5,\"pid\":1,\"ts\":16},"
                          "{\"ph\":\"C\",\"name\":\"counter\",\"pid\":1,\"ts\":1,\"args\":{\"v\":1}},"
                          "{\"ph\":\"X\",\"name\":\"big\",\"pid\":1,\"tid\":9223372036854775807,"
                          "\"ts\":1e3,\"dur\":12345678901234567}"
                          "], \"displayTimeUnit\": \"ms\", \"metadata\": {\"a\": [1, 2]}}");
        QTest::newRow("unmatched and unfinished spans")
            << QByteArray("[{\"ph\":\"E\",\"pid\":1,\"tid\":1,\"ts\":1},"
                          "{\"ph\":\"B\",\"name\":\"open\",\"pid\":1,\"tid\":1,\"ts\":2},"
                          "{\"ph\":\"B\",\"name\":\"x\",\"pid\":1,\"tid\":1,\"ts\":3},"
                          "{\"ph\":\"E\",\"name\":\"y\",\"pid\":1,\"tid\":1,\"ts\":4}]");
        {
            // Integers of every length around the reader's 7-digit shortcut, ended by each
            // thing that may follow a number.
            QByteArray events = "[";
            const QByteArray digits = "98765432109876543210";
            const char *const ends[] = {",", " ,", "\n,", ".5,", "e2,", "E+1,", "0,"};
            for (int n = 1; n <= 17; ++n) {
                for (const char *end : ends) {
                    const QByteArray number = digits.left(n);
                    events += "{\"ph\":\"X\",\"name\":\"n" + QByteArray::number(n) +
                              "\",\"pid\":1,\"tid\":" + QByteArray::number(n % 3) +
                              ",\"ts\":" + number.left(qMin(n, 9)) + end +
                              "\"dur\":" + number.left(qMin(n, 6)) + end +
                              "\"args\":{\"n\":" + number + end + "\"m\":-" + number +
                              "}},\n";
                }
            }
            QTest::newRow("integers of 1 to 17 digits")
                << QByteArray(events + "{\"ph\":\"X\",\"ts\":0,\"dur\":0}]");
        }
        QTest::newRow("a leading zero in a 7-digit integer")
            << QByteArray("[{\"ph\":\"X\",\"ts\":1,\"dur\":1},{\"ph\":\"X\",\"ts\":0123456,\"dur\":1}]");
        QTest::newRow("a leading zero in args, unread by the whole document (falls back)")
            << QByteArray("[{\"ph\":\"X\",\"ts\":1,\"dur\":1,\"args\":{\"n\":00}}]");
        // Errors the whole-document path reports: the fast path may not hide them.
        QTest::newRow("array of numbers") << QByteArray("[1, 2, 3]");
        QTest::newRow("only metadata")
            << QByteArray("[{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":1,"
                          "\"args\":{\"name\":\"w\"}}]");
        QTest::newRow("a scenario") << QByteArray(FanOut);
        QTest::newRow("malformed event") << QByteArray("[{\"ph\":\"X\",\"ts\":1,\"dur\":1},"
                                                       "{\"ph\":\"X\",\"ts\":\"1\"}]");
        QTest::newRow("event not an object")
            << QByteArray("[{\"ph\":\"X\",\"ts\":1,\"dur\":1}, 5]");
        QTest::newRow("syntax error in an event")
            << QByteArray("[{\"ph\":\"X\",\"ts\":1,\"dur\":1},\n{\"ph\":\"X\",\"ts\":01}]");
        QTest::newRow("syntax error after the events")
            << QByteArray("{\"traceEvents\":[{\"ph\":\"X\",\"ts\":1,\"dur\":1}],\"x\":}");
        QTest::newRow("20-digit tid (falls back)")
            << QByteArray("[{\"ph\":\"X\",\"ts\":1,\"dur\":1,\"tid\":18446744073709551615}]");
        QTest::newRow("28 significant digits (falls back)")
            << QByteArray("[{\"ph\":\"X\",\"ts\":1,\"dur\":1},"
                          "{\"ph\":\"i\",\"ts\":23413000.09223372036854775808,\"s\":\"g\"}]");
        QTest::newRow("traceEvents twice (falls back)")
            << QByteArray("{\"traceEvents\":[{\"ph\":\"X\",\"ts\":1,\"dur\":1}],"
                          "\"traceEvents\":[{\"ph\":\"X\",\"ts\":5,\"dur\":1}]}");
        QTest::newRow("number out of range") << QByteArray("[{\"ph\":\"X\",\"ts\":1e400}]");
        QTest::newRow("task_index negative")
            << QByteArray("[{\"ph\":\"X\",\"ts\":1,\"dur\":1,\"args\":{\"task_index\":-1}}]");
        QTest::newRow("invalid UTF-8 in a name")
            << QByteArray("[{\"ph\":\"X\",\"ts\":1,\"dur\":1,\"name\":\"\xC0\xAF\"}]");
        QTest::newRow("lone surrogate")
            << QByteArray("[{\"ph\":\"X\",\"ts\":1,\"dur\":1,\"name\":\"\\ud800\"}]");
        const QDir corpus(QStringLiteral(TASKLINE_SOURCE_DIR "/tests/fuzz/corpus/trace"));
        for (const QString &name : corpus.entryList(QDir::Files, QDir::Name))
            QTest::newRow(qPrintable(QStringLiteral("fuzz corpus ") + name))
                << readFile(corpus.filePath(name));
    }

    // Where the fast path answers, it answers as the whole document does, at every chunk size;
    // importChromeTrace() always does.
    void sameAsWhole()
    {
        QFETCH(QByteArray, json);
        const TraceImportResult whole = ChromeTrace::importWholeDocument(json, "t.json");
        const TraceImportResult result = importChromeTrace(json, "t.json");
        QVERIFY2(same(result, whole),
                 qPrintable(describe(result) + QStringLiteral("\n--- whole:\n") + describe(whole)));
        for (const qsizetype chunk : ChunkSizes) {
            const auto fast = ChromeTrace::importInChunks(json, "t.json", chunk);
            if (fast)
                QVERIFY2(same(*fast, whole), qPrintable(QStringLiteral("chunk %1:\n").arg(chunk) +
                                                        describe(*fast) + "\n--- whole:\n" +
                                                        describe(whole)));
        }
    }

    // Valid traces without malformed events take the fast path, whatever the chunk size (and
    // errors without a place, such as "no spans", may come from it too).
    void fastPathTaken_data()
    {
        sameAsWhole_data();
    }

    void fastPathTaken()
    {
        QFETCH(QByteArray, json);
        const TraceImportResult whole = ChromeTrace::importWholeDocument(json, "t.json");
        const auto *imported = std::get_if<TraceImport>(&whole);
        const bool expectFast = imported && imported->invalid == 0 &&
                                !QByteArray(QTest::currentDataTag()).endsWith("(falls back)");
        for (const qsizetype chunk : ChunkSizes) {
            const bool fast = ChromeTrace::importInChunks(json, "t.json", chunk).has_value();
            if (expectFast)
                QVERIFY2(fast, qPrintable(QStringLiteral("chunk %1").arg(chunk)));
        }
    }

    void file()
    {
        QTemporaryDir dir;
        const QByteArray json = chromeTraceJson(predictedTrace(loadPlan(FanOut), 2));
        const QString path = writeFile(dir, QStringLiteral("t.json"), json);
        QVERIFY(same(importChromeTrace(path), ChromeTrace::importWholeDocument(json, path)));
        const QString bad = writeFile(dir, QStringLiteral("bad.json"), "[{\"ph\":\"X\",\"ts\":1,}]");
        QVERIFY(same(importChromeTrace(bad),
                     ChromeTrace::importWholeDocument("[{\"ph\":\"X\",\"ts\":1,}]", bad)));
    }
};

QTEST_GUILESS_MAIN(TestTraceChunks)
#include "tst_tracechunks.moc"
