// Loading: a 10^6-task scenario and a 10^6-event Chrome trace, speed and peak memory, each
// beside QJsonDocument reading the same file.

#include "bench.h"

#include "chrometraceimport.h"
#include "scenarioloader.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>

#include <cstdio>
#include <functional>
#include <optional>

namespace Taskline::Bench {

namespace {

const char *const Kinds[] = {"cpu", "io", "timer", "cpu"};

// One explicit entry per task (no fan-out), ~100 bytes each: ids, kinds, durations, a
// dependency on an earlier task, now and then jitter, a failure rate or a priority.
QByteArray scenarioJson(qsizetype tasks)
{
    QByteArray json = "{\n  \"taskline\": 1,\n  \"name\": \"a million explicit tasks\",\n"
                      "  \"threads\": 8,\n  \"seed\": 7,\n  \"tasks\": [\n";
    json.reserve(tasks * 104 + 256);
    char line[256];
    for (qsizetype i = 0; i < tasks; ++i) {
        int n = std::snprintf(line, sizeof line,
                              "    {\"id\": \"task-%07lld\", \"kind\": \"%s\", \"duration_ms\": %g",
                              static_cast<long long>(i), Kinds[i % 4], 0.5 + double(i % 40) / 4);
        if (i >= 64)
            n += std::snprintf(line + n, sizeof line - size_t(n), ", \"after\": [\"task-%07lld\"]",
                               static_cast<long long>(i - 1 - i % 61));
        if (i % 5 == 0)
            n += std::snprintf(line + n, sizeof line - size_t(n), ", \"jitter\": 0.2");
        if (i % 7 == 0)
            n += std::snprintf(line + n, sizeof line - size_t(n), ", \"priority\": %d", int(i % 3));
        std::snprintf(line + n, sizeof line - size_t(n), "}%s\n", i + 1 < tasks ? "," : "");
        json += line;
    }
    return json + "  ]\n}\n";
}

// Chrome's shape: eight threads of back-to-back X events with args, some B/E pairs, async
// b/e spans, thread names; ~130 bytes an event.
QByteArray traceJson(qsizetype events)
{
    QByteArray json = "{\"traceEvents\": [\n";
    json.reserve(events * 132 + 4096);
    char line[256];
    for (int tid = 1; tid <= 8; ++tid) {
        std::snprintf(line, sizeof line,
                      "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":%d,"
                      "\"args\":{\"name\":\"worker %d\"}},\n",
                      tid, tid);
        json += line;
    }
    for (qsizetype i = 0; i < events; ++i) {
        const int tid = 1 + int(i % 8);
        const long long ts = static_cast<long long>(i / 8) * 10;
        const char *sep = i + 1 < events ? ",\n" : "\n";
        if (i % 50 == 0 && i + 8 < events) {
            // A begin here, its end one slot later on the same thread (ts + 5 < next ts).
            std::snprintf(line, sizeof line,
                          "{\"ph\":\"B\",\"cat\":\"io\",\"name\":\"read\",\"pid\":1,\"tid\":%d,"
                          "\"ts\":%lld},\n{\"ph\":\"E\",\"pid\":1,\"tid\":%d,\"ts\":%lld}%s",
                          tid, ts, tid, ts + 5, sep);
            ++i;
        } else if (i % 50 == 25 && i + 1 < events) {
            std::snprintf(line, sizeof line,
                          "{\"ph\":\"b\",\"cat\":\"net\",\"name\":\"fetch\",\"id\":\"0x%llx\","
                          "\"pid\":1,\"ts\":%lld},\n{\"ph\":\"e\",\"cat\":\"net\",\"name\":"
                          "\"fetch\",\"id\":\"0x%llx\",\"pid\":1,\"ts\":%lld}%s",
                          static_cast<unsigned long long>(i), ts,
                          static_cast<unsigned long long>(i), ts + 40, sep);
            ++i;
        } else {
            std::snprintf(line, sizeof line,
                          "{\"ph\":\"X\",\"cat\":\"work\",\"name\":\"step%d\",\"pid\":1,"
                          "\"tid\":%d,\"ts\":%lld,\"dur\":%d,\"args\":{\"n\":%lld}}%s",
                          int(i % 5), tid, ts, 5 + int(i % 4), static_cast<long long>(i), sep);
        }
        json += line;
    }
    return json + "]}\n";
}

bool writeAll(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

// What a load leaves behind, kept until the timer has stopped: freeing it is not loading.
struct Loaded
{
    std::optional<PlanResult> plan;
    std::optional<TraceImportResult> trace;
    QJsonDocument document;
};

bool loadOurs(const QString &kind, const QString &path, Loaded &out)
{
    if (kind == QLatin1String("scenario")) {
        out.plan = loadScenarioFile(path);
        return std::holds_alternative<PlanPtr>(*out.plan);
    }
    out.trace = importChromeTrace(path);
    return std::holds_alternative<TraceImport>(*out.trace);
}

bool loadQJson(const QString &path, Loaded &out)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    QJsonParseError error;
    out.document = QJsonDocument::fromJson(f.readAll(), &error);
    return error.error == QJsonParseError::NoError && !out.document.isNull();
}

// Median ms of `reps` loads after a warm-up, each result freed after its timer stopped.
double loadMs(int reps, bool &ok, const std::function<bool(Loaded &)> &load)
{
    QList<double> times;
    for (int i = 0; i <= reps; ++i) {
        Loaded loaded;
        QElapsedTimer timer;
        timer.start();
        ok = load(loaded) && ok;
        if (i > 0)
            times.append(double(timer.nsecsElapsed()) / 1e6);
    }
    return median(times);
}

// Peak memory: each load runs in a fresh child process (this program with --peak), which
// reads its resident size (VmRSS) before the load and the high-water mark (VmHWM) after it.
// The difference is what the load needed at its peak, the file's bytes in memory included,
// uninfluenced by what the allocator of a long-running process kept from earlier figures.
std::optional<qint64> childPeak(const Bench &bench, const QString &kind, const QString &path)
{
    QProcess child;
    child.start(bench.program(), {QStringLiteral("--peak"), kind, path});
    if (!child.waitForFinished(600000) || child.exitCode() != 0)
        return std::nullopt;
    bool ok = false;
    const qint64 bytes = child.readAllStandardOutput().trimmed().toLongLong(&ok);
    return ok ? std::optional<qint64>(bytes) : std::nullopt;
}

void benchFile(Bench &bench, const QString &kind, const QString &name, const QByteArray &data)
{
    const QString path = bench.tempPath(kind + QStringLiteral(".json"));
    if (!writeAll(path, data)) {
        bench.fail(QStringLiteral("cannot write %1").arg(path));
        return;
    }
    const double mb = double(data.size()) / 1e6;
    bool ok = true;
    const double ms = loadMs(bench.reps(3), ok, [&](Loaded &l) { return loadOurs(kind, path, l); });
    bool qjsonOk = true;
    const double qjsonMs =
        loadMs(bench.reps(3), qjsonOk, [&](Loaded &l) { return loadQJson(path, l); });
    if (!ok || !qjsonOk) {
        bench.fail(QStringLiteral("the generated %1 did not load").arg(kind));
        return;
    }
    const bool full = !bench.quick();
    bench.add({name + QStringLiteral(".mb_per_s"), mb / (ms / 1e3), QStringLiteral("MB/s"),
               mb / (qjsonMs / 1e3), full ? std::optional<double>(500) : std::nullopt, true});

    const std::optional<qint64> peak = childPeak(bench, kind, path);
    const std::optional<qint64> qjsonPeak = childPeak(bench, kind + QStringLiteral("-qjson"), path);
    if (!peak || !qjsonPeak) {
        bench.fail(QStringLiteral("the peak memory of loading the %1 was not measured").arg(kind));
        return;
    }
    const double size = double(data.size());
    bench.add({name + QStringLiteral(".peak_ratio"), double(*peak) / size, QStringLiteral("x"),
               double(*qjsonPeak) / size, full ? std::optional<double>(2) : std::nullopt});
}

} // namespace

int peakChild(const QString &kind, const QString &path)
{
    const qint64 before = residentBytes();
    bool ok = false;
    Loaded loaded;
    if (kind.endsWith(QLatin1String("-qjson")))
        ok = loadQJson(path, loaded);
    else
        ok = loadOurs(kind, path, loaded);
    const qint64 peak = peakResidentBytes();
    if (!ok || before < 0 || peak < 0)
        return 1;
    std::printf("%lld\n", static_cast<long long>(peak - before));
    return 0;
}

void benchLoad(Bench &bench)
{
    const qsizetype n = bench.scaled(1000000);
    if (bench.wants(QStringLiteral("load.scenario")))
        benchFile(bench, QStringLiteral("scenario"), QStringLiteral("load.scenario"),
                  scenarioJson(n));
    if (bench.wants(QStringLiteral("load.trace")))
        benchFile(bench, QStringLiteral("trace"), QStringLiteral("load.trace"), traceJson(n));
}

} // namespace Taskline::Bench
