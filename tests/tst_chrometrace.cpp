#include "chrometraceexport.h"
#include "chrometraceimport.h"
#include "predictor.h"
#include "run.h"
#include "scenarioloader.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>

using namespace Taskline;
using namespace Taskline::TestSupport;

namespace {

RunConfig configOf(const PlanPtr &plan, int cores = 2)
{
    RunOverrides o;
    o.cores = cores;
    return o.resolve(plan->scenario());
}

TraceImport importOk(const QByteArray &json)
{
    TraceImportResult result = importChromeTrace(json, QStringLiteral("test.json"));
    if (const auto *e = std::get_if<ScenarioError>(&result))
        qFatal("import failed: %s", qPrintable(e->text()));
    return std::get<TraceImport>(std::move(result));
}

// "name@start-end:lane:status" per record, in record order; times in microseconds.
QString summary(const Trace &t)
{
    QStringList parts;
    for (const AttemptRecord &r : t.records) {
        parts.append(QStringLiteral("%1@%2-%3:%4:%5")
                         .arg(t.taskName(r))
                         .arg(double(r.startNs) / 1000)
                         .arg(double(r.endNs) / 1000)
                         .arg(r.lane)
                         .arg(statusName(r.status)));
    }
    return parts.join(QLatin1Char(' '));
}

QString skippedText(const QMap<QString, qint64> &skipped)
{
    QStringList parts;
    for (auto it = skipped.cbegin(); it != skipped.cend(); ++it)
        parts.append(it.key() + QLatin1Char(':') + QString::number(it.value()));
    return parts.join(QLatin1Char(','));
}

/*
 * What Perfetto and chrome://tracing need of our export, checked with an independent parser:
 * valid JSON, traceEvents first, no displayTimeUnit, finite numbers, X spans properly nested per
 * tid, b/e and s/f pairs complete, a thread name for every tid used.
 */
void checkViewerRules(const QByteArray &json)
{
    QVERIFY(json.startsWith("{\"traceEvents\":"));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonObject root = doc.object();
    QVERIFY(!root.contains(QLatin1String("displayTimeUnit")));
    QVERIFY(root.value(QLatin1String("otherData")).isObject());
    std::map<int, std::vector<std::pair<qint64, qint64>>> complete;
    QSet<int> named;
    QMap<QString, int> asyncOpen;
    QMap<double, QJsonObject> flowStart, flowFinish;
    for (const QJsonValue &v : root.value(QLatin1String("traceEvents")).toArray()) {
        const QJsonObject e = v.toObject();
        const QString ph = e.value(QLatin1String("ph")).toString();
        const int tid = e.value(QLatin1String("tid")).toInt();
        QVERIFY(e.value(QLatin1String("pid")).isDouble());
        if (ph == QLatin1String("M")) {
            if (e.value(QLatin1String("name")).toString() == QLatin1String("thread_name"))
                named.insert(tid);
            continue;
        }
        const QJsonValue ts = e.value(QLatin1String("ts"));
        QVERIFY(ts.isDouble() && std::isfinite(ts.toDouble()) && ts.toDouble() >= 0);
        QVERIFY2(named.contains(tid), "thread_name precedes every event");
        if (ph == QLatin1String("X")) {
            const double dur = e.value(QLatin1String("dur")).toDouble(-1);
            QVERIFY(dur >= 0);
            // In whole nanoseconds, as written: doubles would blur abutting spans.
            const qint64 start = qRound64(ts.toDouble() * 1000);
            complete[tid].emplace_back(start, start + qRound64(dur * 1000));
            QVERIFY(
                e.value(QLatin1String("args")).toObject().contains(QLatin1String("task_index")));
        } else if (ph == QLatin1String("b") || ph == QLatin1String("e")) {
            const QString key = e.value(QLatin1String("cat")).toString() + QLatin1Char('/') +
                                QString::number(e.value(QLatin1String("id")).toDouble());
            asyncOpen[key] += ph == QLatin1String("b") ? 1 : -1;
            QVERIFY(asyncOpen[key] == 0 || asyncOpen[key] == 1);
        } else if (ph == QLatin1String("s") || ph == QLatin1String("f")) {
            const double id = e.value(QLatin1String("id")).toDouble();
            (ph == QLatin1String("s") ? flowStart : flowFinish).insert(id, e);
            if (ph == QLatin1String("f"))
                QCOMPARE(e.value(QLatin1String("bp")).toString(), QStringLiteral("e"));
        } else {
            QCOMPARE(ph, QStringLiteral("i"));
            QCOMPARE(e.value(QLatin1String("s")).toString(), QStringLiteral("t"));
        }
    }
    for (auto it = asyncOpen.cbegin(); it != asyncOpen.cend(); ++it)
        QCOMPARE(it.value(), 0);
    QCOMPARE(flowStart.keys(), flowFinish.keys());
    for (auto it = flowStart.cbegin(); it != flowStart.cend(); ++it) {
        const QJsonObject &f = flowFinish[it.key()];
        QCOMPARE(it->value(QLatin1String("cat")), f.value(QLatin1String("cat")));
        QCOMPARE(it->value(QLatin1String("name")), f.value(QLatin1String("name")));
        QVERIFY(it->value(QLatin1String("ts")).toDouble() <=
                f.value(QLatin1String("ts")).toDouble());
    }
    for (auto &[tid, spans] : complete) {
        std::sort(spans.begin(), spans.end(), [](const auto &a, const auto &b) {
            return a.first != b.first ? a.first < b.first : a.second > b.second;
        });
        std::vector<qint64> open;
        for (const auto &[start, end] : spans) {
            while (!open.empty() && open.back() <= start)
                open.pop_back();
            QVERIFY2(open.empty() || end <= open.back(),
                     qPrintable(QStringLiteral("X spans overlap on tid %1").arg(tid)));
            open.push_back(end);
        }
    }
}

const char FanOutScenario[] =
    R"({"taskline": 1, "name": "Fan-out \u0022quoted\u0022, then gather", "threads": 3, "seed": 7,
  "tasks": [
    {"id": "fetch", "kind": "io", "duration_ms": 12, "count": 8, "jitter": 0.2},
    {"id": "parse", "kind": "cpu", "duration_ms": 4, "after": ["fetch"]},
    {"id": "notify", "kind": "timer", "duration_ms": 3, "count": 5, "after": ["parse"], "fail_rate": 0.3, "retries": 2},
    {"id": "save", "kind": "file", "bytes": 4096, "after": ["parse"], "timeout_ms": 2000}
  ]})";

const char FailuresScenario[] =
    R"({"taskline": 1, "name": "Failures, timeouts, skips", "threads": 2, "seed": 42,
  "tasks": [
    {"id": "call", "kind": "io", "duration_ms": 8, "count": 6, "jitter": 0.5, "fail_rate": 0.5,
     "error": "503, \u0022unavailable\u0022\nretry", "retries": 1, "retry_delay_ms": 2, "timeout_ms": 12},
    {"id": "doomed", "kind": "cpu", "duration_ms": 1, "fail_rate": 1, "error": "always"},
    {"id": "report", "kind": "cpu", "duration_ms": 3, "after": ["call"]},
    {"id": "never", "kind": "io", "duration_ms": 3, "count": 3, "after": ["doomed"]},
    {"id": "tick", "kind": "timer", "duration_ms": 5, "count": 4, "stagger_ms": 1}
  ]})";

const char SequentialScenario[] =
    R"({"taskline": 1, "name": "Sequential", "mode": "sequential", "seed": 3,
  "tasks": [
    {"id": "a", "kind": "timer", "duration_ms": 2, "count": 3},
    {"id": "b", "kind": "cpu", "duration_ms": 1, "count": 2, "after": ["a"]}
  ]})";

} // namespace

class TestChromeTrace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void predictedRoundTrip_data();
    void predictedRoundTrip();
    void runRoundTrip();
    void handmadeRoundTrip();
    void fileRoundTrip();
    void gatherFlows();
    void phases_data();
    void phases();
    void malformed_data();
    void malformed();
    void files_data();
    void files();
    void unusable_data();
    void unusable();
    void sniff_data();
    void sniff();
    void invalidNames();
    void foreignReexport();
    void nativeFallback();
    void missingDirectory();
    void nodeTrace();
};

void TestChromeTrace::predictedRoundTrip_data()
{
    QTest::addColumn<QByteArray>("scenario");
    QTest::newRow("fan-out, gather, overlapping timers, file") << QByteArray(FanOutScenario);
    QTest::newRow("failures, timeouts, retries, skipped") << QByteArray(FailuresScenario);
    QTest::newRow("sequential: timers on the worker") << QByteArray(SequentialScenario);
    QTest::newRow("10^4 tasks") << QByteArray(R"({"taskline": 1, "threads": 8, "tasks": [
        {"id": "t", "kind": "io", "duration_ms": 1, "count": 5000, "jitter": 0.9},
        {"id": "u", "kind": "timer", "duration_ms": 3, "count": 4999, "after": ["t"]},
        {"id": "end", "after": ["u"], "duration_ms": 0}]})");
}

void TestChromeTrace::predictedRoundTrip()
{
    QFETCH(QByteArray, scenario);
    const PlanPtr plan = loadPlan(scenario);
    const Trace trace = predict(plan, configOf(plan));
    QVERIFY(trace.predicted);
    const QByteArray json = chromeTraceJson(trace);
    checkViewerRules(json);
    const TraceImport imported = importOk(json);
    QVERIFY2(imported.native, qPrintable(imported.warnings.join(QLatin1Char('\n'))));
    QCOMPARE(imported.unfinished, 0);
    QCOMPARE(imported.unmatchedEnds, 0);
    QCOMPARE(imported.invalid, 0);
    QVERIFY2(imported.warnings.isEmpty(), qPrintable(imported.warnings.join(QLatin1Char('\n'))));
    QCOMPARE(imported.trace.plan->scenario(), plan->scenario());
    QCOMPARE(imported.trace.config, trace.config);
    QCOMPARE(imported.trace.lanes, trace.lanes);
    QCOMPARE(imported.trace.eventLoopLane, trace.eventLoopLane);
    QCOMPARE(imported.trace.strings.strings(), trace.strings.strings());
    QCOMPARE(imported.trace.records.size(), trace.records.size());
    for (qsizetype i = 0; i < trace.records.size(); ++i) {
        if (!(imported.trace.records[i] == trace.records[i]))
            QFAIL(qPrintable(QStringLiteral("record %1 differs").arg(i)));
    }
    QVERIFY(imported.trace == trace);
    QCOMPARE(imported.spans + imported.instants, trace.records.size());
}

void TestChromeTrace::runRoundTrip()
{
    const PlanPtr plan = loadPlan(FailuresScenario);
    Run run(plan, configOf(plan));
    QSignalSpy finished(&run, &Run::finished);
    run.start();
    QVERIFY(run.isFinished() || finished.wait(30000));
    const Trace trace = finished.isEmpty() ? run.trace() : finished.first().first().value<Trace>();
    QVERIFY(!trace.records.isEmpty());
    const QByteArray json = chromeTraceJson(trace);
    checkViewerRules(json);
    const TraceImport imported = importOk(json);
    QVERIFY(imported.native);
    QCOMPARE(imported.trace.records.size(), trace.records.size());
    QCOMPARE(imported.trace.lanes, trace.lanes);
    QCOMPARE(imported.trace.config, trace.config);
    QVERIFY(imported.trace == trace);
}

// Records a cancelled run leaves: dropped from the queue (never ran, but enqueued earlier),
// cut short, and messages no viewer should choke on.
void TestChromeTrace::handmadeRoundTrip()
{
    Trace t;
    t.plan = loadPlan(FanOutScenario);
    t.config.threads = 3;
    t.config.cores = 5;
    t.config.seed = 18446744073709551615ull;
    t.lanes = standardLanes(3, true);
    t.eventLoopLane = 3;
    const auto add = [&](quint32 task, qint16 lane, AttemptStatus status, qint64 release,
                         qint64 enqueue, qint64 start, qint64 end, const QString &error = {}) {
        AttemptRecord r;
        r.task = task;
        r.kind = t.plan->spec(task).kind;
        r.lane = lane;
        r.status = status;
        r.releaseNs = release;
        r.enqueueNs = enqueue;
        r.startNs = start;
        r.endNs = end;
        r.attempt = quint16(task == 9 ? 2 : 0);
        r.error = t.strings.intern(error);
        t.records.append(r);
    };
    add(0, 0, AttemptStatus::Ok, 0, 1, 2, 1000003);
    add(1, -1, AttemptStatus::Cancelled, 5, 7, 4000000, 4000000);
    add(2, -1, AttemptStatus::Cancelled, 5, 7, 4000000, 4000009); // not run, yet an end
    add(9, 3, AttemptStatus::Failed, 10, 10, 10, 3000000000001,   // a timer, 50 minutes
        QStringLiteral("tab\t, quote \", backslash \\, nul \u0001 and \u2603"));
    add(10, 1, AttemptStatus::TimedOut, 1, 1, 1, 1, QStringLiteral("zero-length"));
    add(8, -1, AttemptStatus::Skipped, 6, 6, 6, 6, QStringLiteral("dependency \"parse\" failed"));
    const QByteArray json = chromeTraceJson(t);
    checkViewerRules(json);
    const TraceImport imported = importOk(json);
    QVERIFY2(imported.native, qPrintable(imported.warnings.join(QLatin1Char('\n'))));
    QCOMPARE(imported.trace.records.size(), t.records.size());
    for (qsizetype i = 0; i < t.records.size(); ++i)
        QVERIFY2(imported.trace.records[i] == t.records[i], qPrintable(QString::number(i)));
    QVERIFY(imported.trace == t);
    QCOMPARE(imported.instants, 3);
}

void TestChromeTrace::fileRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const PlanPtr plan = loadPlan(FanOutScenario);
    const Trace trace = predict(plan, configOf(plan));
    const QString path = dir.filePath(QStringLiteral("t.json"));
    QCOMPARE(exportChromeTrace(trace, path), std::nullopt);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("t.json")});
    TraceImportResult result = importChromeTrace(path);
    QVERIFY(std::holds_alternative<TraceImport>(result));
    QVERIFY(std::get<TraceImport>(result).trace == trace);

    QFile head(path);
    QVERIFY(head.open(QIODevice::ReadOnly));
    QVERIFY(looksLikeChromeTrace(head.read(1024)));
    QVERIFY(!looksLikeChromeTrace(FanOutScenario));

    const TraceImportResult missing = importChromeTrace(dir.filePath(QStringLiteral("nope.json")));
    QVERIFY(std::holds_alternative<ScenarioError>(missing));
    QVERIFY(std::get<ScenarioError>(missing).io);
}

// A gather over a fan-out draws one arrow per dependent copy, from the last fetch to end.
void TestChromeTrace::gatherFlows()
{
    const PlanPtr plan = loadPlan(R"({"taskline": 1, "threads": 4, "tasks": [
        {"id": "fetch", "kind": "io", "duration_ms": 5, "count": 100, "jitter": 0.5},
        {"id": "parse", "kind": "cpu", "duration_ms": 1, "count": 50, "after": ["fetch"]},
        {"id": "tick", "kind": "timer", "duration_ms": 1, "after": ["parse"]}]})");
    const Trace trace = predict(plan, configOf(plan, 4));
    const QJsonDocument doc = QJsonDocument::fromJson(chromeTraceJson(trace));
    qint64 lastEnd = 0;
    for (const AttemptRecord &r : trace.records) {
        if (plan->specOf(r.task) == 0)
            lastEnd = qMax(lastEnd, r.endNs);
    }
    int starts = 0, finishes = 0;
    for (const QJsonValue &v : doc.object().value(QLatin1String("traceEvents")).toArray()) {
        const QJsonObject e = v.toObject();
        const QString ph = e.value(QLatin1String("ph")).toString();
        if (ph == QLatin1String("s")) {
            ++starts;
            // Bound just inside the last fetch: its end minus a nanosecond.
            QCOMPARE(qRound64(e.value(QLatin1String("ts")).toDouble() * 1000), lastEnd - 1);
        }
        finishes += ph == QLatin1String("f") ? 1 : 0;
    }
    // parse -> tick is left out: flows cannot bind to the async timer span.
    QCOMPARE(starts, 50);
    QCOMPARE(finishes, 50);
}

void TestChromeTrace::phases_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("records");
    QTest::addColumn<QStringList>("lanes");
    QTest::addColumn<QString>("skipped");

    QTest::newRow("X complete, bare array")
        << QByteArray(R"([{"ph":"X","name":"a","ts":10,"dur":5,"pid":1,"tid":1}])") << "a@0-5:0:ok"
        << QStringList{"pid 1 / tid 1"} << "";
    QTest::newRow("fractional microseconds keep nanoseconds")
        << QByteArray(R"([{"ph":"X","name":"a","ts":2563261298.123,"dur":0.001,"pid":1,"tid":1},
                          {"ph":"X","name":"a","ts":2563261298.5,"dur":2.25,"pid":1,"tid":1}])")
        << "a[0]@0-0.001:0:ok a[1]@0.377-2.627:0:ok" << QStringList{"pid 1 / tid 1"} << "";
    QTest::newRow("B with dur 0 is a begin (Node)")
        << QByteArray(R"([{"ph":"B","name":"a","ts":10,"dur":0,"pid":1,"tid":1},
                          {"ph":"E","name":"a","ts":14,"dur":0,"pid":1,"tid":1}])")
        << "a@0-4:0:ok" << QStringList{"pid 1 / tid 1"} << "";
    QTest::newRow("B/E nested, object form, names from metadata")
        << QByteArray(R"({"traceEvents":[
             {"ph":"M","name":"process_name","pid":7,"args":{"name":"server"}},
             {"ph":"M","name":"thread_name","pid":7,"tid":3,"args":{"name":"main"}},
             {"ph":"B","name":"outer","ts":100,"pid":7,"tid":3},
             {"ph":"B","name":"inner","ts":110,"pid":7,"tid":3},
             {"ph":"E","ts":120,"pid":7,"tid":3},
             {"ph":"E","name":"outer","ts":150,"pid":7,"tid":3}]})")
        << "outer@0-50:0:ok inner@10-20:0:ok" << QStringList{"server / main"} << "";
    QTest::newRow("unsorted file")
        << QByteArray(R"([{"ph":"E","ts":150,"pid":1,"tid":1},
             {"ph":"E","ts":120,"pid":1,"tid":1},
             {"ph":"B","name":"inner","ts":110,"pid":1,"tid":1},
             {"ph":"B","name":"outer","ts":100,"pid":1,"tid":1}])")
        << "outer@0-50:0:ok inner@10-20:0:ok" << QStringList{"pid 1 / tid 1"} << "";
    QTest::newRow("B with dur counts as complete (VizTracer)")
        << QByteArray(R"([{"ph":"B","name":"open","ts":0,"dur":30,"pid":1,"tid":1}])")
        << "open@0-30:0:ok" << QStringList{"pid 1 / tid 1"} << "";
    QTest::newRow("async b/e nested on one id, and overlapping ids")
        << QByteArray(R"([{"ph":"b","cat":"net","name":"req","id":"0x1","ts":0,"pid":1,"tid":1},
             {"ph":"b","cat":"net","name":"dns","id":"0x1","ts":1,"pid":1,"tid":1},
             {"ph":"b","cat":"net","name":"req","id":2,"ts":2,"pid":1,"tid":2},
             {"ph":"e","cat":"net","name":"dns","id":1,"ts":3,"pid":1,"tid":1},
             {"ph":"e","cat":"net","name":"req","id":"0x1","ts":9,"pid":1,"tid":1},
             {"ph":"e","cat":"net","name":"req","id":"0x2","ts":6,"pid":1,"tid":2}])")
        << "req[0]@0-9:0:ok dns@1-3:0:ok req[1]@2-6:0:ok" << QStringList{"pid 1 / net (async)"}
        << "";
    QTest::newRow("legacy S/F, id2 local and global")
        << QByteArray(
               R"([{"ph":"S","cat":"c","name":"x","id2":{"local":"0x5"},"ts":0,"pid":1,"tid":1},
             {"ph":"S","cat":"c","name":"x","id2":{"local":"0x5"},"ts":1,"pid":2,"tid":1},
             {"ph":"F","cat":"c","name":"x","id2":{"local":"0x5"},"ts":4,"pid":2,"tid":9},
             {"ph":"F","cat":"c","name":"x","id2":{"local":"0x5"},"ts":5,"pid":1,"tid":1},
             {"ph":"S","cat":"c","name":"g","id2":{"global":"abc"},"ts":2,"pid":1,"tid":1},
             {"ph":"F","cat":"c","name":"g","id2":{"global":"abc"},"ts":3,"pid":2,"tid":1}])")
        << "x[0]@0-5:0:ok x[1]@1-4:1:ok g@2-3:0:ok"
        << QStringList{"pid 1 / c (async)", "pid 2 / c (async)"} << "";
    QTest::newRow("instants i, I and n")
        << QByteArray(R"([{"ph":"i","name":"mark","ts":5,"s":"t","pid":1,"tid":1},
             {"ph":"I","name":"mark","ts":6,"pid":1,"tid":1},
             {"ph":"n","name":"step","cat":"a","id":1,"ts":7,"pid":1,"tid":1},
             {"ph":"X","name":"work","ts":4,"dur":4,"pid":1,"tid":1}])")
        << "work@0-4:0:ok mark[0]@1-1:0:ok mark[1]@2-2:0:ok step@3-3:1:ok"
        << QStringList{"pid 1 / tid 1", "pid 1 / a (async)"} << "";
    QTest::newRow("other phases are counted, not errors")
        << QByteArray(R"([{"ph":"C","name":"mem","ts":1,"pid":1,"args":{"v":1}},
             {"ph":"s","id":1,"ts":1,"pid":1,"tid":1},{"ph":"f","id":1,"ts":2,"pid":1,"tid":1},
             {"ph":"t","id":1,"ts":2,"pid":1,"tid":1},{"ph":"P","ts":1,"pid":1,"tid":1},
             {"ph":"O","ts":1,"id":1,"pid":1},{"ph":"N","ts":1,"id":1,"pid":1},
             {"ph":"D","ts":1,"id":1,"pid":1},{"ph":"R","ts":1,"pid":1},{"ph":"c","ts":1},
             {"ph":"(","ts":1},{"ph":"XX","ts":1},{"ph":"C","name":"mem","ts":2,"pid":1},
             {"ph":"X","name":"a","ts":0,"dur":1,"pid":1,"tid":1}])")
        << "a@0-1:0:ok" << QStringList{"pid 1 / tid 1"}
        << "(:1,C:2,D:1,N:1,O:1,P:1,R:1,XX:1,c:1,f:1,s:1,t:1";
    QTest::newRow("lanes sorted by pid then tid, thread lanes before async")
        << QByteArray(R"([{"ph":"X","name":"a","ts":0,"dur":1,"pid":2,"tid":1},
             {"ph":"X","name":"a","ts":1,"dur":1,"pid":1,"tid":9},
             {"ph":"b","name":"z","cat":"q","id":1,"ts":2,"pid":1,"tid":9},
             {"ph":"e","name":"z","cat":"q","id":1,"ts":3,"pid":1,"tid":9},
             {"ph":"X","name":"a","ts":4,"dur":1,"pid":1,"tid":"io thread"},
             {"ph":"X","name":"a","ts":5,"dur":1,"pid":1,"tid":2}])")
        << "a[0]@0-1:4:ok a[1]@1-2:1:ok z@2-3:3:ok a[2]@4-5:2:ok a[3]@5-6:0:ok"
        << QStringList{"pid 1 / tid 2", "pid 1 / tid 9", "pid 1 / io thread", "pid 1 / q (async)",
                       "pid 2 / tid 1"}
        << "";
}

void TestChromeTrace::phases()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, records);
    QFETCH(QStringList, lanes);
    QFETCH(QString, skipped);
    const TraceImport imported = importOk(json);
    QVERIFY(!imported.native);
    QCOMPARE(summary(imported.trace), records);
    QCOMPARE(imported.trace.lanes, lanes);
    QCOMPARE(skippedText(imported.skipped), skipped);
    QCOMPARE(imported.invalid, 0);
    QCOMPARE(imported.trace.eventLoopLane, -1);
    // Any imported trace exports and imports back to itself.
    const QByteArray again = chromeTraceJson(imported.trace);
    checkViewerRules(again);
    QVERIFY(importOk(again).trace == imported.trace);
}

void TestChromeTrace::malformed_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("records");
    QTest::addColumn<int>("invalid");
    QTest::addColumn<int>("unmatched");
    QTest::addColumn<int>("unfinished");
    QTest::addColumn<QString>("warning");

    const QByteArray good = R"({"ph":"X","name":"ok","ts":0,"dur":1,"pid":1,"tid":1})";
    QTest::newRow("no ph") << "[" + good + R"(,{"name":"a","ts":1}])"
                           << "ok@0-1:0:ok" << 1 << 0 << 0
                           << "line 1:56: event #2 left out: no \"ph\"";
    QTest::newRow("no ts") << "[" + good + R"(,{"ph":"X","name":"a","dur":1}])"
                           << "ok@0-1:0:ok" << 1 << 0 << 0 << "no \"ts\"";
    QTest::newRow("ts as a string") << "[" + good + R"(,{"ph":"X","ts":"12","dur":1}])"
                                    << "ok@0-1:0:ok" << 1 << 0 << 0 << "\"ts\" is not a number";
    QTest::newRow("ph as a number") << "[" + good + R"(,{"ph":88,"ts":1}])"
                                    << "ok@0-1:0:ok" << 1 << 0 << 0 << "\"ph\" is not a string";
    QTest::newRow("negative duration") << "[" + good + R"(,{"ph":"X","ts":1,"dur":-5}])"
                                       << "ok@0-1:0:ok" << 1 << 0 << 0 << "negative \"dur\"";
    QTest::newRow("absurd timestamp") << "[" + good + R"(,{"ph":"X","ts":1e16,"dur":1}])"
                                      << "ok@0-1:0:ok" << 1 << 0 << 0 << "out of range";
    QTest::newRow("event not an object")
        << "[" + good + R"(,42,"x",null,[]])"
        << "ok@0-1:0:ok" << 4 << 0 << 0 << "it is a number, not an object";
    QTest::newRow("async without id") << "[" + good + R"(,{"ph":"b","ts":1,"cat":"c","name":"n"}])"
                                      << "ok@0-1:0:ok" << 1 << 0 << 0 << "needs an \"id\"";
    QTest::newRow("E without B") << "[" + good + R"(,{"ph":"E","ts":3,"pid":1,"tid":1}])"
                                 << "ok@0-1:0:ok" << 0 << 1 << 0 << "has no open begin";
    QTest::newRow("e without b") << "[" + good + R"(,{"ph":"e","id":4,"cat":"c","ts":3,"pid":1}])"
                                 << "ok@0-1:0:ok" << 0 << 1 << 0 << "has no open begin";
    QTest::newRow("B without E ends at the end of the trace")
        << "[" + good +
               R"(,{"ph":"B","name":"open","ts":0.5,"pid":1,"tid":1},{"ph":"X","name":"late","ts":1,"dur":9,"pid":1,"tid":2}])"
        << "ok@0-1:0:ok open@0.5-10:0:cancelled late@1-10:1:ok" << 0 << 0 << 1
        << "has no end event";
    QTest::newRow("E closing another name: stack order")
        << QByteArray(
               R"([{"ph":"B","name":"a","ts":0,"pid":1,"tid":1},{"ph":"B","name":"b","ts":1,"pid":1,"tid":1},
                          {"ph":"E","name":"a","ts":2,"pid":1,"tid":1},{"ph":"E","name":"b","ts":3,"pid":1,"tid":1}])")
        << "a@0-3:0:ok b@1-2:0:ok" << 0 << 0 << 0 << "closes the open \"b\"";
    QTest::newRow("many malformed: the first five, then a count")
        << "[" + good + QByteArray(R"(,{"ts":1})").repeated(9) + "]"
        << "ok@0-1:0:ok" << 9 << 0 << 0 << "... and 4 more malformed events";
}

void TestChromeTrace::malformed()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, records);
    QFETCH(int, invalid);
    QFETCH(int, unmatched);
    QFETCH(int, unfinished);
    QFETCH(QString, warning);
    const TraceImport imported = importOk(json);
    QCOMPARE(summary(imported.trace), records);
    QCOMPARE(imported.invalid, invalid);
    QCOMPARE(imported.unmatchedEnds, unmatched);
    QCOMPARE(imported.unfinished, unfinished);
    const QString all = imported.warnings.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(warning), qPrintable(all));
    if (unfinished > 0) {
        const AttemptRecord &open = imported.trace.records[1];
        QCOMPARE(imported.trace.error(open),
                 QStringLiteral("no end event: ends at the end of the trace"));
    }
}

// Small hand-written files in the shapes real tools write.
void TestChromeTrace::files_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("records");
    QTest::addColumn<QStringList>("lanes");
    QTest::addColumn<QString>("skipped");
    QTest::newRow("VizTracer: X, a B with dur still open, a global instant")
        << "viztracer.json"
        << "main__fib.py_20_@0-812.5:0:ok fib__fib.py_3_[0]@0.875-401.125:0:ok "
           "fib__fib.py_3_[1]@1.375-201.125:0:ok worker__fib.py_12_@48.875-948.875:1:ok "
           "time.sleep@58.875-158.875:1:ok fib__fib.py_3_[2]@201.875-400.875:0:ok "
           "checkpoint@348.875-348.875:0:ok builtins.print@448.875-453.875:0:ok"
        << QStringList{"python3 fib.py / MainThread", "python3 fib.py / Thread-1 (worker)"}
        << "C:1";
    QTest::newRow("Chromium: BOM, CRLF, unsorted, id2, flows, counters, samples")
        << "chromium.json"
        << "V8.GC_MC_BACKGROUND_MARKING@0-250:2:ok "
           "ThreadControllerImpl__RunTask[0]@1500-3000:0:ok NavigationRequest@1600-5000:1:ok "
           "ThreadControllerImpl__RunTask[1]@2000-2300:2:ok Document__updateStyle@2100-2250:2:ok "
           "EventDispatch@3500-3500:2:ok"
        << QStringList{"Browser / CrBrowserMain", "Browser / navigation (async)",
                       "Renderer / CrRendererMain"}
        << "C:1,O:1,P:1,R:1,f:1,s:1";
}

void TestChromeTrace::files()
{
    QFETCH(QString, file);
    QFETCH(QString, records);
    QFETCH(QStringList, lanes);
    QFETCH(QString, skipped);
    const QString path = QStringLiteral(TASKLINE_SOURCE_DIR "/tests/data/traces/") + file;
    QFile head(path);
    QVERIFY(head.open(QIODevice::ReadOnly));
    QVERIFY(looksLikeChromeTrace(head.read(1024)));
    TraceImportResult result = importChromeTrace(path);
    if (const auto *e = std::get_if<ScenarioError>(&result))
        QFAIL(qPrintable(e->text()));
    const TraceImport &imported = std::get<TraceImport>(result);
    QCOMPARE(summary(imported.trace), records);
    QCOMPARE(imported.trace.lanes, lanes);
    QCOMPARE(skippedText(imported.skipped), skipped);
    QCOMPARE(imported.invalid + imported.unmatchedEnds + imported.unfinished, 0);
}

void TestChromeTrace::unusable_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty file") << QByteArray() << 1 << "empty";
    QTest::newRow("truncated") << QByteArray("{\"traceEvents\": [\n  {\"ph\": \"X\", \"ts\": 1,")
                               << 2 << "end of the document";
    QTest::newRow("trailing comma")
        << QByteArray("[\n{\"ph\":\"X\",\"ts\":1,\"dur\":1},\n]") << 3 << "trailing comma";
    QTest::newRow("not JSON at all") << QByteArray("ph,ts\nX,1\n") << 1 << "";
    QTest::newRow("invalid UTF-8")
        << QByteArray("[{\"ph\":\"X\",\"name\":\"\xff\",\"ts\":1}]") << 1 << "";
    QTest::newRow("a number") << QByteArray("42") << 1 << "not a Chrome trace";
    QTest::newRow("object without traceEvents")
        << QByteArray(R"({"events": []})") << 1 << "no \"traceEvents\"";
    QTest::newRow("a scenario") << QByteArray(FanOutScenario) << 1 << "Taskline scenario";
    QTest::newRow("traceEvents not an array")
        << QByteArray("{\n\"traceEvents\": {}}") << 2 << "must be an array";
    QTest::newRow("array of numbers") << QByteArray("[1, 2, 3]") << 1 << "no event objects";
    QTest::newRow("only metadata")
        << QByteArray(
               R"([{"ph":"M","name":"process_name","pid":1,"args":{"name":"x"}},{"ph":"C","ts":1}])")
        << 0 << "no spans or instant events";
    QTest::newRow("empty array") << QByteArray("[]") << 0 << "no spans";
    QFile truncated(QStringLiteral(TASKLINE_SOURCE_DIR "/tests/data/traces/truncated.json"));
    QVERIFY(truncated.open(QIODevice::ReadOnly));
    QTest::newRow("truncated file") << truncated.readAll() << 5 << "unexpected end of the document";
    QTest::newRow("nested too deep")
        << QByteArray("[" + QByteArray(2000, '[') + QByteArray(2000, ']') + "]") << 1 << "";
}

void TestChromeTrace::unusable()
{
    QFETCH(QByteArray, json);
    QFETCH(int, line);
    QFETCH(QString, message);
    const TraceImportResult result = importChromeTrace(json, QStringLiteral("bad.json"));
    QVERIFY(std::holds_alternative<ScenarioError>(result));
    const ScenarioError &e = std::get<ScenarioError>(result);
    QVERIFY(!e.io);
    QCOMPARE(e.file, QStringLiteral("bad.json"));
    QVERIFY2(!e.message.isEmpty(), "says why");
    QVERIFY2(e.message.contains(message), qPrintable(e.text()));
    QCOMPARE(e.line, line);
}

void TestChromeTrace::sniff_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("trace");
    QTest::newRow("object form") << QByteArray("{\"traceEvents\":[{\"ph\":\"X\"") << true;
    QTest::newRow("object form, BOM and spaces")
        << QByteArray("\xEF\xBB\xBF\n  {\n \"traceEvents\"") << true;
    QTest::newRow("array form") << QByteArray("[\n{\"pid\":1,\"ph\":\"B\"") << true;
    QTest::newRow("empty array") << QByteArray("[]") << true;
    QTest::newRow("object, traceEvents past the first KB")
        << QByteArray("{\"otherData\": {\"first\": {\"ph\": \"X\", \"ts\": 1}, \"pad\": \"" +
                      QByteArray(2000, 'x'))
               .left(1024)
        << true;
    QTest::newRow("scenario") << QByteArray(FanOutScenario).left(1024) << false;
    QTest::newRow("array of numbers") << QByteArray("[1,2]") << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("csv") << QByteArray("task,task_index\n") << false;
}

void TestChromeTrace::sniff()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, trace);
    QCOMPARE(looksLikeChromeTrace(head), trace);
}

void TestChromeTrace::invalidNames()
{
    const TraceImport imported = importOk(R"([
        {"ph":"X","name":"GET /api?id=1","ts":0,"dur":1,"pid":1,"tid":1},
        {"ph":"X","name":"GET_/api_id_1","ts":1,"dur":1,"pid":1,"tid":1},
        {"ph":"X","name":"","ts":2,"dur":1,"pid":1,"tid":1},
        {"ph":"X","name":"caf\u00e9","ts":3,"dur":3,"pid":1,"tid":1},
        {"ph":"X","name":"caf\u00e9","ts":4,"dur":1,"pid":1,"tid":1},
        {"ph":"X","name":"job[3]","ts":5,"dur":1,"pid":1,"tid":1},
        {"ph":"X","name":"job[012]","ts":6,"dur":1,"pid":1,"tid":1},
        {"ph":"X","name":"job[3]","ts":7,"dur":1,"pid":1,"tid":1}])");
    QCOMPARE(summary(imported.trace),
             QStringLiteral("GET__api_id_1@0-1:0:ok GET__api_id_1-2@1-2:0:ok unnamed@2-3:0:ok "
                            "caf_[0]@3-6:0:ok caf_[1]@4-5:0:ok job_3_[0]@5-6:0:ok "
                            "job_012_@6-7:0:ok job_3_[1]@7-8:0:ok"));
    QCOMPARE(imported.originalNames,
             (QStringList{"GET /api?id=1", "GET_/api_id_1", "", QStringLiteral("caf\u00e9"),
                          "job[3]", "job[012]"}));
    const Scenario &s = imported.trace.plan->scenario();
    QCOMPARE(s.tasks[3].count, 2u);
    QVERIFY(s.tasks[3].fanOut);
    QCOMPARE(s.tasks[3].durationMs, 0.002);
    QCOMPARE(s.tasks[3].kind, TaskKind::Cpu);
}

// An imported foreign trace exports with its synthetic scenario and comes back unchanged.
void TestChromeTrace::foreignReexport()
{
    const TraceImport first = importOk(R"({"traceEvents":[
        {"ph":"B","name":"open","ts":5,"pid":1,"tid":1},
        {"ph":"X","name":"a b","ts":6,"dur":2,"pid":1,"tid":1},
        {"ph":"X","name":"c","ts":6.5,"dur":2,"pid":1,"tid":1},
        {"ph":"b","name":"t","cat":"x","id":1,"ts":6,"pid":1,"tid":1},
        {"ph":"e","name":"t","cat":"x","id":1,"ts":9,"pid":1,"tid":1}]})");
    QCOMPARE(first.unfinished, 1);
    const QByteArray json = chromeTraceJson(first.trace);
    checkViewerRules(json); // "a b" and "c" overlap without nesting: that lane goes async
    const TraceImport second = importOk(json);
    QVERIFY(second.native);
    QVERIFY(second.trace == first.trace);
}

// A trace whose embedded scenario no longer loads is still imported, as a foreign one.
void TestChromeTrace::nativeFallback()
{
    const PlanPtr plan = loadPlan(FanOutScenario);
    const Trace trace = predict(plan, configOf(plan));
    QByteArray json = chromeTraceJson(trace);
    const qsizetype at = json.indexOf("\"taskline_scenario\":{\"taskline\":1");
    QVERIFY(at > 0);
    json.replace(at, 33, "\"taskline_scenario\":{\"taskline\":2");
    const TraceImport imported = importOk(json);
    QVERIFY(!imported.native);
    const QString all = imported.warnings.join(QLatin1Char('\n'));
    QVERIFY2(
        all.contains(QStringLiteral("carries a Taskline scenario, but its scenario is invalid")),
        qPrintable(all));
    qint64 ran = 0;
    for (const AttemptRecord &r : trace.records)
        ran += r.ran() ? 1 : 0;
    QCOMPARE(imported.trace.records.size(), trace.records.size());
    QCOMPARE(imported.spans, ran);
    // Names as written: "fetch[3]" is one span of the name "fetch[3]", of the kind in args.
    const qsizetype fetch3 = imported.originalNames.indexOf(QStringLiteral("fetch[3]"));
    QVERIFY(fetch3 >= 0);
    QCOMPARE(imported.trace.plan->scenario().tasks[fetch3].kind, TaskKind::Io);
}

void TestChromeTrace::missingDirectory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const PlanPtr plan = loadPlan(SequentialScenario);
    const Trace trace = predict(plan, configOf(plan));
    const QString path = dir.filePath(QStringLiteral("missing/t.json"));
    const std::optional<QString> error = exportChromeTrace(trace, path);
    QVERIFY(error);
    QVERIFY2(error->contains(QStringLiteral("does not exist")), qPrintable(*error));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList());
    const std::optional<QString> onDirectory = exportChromeTrace(trace, dir.path());
    QVERIFY(onDirectory);
}

void TestChromeTrace::nodeTrace()
{
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty())
        QSKIP("node is not on PATH: no generated Node trace to import");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile script(dir.filePath(QStringLiteral("script.js")));
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write(R"(
const fs = require('fs');
const path = require('path');
const file = path.join(__dirname, 'data.txt');
fs.writeFileSync(file, 'x'.repeat(100000));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function worker(i) {
  await sleep(5 + (i % 7));
  const text = await fs.promises.readFile(file, 'utf8');
  await new Promise((resolve) => fs.readFile(file, () => resolve()));
  await Promise.all([sleep(1), Promise.resolve(text.length)]);
  setImmediate(() => {});
  return text.length;
}
(async () => {
  const results = await Promise.all(Array.from({length: 40}, (_, i) => worker(i)));
  let sum = 0;
  for (let i = 0; i < 2e6; ++i) sum += i % 3;
  console.log(results.length, sum);
})();
)");
    script.close();
    QProcess process;
    process.setWorkingDirectory(dir.path());
    process.start(node, {QStringLiteral("--trace-event-categories"),
                         QStringLiteral("node,node.async_hooks,node.fs.async,v8"),
                         QStringLiteral("--trace-event-file-pattern"), QStringLiteral("trace.json"),
                         QStringLiteral("script.js")});
    QVERIFY2(process.waitForFinished(60000), "node finished");
    QCOMPARE(process.exitCode(), 0);
    const QString path = dir.filePath(QStringLiteral("trace.json"));
    QVERIFY2(QFile::exists(path), "node wrote trace.json");
    QFile head(path);
    QVERIFY(head.open(QIODevice::ReadOnly));
    QVERIFY(looksLikeChromeTrace(head.read(1024)));

    const TraceImportResult result = importChromeTrace(path);
    if (const auto *e = std::get_if<ScenarioError>(&result))
        QFAIL(qPrintable(e->text()));
    const TraceImport &imported = std::get<TraceImport>(result);
    qint64 asyncSpans = 0;
    for (const AttemptRecord &r : imported.trace.records)
        asyncSpans += r.kind == TaskKind::Timer && r.endNs > r.startNs ? 1 : 0;
    qInfo(
        "node trace: %lld events, %lld spans (%lld async), %lld instants, %lld lanes, skipped %s, "
        "%lld unmatched ends, %lld unfinished, %lld invalid",
        imported.events, imported.spans, asyncSpans, imported.instants,
        qint64(imported.trace.lanes.size()), qPrintable(skippedText(imported.skipped)),
        imported.unmatchedEnds, imported.unfinished, imported.invalid);
    for (const QString &w : imported.warnings)
        qInfo("  warning: %s", qPrintable(w));
    QVERIFY(imported.events > 100);
    QVERIFY2(asyncSpans >= 100, "timers, fs requests and promises make many async spans");
    QCOMPARE(imported.invalid, 0);
    QVERIFY(!imported.trace.lanes.isEmpty());
    // And the imported trace survives our own export.
    const QByteArray json = chromeTraceJson(imported.trace);
    checkViewerRules(json);
    QVERIFY(importOk(json).trace == imported.trace);
}

QTEST_GUILESS_MAIN(TestChromeTrace)
#include "tst_chrometrace.moc"
