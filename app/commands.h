#pragma once

#include <QStringList>

namespace Taskline::Cli {

// One function per headless command; each takes argv (program name first, command second)
// and returns the exit code.
int validateCommand(const QStringList &arguments);
int predictCommand(const QStringList &arguments);
int runCommand(const QStringList &arguments);
int renderCommand(const QStringList &arguments);
int sweepCommand(const QStringList &arguments);

} // namespace Taskline::Cli
