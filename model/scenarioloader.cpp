#include "scenarioloader.h"

#include "jsonreader.h"
#include "scenarioparser_p.h"

#include <exception>
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
