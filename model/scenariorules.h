#pragma once

#include "scenario.h"
#include "scenarioerror.h"

#include <optional>

namespace Taskline {

/*!
 * The field rules of scenario format version 1, shared by the loader and any editor, so a
 * value typed in a cell is judged, and explained, exactly as one read from a file.
 */

/*! Checks the top-level fields (threads, seed, ...) of a scenario built in memory. */
std::optional<ScenarioError> checkScenarioFields(const Scenario &scenario);

/*! Checks every field of tasks[index] (ranges, id syntax, kind-specific rules). */
std::optional<ScenarioError> checkTaskFields(const TaskSpec &task, int index);

/*! checkScenarioFields, checkTaskFields on every task, then Plan::build's graph rules. */
std::optional<ScenarioError> validateScenario(const Scenario &scenario);

/*! Estimated duration of a `file` task without duration_ms: write + read back + verify. */
double estimatedFileMs(qint64 bytes);

} // namespace Taskline
