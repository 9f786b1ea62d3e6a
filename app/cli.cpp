#include "cli.h"

#include "cliutil.h"
#include "commands.h"
#include "jsonoutput.h"
#include "metrics.h"
#include "predictor.h"
#include "scenarioloader.h"

#include <QJsonObject>

namespace Taskline::Cli {

namespace {

const Command Commands[] = {
    {"run",
     "run FILE [--threads N] [--mode M] [--seed S] [--image OUT.png|svg|pdf] [--size WxH] "
     "[--trace OUT.json] [--csv OUT.csv] [--json]",
     "Run a scenario for real on a thread pool and the event loop; Ctrl+C cancels.", runCommand},
    {"predict", "predict FILE [--threads N] [--mode M] [--seed S] [--cores C] [--json]",
     "Predict a run of a scenario with the discrete-event model.", predictCommand},
    {"sweep",
     "sweep FILE --threads LIST|A..B [--measure] [--seed S] [--cores C] [--image OUT] "
     "[--size WxH] [--csv OUT.csv] [--json]",
     "Predict (and with --measure, run) a scenario for each thread count: makespans, speedup "
     "over 1 thread, efficiency and the recommended pool size.",
     sweepCommand},
    {"render", "render TRACE.json [--image OUT.png|svg|pdf] [--size WxH] [--json]",
     "Import a Chrome trace (Node, Chromium, Perfetto, our own export), summarize it and draw "
     "its timeline.",
     renderCommand},
    {"validate", "validate FILE [--json]",
     "Check a scenario file and say what is wrong, where, and how to fix it.", validateCommand},
};

QString usage()
{
    QString text = QStringLiteral("Usage: taskline COMMAND [OPTIONS]\n\nCommands:\n");
    for (const Command &c : Commands) {
        text += QStringLiteral("  taskline %1\n      %2\n")
                    .arg(QLatin1String(c.synopsis), QLatin1String(c.summary));
    }
    text += QStringLiteral("\nExit codes: 0 success, 2 invalid input, 3 I/O error, "
                           "130 cancelled (Ctrl+C).\n"
                           "'taskline COMMAND --help' describes a command's options.\n");
    return text;
}

} // namespace

const Command &command(const char *name)
{
    for (const Command &c : Commands) {
        if (qstrcmp(c.name, name) == 0)
            return c;
    }
    Q_UNREACHABLE();
}

bool isCommand(const QStringList &arguments)
{
    if (arguments.size() < 2)
        return false;
    if (arguments[1] == QLatin1String("help"))
        return true;
    for (const Command &c : Commands) {
        if (arguments[1] == QLatin1String(c.name))
            return true;
    }
    return false;
}

int run(const QStringList &arguments)
{
    if (arguments.size() < 2 || arguments[1] == QLatin1String("help")) {
        out() << usage() << Qt::flush;
        return Success;
    }
    for (const Command &c : Commands) {
        if (arguments[1] == QLatin1String(c.name))
            return c.run(arguments);
    }
    err() << "taskline: unknown command \"" << arguments[1] << "\"\n\n" << usage() << Qt::flush;
    return InvalidInput;
}

int validateCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption json = jsonOption();
    parser.addOption(json);
    if (auto code = parseArguments(parser, command("validate"), arguments))
        return *code;
    const QString path = parser.positionalArguments().constFirst();
    const PlanResult result = loadScenarioFile(path);
    const auto *error = std::get_if<ScenarioError>(&result);
    if (parser.isSet(json)) {
        const PlanPtr plan = error ? nullptr : std::get<PlanPtr>(result);
        out() << toLine({{QStringLiteral("ok"), error == nullptr},
                         {QStringLiteral("tasks"), plan ? int(plan->specCount()) : 0},
                         {QStringLiteral("expanded"), plan ? double(plan->taskCount()) : 0.0},
                         {QStringLiteral("error"),
                          error ? QJsonValue(error->text()) : QJsonValue(QJsonValue::Null)}})
              << Qt::flush;
        if (error)
            return error->io ? IoError : InvalidInput;
        return Success;
    }
    if (error)
        return reportError(*error);
    const Plan &plan = *std::get<PlanPtr>(result);
    out() << path << ": valid, " << plan.specCount()
          << (plan.specCount() == 1 ? " task" : " tasks");
    if (plan.taskCount() != plan.specCount())
        out() << " (" << plan.taskCount() << " after expansion)";
    out() << Qt::endl;
    return Success;
}

double sequentialMakespanMs(const PlanPtr &plan, const RunConfig &config)
{
    RunConfig sequential = config;
    sequential.mode = RunMode::Sequential;
    sequential.threads = 1;
    return predict(plan, sequential).makespanNs() / 1e6;
}

int predictCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const OverrideOptions overrides;
    overrides.addTo(parser);
    const QCommandLineOption json = jsonOption();
    parser.addOption(json);
    if (auto code = parseArguments(parser, command("predict"), arguments))
        return *code;
    const auto loaded = loadScenarioForCommand(parser, overrides, "predict");
    if (const int *code = std::get_if<int>(&loaded))
        return *code;
    const auto &[path, plan, config] = std::get<LoadedScenario>(loaded);
    const Trace trace = predict(plan, config);
    const Metrics metrics = computeMetrics(trace);
    if (parser.isSet(json)) {
        out() << toLine(metricsJson(trace, metrics)) << Qt::flush;
        return Success;
    }
    printSummary(scenarioTitle(*plan, path), QStringLiteral("predicted"), trace, metrics,
                 sequentialMakespanMs(plan, config), 0);
    return Success;
}

} // namespace Taskline::Cli
