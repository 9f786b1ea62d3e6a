#include "scenarioloader.h"

#include "jsonreader.h"
#include "scenarioparser_p.h"
#include "scenariostream_p.h"
#include "scenariorules_p.h"

#include <QFile>
#include <QFileInfo>

#include <exception>
#include <optional>
#include <functional>

namespace Taskline {

namespace {

/*! Where a place such as "tasks[2].after[1]" is in the document: for Plan::build's errors. */
qint64 locate(JsonReader &reader, const QString &place)
{
    struct Step
    {
        QByteArray key;
        int index = -1;
    };
    QList<Step> steps;
    for (const QString &part : place.split(QLatin1Char('.'), Qt::SkipEmptyParts)) {
        Step step;
        const qsizetype bracket = part.indexOf(QLatin1Char('['));
        step.key = part.left(bracket).toUtf8();
        if (bracket >= 0)
            step.index = part.mid(bracket + 1, part.size() - bracket - 2).toInt();
        steps.append(step);
    }
    qint64 found = -1;
    // Depth is bounded by the place's few steps.
    std::function<void(JsonValue &, int)> descend = [&](JsonValue &v, int k) {
        if (k == steps.size()) {
            found = v.offset();
            return;
        }
        if (v.type() != JsonType::Object)
            return;
        const Step &step = steps[k];
        v.forEachField([&](std::string_view key, JsonValue &member) {
            if (key != std::string_view(step.key.constData(), size_t(step.key.size())))
                return true;
            if (step.index < 0) {
                descend(member, k + 1);
                return false;
            }
            if (member.type() != JsonType::Array)
                return false;
            int i = 0;
            member.forEachElement([&](JsonValue &element) {
                if (i++ != step.index)
                    return true;
                if (k + 1 == steps.size())
                    found = element.offset();
                else
                    descend(element, k + 1);
                return false;
            });
            return false;
        });
    };
    reader.parse([&](JsonValue &root) {
        descend(root, 0);
        return false;
    });
    return found;
}

PlanResult build(JsonReader &reader, const QString &file)
{
    ScenarioResult parsed = parseScenarioJson(reader, file);
    if (auto *e = std::get_if<ScenarioError>(&parsed))
        return std::move(*e);
    PlanResult built = Plan::build(std::move(std::get<Scenario>(parsed)), file);
    if (auto *e = std::get_if<ScenarioError>(&built)) {
        const qint64 offset = locate(reader, e->place);
        if (offset >= 0) {
            const JsonPosition p = reader.position(offset);
            e->line = p.line;
            e->column = p.column;
        }
    }
    return built;
}

ScenarioError ioError(const QString &path, const QString &reason)
{
    ScenarioError e;
    e.file = path;
    e.io = true;
    e.message = QStringLiteral("cannot read \"%1\": %2").arg(path, reason);
    return e;
}

// Files above this size are read whole only when their first bytes can begin a scenario.
constexpr qint64 HeadCheckAbove = qint64(64) << 20;
constexpr qint64 HeadBytes = qint64(64) << 10;

/*!
 * A large file that cannot be a scenario fails at once, in bounded memory, with the error the
 * whole parse would give: a JSON array, or an object whose first key is no scenario key (a
 * trace's "traceEvents", say). nullopt when the file may be a scenario or cannot be checked
 * (then the whole read says what is wrong).
 */
std::optional<ScenarioError> rejectByHead(const QString &path)
{
    // Only regular files: opening a FIFO twice would lose what its writer sent the first time.
    const QFileInfo info(path);
    if (!info.isFile() || info.size() <= HeadCheckAbove)
        return std::nullopt;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.isSequential())
        return std::nullopt;
    const QByteArray head = file.read(HeadBytes);
    const qsizetype bom = head.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    qsizetype i = bom;
    auto skipSpace = [&] {
        while (i < head.size() && (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' ||
                                   head[i] == '\r'))
            ++i;
    };
    skipSpace();
    if (i >= head.size())
        return std::nullopt;
    QByteArray standIn; // a small document that the parser rejects for the same reason
    if (head[i] == '[') {
        standIn = "[]";
    } else if (head[i] == '{') {
        ++i;
        skipSpace();
        const qsizetype close = i < head.size() && head[i] == '"' ? head.indexOf('"', i + 1) : -1;
        if (close < 0)
            return std::nullopt;
        const QByteArray key = head.mid(i + 1, close - i - 1);
        if (key.contains('\\') || Rules::topFromKey(std::string_view(key.constData(), size_t(key.size()))))
            return std::nullopt;
        standIn = "{\"" + key + "\": null}";
    } else {
        return std::nullopt;
    }
    JsonReader reader;
    reader.setData(standIn);
    ScenarioResult result = parseScenarioJson(reader, path);
    auto *e = std::get_if<ScenarioError>(&result);
    if (!e)
        return std::nullopt;
    JsonReader place;
    place.setData(head);
    const JsonPosition p = place.position(i - bom);
    e->line = p.line;
    e->column = p.column;
    return std::move(*e);
}

// The loader never throws; this keeps it so when memory runs out.
template <typename Result, typename F> Result guarded(const QString &file, F f)
{
    try {
        return f();
    } catch (const std::exception &ex) {
        ScenarioError e;
        e.file = file;
        e.message = QStringLiteral("could not load the scenario: %1")
                        .arg(QString::fromLocal8Bit(ex.what()));
        return e;
    } catch (...) {
        ScenarioError e;
        e.file = file;
        e.message = QStringLiteral("could not load the scenario: an unexpected error");
        return e;
    }
}

} // namespace

ScenarioResult parseScenario(QByteArrayView json, const QString &file)
{
    return guarded<ScenarioResult>(file, [&]() -> ScenarioResult {
        JsonReader reader;
        reader.setData(json);
        return parseScenarioJson(reader, file);
    });
}

ScenarioResult readScenarioFile(const QString &path)
{
    return guarded<ScenarioResult>(path, [&]() -> ScenarioResult {
        if (auto e = rejectByHead(path))
            return std::move(*e);
        if (std::optional<Scenario> streamed = streamScenarioFile(path))
            return std::move(*streamed);
        JsonReader reader;
        QString reason;
        if (!reader.readFile(path, &reason))
            return ioError(path, reason);
        return parseScenarioJson(reader, path);
    });
}

PlanResult loadScenarioFile(const QString &path)
{
    return guarded<PlanResult>(path, [&]() -> PlanResult {
        if (auto e = rejectByHead(path))
            return std::move(*e);
        if (std::optional<Scenario> streamed = streamScenarioFile(path)) {
            PlanResult built = Plan::build(std::move(*streamed), path);
            streamed.reset();
            // A graph error is located in the file by the whole-file path below.
            if (std::holds_alternative<PlanPtr>(built))
                return built;
        }
        JsonReader reader;
        QString reason;
        if (!reader.readFile(path, &reason))
            return ioError(path, reason);
        return build(reader, path);
    });
}

PlanResult loadScenario(QByteArrayView json, const QString &file)
{
    return guarded<PlanResult>(file, [&]() -> PlanResult {
        JsonReader reader;
        reader.setData(json);
        return build(reader, file);
    });
}

} // namespace Taskline
