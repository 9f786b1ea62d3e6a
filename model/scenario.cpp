#include "scenario.h"

#include <QThread>

#include <array>

namespace Taskline {

namespace {
constexpr std::array<const char *, 4> KindNames = {"cpu", "io", "timer", "file"};
constexpr std::array<const char *, 4> ShapeNames = {"flat", "ramp-up", "ramp-down", "triangle"};
constexpr std::array<const char *, 2> ModeNames = {"pool", "sequential"};

template <typename Enum, std::size_t N>
std::optional<Enum> fromName(const std::array<const char *, N> &names, QStringView name)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (name == QLatin1String(names[i]))
            return Enum(i);
    }
    return std::nullopt;
}
} // namespace

QString kindName(TaskKind kind) { return QLatin1String(KindNames[std::size_t(kind)]); }
std::optional<TaskKind> kindFromName(QStringView name) { return fromName<TaskKind>(KindNames, name); }
QString shapeName(TaskShape shape) { return QLatin1String(ShapeNames[std::size_t(shape)]); }
std::optional<TaskShape> shapeFromName(QStringView name) { return fromName<TaskShape>(ShapeNames, name); }
QString modeName(RunMode mode) { return QLatin1String(ModeNames[std::size_t(mode)]); }
std::optional<RunMode> modeFromName(QStringView name) { return fromName<RunMode>(ModeNames, name); }

bool operator==(const TaskParams &a, const TaskParams &b)
{
    return a.kind == b.kind && a.durationMs == b.durationMs && a.hasDuration == b.hasDuration
        && a.startMs == b.startMs && a.count == b.count && a.fanOut == b.fanOut
        && a.staggerMs == b.staggerMs && a.jitter == b.jitter && a.failRate == b.failRate
        && a.retries == b.retries && a.retryDelayMs == b.retryDelayMs
        && a.timeoutMs == b.timeoutMs && a.bytes == b.bytes && a.priority == b.priority
        && a.weight == b.weight && a.shape == b.shape;
}

bool operator==(const TaskSpec &a, const TaskSpec &b)
{
    return a.id == b.id && a.after == b.after && a.error == b.error
        && static_cast<const TaskParams &>(a) == static_cast<const TaskParams &>(b);
}

int Scenario::workerCount() const
{
    if (mode == RunMode::Sequential)
        return 1;
    return threads > 0 ? threads : qMax(1, QThread::idealThreadCount());
}

bool operator==(const Scenario &a, const Scenario &b)
{
    return a.name == b.name && a.description == b.description && a.threads == b.threads
        && a.mode == b.mode && a.seed == b.seed && a.tasks == b.tasks;
}

RunConfig RunOverrides::resolve(const Scenario &scenario) const
{
    RunConfig config;
    config.mode = mode.value_or(scenario.mode);
    config.seed = seed.value_or(scenario.seed);
    if (config.mode == RunMode::Sequential)
        config.threads = 1;
    else
        config.threads = threads.value_or(scenario.threads > 0 ? scenario.threads
                                                                : qMax(1, QThread::idealThreadCount()));
    config.cores = cores.value_or(qMax(1, QThread::idealThreadCount()));
    return config;
}

} // namespace Taskline
