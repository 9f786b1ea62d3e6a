#include "cli.h"

#include "jsonoutput.h"
#include "metrics.h"
#include "predictor.h"
#include "scenarioloader.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>
#include <functional>
#include <optional>

namespace Taskline::Cli {

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

struct Command
{
    const char *name;
    const char *synopsis;
    const char *summary;
    int (*run)(const QStringList &arguments);
};

int validateCommand(const QStringList &arguments);
int predictCommand(const QStringList &arguments);

const Command Commands[] = {
    {"predict", "predict FILE [--threads N] [--mode M] [--seed S] [--cores C] [--json]",
     "Predict a run of a scenario with the discrete-event model.", predictCommand},
    {"validate", "validate FILE [--json]",
     "Check a scenario file and say what is wrong, where, and how to fix it.", validateCommand},
};

const Command *findCommand(const QString &name)
{
    for (const Command &c : Commands) {
        if (name == QLatin1String(c.name))
            return &c;
    }
    return nullptr;
}

QString usage()
{
    QString text = QStringLiteral("Usage: taskline COMMAND [OPTIONS]\n\nCommands:\n");
    for (const Command &c : Commands) {
        text += QStringLiteral("  taskline %1\n      %2\n")
                    .arg(QLatin1String(c.synopsis), QLatin1String(c.summary));
    }
    text += QStringLiteral("\nExit codes: 0 success, 2 invalid input, 3 I/O error.\n"
                           "'taskline COMMAND --help' describes a command's options.\n");
    return text;
}

/*! Sets up a command's parser with --help and --version; returns an exit code when the
 *  arguments are already handled (help, version, or a usage error), else nullopt. */
std::optional<int> parseArguments(QCommandLineParser &parser, const Command &command,
                                  const QStringList &arguments)
{
    parser.setApplicationDescription(QLatin1String(command.summary));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Scenario file (JSON)."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Show the version."));
    parser.addOption(help);
    parser.addOption(version);
    // The command word takes the place of the program name in QCommandLineParser's view.
    QStringList forParser = arguments.mid(1);
    forParser[0] = QStringLiteral("taskline ") + forParser[0];
    if (!parser.parse(forParser)) {
        err() << "taskline " << command.name << ": " << parser.errorText() << "\n"
              << "Usage: taskline " << command.synopsis << Qt::endl;
        return InvalidInput;
    }
    if (parser.isSet(help)) {
        out() << "Usage: taskline " << command.synopsis << "\n\n"
              << parser.helpText().section(QLatin1Char('\n'), 2) << Qt::flush;
        return Success;
    }
    if (parser.isSet(version)) {
        out() << "taskline " << TASKLINE_VERSION << Qt::endl;
        return Success;
    }
    if (parser.positionalArguments().size() != 1) {
        err() << "taskline " << command.name << ": expected one FILE, got "
              << parser.positionalArguments().size() << "\nUsage: taskline " << command.synopsis
              << Qt::endl;
        return InvalidInput;
    }
    return std::nullopt;
}

int reportError(const ScenarioError &error)
{
    err() << error.text() << Qt::endl;
    return error.io ? IoError : InvalidInput;
}

// --threads, --mode, --seed and --cores, checked with the same limits as the file format.
struct OverrideOptions
{
    QCommandLineOption threads{QStringLiteral("threads"),
                               QStringLiteral("Pool size, 1..256 (default: the scenario's)."),
                               QStringLiteral("N")};
    QCommandLineOption mode{QStringLiteral("mode"),
                            QStringLiteral("pool or sequential (default: the scenario's)."),
                            QStringLiteral("M")};
    QCommandLineOption seed{QStringLiteral("seed"),
                            QStringLiteral("Seed of jitter and failures (default: the scenario's)."),
                            QStringLiteral("S")};
    QCommandLineOption cores{QStringLiteral("cores"),
                             QStringLiteral("Cores the cpu tasks share (default: this machine's)."),
                             QStringLiteral("C")};

    void addTo(QCommandLineParser &parser) const
    {
        parser.addOptions({threads, mode, seed, cores});
    }

    std::optional<RunOverrides> read(const QCommandLineParser &parser, const char *command) const
    {
        RunOverrides o;
        bool ok = true;
        auto fail = [&](const QString &message) {
            err() << "taskline " << command << ": " << message << Qt::endl;
            return std::nullopt;
        };
        if (parser.isSet(threads)) {
            const int n = parser.value(threads).toInt(&ok);
            if (!ok || n < 1 || n > 256)
                return fail(QStringLiteral("--threads must be an integer from 1 to 256, got \"%1\"")
                                .arg(parser.value(threads)));
            o.threads = n;
        }
        if (parser.isSet(cores)) {
            const int n = parser.value(cores).toInt(&ok);
            if (!ok || n < 1 || n > 1024)
                return fail(QStringLiteral("--cores must be an integer from 1 to 1024, got \"%1\"")
                                .arg(parser.value(cores)));
            o.cores = n;
        }
        if (parser.isSet(mode)) {
            o.mode = modeFromName(parser.value(mode));
            if (!o.mode)
                return fail(QStringLiteral("--mode must be \"pool\" or \"sequential\", got \"%1\"")
                                .arg(parser.value(mode)));
        }
        if (parser.isSet(seed)) {
            const quint64 s = parser.value(seed).toULongLong(&ok);
            if (!ok)
                return fail(QStringLiteral("--seed must be an unsigned integer, got \"%1\"")
                                .arg(parser.value(seed)));
            o.seed = s;
        }
        return o;
    }
};

QString scenarioTitle(const Plan &plan, const QString &path)
{
    const QString name = plan.scenario().name;
    const QString file = QFileInfo(path).fileName();
    return name.isEmpty() ? file : name + QStringLiteral("  (") + file + QLatin1Char(')');
}

QString ms(double value)
{
    return QString::number(value, 'f', value < 10 ? 2 : 1) + QStringLiteral(" ms");
}

QString percentileLine(const Percentiles &p)
{
    return QStringLiteral("p50 %1  p95 %2  p99 %3  max %4")
        .arg(ms(p.p50), ms(p.p95), ms(p.p99), ms(p.max));
}

void printSummary(const QString &title, const QString &what, const Trace &trace,
                  const Metrics &m, double sequentialMs)
{
    QTextStream &o = out();
    const RunConfig &c = trace.config;
    o << title << "\n"
      << what << " on " << c.threads << (c.threads == 1 ? " thread" : " threads") << ", "
      << c.cores << (c.cores == 1 ? " core" : " cores") << ", " << modeName(c.mode)
      << " mode, seed " << c.seed << "\n";
    o << "  tasks        " << m.tasks << " (" << m.attempts << " attempts)\n";
    o << "  makespan     " << ms(m.makespanMs);
    if (sequentialMs > 0 && m.makespanMs > 0) {
        o << "  (sequential " << ms(sequentialMs) << ", speedup "
          << QString::number(sequentialMs / m.makespanMs, 'f', 2) << "x)";
    }
    o << "\n  status      ";
    for (int s = 0; s < AttemptStatusCount; ++s)
        o << " " << statusName(AttemptStatus(s)) << " " << m.status[std::size_t(s)];
    o << "\n  parallelism  " << QString::number(m.parallelism, 'f', 2) << "   utilization "
      << QString::number(100.0 * m.utilization, 'f', 1) << "%\n"
      << "  throughput   " << QString::number(m.throughputPerS, 'f', 1) << " tasks/s\n"
      << "  queue wait   " << percentileLine(m.waitMs) << "\n"
      << "  latency      " << percentileLine(m.latencyMs) << Qt::endl;
}

int validateCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOption(json);
    if (auto code = parseArguments(parser, *findCommand(QStringLiteral("validate")), arguments))
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

int predictCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const OverrideOptions overrides;
    overrides.addTo(parser);
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOption(json);
    if (auto code = parseArguments(parser, *findCommand(QStringLiteral("predict")), arguments))
        return *code;
    const std::optional<RunOverrides> o = overrides.read(parser, "predict");
    if (!o)
        return InvalidInput;
    const QString path = parser.positionalArguments().constFirst();
    const PlanResult result = loadScenarioFile(path);
    if (const auto *error = std::get_if<ScenarioError>(&result))
        return reportError(*error);
    const PlanPtr plan = std::get<PlanPtr>(result);
    const RunConfig config = o->resolve(plan->scenario());
    const Trace trace = predict(plan, config);
    const Metrics metrics = computeMetrics(trace);
    if (parser.isSet(json)) {
        out() << toLine(metricsJson(trace, metrics)) << Qt::flush;
        return Success;
    }
    RunConfig sequential = config;
    sequential.mode = RunMode::Sequential;
    sequential.threads = 1;
    const double sequentialMs = predict(plan, sequential).makespanNs() / 1e6;
    printSummary(scenarioTitle(*plan, path), QStringLiteral("predicted"), trace, metrics,
                 sequentialMs);
    return Success;
}

} // namespace

bool isCommand(const QStringList &arguments)
{
    return arguments.size() > 1
        && (findCommand(arguments[1]) || arguments[1] == QLatin1String("help"));
}

int run(const QStringList &arguments)
{
    if (arguments.size() < 2 || arguments[1] == QLatin1String("help")) {
        out() << usage() << Qt::flush;
        return Success;
    }
    const Command *command = findCommand(arguments[1]);
    if (!command) {
        err() << "taskline: unknown command \"" << arguments[1] << "\"\n\n" << usage() << Qt::flush;
        return InvalidInput;
    }
    return command->run(arguments);
}

} // namespace Taskline::Cli
