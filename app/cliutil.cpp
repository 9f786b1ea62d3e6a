#include "cliutil.h"

#include "metrics.h"
#include "plan.h"
#include "scenarioerror.h"
#include "scenarioloader.h"
#include "trace.h"

#include <QFileInfo>
#include <QRegularExpression>

#include <cstdio>

namespace Taskline::Cli {

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
        return 2;
    }
    if (parser.isSet(help)) {
        out() << "Usage: taskline " << command.synopsis << "\n\n"
              << parser.helpText().section(QLatin1Char('\n'), 2) << Qt::flush;
        return 0;
    }
    if (parser.isSet(version)) {
        out() << "taskline " << TASKLINE_VERSION << Qt::endl;
        return 0;
    }
    if (parser.positionalArguments().size() != 1) {
        err() << "taskline " << command.name << ": expected one FILE, got "
              << parser.positionalArguments().size() << "\nUsage: taskline " << command.synopsis
              << Qt::endl;
        return 2;
    }
    return std::nullopt;
}

int reportError(const ScenarioError &error)
{
    err() << error.text() << Qt::endl;
    return error.io ? 3 : 2;
}

void OverrideOptions::addTo(QCommandLineParser &parser) const
{
    for (const auto &[field, option] : {std::pair{Threads, &m_threads}, std::pair{Mode, &m_mode},
                                        std::pair{Seed, &m_seed}, std::pair{Cores, &m_cores}}) {
        if (has(field))
            parser.addOption(*option);
    }
}

std::optional<RunOverrides> OverrideOptions::read(const QCommandLineParser &parser,
                                                  const char *command) const
{
    RunOverrides o;
    bool ok = true;
    auto fail = [&](const QString &message) {
        err() << "taskline " << command << ": " << message << Qt::endl;
        return std::nullopt;
    };
    if (has(Threads) && parser.isSet(m_threads)) {
        const int n = parser.value(m_threads).toInt(&ok);
        if (!ok || n < 1 || n > 256)
            return fail(QStringLiteral("--threads must be an integer from 1 to 256, got \"%1\"")
                            .arg(parser.value(m_threads)));
        o.threads = n;
    }
    if (has(Cores) && parser.isSet(m_cores)) {
        const int n = parser.value(m_cores).toInt(&ok);
        if (!ok || n < 1 || n > 1024)
            return fail(QStringLiteral("--cores must be an integer from 1 to 1024, got \"%1\"")
                            .arg(parser.value(m_cores)));
        o.cores = n;
    }
    if (has(Mode) && parser.isSet(m_mode)) {
        o.mode = modeFromName(parser.value(m_mode));
        if (!o.mode)
            return fail(QStringLiteral("--mode must be \"pool\" or \"sequential\", got \"%1\"")
                            .arg(parser.value(m_mode)));
    }
    if (has(Seed) && parser.isSet(m_seed)) {
        const quint64 s = parser.value(m_seed).toULongLong(&ok);
        if (!ok)
            return fail(QStringLiteral("--seed must be an unsigned integer, got \"%1\"")
                            .arg(parser.value(m_seed)));
        o.seed = s;
    }
    return o;
}

QCommandLineOption jsonOption()
{
    return QCommandLineOption(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
}

QCommandLineOption sizeOption(const QSize &defaultSize)
{
    return QCommandLineOption(
        QStringLiteral("size"),
        QStringLiteral("Image size in pixels, %1x%2 to %3x%3 (default %4x%5).")
            .arg(MinImageSize.width())
            .arg(MinImageSize.height())
            .arg(MaxImageSide)
            .arg(defaultSize.width())
            .arg(defaultSize.height()),
        QStringLiteral("WxH"));
}

std::variant<QSize, QString> parseImageSize(const QString &text)
{
    const QString expected =
        QStringLiteral("--size: expected WxH like 1600x900, got \"%1\"").arg(text);
    static const QRegularExpression pattern(QStringLiteral("^(\\d{1,5})x(\\d{1,5})$"));
    const QRegularExpressionMatch m = pattern.match(text.trimmed().toLower());
    if (!m.hasMatch())
        return expected;
    const QSize size(m.captured(1).toInt(), m.captured(2).toInt());
    if (size.width() < MinImageSize.width() || size.height() < MinImageSize.height() ||
        size.width() > MaxImageSide || size.height() > MaxImageSide) {
        return expected + QStringLiteral(": each side from %1x%2 up to %3x%3")
                              .arg(MinImageSize.width())
                              .arg(MinImageSize.height())
                              .arg(MaxImageSide);
    }
    return size;
}

std::optional<QSize> readImageSize(const QCommandLineParser &parser, const QCommandLineOption &size,
                                   const char *command, const QSize &defaultSize,
                                   const QCommandLineOption *image)
{
    if (!parser.isSet(size))
        return defaultSize;
    const auto parsed = parseImageSize(parser.value(size));
    if (const QString *error = std::get_if<QString>(&parsed)) {
        err() << "taskline " << command << ": " << *error << Qt::endl;
        return std::nullopt;
    }
    if (image && !parser.isSet(*image)) {
        err() << "taskline " << command << ": --size applies to --image; add --image OUT.png"
              << Qt::endl;
        return std::nullopt;
    }
    return std::get<QSize>(parsed);
}

std::variant<LoadedScenario, int> loadScenarioForCommand(const QCommandLineParser &parser,
                                                         const OverrideOptions &overrides,
                                                         const char *command)
{
    const std::optional<RunOverrides> o = overrides.read(parser, command);
    if (!o)
        return 2;
    LoadedScenario loaded;
    loaded.path = parser.positionalArguments().constFirst();
    PlanResult result = loadScenarioFile(loaded.path);
    if (const auto *error = std::get_if<ScenarioError>(&result))
        return reportError(*error);
    loaded.plan = std::get<PlanPtr>(std::move(result));
    loaded.config = o->resolve(loaded.plan->scenario());
    return loaded;
}

QString scenarioTitle(const Plan &plan, const QString &path)
{
    const QString name = plan.scenario().name;
    const QString file = QFileInfo(path).fileName();
    return name.isEmpty() ? file : name + QStringLiteral("  (") + file + QLatin1Char(')');
}

namespace {
QString ms(double value)
{
    return QString::number(value, 'f', value < 10 ? 2 : 1) + QStringLiteral(" ms");
}

QString percentileLine(const Percentiles &p)
{
    return QStringLiteral("p50 %1  p95 %2  p99 %3  max %4")
        .arg(ms(p.p50), ms(p.p95), ms(p.p99), ms(p.max));
}
} // namespace

void printSummary(const QString &title, const QString &what, const Trace &trace, const Metrics &m,
                  double sequentialMs, double predictedMs)
{
    QTextStream &o = out();
    const RunConfig &c = trace.config;
    o << title << "\n" << what << " on " << c.threads << (c.threads == 1 ? " thread" : " threads");
    if (trace.predicted)
        o << ", " << c.cores << (c.cores == 1 ? " core" : " cores");
    o << ", " << modeName(c.mode) << " mode, seed " << c.seed << "\n";
    o << "  tasks        " << m.tasks << " (" << m.attempts << " attempts)\n";
    o << "  makespan     " << ms(m.makespanMs);
    if (sequentialMs > 0 && m.makespanMs > 0) {
        o << "  (sequential " << ms(sequentialMs) << ", speedup "
          << QString::number(sequentialMs / m.makespanMs, 'f', 2) << "x)";
    }
    o << "\n";
    if (predictedMs > 0) {
        const double gap = m.makespanMs - predictedMs;
        o << "  predicted    " << ms(predictedMs) << "  (measured " << (gap >= 0 ? "+" : "")
          << ms(gap) << ", " << (gap >= 0 ? "+" : "")
          << QString::number(100.0 * gap / predictedMs, 'f', 1) << "%)\n";
    }
    o << "  status      ";
    for (int s = 0; s < AttemptStatusCount; ++s)
        o << " " << statusName(AttemptStatus(s)) << " " << m.status[std::size_t(s)];
    o << "\n  parallelism  " << QString::number(m.parallelism, 'f', 2) << "   utilization "
      << QString::number(100.0 * m.utilization, 'f', 1) << "%\n"
      << "  throughput   " << QString::number(m.throughputPerS, 'f', 1) << " tasks/s\n"
      << "  queue wait   " << percentileLine(m.waitMs) << "\n"
      << "  latency      " << percentileLine(m.latencyMs) << Qt::endl;
}

} // namespace Taskline::Cli
