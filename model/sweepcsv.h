#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace Taskline {

struct Sweep;

/*! One CSV row per thread count: threads, predicted and measured makespan (ms, empty when not
 *  measured), speedups, efficiencies, and whether it is the recommended count. */
QByteArray sweepCsv(const Sweep &sweep);

/*! Writes sweepCsv() to `path` atomically; the reason on failure, else nullopt. */
std::optional<QString> exportSweepCsv(const Sweep &sweep, const QString &path);

} // namespace Taskline
