#pragma once

#include <QStringList>

#include <memory>

namespace Taskline {
struct RunConfig;
class Plan;
} // namespace Taskline

namespace Taskline::Cli {

/*! Exit codes of the headless commands (SPEC section 9). */
enum ExitCode { Success = 0, InvalidInput = 2, IoError = 3, Cancelled = 130 };

/*! True when `arguments` (argv, program name first) name a headless command. */
bool isCommand(const QStringList &arguments);

/*! Runs a headless command; returns the process exit code. Needs a QCoreApplication. */
int run(const QStringList &arguments);

struct Command;
/*! The command table entry of `name` (for --help texts). */
const Command &command(const char *name);

/*! The prediction's makespan of the sequential baseline: the speedup's denominator. */
double sequentialMakespanMs(const std::shared_ptr<const Plan> &plan, const RunConfig &config);

} // namespace Taskline::Cli
