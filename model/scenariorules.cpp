#include "scenariorules.h"

#include "plan.h"
#include "scenariorules_p.h"
#include "suggest.h"

#include <QByteArray>
#include <QLocale>
#include <QStringList>

#include <array>
#include <cmath>
#include <limits>
#include <string>

namespace Taskline {

namespace Rules {

namespace {
constexpr double MaxDurationMs = 3600000; // one hour
constexpr double MaxStartMs = 86400000;   // one day
constexpr double MaxBytes = 1073741824;   // 1 GiB
constexpr double MaxWeight = 1e6;

constexpr Rule TopRules[TopCount] = {
    {"taskline", Type::Version},   {"name", Type::String},
    {"description", Type::String}, {"threads", Type::Integer, 1, 256},
    {"mode", Type::Mode},          {"seed", Type::UInt64},
    {"tasks", Type::Tasks},
};

constexpr Rule FieldRules[FieldCount] = {
    {"id", Type::Id},
    {"kind", Type::Kind},
    {"duration_ms", Type::Number, 0, MaxDurationMs},
    {"start_ms", Type::Number, 0, MaxStartMs},
    {"after", Type::IdList},
    {"count", Type::Integer, 1, double(MaxExpandedTasks)},
    {"stagger_ms", Type::Number, 0, MaxDurationMs},
    {"jitter", Type::Number, 0, 1},
    {"fail_rate", Type::Number, 0, 1},
    {"error", Type::String},
    {"retries", Type::Integer, 0, 100},
    {"retry_delay_ms", Type::Number, 0, MaxDurationMs},
    {"timeout_ms", Type::Number, 0, MaxDurationMs, true},
    {"bytes", Type::Integer, 1, MaxBytes},
    {"priority", Type::Integer, double(std::numeric_limits<qint32>::min()),
     double(std::numeric_limits<qint32>::max())},
    {"weight", Type::Number, 0, MaxWeight},
    {"shape", Type::Shape},
};

static_assert(TopRules[int(Top::Tasks)].key == "tasks", "TopRules follows enum Top");
static_assert(FieldRules[int(Field::TimeoutMs)].key == "timeout_ms",
              "FieldRules follows enum Field");
static_assert(FieldRules[int(Field::Shape)].key == "shape", "FieldRules follows enum Field");

QLatin1String latin1(std::string_view s)
{
    return QLatin1String(s.data(), qsizetype(s.size()));
}

QString quoted(QStringView s)
{
    return QLatin1Char('"') + s.toString() + QLatin1Char('"');
}

// "\"cpu\", \"io\", \"timer\" or \"file\""
template <typename Name> QString oneOf(int count, Name name)
{
    QString s;
    for (int i = 0; i < count; ++i) {
        if (i > 0)
            s += i == count - 1 ? QStringLiteral(" or ") : QStringLiteral(", ");
        s += quoted(name(i));
    }
    return s;
}

QStringList namesOf(const Rule &rule)
{
    QStringList names;
    switch (rule.type) {
    case Type::Kind:
        for (int i = 0; i < TaskKindCount; ++i)
            names.append(kindName(TaskKind(i)));
        break;
    case Type::Shape:
        for (int i = 0; i < 4; ++i)
            names.append(shapeName(TaskShape(i)));
        break;
    case Type::Mode:
        for (int i = 0; i < 2; ++i)
            names.append(modeName(RunMode(i)));
        break;
    default:
        break;
    }
    return names;
}

template <std::size_t N, typename Enum>
std::optional<Enum> fromKey(const Rule (&rules)[N], std::string_view key)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (key == rules[i].key)
            return Enum(i);
    }
    return std::nullopt;
}

template <std::size_t N> QStringList keysOf(const Rule (&rules)[N])
{
    QStringList keys;
    for (const Rule &r : rules)
        keys.append(latin1(r.key));
    return keys;
}

bool isIdChar(char32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
}
} // namespace

const Rule &rule(Top key)
{
    return TopRules[int(key)];
}
const Rule &rule(Field key)
{
    return FieldRules[int(key)];
}
std::optional<Top> topFromKey(std::string_view key)
{
    return fromKey<TopCount, Top>(TopRules, key);
}
std::optional<Field> fieldFromKey(std::string_view key)
{
    return fromKey<FieldCount, Field>(FieldRules, key);
}
QStringList topKeys()
{
    return keysOf(TopRules);
}
QStringList fieldKeys()
{
    return keysOf(FieldRules);
}

QString formatNumber(double value)
{
    if (std::isfinite(value) && value == std::trunc(value) && std::abs(value) < 1e15)
        return QString::number(qint64(value));
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

QString expected(const Rule &rule)
{
    switch (rule.type) {
    case Type::Version:
        return QStringLiteral("must be the format version %1").arg(FormatVersion);
    case Type::String:
    case Type::Id:
        return QStringLiteral("must be a string");
    case Type::Integer:
        return QStringLiteral("must be an integer");
    case Type::UInt64:
        return QStringLiteral("must be an integer between 0 and %1")
            .arg(std::numeric_limits<quint64>::max());
    case Type::Number:
        return QStringLiteral("must be a number");
    case Type::IdList:
        return QStringLiteral("must be an array of task ids, e.g. [\"fetch\"]");
    case Type::Kind:
    case Type::Shape:
    case Type::Mode: {
        const QStringList names = namesOf(rule);
        return QStringLiteral("must be one of ") +
               oneOf(int(names.size()), [&](int i) { return QStringView(names[i]); });
    }
    case Type::Tasks:
        return QStringLiteral("must be an array of task objects");
    }
    return {};
}

QString wrongValue(const Rule &rule, const QString &what)
{
    return expected(rule) + QStringLiteral(", got ") + what;
}

QString checkRange(const Rule &rule, double value, const QString &shown)
{
    const bool aboveMin = rule.minExclusive ? value > rule.min : value >= rule.min;
    if (aboveMin && value <= rule.max) // false for NaN
        return {};
    const QString got = shown.isEmpty() ? formatNumber(value) : shown;
    if (rule.minExclusive) {
        return QStringLiteral("must be greater than %1 and at most %2, got %3")
            .arg(formatNumber(rule.min), formatNumber(rule.max), got);
    }
    return QStringLiteral("must be %1between %2 and %3, got %4")
        .arg(rule.type == Type::Integer ? QStringLiteral("an integer ") : QString(),
             formatNumber(rule.min), formatNumber(rule.max), got);
}

QString checkInteger(const Rule &rule, double value, const QString &shown)
{
    if (std::isfinite(value) && value != std::trunc(value)) {
        return QStringLiteral("must be an integer, got %1")
            .arg(shown.isEmpty() ? formatNumber(value) : shown);
    }
    return checkRange(rule, value, shown);
}

bool isValidId(std::string_view id)
{
    if (id.empty())
        return false;
    for (const char c : id) {
        if (!isIdChar(char32_t(uchar(c))))
            return false;
    }
    return true;
}

QString checkId(QStringView id)
{
    static const QString allowed =
        QStringLiteral("an id uses only letters, digits, '_', '.' and '-', e.g. \"fetch-2\"");
    if (id.isEmpty())
        return QStringLiteral("must not be empty; ") + allowed;
    for (const char32_t c : id.toUcs4()) {
        if (isIdChar(c))
            continue;
        const QString bad = c == ' '
                                ? QStringLiteral("a space")
                                : QLatin1Char('\'') + QString::fromUcs4(&c, 1) + QLatin1Char('\'');
        return QStringLiteral("%1 is not a valid id because of %2; %3")
            .arg(quoted(id), bad, allowed);
    }
    return {};
}

QString unknownName(const Rule &rule, QStringView name)
{
    const QString near = closestMatch(name, namesOf(rule));
    return wrongValue(rule, quoted(name)) +
           (near.isEmpty() ? QString() : QStringLiteral("; did you mean \"%1\"?").arg(near));
}

std::optional<int> enumFromName(const Rule &rule, std::string_view name)
{
    // Spelled once, in scenario.cpp; kept here as UTF-8 to compare without allocating.
    static const std::array<QList<QByteArray>, 3> names = [] {
        std::array<QList<QByteArray>, 3> all;
        const Type types[] = {Type::Kind, Type::Shape, Type::Mode};
        for (int t = 0; t < 3; ++t) {
            for (const QString &n : namesOf(Rule{"", types[t]}))
                all[t].append(n.toUtf8());
        }
        return all;
    }();
    const int t = rule.type == Type::Kind ? 0 : rule.type == Type::Shape ? 1 : 2;
    for (int i = 0; i < names[t].size(); ++i) {
        if (name == std::string_view(names[t][i].constData(), size_t(names[t][i].size())))
            return i;
    }
    return std::nullopt;
}

QString unsupportedVersion(const QString &shown)
{
    return QStringLiteral("unsupported format version %1; this Taskline reads format version %2 "
                          "(\"taskline\": %2)")
        .arg(shown)
        .arg(FormatVersion);
}

QString missingId()
{
    return QStringLiteral("missing; every task needs a unique \"id\", e.g. \"id\": \"fetch\"");
}

QString missingDuration(TaskKind kind)
{
    return QStringLiteral("missing; a task of kind \"%1\" needs \"duration_ms\", its duration in "
                          "milliseconds (0 to %2)")
        .arg(kindName(kind), formatNumber(MaxDurationMs));
}

QString missingBytes()
{
    return QStringLiteral("missing; a task of kind \"file\" needs \"bytes\", the size of the file "
                          "it writes (1 to %1)")
        .arg(formatNumber(MaxBytes));
}

QString bytesNotForKind(TaskKind kind)
{
    return QStringLiteral("bytes applies only to kind \"file\", not \"%1\"; remove it or set "
                          "\"kind\": \"file\"")
        .arg(kindName(kind));
}

QString tooManyTasks()
{
    // Worded as Plan::build words it, which checks the same limit.
    return QStringLiteral("the scenario expands to more than %1 tasks; lower the counts")
        .arg(MaxExpandedTasks);
}

QString missingTop(Top key)
{
    if (key == Top::Taskline) {
        return QStringLiteral("missing; a scenario starts with \"taskline\": %1, the format "
                              "version")
            .arg(FormatVersion);
    }
    return QStringLiteral("missing; a scenario needs a \"tasks\" array, e.g. \"tasks\": "
                          "[{\"id\": \"a\", \"duration_ms\": 100}]");
}

QString noTasks()
{
    return QStringLiteral("the scenario has no tasks; add at least one, e.g. {\"id\": \"a\", "
                          "\"duration_ms\": 100}");
}

QString taskPlace(int index, std::string_view key)
{
    QString place = QStringLiteral("tasks[") + QString::number(index) + QLatin1Char(']');
    if (!key.empty())
        place += QLatin1Char('.') + latin1(key);
    return place;
}

QString taskMessage(const QString &place, const QString &taskId, const QString &what)
{
    if (taskId.isEmpty())
        return place + QStringLiteral(": ") + what;
    return place + QStringLiteral(" (\"") + taskId + QStringLiteral("\"): ") + what;
}

ScenarioError taskError(int index, Field key, const QString &taskId, const QString &what)
{
    ScenarioError e;
    e.place = taskPlace(index, rule(key).key);
    e.taskId = taskId;
    // An id that is itself the problem is quoted in `what` already.
    e.message = taskMessage(e.place, key == Field::Id ? QString() : taskId, what);
    return e;
}

ScenarioError topError(Top key, const QString &what)
{
    ScenarioError e;
    e.place = latin1(rule(key).key);
    e.message = e.place + QStringLiteral(": ") + what;
    return e;
}

} // namespace Rules

using namespace Rules;

std::optional<ScenarioError> checkScenarioFields(const Scenario &scenario)
{
    // threads 0 means "not given": the machine's ideal thread count.
    if (scenario.threads != 0) {
        const QString what = checkInteger(rule(Top::Threads), scenario.threads);
        if (!what.isEmpty())
            return topError(Top::Threads, what);
    }
    if (quint8(scenario.mode) > quint8(RunMode::Sequential))
        return topError(Top::Mode,
                        wrongValue(rule(Top::Mode), QString::number(int(scenario.mode))));
    return std::nullopt;
}

std::optional<ScenarioError> checkTaskFields(const TaskSpec &task, int index)
{
    auto fail = [&](Field key, const QString &what) {
        return std::optional<ScenarioError>(taskError(index, key, task.id, what));
    };
    auto number = [&](Field key, double value) -> std::optional<ScenarioError> {
        const QString what = checkRange(rule(key), value);
        return what.isEmpty() ? std::nullopt : fail(key, what);
    };
    auto integer = [&](Field key, double value) -> std::optional<ScenarioError> {
        const QString what = checkInteger(rule(key), value);
        return what.isEmpty() ? std::nullopt : fail(key, what);
    };

    if (const QString what = checkId(task.id); !what.isEmpty())
        return task.id.isEmpty() ? fail(Field::Id, missingId()) : fail(Field::Id, what);
    if (quint8(task.kind) >= TaskKindCount)
        return fail(Field::Kind, wrongValue(rule(Field::Kind), QString::number(int(task.kind))));
    if (task.hasDuration) {
        if (auto e = number(Field::DurationMs, task.durationMs))
            return e;
    } else if (task.kind != TaskKind::File) {
        return fail(Field::DurationMs, missingDuration(task.kind));
    }
    if (auto e = number(Field::StartMs, task.startMs))
        return e;
    if (auto e = integer(Field::Count, task.count))
        return e;
    if (auto e = number(Field::StaggerMs, task.staggerMs))
        return e;
    if (auto e = number(Field::Jitter, task.jitter))
        return e;
    if (auto e = number(Field::FailRate, task.failRate))
        return e;
    if (auto e = integer(Field::Retries, task.retries))
        return e;
    if (auto e = number(Field::RetryDelayMs, task.retryDelayMs))
        return e;
    if (task.timeoutMs != 0) { // 0: no timeout
        if (auto e = number(Field::TimeoutMs, task.timeoutMs))
            return e;
    }
    if (task.kind == TaskKind::File) {
        if (task.bytes == 0)
            return fail(Field::Bytes, missingBytes());
        if (auto e = integer(Field::Bytes, double(task.bytes)))
            return e;
    } else if (task.bytes != 0) {
        return fail(Field::Bytes, bytesNotForKind(task.kind));
    }
    if (auto e = number(Field::Weight, task.weight))
        return e;
    if (quint8(task.shape) > quint8(TaskShape::Triangle))
        return fail(Field::Shape, wrongValue(rule(Field::Shape), QString::number(int(task.shape))));
    return std::nullopt;
}

std::optional<ScenarioError> validateScenario(const Scenario &scenario)
{
    if (auto e = checkScenarioFields(scenario))
        return e;
    for (int i = 0; i < scenario.tasks.size(); ++i) {
        if (auto e = checkTaskFields(scenario.tasks.at(i), i))
            return e;
    }
    auto built = Plan::build(scenario);
    if (auto *e = std::get_if<ScenarioError>(&built))
        return std::move(*e);
    return std::nullopt;
}

std::optional<FieldRange> taskFieldRange(QStringView key)
{
    const std::optional<Field> field = fieldFromKey(key.toUtf8().toStdString());
    if (!field)
        return std::nullopt;
    const Rule &r = rule(*field);
    if (r.type != Type::Number && r.type != Type::Integer)
        return std::nullopt;
    return FieldRange{r.min, r.max, r.minExclusive, r.type == Type::Integer};
}

double estimatedFileMs(qint64 bytes)
{
    // Assumption: the task writes the bytes, reads them back and compares them, three passes
    // that mostly hit the page cache; together ~500 MB/s (1 ms per 500 kB), plus ~0.1 ms to
    // create, open and remove the temporary file.
    constexpr double BytesPerMs = 500e3;
    constexpr double FileOverheadMs = 0.1;
    return FileOverheadMs + double(qMax<qint64>(bytes, 0)) / BytesPerMs;
}

} // namespace Taskline
