#include "scenariovalues_p.h"

#include <cmath>

namespace Taskline::ScenarioValues {

using namespace Rules;

QString quoted(std::string_view text, int limit)
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

QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

} // namespace Taskline::ScenarioValues
