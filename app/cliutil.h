#pragma once

#include "scenario.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <memory>
#include <optional>
#include <variant>

namespace Taskline {
class Plan;
struct Metrics;
struct ScenarioError;
struct Trace;
} // namespace Taskline

namespace Taskline::Cli {

QTextStream &out();
QTextStream &err();

/*! A headless command: its name, one-line synopsis and summary for --help. */
struct Command
{
    const char *name;
    const char *synopsis;
    const char *summary;
    int (*run)(const QStringList &arguments);
};

/*! Adds --help/--version and the FILE argument, parses `arguments` (argv, command second).
 *  Returns an exit code when the arguments are already handled (help, version, a usage
 *  error), else nullopt and the parser holds exactly one positional FILE. */
std::optional<int> parseArguments(QCommandLineParser &parser, const Command &command,
                                  const QStringList &arguments);

/*! Prints a load error; returns 3 for an unreadable file, else 2. */
int reportError(const ScenarioError &error);

/*! --threads, --mode, --seed and --cores, checked with the same limits as the file format. */
class OverrideOptions
{
public:
    /*! Which options a command takes (`sweep` has its own --threads and no --mode). */
    enum Field { Threads = 1, Mode = 2, Seed = 4, Cores = 8, All = 15 };
    explicit OverrideOptions(int fields = All) : m_fields(fields) {}

    void addTo(QCommandLineParser &parser) const;
    /*! The overrides given, or nullopt after printing what is wrong. */
    std::optional<RunOverrides> read(const QCommandLineParser &parser, const char *command) const;

private:
    bool has(Field f) const { return m_fields & f; }

    int m_fields = All;
    QCommandLineOption m_threads{QStringLiteral("threads"),
                                 QStringLiteral("Pool size, 1..256 (default: the scenario's)."),
                                 QStringLiteral("N")};
    QCommandLineOption m_mode{QStringLiteral("mode"),
                              QStringLiteral("pool or sequential (default: the scenario's)."),
                              QStringLiteral("M")};
    QCommandLineOption m_seed{
        QStringLiteral("seed"),
        QStringLiteral("Seed of jitter and failures (default: the scenario's)."),
        QStringLiteral("S")};
    QCommandLineOption m_cores{QStringLiteral("cores"),
                               QStringLiteral("Cores the cpu tasks share in the prediction "
                                              "(default: this machine's)."),
                               QStringLiteral("C")};
};

/*! --json, shared by every command. */
QCommandLineOption jsonOption();

/*! --size WxH, shared by every command that draws an image; `defaultSize` is in its help. */
QCommandLineOption sizeOption(const QSize &defaultSize);

/*! The smallest and largest image sides --size accepts. */
constexpr QSize MinImageSize(200, 150);
constexpr int MaxImageSide = 20000;

/*! "1600x900" as an image size within MinImageSize..MaxImageSide, else the message
 *  (`--size: expected WxH like 1600x900, got "..."`). */
std::variant<QSize, QString> parseImageSize(const QString &text);

/*! The --size given, else `defaultSize`; nullopt after printing "taskline COMMAND: --size: ..."
 *  for a bad size, or for a size given without `image` when `image` is not null. */
std::optional<QSize> readImageSize(const QCommandLineParser &parser, const QCommandLineOption &size,
                                   const char *command, const QSize &defaultSize,
                                   const QCommandLineOption *image = nullptr);

/*! A command's scenario, loaded, with its overrides applied. */
struct LoadedScenario
{
    QString path;
    std::shared_ptr<const Plan> plan;
    RunConfig config;
};

/*! Reads the overrides and loads the parser's FILE; on failure prints why and returns the
 *  exit code (2 invalid, 3 unreadable) instead. */
std::variant<LoadedScenario, int> loadScenarioForCommand(const QCommandLineParser &parser,
                                                         const OverrideOptions &overrides,
                                                         const char *command);

/*! "Scenario name  (file.json)". */
QString scenarioTitle(const Plan &plan, const QString &path);

/*! The human summary of a measured or predicted trace. `sequentialMs` and `predictedMs` are
 *  printed when positive. */
void printSummary(const QString &title, const QString &what, const Trace &trace,
                  const Metrics &metrics, double sequentialMs, double predictedMs);

} // namespace Taskline::Cli
