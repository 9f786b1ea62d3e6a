#include "scenarioparser_p.h"

#include "jsonreader.h"
#include "plan.h"
#include "scenariorules_p.h"
#include "scenariovalues_p.h"
#include "suggest.h"
#include "taskparser_p.h"

namespace Taskline {

using namespace Rules;
using namespace ScenarioValues;

namespace {

constexpr quint32 bit(Top t)
{
    return 1u << int(t);
}

/*! Parses scenario format version 1 into a Scenario, stopping at the first problem. */
class ScenarioParser
{
public:
    ScenarioParser(JsonReader &reader, const QString &file, std::optional<TaskList> preread = {})
        : m_reader(reader), m_file(file), m_preread(std::move(preread))
    {
    }

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
    JsonReader &m_reader;
    QString m_file;
    Scenario m_scenario;
    std::optional<TaskList> m_preread;
    std::optional<ScenarioError> m_error;
    qint64 m_errorOffset = -1;
    quint32 m_seenTop = 0;
    bool m_versionSeen = false;
    int m_task = -1; // the task being read, for syntax errors inside it
    qint64 m_taskOffset = -1;
    TaskParser m_tasks{m_reader};

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
                e.taskId = m_scenario.tasks.id(task);
            else if (task == m_scenario.tasks.size())
                e.taskId = toQString(m_tasks.currentId());
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
        if (m_preread) {
            const bool empty = v.forEachElement([](JsonValue &) { return false; });
            if (!empty || m_preread->isEmpty()) {
                if (!m_reader.hasError())
                    fail(topError(Top::Tasks, noTasks()), v.offset()); // any error will do
                return;
            }
            m_scenario.tasks = std::move(*m_preread);
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
        if (!m_tasks.parse(v, index, m_taskOffset, m_scenario.tasks)) {
            if (const std::optional<ScenarioError> &e = m_tasks.error())
                fail(*e, m_tasks.errorOffset());
            return false;
        }
        m_task = -1;
        return true;
    }
};

} // namespace

ScenarioResult parseScenarioJson(JsonReader &reader, const QString &file)
{
    return ScenarioParser(reader, file).run();
}

ScenarioResult parseScenarioJson(JsonReader &reader, const QString &file, TaskList tasks)
{
    return ScenarioParser(reader, file, std::move(tasks)).run();
}

} // namespace Taskline
