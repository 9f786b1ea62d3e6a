#pragma once

// Private to taskline_model: reading one value of a scenario document against its field rule,
// and how the loader shows what it read in a message. Shared by the top-level and task parsers.

#include "jsonreader.h"
#include "scenariorules_p.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <string_view>

namespace Taskline::ScenarioValues {

/*! `text` in double quotes, cut after `limit` characters. */
QString quoted(std::string_view text, int limit = 40);
/*! A number as written: integers in full, doubles as formatNumber() prints them. */
QString show(const JsonNumber &n);
/*! "\"a\", \"b\", \"c\"" */
QString keyList(const QStringList &keys);
QString toQString(std::string_view text);

/*! What a rule was given instead, for "got ...": reads the value. Empty if it is broken JSON. */
std::optional<QString> describe(JsonValue &v, JsonType type);

// The outcome of reading one field: fine, against a rule (`what` says why), or broken JSON.
enum class Got { Ok, Bad, Broken };

Got wrongType(JsonValue &v, JsonType type, const Rules::Rule &rule, QString &what);
Got readNumber(JsonValue &v, const Rules::Rule &rule, double &out, QString &what);
Got readInteger(JsonValue &v, const Rules::Rule &rule, qint64 &out, QString &what);
Got readUInt64(JsonValue &v, const Rules::Rule &rule, quint64 &out, QString &what);
Got readText(JsonValue &v, const Rules::Rule &rule, std::string_view &out, QString &what);

template <typename Enum>
Got readEnum(JsonValue &v, const Rules::Rule &rule, Enum &out, QString &what)
{
    std::string_view text;
    const Got got = readText(v, rule, text, what);
    if (got != Got::Ok)
        return got;
    const std::optional<int> value = Rules::enumFromName(rule, text);
    if (!value) {
        what = Rules::unknownName(rule, QString::fromUtf8(text.data(), qsizetype(text.size())));
        return Got::Bad;
    }
    out = Enum(*value);
    return Got::Ok;
}

} // namespace Taskline::ScenarioValues
