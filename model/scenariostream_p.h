#pragma once

// Private to taskline_model: the loader's fast path for a scenario file.

#include "scenario.h"

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace Taskline {

/*!
 * Reads a valid scenario file in bounded memory: the "tasks" array in batches (JsonChunks)
 * straight into the compact task list (TaskBatchReader), then the rest of the document with
 * the general parser. nullopt on anything unusual or wrong, without saying what: the caller
 * then reads the whole file the general way, whose messages say where and why. Regular files
 * only (a pipe cannot be read twice).
 */
std::optional<Scenario> streamScenarioFile(const QString &path);

/*! The same over a document in memory (read in chunks all the same); `file` labels nothing. */
std::optional<Scenario> streamScenarioData(QByteArrayView json, const QString &file = {});

} // namespace Taskline
