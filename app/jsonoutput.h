#pragma once

#include <QJsonObject>

namespace Taskline {
struct Metrics;
struct Trace;
} // namespace Taskline

namespace Taskline::Cli {

/*! The keys shared by `run --json` and `predict --json` (SPEC section 9), from one trace. */
QJsonObject metricsJson(const Trace &trace, const Metrics &metrics);

/*! Pretty-free single-line JSON for stdout. */
QByteArray toLine(const QJsonObject &object);

} // namespace Taskline::Cli
