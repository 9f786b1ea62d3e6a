#include "scenarioloader.h"

#include "jsonreader.h"
#include "scenariorules.h"
#include "scenariorules_p.h"
#include "suggest.h"

#include <cmath>
#include <exception>
#include <functional>

namespace Taskline {

using namespace Rules;

namespace {

constexpr quint32 bit(Field f)
{
    return 1u << int(f);
}
constexpr quint32 bit(Top t)
{
    return 1u << int(t);
}

QString quoted(std::string_view text, int limit = 40)
{
    QString s = QString::fromUtf8(text.data(), qsizetype(text.size()));
    if (s.size() > limit)
        s = s.left(limit) + QStringLiteral("...");
    return QLatin1Char('"') + s + QLatin1Char('"');
}

QString show(const JsonNumber &n)
{
    switch (n.kind) {
    case JsonNumber::Kind::Int64:
        return QString::number(n.int64);
    case JsonNumber::Kind::UInt64:
        return QString::number(n.uint64);
    case JsonNumber::Kind::Double:
        break;
    }
    return formatNumber(n.real);
}

QString keyList(const QStringList &keys)
{
    QStringList quotedKeys;
    for (const QString &k : keys)
        quotedKeys.append(QLatin1Char('"') + k + QLatin1Char('"'));
    return quotedKeys.join(QStringLiteral(", "));
}

/*! What a rule was given instead, for "got ...": reads the value. Empty if it is broken JSON. */
std::optional<QString> describe(JsonValue &v, JsonType type)
{
    switch (type) {
    case JsonType::Null:
        return QStringLiteral("null");
    case JsonType::Bool: {
        bool b = false;
        if (!v.toBool(b))
            return std::nullopt;
        return b ? QStringLiteral("true") : QStringLiteral("false");
    }
    case JsonType::Number: {
        JsonNumber n;
        if (!v.toNumber(n))
            return std::nullopt;
        return show(n);
    }
    case JsonType::String: {
        std::string_view s;
        if (!v.toString(s))
            return std::nullopt;
        return QStringLiteral("the string ") + quoted(s);
    }
    case JsonType::Array:
        return QStringLiteral("an array");
    case JsonType::Object:
        return QStringLiteral("an object");
    case JsonType::Invalid:
        break;
    }
    return std::nullopt;
}

// The outcome of reading one field: fine, against a rule (`what` says why), or broken JSON.
enum class Got { Ok, Bad, Broken };

Got wrongType(JsonValue &v, JsonType type, const Rule &rule, QString &what)
{
    const std::optional<QString> got = describe(v, type);
    if (!got)
        return Got::Broken;
    what = wrongValue(rule, *got);
    return Got::Bad;
}

Got readNumber(JsonValue &v, const Rule &rule, double &out, QString &what)
{
    const JsonType type = v.type();
    if (type != JsonType::Number)
        return type == JsonType::Invalid ? Got::Broken : wrongType(v, type, rule, what);
    double value = 0;
    if (!v.toDouble(value))
        return Got::Broken;
    what = checkRange(rule, value);
    if (!what.isEmpty())
        return Got::Bad;
    out = value;
    return Got::Ok;
}

Got readInteger(JsonValue &v, const Rule &rule, qint64 &out, QString &what)
{
    const JsonType type = v.type();
    if (type != JsonType::Number)
        return type == JsonType::Invalid ? Got::Broken : wrongType(v, type, rule, what);
    JsonNumber n;
    if (!v.toNumber(n))
        return Got::Broken;
    // 2.0 and 1e3 are whole numbers too; 2.5 is not.
    what = checkInteger(rule, n.toDouble(), show(n));
    if (!what.isEmpty())
        return Got::Bad;
    out = qint64(n.toDouble());
    return Got::Ok;
}

Got readUInt64(JsonValue &v, const Rule &rule, quint64 &out, QString &what)
{
    const JsonType type = v.type();
    if (type != JsonType::Number)
        return type == JsonType::Invalid ? Got::Broken : wrongType(v, type, rule, what);
    JsonNumber n;
    if (!v.toNumber(n))
        return Got::Broken;
    constexpr double TwoTo64 = 18446744073709551616.0;
    switch (n.kind) {
    case JsonNumber::Kind::UInt64:
        out = n.uint64;
        return Got::Ok;
    case JsonNumber::Kind::Int64:
        if (n.int64 >= 0) {
            out = quint64(n.int64);
            return Got::Ok;
        }
        break;
    case JsonNumber::Kind::Double:
        if (n.real != std::trunc(n.real)) {
            what = QStringLiteral("must be an integer, got ") + show(n);
            return Got::Bad;
        }
        if (n.real >= 0 && n.real < TwoTo64) {
            out = quint64(n.real);
            return Got::Ok;
        }
        break;
    }
    what = wrongValue(rule, show(n));
    return Got::Bad;
}

Got readText(JsonValue &v, const Rule &rule, std::string_view &out, QString &what)
{
    const JsonType type = v.type();
    if (type != JsonType::String)
        return type == JsonType::Invalid ? Got::Broken : wrongType(v, type, rule, what);
    return v.toString(out) ? Got::Ok : Got::Broken;
}

template <typename Enum> Got readEnum(JsonValue &v, const Rule &rule, Enum &out, QString &what)
{
    std::string_view text;
    const Got got = readText(v, rule, text, what);
    if (got != Got::Ok)
        return got;
    const std::optional<int> value = enumFromName(rule, text);
    if (!value) {
        what = unknownName(rule, QString::fromUtf8(text.data(), qsizetype(text.size())));
        return Got::Bad;
    }
    out = Enum(*value);
    return Got::Ok;
}

QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

/*! Parses scenario format version 1 into a Scenario, stopping at the first problem. */
class Loader
{
public:
    Loader(JsonReader &reader, const QString &file) : m_reader(reader), m_file(file) {}

    ScenarioResult run()
    {
        if (m_reader.data().trimmed().isEmpty()) {
            ScenarioError e;
            e.message = QStringLiteral("the file is empty; a scenario is a JSON object such as "
                                       "{\"taskline\": 1, \"tasks\": [{\"id\": \"a\", "
                                       "\"duration_ms\": 100}]}");
            return finish(std::move(e), 0);
        }
        const bool parsed = m_reader.parse([this](JsonValue &root) { return parseRoot(root); });
        if (m_error)
            return finish(std::move(*m_error), m_errorOffset);
        if (m_reader.hasError())
            return syntaxError();
        if (!parsed) { // not expected: every stop above leaves an error behind
            ScenarioError e;
            e.message = QStringLiteral("the scenario could not be read");
            return finish(std::move(e), -1);
        }
        return std::move(m_scenario);
    }

private:
    // A problem in a task, held until the task's id is known (it may come later in the object).
    struct TaskProblem
    {
        QString place;
        QString what;       // "place (id): what"
        QString lead, tail; // or "lead (id)tail", for a problem with the object as a whole
        qint64 offset = -1;
    };

    JsonReader &m_reader;
    QString m_file;
    Scenario m_scenario;
    std::optional<ScenarioError> m_error;
    qint64 m_errorOffset = -1;
    quint32 m_seenTop = 0;
    bool m_versionSeen = false;
    quint64 m_expanded = 0;
    int m_task = -1; // the task being read, for syntax errors inside it
    qint64 m_taskOffset = -1;

    ScenarioError finish(ScenarioError e, qint64 offset)
    {
        e.file = m_file;
        if (offset >= 0) {
            const JsonPosition p = m_reader.position(offset);
            e.line = p.line;
            e.column = p.column;
        }
        return e;
    }

    void fail(ScenarioError e, qint64 offset)
    {
        if (m_error)
            return;
        m_error = std::move(e);
        m_errorOffset = offset;
    }

    ScenarioError syntaxError()
    {
        const JsonError &json = m_reader.error();
        ScenarioError e;
        // The reader knows the path to a syntax error; simdjson's own errors fall back on the
        // task being read.
        int task = -1;
        if (json.path.startsWith(QLatin1String("tasks["))) {
            const qsizetype close = json.path.indexOf(QLatin1Char(']'));
            bool ok = false;
            task = json.path.mid(6, close - 6).toInt(&ok);
            if (!ok)
                task = -1;
        } else if (json.path.isEmpty() && m_task >= 0 && json.offset >= m_taskOffset) {
            task = m_task;
        }
        if (task >= 0) {
            e.place = taskPlace(task);
            if (task < m_scenario.tasks.size())
                e.taskId = m_scenario.tasks[task].id;
            e.message =
                QStringLiteral("syntax error in ") + taskMessage(e.place, e.taskId, json.message);
        } else {
            e.message = QStringLiteral("syntax error: ") + json.message;
        }
        return finish(std::move(e), qMax<qint64>(json.offset, 0));
    }

    bool parseRoot(JsonValue &root)
    {
        const JsonType type = root.type();
        if (type == JsonType::Invalid)
            return false;
        if (type != JsonType::Object) {
            const std::optional<QString> got = describe(root, type);
            if (!got)
                return false;
            ScenarioError e;
            e.message = QStringLiteral("the document must be a JSON object such as "
                                       "{\"taskline\": 1, \"tasks\": [...]}, got ") +
                        *got;
            fail(std::move(e), root.offset());
            return false;
        }
        if (!root.forEachField(
                [this](std::string_view key, JsonValue &v) { return topField(key, v); }))
            return false;
        if (m_error || m_reader.hasError())
            return false;
        for (const Top key : {Top::Taskline, Top::Tasks}) {
            if (!(m_seenTop & bit(key))) {
                fail(topError(key, missingTop(key)), root.offset());
                return false;
            }
        }
        return true;
    }

    // After a problem, the rest of the top level is only read for the format version: a
    // version this program does not read explains any problem better.
    bool afterProblem() const { return !m_versionSeen; }

    bool topField(std::string_view key, JsonValue &v)
    {
        if (m_error) {
            if (key != "taskline" || m_versionSeen)
                return true;
            std::optional<ScenarioError> first = std::move(m_error);
            const qint64 firstOffset = m_errorOffset;
            m_error.reset();
            readVersion(v);
            if (!m_error) {
                m_error = std::move(first);
                m_errorOffset = firstOffset;
            }
            return false;
        }
        const std::optional<Top> top = topFromKey(key);
        if (!top) {
            const QString near = closestMatch(toQString(key), topKeys());
            ScenarioError e;
            e.message =
                QStringLiteral("unknown key %1 at the top level of the scenario; %2")
                    .arg(quoted(key),
                         near.isEmpty() ? QStringLiteral("the known keys are ") + keyList(topKeys())
                                        : QStringLiteral("did you mean \"%1\"?").arg(near));
            fail(std::move(e), v.keyOffset());
            return afterProblem();
        }
        if (m_seenTop & bit(*top)) {
            fail(topError(*top, QStringLiteral("duplicate key %1; each key may appear only once")
                                    .arg(quoted(key))),
                 v.keyOffset());
            return afterProblem();
        }
        m_seenTop |= bit(*top);
        const Rule &r = rule(*top);
        QString what;
        Got got = Got::Ok;
        switch (*top) {
        case Top::Taskline:
            readVersion(v);
            break;
        case Top::Name:
        case Top::Description: {
            std::string_view text;
            got = readText(v, r, text, what);
            if (got == Got::Ok)
                (*top == Top::Name ? m_scenario.name : m_scenario.description) = toQString(text);
            break;
        }
        case Top::Threads: {
            qint64 threads = 0;
            got = readInteger(v, r, threads, what);
            m_scenario.threads = int(threads);
            break;
        }
        case Top::Mode:
            got = readEnum(v, r, m_scenario.mode, what);
            break;
        case Top::Seed:
            got = readUInt64(v, r, m_scenario.seed, what);
            break;
        case Top::Tasks:
            parseTasks(v);
            break;
        }
        if (got == Got::Broken || m_reader.hasError())
            return false;
        if (got == Got::Bad)
            fail(topError(*top, what), v.offset());
        return m_error ? afterProblem() : true;
    }

    void readVersion(JsonValue &v)
    {
        const Rule &r = rule(Top::Taskline);
        const JsonType type = v.type();
        QString what;
        if (type != JsonType::Number) {
            if (type != JsonType::Invalid && wrongType(v, type, r, what) == Got::Bad)
                fail(topError(Top::Taskline, what), v.offset());
            return;
        }
        JsonNumber n;
        if (!v.toNumber(n))
            return;
        m_versionSeen = true;
        if (n.toDouble() != FormatVersion)
            fail(topError(Top::Taskline, unsupportedVersion(show(n))), v.offset());
    }

    void parseTasks(JsonValue &v)
    {
        const Rule &r = rule(Top::Tasks);
        const JsonType type = v.type();
        if (type != JsonType::Array) {
            QString what;
            if (type != JsonType::Invalid && wrongType(v, type, r, what) == Got::Bad)
                fail(topError(Top::Tasks, what), v.offset());
            return;
        }
        // Room for the tasks a file of this size likely holds (untouched capacity costs no
        // memory), so that a million tasks are not moved again and again as the list grows.
        const qsizetype estimate = m_reader.data().size() / 48;
        m_scenario.tasks.reserve(qMin<qsizetype>(estimate, qsizetype(MaxExpandedTasks) + 1));
        int index = 0;
        v.forEachElement([&](JsonValue &element) {
            const JsonType t = element.type();
            if (t == JsonType::Invalid)
                return false;
            if (t != JsonType::Object) {
                const std::optional<QString> got = describe(element, t);
                if (!got)
                    return false;
                ScenarioError e;
                e.place = taskPlace(index);
                e.message = e.place +
                            QStringLiteral(": must be a task object such as {\"id\": \"a\", "
                                           "\"duration_ms\": 100}, got ") +
                            *got;
                fail(std::move(e), element.offset());
                return false;
            }
            if (!parseTask(element, index))
                return false;
            ++index;
            return true;
        });
        if (!m_error && !m_reader.hasError() && index == 0)
            fail(topError(Top::Tasks, noTasks()), v.offset());
    }

    bool parseTask(JsonValue &v, int index)
    {
        m_task = index;
        m_taskOffset = v.offset();
        TaskSpec &task = m_scenario.tasks.emplaceBack();
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
                    if (isValidId(id)) {
                        task.id = QString::fromLatin1(id.data(), qsizetype(id.size()));
                    } else {
                        task.id = toQString(id);
                        what = checkId(task.id);
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
                got = readAfter(value, task, what, badElement, badOffset);
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
                    task.error = toQString(text);
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
            const QString id = task.id.isEmpty() ? laterId : task.id;
            ScenarioError e;
            e.place = problem->place;
            e.taskId = id;
            if (problem->lead.isEmpty()) {
                // An invalid id is quoted in `what` already.
                const bool aboutId = problem->place == taskPlace(index, rule(Field::Id).key);
                e.message = taskMessage(e.place, aboutId ? QString() : id, problem->what);
            } else {
                e.message = problem->lead +
                            (id.isEmpty() ? QString()
                                          : QStringLiteral(" (\"") + id + QStringLiteral("\")")) +
                            problem->tail;
            }
            fail(std::move(e), problem->offset);
            return false;
        }
        if (!complete || m_reader.hasError())
            return false;
        return finishTask(task, index, seen, countOffset, bytesOffset);
    }

    // `after`: an array of ids; whether they name tasks is Plan::build's to say.
    static Got readAfter(JsonValue &value, TaskSpec &task, QString &what, int &badElement,
                         qint64 &badOffset)
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
                task.after.append(toQString(id));
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

    bool finishTask(TaskSpec &task, int index, quint32 seen, qint64 countOffset, qint64 bytesOffset)
    {
        auto error = [&](Field key, const QString &what, qint64 offset) {
            fail(taskError(index, key, task.id, what), offset);
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
            return error(Field::Count, tooManyTasks(),
                         countOffset >= 0 ? countOffset : m_taskOffset);
        m_task = -1;
        return true;
    }
};

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
    ScenarioResult parsed = Loader(reader, file).run();
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
        return Loader(reader, file).run();
    });
}

ScenarioResult readScenarioFile(const QString &path)
{
    return guarded<ScenarioResult>(path, [&]() -> ScenarioResult {
        JsonReader reader;
        QString reason;
        if (!reader.readFile(path, &reason))
            return ioError(path, reason);
        return Loader(reader, path).run();
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
