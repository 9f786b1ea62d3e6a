#include "scenariostream_p.h"

#include "jsonchunks.h"
#include "jsonreader.h"
#include "scenarioparser_p.h"
#include "taskbatchreader_p.h"

#include <QFileInfo>

namespace Taskline {

namespace {
std::optional<Scenario> stream(JsonChunks &chunks, qint64 bytes, const QString &file)
{
    TaskList tasks;
    // Room for the tasks a document of this size may hold: capacity never touched costs no
    // memory, and a million tasks are not moved again and again as the list grows.
    tasks.reserve(qMin<qint64>(bytes / 40, qint64(MaxExpandedTasks) + 1));
    TaskBatchReader reader(tasks);
    QByteArrayView batch;
    while (chunks.next(batch)) {
        if (chunks.rootIsArray() || !reader.read(batch))
            return std::nullopt;
    }
    if (chunks.failed() || chunks.rootIsArray())
        return std::nullopt;
    JsonReader rest;
    rest.setView(chunks.rest());
    ScenarioResult result = parseScenarioJson(rest, file, std::move(tasks));
    if (Scenario *s = std::get_if<Scenario>(&result))
        return std::move(*s);
    return std::nullopt;
}
} // namespace

std::optional<Scenario> streamScenarioFile(const QString &path)
{
    const QFileInfo info(path);
    if (!info.isFile())
        return std::nullopt;
    JsonChunks chunks("tasks");
    if (!chunks.openFile(path))
        return std::nullopt;
    return stream(chunks, info.size(), path);
}

std::optional<Scenario> streamScenarioData(QByteArrayView json, const QString &file)
{
    JsonChunks chunks("tasks");
    chunks.openData(json);
    return stream(chunks, json.size(), file);
}

} // namespace Taskline
