#pragma once

// Private to taskline_model: the loader's fast path for the "tasks" array of a valid file.

#include "tasklist.h"

#include <QByteArrayView>

namespace Taskline {

/*!
 * Reads batches of task objects ("[{...},{...}]", as JsonChunks hands them out) straight into a
 * TaskList, in one pass over the bytes with no allocation per task.
 *
 * It accepts only what is plainly valid: strict JSON without escapes or non-ASCII bytes in
 * strings, known keys once each, values of the right type inside their ranges, integers
 * written as digits, and the checks TaskParser makes when a task ends. On anything else it
 * returns false and takes no position on what is wrong: the caller then reads the whole file
 * with the general parser, whose messages say where and why. What it accepts, it reads to
 * exactly the values the general parser reads.
 */
class TaskBatchReader
{
public:
    explicit TaskBatchReader(TaskList &tasks) : m_tasks(tasks) {}

    /*! Appends the batch's tasks; false when the batch is not plainly valid. */
    bool read(QByteArrayView batch);

private:
    TaskList &m_tasks;
    quint64 m_expanded = 0; // tasks the array expands to so far

    bool readTask(const char *&p, const char *end);
};

} // namespace Taskline
