#pragma once

#include <QStringList>

namespace Taskline::Cli {

/*! Exit codes of the headless commands (SPEC section 9). */
enum ExitCode { Success = 0, InvalidInput = 2, IoError = 3 };

/*! True when `arguments` (argv, program name first) name a headless command. */
bool isCommand(const QStringList &arguments);

/*! Runs a headless command; returns the process exit code. Needs a QCoreApplication. */
int run(const QStringList &arguments);

} // namespace Taskline::Cli
