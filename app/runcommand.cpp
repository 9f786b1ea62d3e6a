#include "chrometraceexport.h"
#include "cli.h"
#include "cliutil.h"
#include "commands.h"
#include "csvexport.h"
#include "imageexport.h"
#include "interruptguard.h"
#include "jsonoutput.h"
#include "metrics.h"
#include "predictor.h"
#include "run.h"
#include "scenarioloader.h"
#include "timelineview.h"
#include "timeticker.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>

#include <unistd.h>

namespace Taskline::Cli {

namespace {

void drawProgress(qint64 done, qint64 total, qint64 failed)
{
    constexpr int Width = 30;
    const int filled = total > 0 ? int(Width * done / total) : Width;
    err() << "\r[" << QString(filled, QLatin1Char('#')) << QString(Width - filled, QLatin1Char('.'))
          << "] " << done << "/" << total << " tasks, " << failed << " failed" << Qt::flush;
}

/*! The timeline of the run over f(t), beside the prediction, with a title line. */
std::optional<QString> writeImage(const QString &path, const ImageOptions &size, const Plan &plan,
                                  const Trace &trace, const Trace &prediction)
{
    TimelineView view;
    view.resize(size.width, size.height);
    view.setTrace(trace);
    view.setPrediction(prediction);
    const QString name =
        plan.scenario().name.isEmpty() ? QFileInfo(path).completeBaseName() : plan.scenario().name;
    const int threads = trace.config.threads;
    view.setTitle(
        QStringLiteral("%1  \u2014  %2 %3, makespan %4 (predicted %5)")
            .arg(name)
            .arg(threads)
            .arg(threads == 1 ? QStringLiteral("thread") : QStringLiteral("threads"))
            .arg(timeText(trace.makespanNs() / 1e6), timeText(prediction.makespanNs() / 1e6)));
    view.fit();
    return exportImage(view, path, size);
}

} // namespace

int runCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const OverrideOptions overrides;
    overrides.addTo(parser);
    const QCommandLineOption json = jsonOption();
    parser.addOption(json);
    const QCommandLineOption image(QStringLiteral("image"),
                                   QStringLiteral("Write the timeline and f(t) to OUT (.png, .svg "
                                                  "or .pdf) after the run."),
                                   QStringLiteral("OUT"));
    const ImageOptions defaults;
    const QSize defaultSize(defaults.width, defaults.height);
    const QCommandLineOption size = sizeOption(defaultSize);
    parser.addOption(image);
    parser.addOption(size);
    const QCommandLineOption traceFile(
        QStringLiteral("trace"),
        QStringLiteral("Write the run as a Chrome trace to OUT.json (Perfetto, chrome://tracing)."),
        QStringLiteral("OUT.json"));
    const QCommandLineOption csvFile(QStringLiteral("csv"),
                                     QStringLiteral("Write one CSV row per attempt to OUT.csv."),
                                     QStringLiteral("OUT.csv"));
    parser.addOptions({traceFile, csvFile});
    if (auto code = parseArguments(parser, command("run"), arguments))
        return *code;
    const std::optional<QSize> sizeGiven = readImageSize(parser, size, "run", defaultSize, &image);
    if (!sizeGiven)
        return InvalidInput;
    ImageOptions imageSize;
    imageSize.width = sizeGiven->width();
    imageSize.height = sizeGiven->height();
    const auto loaded = loadScenarioForCommand(parser, overrides, "run");
    if (const int *code = std::get_if<int>(&loaded))
        return *code;
    const auto &[path, plan, config] = std::get<LoadedScenario>(loaded);

    Run run(plan, config);
    QEventLoop loop;
    bool interrupted = false;
    QObject::connect(&run, &Run::finished, &loop, &QEventLoop::quit);
    const bool showProgress = ::isatty(STDERR_FILENO);
    if (showProgress)
        QObject::connect(&run, &Run::progress, &loop, &drawProgress);
    const InterruptGuard guard(&loop, [&] {
        interrupted = true;
        run.cancel();
    });
    run.start();
    if (!run.isFinished())
        loop.exec();
    if (showProgress) {
        drawProgress(run.doneTasks(), plan->taskCount(),
                     computeMetrics(run.trace()).count(AttemptStatus::Failed));
        err() << Qt::endl;
    }
    if (interrupted)
        err() << "taskline run: cancelled; the summary covers what ran until then" << Qt::endl;

    const Trace &trace = run.trace();
    const Metrics metrics = computeMetrics(trace);
    const Trace prediction = predict(plan, config);
    const double predictedMs = prediction.makespanNs() / 1e6;
    if (parser.isSet(image)) {
        if (const auto error =
                writeImage(parser.value(image), imageSize, *plan, trace, prediction)) {
            err() << "taskline run: " << *error << Qt::endl;
            return IoError;
        }
    }
    std::optional<QString> writeError;
    if (parser.isSet(traceFile))
        writeError = exportChromeTrace(trace, parser.value(traceFile));
    if (!writeError && parser.isSet(csvFile))
        writeError = exportCsv(trace, parser.value(csvFile));
    if (writeError) {
        err() << "taskline run: " << *writeError << Qt::endl;
        return IoError;
    }
    if (parser.isSet(json)) {
        QJsonObject object = metricsJson(trace, metrics);
        object.insert(QStringLiteral("predicted_makespan_ms"), predictedMs);
        out() << toLine(object) << Qt::flush;
    } else {
        // A cancelled run's makespan is not comparable with whole runs: no speedup, no gap.
        printSummary(scenarioTitle(*plan, path),
                     interrupted ? QStringLiteral("cancelled after running")
                                 : QStringLiteral("ran"),
                     trace, metrics, interrupted ? 0 : sequentialMakespanMs(plan, config),
                     interrupted ? 0 : predictedMs);
    }
    return interrupted ? Cancelled : Success;
}

} // namespace Taskline::Cli
