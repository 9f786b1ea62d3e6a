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

/*! The range the loader allows a numeric task field, by its key ("duration_ms"). */
struct FieldRange
{
    double min = 0;
    double max = 0;
    bool minExclusive = false; // (min, max]: timeout_ms, where 0 means "no timeout"
    bool integer = false;
};

/*! The range of the numeric task field `key`; nullopt for a key that is not a number. */
std::optional<FieldRange> taskFieldRange(QStringView key);

/*! Estimated duration of a `file` task without duration_ms: write + read back + verify. */
double estimatedFileMs(qint64 bytes);

} // namespace Taskline
