#pragma once

// Private to taskline_model: reads the task objects of a scenario's "tasks" array.

#include "scenario.h"
#include "scenarioerror.h"

#include <optional>
#include <string_view>

namespace Taskline {

class JsonReader;
class JsonValue;

/*!
 * Reads the objects of a scenario's "tasks" array, one parse() per task, checking each field
 * against its rule and stopping at the first problem. It adds up the tasks the array expands
 * to, so that a huge fan-out fails before it costs memory.
 */
class TaskParser
{
public:
    explicit TaskParser(JsonReader &reader) : m_reader(reader) {}

    /*!
     * Reads tasks[index], an object at byte `taskOffset`, and appends it to `tasks`. False on a
     * problem: error() holds it, unless the JSON itself is broken (then the reader's error says
     * where); `tasks` is then unfit for use.
     */
    bool parse(JsonValue &v, int index, qint64 taskOffset, TaskList &tasks);

    const std::optional<ScenarioError> &error() const { return m_error; }
    qint64 errorOffset() const { return m_errorOffset; }
    /*! The id of the task being read, as far as read (for syntax errors inside it). */
    std::string_view currentId() const { return m_id; }

private:
    JsonReader &m_reader;
    std::optional<ScenarioError> m_error;
    qint64 m_errorOffset = -1;
    qint64 m_taskOffset = -1; // of the task being read
    quint64 m_expanded = 0;   // tasks the array expands to so far
    std::string_view m_id;    // of the task being read, once read

    void fail(ScenarioError e, qint64 offset);
    bool finish(TaskParams &task, std::string_view id, int index, quint32 seen, qint64 countOffset,
                qint64 bytesOffset);
};

} // namespace Taskline
