#pragma once

// The scenario the editor tests edit, and the built-in examples they save and load.

#include "scenarioloader.h"

#include <QDir>
#include <QStringList>

namespace Taskline::TestSupport {

inline const char SmallScenario[] = R"({
  "taskline": 1,
  "name": "Editor test",
  "description": "Four fetches, a parse, a flaky timer, a save.",
  "threads": 2,
  "seed": 3,
  "tasks": [
    {"id": "fetch", "kind": "io", "duration_ms": 5, "count": 4, "jitter": 0.2},
    {"id": "parse", "kind": "cpu", "duration_ms": 2, "after": ["fetch"]},
    {"id": "notify", "kind": "timer", "duration_ms": 5, "after": ["parse"],
     "fail_rate": 0.5, "retries": 3, "error": "flaky"},
    {"id": "save", "kind": "file", "bytes": 65536, "after": ["parse"], "timeout_ms": 2000}
  ]
})";

inline Scenario smallScenario()
{
    auto result = parseScenario(QByteArray(SmallScenario));
    if (auto *e = std::get_if<ScenarioError>(&result))
        qFatal("%s", qPrintable(e->text()));
    return std::get<Scenario>(result);
}

inline Scenario readBack(const QString &path)
{
    auto result = readScenarioFile(path);
    if (auto *e = std::get_if<ScenarioError>(&result)) {
        qWarning("%s", qPrintable(e->text()));
        return {};
    }
    return std::get<Scenario>(result);
}

inline QStringList exampleFiles()
{
    const QDir dir(QStringLiteral(TASKLINE_SOURCE_DIR "/resources/scenarios"));
    QStringList files;
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files))
        files.append(dir.filePath(name));
    return files;
}

} // namespace Taskline::TestSupport
