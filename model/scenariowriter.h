#pragma once

#include "scenario.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace Taskline {

enum class JsonStyle : quint8 {
    Pretty,  // one top-level key per line, one task per line, as in the SPEC's example
    Compact, // no white space, for embedding (a trace's otherData)
};

/*!
 * Writes a scenario as format-v1 JSON (SPEC section 2) with only the fields that differ from
 * their defaults, so that parseScenario(writeScenario(s)) == s for any valid scenario.
 * Numbers are written in their shortest exact form; seeds keep all 64 bits.
 */
QByteArray writeScenario(const Scenario &scenario, JsonStyle style = JsonStyle::Pretty);

/*! Writes the scenario to `path` atomically; the reason on failure, nullopt on success. */
std::optional<QString> saveScenario(const Scenario &scenario, const QString &path);

} // namespace Taskline
