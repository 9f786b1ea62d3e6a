#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace Taskline {

enum class TaskKind : quint8 { Cpu, Io, Timer, File };
enum class TaskShape : quint8 { Flat, RampUp, RampDown, Triangle };
enum class RunMode : quint8 { Pool, Sequential };

constexpr int TaskKindCount = 4;

QString kindName(TaskKind kind);               // "cpu", "io", "timer", "file"
std::optional<TaskKind> kindFromName(QStringView name);
QString shapeName(TaskShape shape);            // "flat", "ramp-up", "ramp-down", "triangle"
std::optional<TaskShape> shapeFromName(QStringView name);
QString modeName(RunMode mode);                // "pool", "sequential"
std::optional<RunMode> modeFromName(QStringView name);

/*! The numbers of a task, without its strings: what the runner and the predictor read. */
struct TaskParams
{
    TaskKind kind = TaskKind::Cpu;
    double durationMs = 0;     // for `file` without duration_ms: the loader's estimate from bytes
    bool hasDuration = true;   // false when a `file` task left duration_ms out
    double startMs = 0;
    quint32 count = 1;
    bool fanOut = false;       // "count" was given: copies are named id[0]..id[n-1]
    double staggerMs = 0;
    double jitter = 0;
    double failRate = 0;
    int retries = 0;
    double retryDelayMs = 0;
    double timeoutMs = 0;      // 0: no timeout
    qint64 bytes = 0;
    int priority = 0;
    double weight = 1;
    TaskShape shape = TaskShape::Flat;

    friend bool operator==(const TaskParams &a, const TaskParams &b);
    friend bool operator!=(const TaskParams &a, const TaskParams &b) { return !(a == b); }
};

/*! One entry of a scenario's "tasks" array, as written (SPEC section 2): an editable value. */
struct TaskSpec : TaskParams
{
    QString id;
    QStringList after;
    QString error;

    friend bool operator==(const TaskSpec &a, const TaskSpec &b);
    friend bool operator!=(const TaskSpec &a, const TaskSpec &b) { return !(a == b); }
};

} // namespace Taskline
