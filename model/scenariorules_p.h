#pragma once

// Private to taskline_model: the one table of field rules of scenario format version 1 and
// the sentences that explain them. The loader applies it while it parses, checkTaskFields()
// and checkScenarioFields() apply it to a scenario built in memory, so both say the same.

#include "scenario.h"
#include "scenarioerror.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <string_view>

namespace Taskline::Rules {

enum class Type : quint8 {
    Version, // "taskline": the integer 1
    String,
    Integer, // a whole number within [min, max]
    UInt64,  // a whole number within [0, 2^64 - 1]
    Number,  // within [min, max], or (min, max] when minExclusive
    Id,      // a string matching [A-Za-z0-9_.-]+
    IdList,  // an array of ids
    Kind,
    Shape,
    Mode,
    Tasks, // the array of task objects
};

struct Rule
{
    std::string_view key;
    Type type;
    double min = 0;
    double max = 0;
    bool minExclusive = false;
};

enum class Top : quint8 { Taskline, Name, Description, Threads, Mode, Seed, Tasks };
constexpr int TopCount = 7;

enum class Field : quint8 {
    Id,
    Kind,
    DurationMs,
    StartMs,
    After,
    Count,
    StaggerMs,
    Jitter,
    FailRate,
    Error,
    Retries,
    RetryDelayMs,
    TimeoutMs,
    Bytes,
    Priority,
    Weight,
    Shape,
};
constexpr int FieldCount = 17;

constexpr int FormatVersion = 1;

const Rule &rule(Top key);
const Rule &rule(Field key);
std::optional<Top> topFromKey(std::string_view key);
std::optional<Field> fieldFromKey(std::string_view key);
QStringList topKeys();
QStringList fieldKeys();

// Each returns the part of a message after "place: ", or an empty string when all is well.

/*! "must be a number", "must be one of "cpu", "io", "timer" or "file"", ... */
QString expected(const Rule &rule);
/*! expected(rule) + ", got " + what (e.g. "a string \"12\"", "2.5"). */
QString wrongValue(const Rule &rule, const QString &what);
/*! The range rule of a Number or Integer field; `shown` is how to print the value if not the
 *  number itself (an integer beyond 2^53, say). */
QString checkRange(const Rule &rule, double value, const QString &shown = {});
QString checkInteger(const Rule &rule, double value, const QString &shown = {});
QString checkId(QStringView id);
bool isValidId(std::string_view id);
QString unknownName(const Rule &rule, QStringView name); // for Kind, Shape and Mode
/*! The enumerator a Kind, Shape or Mode rule names `name` (UTF-8), if any; allocation-free. */
std::optional<int> enumFromName(const Rule &rule, std::string_view name);
QString unsupportedVersion(const QString &shown);
QString formatNumber(double value);

QString missingId();
QString missingDuration(TaskKind kind);
QString missingBytes();
QString bytesNotForKind(TaskKind kind);
QString tooManyTasks();
QString missingTop(Top key);
QString noTasks();

/*! "tasks[3]" or "tasks[3].duration_ms". */
QString taskPlace(int index, std::string_view key = {});
/*! "place ("id"): what", leaving out the id when there is none. */
QString taskMessage(const QString &place, const QString &taskId, const QString &what);
ScenarioError taskError(int index, Field key, const QString &taskId, const QString &what);
ScenarioError topError(Top key, const QString &what);

} // namespace Taskline::Rules
