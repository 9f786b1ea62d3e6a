#include "taskparser_p.h"

#include "jsonreader.h"
#include "plan.h"
#include "scenariorules.h"
#include "scenariorules_p.h"
#include "scenariovalues_p.h"
#include "suggest.h"

namespace Taskline {

using namespace Rules;
using namespace ScenarioValues;

namespace {

constexpr quint32 bit(Field f)
{
    return 1u << int(f);
}

// A problem in a task, held until the task's id is known (it may come later in the object).
struct TaskProblem
{
    QString place;
    QString what;       // "place (id): what"
    QString lead, tail; // or "lead (id)tail", for a problem with the object as a whole
    qint64 offset = -1;
};

// `after`: an array of ids; whether they name tasks is Plan::build's to say.
Got readAfter(JsonValue &value, TaskList &tasks, QString &what, int &badElement, qint64 &badOffset)
{
    const Rule &r = rule(Field::After);
    const JsonType type = value.type();
    if (type != JsonType::Array)
        return type == JsonType::Invalid ? Got::Broken : wrongType(value, type, r, what);
    int k = 0;
    Got got = Got::Ok;
    value.forEachElement([&](JsonValue &element) {
        const JsonType t = element.type();
        std::string_view id;
        if (t == JsonType::String) {
            if (!element.toString(id)) {
                got = Got::Broken;
                return false;
            }
            tasks.addAfterUtf8(id);
            ++k;
            return true;
        }
        const std::optional<QString> shown =
            t == JsonType::Invalid ? std::nullopt : describe(element, t);
        if (!shown) {
            got = Got::Broken;
            return false;
        }
        got = Got::Bad;
        what = QStringLiteral("must be a task id (a string), got ") + *shown;
        badElement = k;
        badOffset = element.offset();
        return false;
    });
    return got;
}

} // namespace

void TaskParser::fail(ScenarioError e, qint64 offset)
{
    if (m_error)
        return;
    m_error = std::move(e);
    m_errorOffset = offset;
}

bool TaskParser::parse(JsonValue &v, int index, qint64 taskOffset, TaskList &tasks)
{
    TaskParams task;
    std::string_view &idText = m_id;
    idText = {};
    QString error;
    m_taskOffset = taskOffset;
    quint32 seen = 0;
    qint64 countOffset = -1, bytesOffset = -1;
    std::optional<TaskProblem> problem;
    QString laterId;

    auto fieldProblem = [&](const QString &place, const QString &what, qint64 offset) {
        problem = TaskProblem{place, what, {}, {}, offset};
        return !(seen & bit(Field::Id)); // read on only to learn the id
    };
    auto objectProblem = [&](const QString &lead, const QString &tail, const QString &place,
                             qint64 offset) {
        problem = TaskProblem{place, {}, lead, tail, offset};
        return !(seen & bit(Field::Id));
    };

    const bool complete = v.forEachField([&](std::string_view key, JsonValue &value) {
        if (problem) {
            std::string_view id;
            if (key == "id" && value.type() == JsonType::String && value.toString(id)) {
                laterId = toQString(id);
                return false;
            }
            return true;
        }
        const std::optional<Field> field = fieldFromKey(key);
        if (!field) {
            const QString near = closestMatch(toQString(key), fieldKeys());
            return objectProblem(
                QStringLiteral("unknown key %1 in %2").arg(quoted(key), taskPlace(index)),
                near.isEmpty() ? QStringLiteral("; a task's keys are ") + keyList(fieldKeys())
                               : QStringLiteral("; did you mean \"%1\"?").arg(near),
                taskPlace(index), value.keyOffset());
        }
        if (seen & bit(*field)) {
            return objectProblem(
                QStringLiteral("duplicate key %1 in %2").arg(quoted(key), taskPlace(index)),
                QStringLiteral("; each key may appear only once"),
                taskPlace(index, rule(*field).key), value.keyOffset());
        }
        seen |= bit(*field);
        const Rule &r = rule(*field);
        QString what;
        Got got = Got::Ok;
        qint64 integer = 0;
        int badElement = -1; // of `after`
        qint64 badOffset = -1;
        switch (*field) {
        case Field::Id: {
            std::string_view id;
            got = readText(value, r, id, what);
            if (got == Got::Ok) {
                idText = id;
                if (!isValidId(id)) {
                    what = checkId(toQString(id));
                    got = Got::Bad;
                }
            }
            break;
        }
        case Field::Kind:
            got = readEnum(value, r, task.kind, what);
            break;
        case Field::DurationMs:
            got = readNumber(value, r, task.durationMs, what);
            break;
        case Field::StartMs:
            got = readNumber(value, r, task.startMs, what);
            break;
        case Field::After:
            got = readAfter(value, tasks, what, badElement, badOffset);
            break;
        case Field::Count:
            countOffset = value.offset();
            got = readInteger(value, r, integer, what);
            task.count = quint32(integer);
            break;
        case Field::StaggerMs:
            got = readNumber(value, r, task.staggerMs, what);
            break;
        case Field::Jitter:
            got = readNumber(value, r, task.jitter, what);
            break;
        case Field::FailRate:
            got = readNumber(value, r, task.failRate, what);
            break;
        case Field::Error: {
            std::string_view text;
            got = readText(value, r, text, what);
            if (got == Got::Ok)
                error = toQString(text);
            break;
        }
        case Field::Retries:
            got = readInteger(value, r, integer, what);
            task.retries = int(integer);
            break;
        case Field::RetryDelayMs:
            got = readNumber(value, r, task.retryDelayMs, what);
            break;
        case Field::TimeoutMs:
            got = readNumber(value, r, task.timeoutMs, what);
            break;
        case Field::Bytes:
            bytesOffset = value.offset();
            got = readInteger(value, r, task.bytes, what);
            break;
        case Field::Priority:
            got = readInteger(value, r, integer, what);
            task.priority = int(integer);
            break;
        case Field::Weight:
            got = readNumber(value, r, task.weight, what);
            break;
        case Field::Shape:
            got = readEnum(value, r, task.shape, what);
            break;
        }
        if (got == Got::Broken)
            return false;
        if (got == Got::Bad) {
            QString place = taskPlace(index, r.key);
            if (badElement >= 0)
                place += QLatin1Char('[') + QString::number(badElement) + QLatin1Char(']');
            return fieldProblem(place, what, badOffset >= 0 ? badOffset : value.offset());
        }
        return true;
    });

    if (problem) {
        const QString id = idText.empty() ? laterId : toQString(idText);
        ScenarioError e;
        e.place = problem->place;
        e.taskId = id;
        if (problem->lead.isEmpty()) {
            // An invalid id is quoted in `what` already.
            const bool aboutId = problem->place == taskPlace(index, rule(Field::Id).key);
            e.message = taskMessage(e.place, aboutId ? QString() : id, problem->what);
        } else {
            e.message =
                problem->lead +
                (id.isEmpty() ? QString() : QStringLiteral(" (\"") + id + QStringLiteral("\")")) +
                problem->tail;
        }
        fail(std::move(e), problem->offset);
        return false;
    }
    if (!complete || m_reader.hasError())
        return false;
    if (!finish(task, idText, index, seen, countOffset, bytesOffset))
        return false;
    tasks.appendUtf8(task, idText, error);
    m_id = {};
    return true;
}

bool TaskParser::finish(TaskParams &task, std::string_view id, int index, quint32 seen,
                        qint64 countOffset, qint64 bytesOffset)
{
    auto error = [&](Field key, const QString &what, qint64 offset) {
        fail(taskError(index, key, toQString(id), what), offset);
        return false;
    };
    if (!(seen & bit(Field::Id)))
        return error(Field::Id, missingId(), m_taskOffset);
    if (task.kind == TaskKind::File) {
        if (!(seen & bit(Field::Bytes)))
            return error(Field::Bytes, missingBytes(), m_taskOffset);
        if (!(seen & bit(Field::DurationMs))) {
            task.hasDuration = false;
            task.durationMs = estimatedFileMs(task.bytes);
        }
    } else {
        if (seen & bit(Field::Bytes))
            return error(Field::Bytes, bytesNotForKind(task.kind), bytesOffset);
        if (!(seen & bit(Field::DurationMs)))
            return error(Field::DurationMs, missingDuration(task.kind), m_taskOffset);
    }
    task.fanOut = (seen & bit(Field::Count)) != 0;
    // Checked as the file is read, so a huge expansion fails before it costs memory.
    m_expanded += task.count;
    if (m_expanded > MaxExpandedTasks)
        return error(Field::Count, tooManyTasks(), countOffset >= 0 ? countOffset : m_taskOffset);
    return true;
}

} // namespace Taskline
