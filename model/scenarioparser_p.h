#pragma once

// Private to taskline_model: the parser behind parseScenario() and the other loaders.

#include "scenarioloader.h"

#include <QString>

namespace Taskline {

class JsonReader;

/*!
 * Parses scenario format version 1 from the document `reader` holds into a Scenario, stopping
 * at the first problem; `file` labels the messages, which carry line and column.
 */
ScenarioResult parseScenarioJson(JsonReader &reader, const QString &file);

/*!
 * The same for a document whose "tasks" array was read already (it must be empty in the
 * document, "tasks": []): `tasks` become the scenario's tasks.
 */
ScenarioResult parseScenarioJson(JsonReader &reader, const QString &file, TaskList tasks);

} // namespace Taskline
