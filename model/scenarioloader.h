#pragma once

#include "plan.h"
#include "scenarioerror.h"

#include <QByteArrayView>
#include <QString>

#include <variant>

namespace Taskline {

using ScenarioResult = std::variant<Scenario, ScenarioError>;
using PlanResult = std::variant<PlanPtr, ScenarioError>;

/*!
 * Parses scenario format version 1 (SPEC section 2): syntax, types, ranges, unknown keys
 * (with the nearest known key suggested), duplicate keys. `file` labels the messages.
 * Never throws, whatever the bytes.
 */
ScenarioResult parseScenario(QByteArrayView json, const QString &file = {});

/*! Reads and parses a file; an unreadable file gives an error with `io` set. */
ScenarioResult readScenarioFile(const QString &path);

/*! readScenarioFile() then Plan::build(): a plan ready to run or predict, or the first error. */
PlanResult loadScenarioFile(const QString &path);

/*! parseScenario() then Plan::build(). */
PlanResult loadScenario(QByteArrayView json, const QString &file = {});

} // namespace Taskline
