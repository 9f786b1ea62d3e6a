#include "traceeventreader.h"

#include "chrometrace_p.h"

#include <cmath>

namespace Taskline::ChromeTrace {

namespace {

// An async id as a number where it is one: Chrome writes numeric ids as hex strings.
bool numericId(std::string_view text, quint64 &id)
{
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        text.remove_prefix(2);
        base = 16;
    }
    if (text.empty() || text.size() > (base == 16 ? 16u : 19u))
        return false;
    quint64 value = 0;
    for (const char c : text) {
        int digit = -1;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (base == 16 && c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else if (base == 16 && c >= 'A' && c <= 'F')
            digit = c - 'A' + 10;
        if (digit < 0)
            return false;
        value = value * quint64(base) + quint64(digit);
    }
    id = value;
    return true;
}

// The end of the JSON value starting at `begin` (an object or array), found by counting
// brackets outside strings; -1 if it does not end.
qint64 valueEnd(QByteArrayView data, qint64 begin)
{
    int depth = 0;
    bool inString = false;
    for (qint64 i = begin; i < data.size(); ++i) {
        const char c = data[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            return i + 1;
        }
    }
    return -1;
}

} // namespace

quint32 NameTable::intern(std::string_view text)
{
    if (text.empty())
        return 0;
    const auto [it, added] = m_index.try_emplace(text, quint32(m_views.size()));
    if (added)
        m_views.push_back(text);
    return it->second;
}

std::vector<QString> NameTable::toStrings() const
{
    std::vector<QString> strings;
    strings.reserve(m_views.size());
    for (const std::string_view v : m_views)
        strings.push_back(QString::fromUtf8(v.data(), qsizetype(v.size())));
    return strings;
}

QString typeName(JsonType type)
{
    switch (type) {
    case JsonType::Null:
        return QStringLiteral("null");
    case JsonType::Bool:
        return QStringLiteral("a boolean");
    case JsonType::Number:
        return QStringLiteral("a number");
    case JsonType::String:
        return QStringLiteral("a string");
    case JsonType::Array:
        return QStringLiteral("an array");
    case JsonType::Object:
        return QStringLiteral("an object");
    case JsonType::Invalid:
        break;
    }
    return QStringLiteral("an invalid value");
}

bool toNs(const JsonNumber &n, qint64 &ns)
{
    const double us = n.toDouble();
    if (!(std::fabs(us) <= MaxAbsMicroseconds))
        return false;
    ns = n.kind == JsonNumber::Kind::Int64 ? n.int64 * 1000 : std::llround(us * 1000.0);
    return true;
}

std::string_view splitCopy(std::string_view name, qint32 &copy)
{
    copy = -1;
    if (name.size() < 3 || name.back() != ']')
        return name;
    const size_t last = name.size() - 2; // the last digit
    size_t first = last + 1;
    while (first > 0 && name[first - 1] >= '0' && name[first - 1] <= '9' && last + 1 - first < 9)
        --first;
    // Only canonical numbers ("0", "12", not "012"), so the full name can be rebuilt exactly.
    if (first > last || first == 0 || name[first - 1] != '[' ||
        (name[first] == '0' && first != last))
        return name;
    qint32 value = 0;
    for (size_t k = first; k <= last; ++k)
        value = value * 10 + (name[k] - '0');
    copy = value;
    return name.substr(0, first - 1);
}

bool EventReader::read(JsonValue &event, EventFields &f)
{
    return event.forEachField(
        [&](std::string_view key, JsonValue &v) { return readField(key, v, f); });
}

bool EventReader::readId(JsonValue &v, quint64 &id, bool &stringId)
{
    const JsonType type = v.type();
    if (type == JsonType::Number) {
        JsonNumber n;
        if (!v.toNumber(n))
            return false;
        id = n.kind == JsonNumber::Kind::UInt64  ? n.uint64
             : n.kind == JsonNumber::Kind::Int64 ? quint64(n.int64)
                                                 : quint64(std::llround(n.real));
        stringId = false;
        return true;
    }
    if (type == JsonType::String) {
        std::string_view text;
        if (!v.toString(text))
            return false;
        stringId = !numericId(text, id);
        if (stringId)
            id = m_names.intern(text);
        return true;
    }
    return true; // left unread: an id of another type is treated as absent
}

bool EventReader::readProcessOrThread(JsonValue &v, qint64 &out)
{
    const JsonType type = v.type();
    if (type == JsonType::Number) {
        double value = 0;
        if (!v.toDouble(value))
            return false;
        out = std::fabs(value) < 1e18 ? qint64(value) : 0;
    } else if (type == JsonType::String) {
        std::string_view text;
        if (!v.toString(text))
            return false;
        out = StringTag + m_names.intern(text);
    }
    return true;
}

bool EventReader::readUs(JsonValue &v, qint64 &ns, bool &ok)
{
    JsonNumber n;
    if (v.type() != JsonType::Number || !v.toNumber(n))
        return !m_reader.hasError() && (ok = false, true);
    ok = ok && toNs(n, ns);
    return true;
}

bool EventReader::readArgs(JsonValue &args, EventFields &f)
{
    bool ok = true;
    const bool read = args.forEachField([&](std::string_view key, JsonValue &v) {
        if (key == "name") {
            if (v.type() == JsonType::String)
                return v.toString(f.argName);
        } else if (key == "task_index") {
            quint64 task = 0;
            if (v.type() != JsonType::Number || !v.toUInt64(task) || task > 0xffffffffu)
                return !m_reader.hasError() && (ok = false, true);
            f.args.task = quint32(task);
            f.own = true;
        } else if (key == "attempt") {
            quint64 attempt = 0;
            if (v.type() != JsonType::Number || !v.toUInt64(attempt) || attempt > 0xffff)
                return !m_reader.hasError() && (ok = false, true);
            f.args.attempt = quint16(attempt);
        } else if (key == "kind" || key == "status" || key == "error") {
            std::string_view text;
            if (v.type() != JsonType::String || !v.toString(text))
                return !m_reader.hasError() && (ok = false, true);
            const QString s =
                key == "error" ? QString() : QString::fromUtf8(text.data(), qsizetype(text.size()));
            if (key == "kind") {
                const auto kind = kindFromName(s);
                f.args.kind = kind ? qint8(*kind) : qint8(-1);
            } else if (key == "status") {
                f.args.status = -1;
                for (int k = 0; k < AttemptStatusCount; ++k) {
                    if (statusName(AttemptStatus(k)) == s)
                        f.args.status = qint8(k);
                }
            } else {
                f.args.error = m_errors.intern(text);
            }
        } else if (key == "release_us") {
            return readUs(v, f.args.release, ok);
        } else if (key == "enqueue_us") {
            return readUs(v, f.args.enqueue, ok);
        } else if (key == "end_us") {
            f.args.hasEnd = true;
            return readUs(v, f.args.end, ok);
        }
        return true;
    });
    // Details that do not read back make the event an ordinary foreign one.
    f.own = f.own && ok;
    return read;
}

bool EventReader::readField(std::string_view key, JsonValue &v, EventFields &f)
{
    const auto string = [&](std::string_view &out, const char *what) {
        if (v.type() != JsonType::String) {
            f.bad = what;
            return !m_reader.hasError();
        }
        return v.toString(out);
    };
    const auto number = [&](JsonNumber &out, bool &has, const char *what) {
        if (v.type() != JsonType::Number) {
            f.bad = what;
            return !m_reader.hasError();
        }
        has = true;
        return v.toNumber(out);
    };
    if (key == "ph")
        return string(f.ph, "\"ph\" is not a string");
    if (key == "ts")
        return number(f.ts, f.hasTs, "\"ts\" is not a number");
    if (key == "dur")
        return number(f.dur, f.hasDur, "\"dur\" is not a number");
    if (key == "name")
        return v.type() == JsonType::String ? v.toString(f.name) : true;
    if (key == "cat")
        return v.type() == JsonType::String ? v.toString(f.cat) : true;
    if (key == "pid")
        return readProcessOrThread(v, f.pid);
    if (key == "tid")
        return readProcessOrThread(v, f.tid);
    if (key == "id") {
        f.hasId = true;
        return readId(v, f.id, f.stringId);
    }
    if (key == "id2") {
        if (v.type() != JsonType::Object)
            return true;
        return v.forEachField([&](std::string_view scope, JsonValue &id) {
            if (scope != "local" && scope != "global")
                return true;
            f.hasId = true;
            f.globalId = scope == "global";
            return readId(id, f.id, f.stringId);
        });
    }
    if (key == "s")
        return v.type() == JsonType::String ? v.toString(f.scope) : true;
    if (key == "args")
        return v.type() == JsonType::Object ? readArgs(v, f) : true;
    return true;
}

bool EventReader::readOtherData(JsonValue &object, OtherData &o)
{
    if (object.type() != JsonType::Object)
        return true;
    return object.forEachField([&](std::string_view key, JsonValue &v) {
        const JsonType type = v.type();
        if (key == ScenarioKey && type == JsonType::Object) {
            const QByteArrayView data = m_reader.data();
            const qint64 begin = v.offset();
            const qint64 end = valueEnd(data, begin);
            if (end > begin) {
                o.scenario = data.sliced(begin, end - begin).toByteArray();
                o.scenarioOffset = begin;
            }
        } else if (key == LanesKey && type == JsonType::Array) {
            o.hasLanes = true;
            return v.forEachElement([&](JsonValue &lane) {
                std::string_view text;
                if (lane.type() != JsonType::String)
                    return (o.hasLanes = false, !m_reader.hasError());
                if (!lane.toString(text))
                    return false;
                o.lanes.append(QString::fromUtf8(text.data(), qsizetype(text.size())));
                return true;
            });
        } else if (key == StringsKey && type == JsonType::Array) {
            return v.forEachElement([&](JsonValue &s) {
                std::string_view text;
                if (s.type() != JsonType::String)
                    return !m_reader.hasError();
                if (!s.toString(text))
                    return false;
                o.strings.append(QString::fromUtf8(text.data(), qsizetype(text.size())));
                return true;
            });
        } else if (key == EventLoopLaneKey && type == JsonType::Number) {
            qint64 lane = -1;
            return v.toInt64(lane) &&
                   ((o.eventLoopLane = int(qBound(qint64(-1), lane, qint64(1) << 20))), true);
        } else if ((key == "threads" || key == "cores") && type == JsonType::Number) {
            qint64 n = 0;
            if (!v.toInt64(n))
                return false;
            (key == "threads" ? o.config.threads : o.config.cores) =
                int(qBound(qint64(1), n, qint64(1) << 20));
        } else if (key == "seed" && type == JsonType::Number) {
            return v.toUInt64(o.config.seed);
        } else if (key == "mode" && type == JsonType::String) {
            std::string_view text;
            if (!v.toString(text))
                return false;
            o.config.mode = modeFromName(QString::fromUtf8(text.data(), qsizetype(text.size())))
                                .value_or(RunMode::Pool);
        } else if (key == "predicted" && type == JsonType::Bool) {
            return v.toBool(o.predicted);
        }
        return !m_reader.hasError();
    });
}

} // namespace Taskline::ChromeTrace
