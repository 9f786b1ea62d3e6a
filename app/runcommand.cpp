#include "chrometraceexport.h"
#include "cli.h"
#include "cliutil.h"
#include "commands.h"
#include "csvexport.h"
#include "jsonoutput.h"
#include "metrics.h"
#include "predictor.h"
#include "run.h"
#include "scenarioloader.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QSocketNotifier>

#include <csignal>
#include <unistd.h>

namespace Taskline::Cli {

namespace {

int g_interruptPipe[2] = {-1, -1};

void onInterrupt(int)
{
    // Async-signal-safe: only write(2). A second Ctrl+C gets the default action (exit).
    const char byte = 1;
    [[maybe_unused]] const auto n = ::write(g_interruptPipe[1], &byte, 1);
    std::signal(SIGINT, SIG_DFL);
}

/*! Turns Ctrl+C into a call on the event loop for as long as it lives. */
class InterruptGuard
{
public:
    template <typename F>
    InterruptGuard(QObject *context, F onInterrupted)
    {
        if (::pipe(g_interruptPipe) != 0)
            return;
        m_notifier = new QSocketNotifier(g_interruptPipe[0], QSocketNotifier::Read, context);
        QObject::connect(m_notifier, &QSocketNotifier::activated, context, [onInterrupted] {
            char byte;
            [[maybe_unused]] const auto n = ::read(g_interruptPipe[0], &byte, 1);
            onInterrupted();
        });
        std::signal(SIGINT, onInterrupt);
    }
    ~InterruptGuard()
    {
        std::signal(SIGINT, SIG_DFL);
        delete m_notifier;
        for (int &fd : g_interruptPipe) {
            if (fd >= 0)
                ::close(fd);
            fd = -1;
        }
    }

private:
    QSocketNotifier *m_notifier = nullptr;
};

void drawProgress(qint64 done, qint64 total, qint64 failed)
{
    constexpr int Width = 30;
    const int filled = total > 0 ? int(Width * done / total) : Width;
    err() << "\r[" << QString(filled, QLatin1Char('#')) << QString(Width - filled, QLatin1Char('.'))
          << "] " << done << "/" << total << " tasks, " << failed << " failed" << Qt::flush;
}

} // namespace

int runCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const OverrideOptions overrides;
    overrides.addTo(parser);
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOption(json);
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
    const std::optional<RunOverrides> o = overrides.read(parser, "run");
    if (!o)
        return InvalidInput;
    const QString path = parser.positionalArguments().constFirst();
    const PlanResult result = loadScenarioFile(path);
    if (const auto *error = std::get_if<ScenarioError>(&result))
        return reportError(*error);
    const PlanPtr plan = std::get<PlanPtr>(result);
    const RunConfig config = o->resolve(plan->scenario());

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
        drawProgress(run.doneTasks(), plan->taskCount(), computeMetrics(run.trace()).count(AttemptStatus::Failed));
        err() << Qt::endl;
    }
    if (interrupted)
        err() << "taskline run: cancelled; the summary covers what ran until then" << Qt::endl;

    const Trace &trace = run.trace();
    const Metrics metrics = computeMetrics(trace);
    const double predictedMs = predict(plan, config).makespanNs() / 1e6;
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
        printSummary(scenarioTitle(*plan, path), QStringLiteral("ran"), trace, metrics,
                     sequentialMakespanMs(plan, config), predictedMs);
    }
    return interrupted ? Cancelled : Success;
}

} // namespace Taskline::Cli
