#pragma once

#include <QList>
#include <QMetaType>
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

/*! One entry of a scenario's "tasks" array, as written (SPEC section 2). */
struct TaskSpec
{
    QString id;
    TaskKind kind = TaskKind::Cpu;
    double durationMs = 0;     // for `file` without duration_ms: the loader's estimate from bytes
    bool hasDuration = true;   // false when a `file` task left duration_ms out
    double startMs = 0;
    QStringList after;
    quint32 count = 1;
    bool fanOut = false;       // "count" was given: copies are named id[0]..id[n-1]
    double staggerMs = 0;
    double jitter = 0;
    double failRate = 0;
    QString error;
    int retries = 0;
    double retryDelayMs = 0;
    double timeoutMs = 0;      // 0: no timeout
    qint64 bytes = 0;
    int priority = 0;
    double weight = 1;
    TaskShape shape = TaskShape::Flat;

    friend bool operator==(const TaskSpec &a, const TaskSpec &b);
    friend bool operator!=(const TaskSpec &a, const TaskSpec &b) { return !(a == b); }
};

/*! A whole scenario file (format version 1). */
struct Scenario
{
    QString name;
    QString description;
    int threads = 0;           // 0: not given, the machine's ideal thread count
    RunMode mode = RunMode::Pool;
    quint64 seed = 1;
    QList<TaskSpec> tasks;

    /*! Workers a run of this scenario uses: 1 in sequential mode, else threads or the ideal count. */
    int workerCount() const;

    friend bool operator==(const Scenario &a, const Scenario &b);
    friend bool operator!=(const Scenario &a, const Scenario &b) { return !(a == b); }
};

/*! What a run or a prediction uses: the scenario's settings with command-line overrides applied. */
struct RunConfig
{
    int threads = 1;           // pool workers (1 in sequential mode)
    int cores = 1;             // cores the cpu tasks share (predictor)
    RunMode mode = RunMode::Pool;
    quint64 seed = 1;

    friend bool operator==(const RunConfig &a, const RunConfig &b)
    {
        return a.threads == b.threads && a.cores == b.cores && a.mode == b.mode && a.seed == b.seed;
    }
};

/*! Overrides given on the command line or in the window; unset fields keep the scenario's. */
struct RunOverrides
{
    std::optional<int> threads;
    std::optional<int> cores;
    std::optional<RunMode> mode;
    std::optional<quint64> seed;

    RunConfig resolve(const Scenario &scenario) const;
};

} // namespace Taskline

Q_DECLARE_METATYPE(Taskline::Scenario)
