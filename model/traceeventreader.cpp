#include "traceeventreader.h"

#include "batchjsonreader_p.h"
#include "chrometrace_p.h"

#include <QHashFunctions>
#include <QtEndian>
#include <QtAlgorithms>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <string>

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

template <size_t N> int indexOf(const std::array<QByteArray, N> &names, std::string_view text)
{
    for (size_t k = 0; k < N; ++k) {
        if (QByteArrayView(text.data(), qsizetype(text.size())) == names[k])
            return int(k);
    }
    return -1;
}

const std::array<QByteArray, 4> &kindNames()
{
    static const std::array<QByteArray, 4> names = [] {
        std::array<QByteArray, 4> n;
        for (size_t k = 0; k < n.size(); ++k)
            n[k] = kindName(TaskKind(k)).toUtf8();
        return n;
    }();
    return names;
}

const std::array<QByteArray, AttemptStatusCount> &statusNames()
{
    static const std::array<QByteArray, AttemptStatusCount> names = [] {
        std::array<QByteArray, AttemptStatusCount> n;
        for (size_t k = 0; k < n.size(); ++k)
            n[k] = statusName(AttemptStatus(k)).toUtf8();
        return n;
    }();
    return names;
}

// A key compared with a literal: inlined to a load or two, where operator== calls memcmp.
template <size_t N> bool is(std::string_view key, const char (&word)[N])
{
    return key.size() == N - 1 && std::memcmp(key.data(), word, N - 1) == 0;
}

} // namespace

size_t NameTable::Hash::operator()(std::string_view text) const noexcept
{
    return qHashBits(text.data(), text.size());
}

std::string_view NameTable::store(std::string_view text)
{
    constexpr size_t BlockBytes = 64 * 1024;
    if (text.size() > m_left) {
        const size_t size = qMax(BlockBytes, text.size());
        m_blocks.push_back(std::make_unique<char[]>(size));
        m_next = m_blocks.back().get();
        m_left = size;
    }
    std::memcpy(m_next, text.data(), text.size());
    const std::string_view stored(m_next, text.size());
    m_next += text.size();
    m_left -= text.size();
    return stored;
}

quint32 NameTable::intern(std::string_view text)
{
    if (text.empty())
        return 0;
    Cached &cached = m_cache[(text.size() * 7 + uchar(text.front()) * 31 + uchar(text.back())) & 63];
    if (cached.text.size() == text.size() &&
        std::equal(text.begin(), text.end(), cached.text.begin())) // short: no memcmp call
        return cached.index;
    auto it = m_index.find(text);
    if (it == m_index.end()) {
        const std::string_view stored = store(text);
        it = m_index.emplace(stored, quint32(m_views.size())).first;
        m_views.push_back(stored);
    }
    cached = {it->first, it->second};
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

bool toNsInGeneral(const JsonNumber &n, qint64 &ns)
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

EventReader::EventReader(const JsonReader &reader, NameTable &names, NameTable &errors)
    : m_reader(reader), m_names(names), m_errors(errors)
{
}

EventReader::~EventReader() = default;

bool EventReader::failed(const JsonValue &) const
{
    return m_reader.hasError();
}

bool EventReader::failed(const FastValue &v) const
{
    return v.reader().error;
}

bool EventReader::read(JsonValue &event, EventFields &f)
{
    return event.forEachField([&](std::string_view key, auto &v) { return readField(key, v, f); });
}

bool EventReader::readBatch(QByteArrayView batch,
                            JsonCallback<bool(EventFields &f, JsonType type)> visit)
{
    if (!m_batch)
        m_batch = std::make_unique<BatchReader>();
    BatchReader &r = *m_batch;
    r.p = batch.data();
    r.end = batch.data() + batch.size();
    r.error = false;
    if (r.p == r.end || *r.p != '[')
        return false;
    ++r.p;
    r.ws();
    if (r.p < r.end && *r.p == ']')
        return ++r.p == r.end;
    for (;;) {
        if (!r.unescaped.empty())
            r.unescaped.clear();
        EventFields f;
        FastValue value(r);
        const JsonType type = value.type();
        if (type == JsonType::Invalid)
            return false;
        if (type == JsonType::Object) {
            if (!readFastEvent(r, f))
                return false;
        } else if (!value.skip()) {
            return false;
        }
        if (!visit(f, type))
            return false;
        r.ws();
        if (r.p < r.end && *r.p == ',') {
            ++r.p;
            r.ws();
            continue;
        }
        return r.p < r.end && *r.p == ']' && ++r.p == r.end;
    }
}

namespace {

enum class Member { Ph, Ts, Dur, Name, Cat, Pid, Tid, Args, Other };

inline Member memberOf(std::string_view key)
{
    switch (key.size()) {
    case 2:
        return is(key, "ph") ? Member::Ph : is(key, "ts") ? Member::Ts : Member::Other;
    case 3:
        switch (key[0]) {
        case 'd':
            return is(key, "dur") ? Member::Dur : Member::Other;
        case 'c':
            return is(key, "cat") ? Member::Cat : Member::Other;
        case 'p':
            return is(key, "pid") ? Member::Pid : Member::Other;
        case 't':
            return is(key, "tid") ? Member::Tid : Member::Other;
        }
        return Member::Other;
    case 4:
        return is(key, "name") ? Member::Name : is(key, "args") ? Member::Args : Member::Other;
    }
    return Member::Other;
}

// The keys readArg() looks at.
bool isArgKey(std::string_view key)
{
    switch (key.size()) {
    case 4:
        return is(key, "name") || is(key, "kind");
    case 5:
        return is(key, "error");
    case 6:
        return is(key, "status") || is(key, "end_us");
    case 7:
        return is(key, "attempt");
    case 10:
        return is(key, "task_index") || is(key, "release_us") || is(key, "enqueue_us");
    }
    return false;
}

} // namespace

// An object's members at r.p (its '{'): visit(key) reads the value or leaves it to be skipped.
template <typename Visit> bool readMembers(BatchReader &r, Visit &&visit)
{
    for (bool more = r.enter('}'); more;) {
        std::string_view key;
        if (!r.memberKey(key))
            return false;
        const char *value = r.p;
        if (!visit(key) || r.error)
            return r.fail();
        if ((r.p == value && !r.skipScalarOrValue()) || !r.separator('}', more))
            return false;
    }
    return true;
}

namespace {

// `"ph":` and the like as the little-endian number their bytes make.
template <size_t N> constexpr quint64 bytesOf(const char (&text)[N])
{
    quint64 value = 0;
    for (size_t k = 0; k + 1 < N; ++k)
        value |= quint64(uchar(text[k])) << (8 * k);
    return value;
}

// A compact key of an event's usual members (`"ts":`, no escape, no space before the colon)
// recognised from one 8-byte load; p moves past the colon. Other for anything else.
inline Member quickKey(const char *&p)
{
    const quint64 w = qFromLittleEndian<quint64>(p); // the batch's padding makes 8 bytes safe
    const quint64 w5 = w & 0xFFFFFFFFFFull, w6 = w & 0xFFFFFFFFFFFFull,
                  w7 = w & 0xFFFFFFFFFFFFFFull;
    Member m = Member::Other;
    int n = 0;
    if (w5 == bytesOf("\"ph\":"))
        m = Member::Ph, n = 5;
    else if (w5 == bytesOf("\"ts\":"))
        m = Member::Ts, n = 5;
    else if (w6 == bytesOf("\"dur\":"))
        m = Member::Dur, n = 6;
    else if (w6 == bytesOf("\"pid\":"))
        m = Member::Pid, n = 6;
    else if (w6 == bytesOf("\"tid\":"))
        m = Member::Tid, n = 6;
    else if (w6 == bytesOf("\"cat\":"))
        m = Member::Cat, n = 6;
    else if (w7 == bytesOf("\"name\":"))
        m = Member::Name, n = 7;
    else if (w7 == bytesOf("\"args\":"))
        m = Member::Args, n = 7;
    p += n;
    return m;
}

} // namespace

// An event object at r.p: readField()'s rules, with the members every event has read here
// without its generic steps (the others go through it). tst_tracechunks holds the two equal.
bool EventReader::readFastEvent(BatchReader &r, EventFields &f)
{
    const auto isNumber = [](char c) { return c == '-' || isDigit(c); };
    const auto member = [&](Member m, std::string_view key) {
        const char c = *r.p;
        switch (m) {
        case Member::Ph:
        case Member::Name:
        case Member::Cat: {
            if (c == '"')
                return r.string(m == Member::Ph ? f.ph : m == Member::Name ? f.name : f.cat);
            if (m == Member::Ph)
                f.bad = "\"ph\" is not a string";
            return true; // skipped
        }
        case Member::Ts:
        case Member::Dur: {
            const bool ts = m == Member::Ts;
            if (!isNumber(c)) {
                f.bad = ts ? "\"ts\" is not a number" : "\"dur\" is not a number";
                return true;
            }
            (ts ? f.hasTs : f.hasDur) = true;
            return r.number(ts ? f.ts : f.dur);
        }
        case Member::Pid:
        case Member::Tid: {
            if (!isNumber(c)) {
                FastValue value(r); // a string id, or another type left alone
                return readProcessOrThread(value, m == Member::Pid ? f.pid : f.tid);
            }
            JsonNumber n;
            if (!r.number(n))
                return false;
            const double value = n.toDouble();
            (m == Member::Pid ? f.pid : f.tid) = std::fabs(value) < 1e18 ? qint64(value) : 0;
            return true;
        }
        case Member::Args: {
            if (c != '{')
                return true; // skipped
            bool ok = true;
            const bool read = readMembers(r, [&](std::string_view arg) {
                if (!isArgKey(arg))
                    return true; // skipped
                FastValue value(r);
                return readArg(arg, value, f, ok);
            });
            f.own = f.own && ok;
            return read;
        }
        case Member::Other:
            break;
        }
        FastValue value(r);
        return readField(key, value, f);
    };

    for (bool more = r.enter('}'); more;) {
        std::string_view key;
        Member m = r.p < r.end ? quickKey(r.p) : Member::Other;
        if (m == Member::Other) {
            if (!r.memberKey(key))
                return false;
            m = memberOf(key);
        } else {
            r.ws();
        }
        const char *value = r.p;
        if (!member(m, key) || r.error)
            return r.fail();
        if ((r.p == value && !r.skipValue()) || !r.separator('}', more))
            return false;
    }
    return true;
}

template <typename V> bool EventReader::readId(V &v, quint64 &id, bool &stringId)
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

template <typename V> bool EventReader::readProcessOrThread(V &v, qint64 &out)
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

template <typename V> bool EventReader::readUs(V &v, qint64 &ns, bool &ok)
{
    JsonNumber n;
    if (v.type() != JsonType::Number || !v.toNumber(n))
        return !failed(v) && (ok = false, true);
    ok = ok && toNs(n, ns);
    return true;
}

template <typename V> bool EventReader::readArgs(V &args, EventFields &f)
{
    bool ok = true;
    const bool read = args.forEachField(
        [&](std::string_view key, V &v) { return readArg(key, v, f, ok); });
    // Details that do not read back make the event an ordinary foreign one.
    f.own = f.own && ok;
    return read;
}

template <typename V> bool EventReader::readArg(std::string_view key, V &v, EventFields &f, bool &ok)
{
    {
        if (is(key, "name")) {
            if (v.type() == JsonType::String)
                return v.toString(f.argName);
        } else if (is(key, "task_index")) {
            quint64 task = 0;
            if (v.type() != JsonType::Number || !v.toUInt64(task) || task > 0xffffffffu)
                return !failed(v) && (ok = false, true);
            f.args.task = quint32(task);
            f.own = true;
        } else if (is(key, "attempt")) {
            quint64 attempt = 0;
            if (v.type() != JsonType::Number || !v.toUInt64(attempt) || attempt > 0xffff)
                return !failed(v) && (ok = false, true);
            f.args.attempt = quint16(attempt);
        } else if (is(key, "kind") || is(key, "status") || is(key, "error")) {
            std::string_view text;
            if (v.type() != JsonType::String || !v.toString(text))
                return !failed(v) && (ok = false, true);
            // The names are ASCII: compared as UTF-8 bytes, as kindFromName() and statusName()
            // would compare them as text.
            if (is(key, "kind")) {
                f.args.kind = qint8(indexOf(kindNames(), text));
            } else if (is(key, "status")) {
                f.args.status = qint8(indexOf(statusNames(), text));
            } else {
                f.args.error = m_errors.intern(text);
            }
        } else if (is(key, "release_us")) {
            return readUs(v, f.args.release, ok);
        } else if (is(key, "enqueue_us")) {
            return readUs(v, f.args.enqueue, ok);
        } else if (is(key, "end_us")) {
            f.args.hasEnd = true;
            return readUs(v, f.args.end, ok);
        }
        return true;
    }
}

template <typename V> bool EventReader::readField(std::string_view key, V &v, EventFields &f)
{
    const auto string = [&](std::string_view &out, const char *what) {
        if (v.type() != JsonType::String) {
            f.bad = what;
            return !failed(v);
        }
        return v.toString(out);
    };
    const auto number = [&](JsonNumber &out, bool &has, const char *what) {
        if (v.type() != JsonType::Number) {
            f.bad = what;
            return !failed(v);
        }
        has = true;
        return v.toNumber(out);
    };
    // Each key is one of these at most: the length picks the candidates.
    switch (key.size()) {
    case 1:
    case 2:
    case 3:
    case 4:
        break;
    default:
        return true;
    }
    if (is(key, "ph"))
        return string(f.ph, "\"ph\" is not a string");
    if (is(key, "ts"))
        return number(f.ts, f.hasTs, "\"ts\" is not a number");
    if (is(key, "dur"))
        return number(f.dur, f.hasDur, "\"dur\" is not a number");
    if (is(key, "name"))
        return v.type() == JsonType::String ? v.toString(f.name) : true;
    if (is(key, "cat"))
        return v.type() == JsonType::String ? v.toString(f.cat) : true;
    if (is(key, "pid"))
        return readProcessOrThread(v, f.pid);
    if (is(key, "tid"))
        return readProcessOrThread(v, f.tid);
    if (is(key, "id")) {
        f.hasId = true;
        return readId(v, f.id, f.stringId);
    }
    if (is(key, "id2")) {
        if (v.type() != JsonType::Object)
            return true;
        return v.forEachField([&](std::string_view scope, V &id) {
            if (!is(scope, "local") && !is(scope, "global"))
                return true;
            f.hasId = true;
            f.globalId = is(scope, "global");
            return readId(id, f.id, f.stringId);
        });
    }
    if (is(key, "s"))
        return v.type() == JsonType::String ? v.toString(f.scope) : true;
    if (is(key, "args"))
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
