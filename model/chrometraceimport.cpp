#include "chrometraceimport.h"

#include "chrometrace_p.h"
#include "jsonreader.h"
#include "spanmatcher.h"
#include "tracebuilder.h"

#include <QFileInfo>

#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <unordered_map>

namespace Taskline {

namespace {

using namespace ChromeTrace;

constexpr double MaxAbsMicroseconds = 1e15; // ~31 years: beyond that a time is garbage

// The fields of one event as read, before it is judged.
struct Fields
{
    std::string_view ph, name, cat, scope, argName;
    JsonNumber ts, dur;
    bool hasTs = false, hasDur = false;
    qint64 pid = 0, tid = 0;
    quint64 id = 0;
    bool hasId = false, stringId = false, globalId = false;
    const char *bad = nullptr; // why the event is unusable
    // Our own export's attempt details (args).
    bool own = false;
    OwnArgs args;
};

struct LaneKey
{
    qint64 pid;
    qint64 sub; // tid, or the category's name index for async lanes
    bool async;
    friend bool operator==(const LaneKey &a, const LaneKey &b)
    {
        return a.pid == b.pid && a.sub == b.sub && a.async == b.async;
    }
};
size_t qHash(const LaneKey &k, size_t seed = 0)
{
    return qHashMulti(seed, k.pid, k.sub, k.async);
}

struct AsyncKey
{
    qint64 scope; // pid, or the global scope
    quint64 id;
    quint32 cat;
    bool stringId;
    friend bool operator==(const AsyncKey &a, const AsyncKey &b)
    {
        return a.scope == b.scope && a.id == b.id && a.cat == b.cat && a.stringId == b.stringId;
    }
};
size_t qHash(const AsyncKey &k, size_t seed = 0)
{
    return qHashMulti(seed, k.scope, k.id, k.cat, k.stringId);
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

// Microseconds as written to nanoseconds; false when out of any sane range.
bool toNs(const JsonNumber &n, qint64 &ns)
{
    const double us = n.toDouble();
    if (!(std::fabs(us) <= MaxAbsMicroseconds))
        return false;
    ns = n.kind == JsonNumber::Kind::Int64 ? n.int64 * 1000 : std::llround(us * 1000.0);
    return true;
}

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

class Importer
{
public:
    explicit Importer(const QString &file) : m_file(file), m_reader(std::make_unique<JsonReader>())
    {
    }

    TraceImportResult readFile()
    {
        QString reason;
        if (!m_reader->readFile(m_file, &reason)) {
            ScenarioError e;
            e.file = m_file;
            e.io = true;
            e.message = QStringLiteral("cannot read the trace: ") + reason;
            return e;
        }
        return run();
    }

    TraceImportResult readData(QByteArrayView json)
    {
        m_reader->setData(json);
        return run();
    }

private:
    QString m_file;
    std::unique_ptr<JsonReader> m_reader;
    TraceInput m_in;
    WarningLog m_warnings;
    std::unordered_map<std::string_view, quint32> m_nameIndex;
    std::vector<std::string_view> m_names{std::string_view()};
    QHash<LaneKey, quint32> m_laneIndex;
    QHash<AsyncKey, quint32> m_keyIndex;
    std::array<qint64, 128> m_phaseCounts{};
    QHash<QString, qint64> m_otherPhases;
    LaneKey m_lastLane{0, 0, false};
    quint32 m_lastLaneIndex = ~0u;
    qint64 m_eventNumber = 0;
    bool m_sawEvents = false;
    bool m_looksLikeScenario = false;
    qint64 m_objects = 0;
    QString m_fatal;
    qint64 m_fatalOffset = -1;
    std::vector<std::string_view> m_errorTexts{std::string_view()};
    std::unordered_map<std::string_view, quint32> m_errorIndex;

    quint32 intern(std::string_view text, std::unordered_map<std::string_view, quint32> &index,
                   std::vector<std::string_view> &list)
    {
        if (text.empty())
            return 0;
        const auto [it, added] = index.try_emplace(text, quint32(list.size()));
        if (added)
            list.push_back(text);
        return it->second;
    }
    quint32 name(std::string_view text) { return intern(text, m_nameIndex, m_names); }

    quint32 lane(const LaneKey &key)
    {
        if (m_lastLaneIndex != ~0u && key == m_lastLane)
            return m_lastLaneIndex;
        auto it = m_laneIndex.constFind(key);
        if (it == m_laneIndex.constEnd()) {
            it = m_laneIndex.insert(key, quint32(m_in.lanes.size()));
            m_in.lanes.push_back({key.pid, key.sub, key.async});
        }
        m_lastLane = key;
        m_lastLaneIndex = *it;
        return *it;
    }

    bool fatal(const QString &message, qint64 offset)
    {
        m_fatal = message;
        m_fatalOffset = offset;
        return false;
    }

    ScenarioError error(const QString &message, qint64 offset) const
    {
        ScenarioError e;
        e.file = m_file;
        if (offset >= 0) {
            const JsonPosition p = m_reader->position(offset);
            e.line = p.line;
            e.column = p.column;
        }
        e.message = message;
        return e;
    }

    QString place(qint64 offset) const
    {
        const JsonPosition p = m_reader->position(offset);
        return QStringLiteral("line %1:%2").arg(p.line).arg(p.column);
    }

    void invalid(const Fields &f, qint64 offset, const QString &why)
    {
        ++m_in.invalid;
        m_warnings.add("malformed events", [&] {
            const QString phase =
                f.ph.empty() ? QString()
                             : QStringLiteral(" (\"ph\": \"%1\")")
                                   .arg(QString::fromUtf8(f.ph.data(), qsizetype(f.ph.size())));
            return QStringLiteral("%1: event #%2%3 left out: %4")
                .arg(place(offset))
                .arg(m_eventNumber)
                .arg(phase, why);
        });
    }

    bool readId(JsonValue &v, quint64 &id, bool &stringId)
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
                id = name(text);
            return true;
        }
        return true; // left unread: an id of another type is treated as absent
    }

    bool readProcessOrThread(JsonValue &v, qint64 &out)
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
            out = StringTag + name(text);
        }
        return true;
    }

    bool readUs(JsonValue &v, qint64 &ns, bool &ok)
    {
        JsonNumber n;
        if (v.type() != JsonType::Number || !v.toNumber(n))
            return !m_reader->hasError() && (ok = false, true);
        ok = ok && toNs(n, ns);
        return true;
    }

    bool readArgs(JsonValue &args, Fields &f)
    {
        bool ok = true;
        const bool read = args.forEachField([&](std::string_view key, JsonValue &v) {
            if (key == "name") {
                if (v.type() == JsonType::String)
                    return v.toString(f.argName);
            } else if (key == "task_index") {
                quint64 task = 0;
                if (v.type() != JsonType::Number || !v.toUInt64(task) || task > 0xffffffffu)
                    return !m_reader->hasError() && (ok = false, true);
                f.args.task = quint32(task);
                f.own = true;
            } else if (key == "attempt") {
                quint64 attempt = 0;
                if (v.type() != JsonType::Number || !v.toUInt64(attempt) || attempt > 0xffff)
                    return !m_reader->hasError() && (ok = false, true);
                f.args.attempt = quint16(attempt);
            } else if (key == "kind" || key == "status" || key == "error") {
                std::string_view text;
                if (v.type() != JsonType::String || !v.toString(text))
                    return !m_reader->hasError() && (ok = false, true);
                const QString s = key == "error"
                                      ? QString()
                                      : QString::fromUtf8(text.data(), qsizetype(text.size()));
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
                    f.args.error = intern(text, m_errorIndex, m_errorTexts);
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

    bool readField(std::string_view key, JsonValue &v, Fields &f)
    {
        const auto string = [&](std::string_view &out, const char *what) {
            if (v.type() != JsonType::String) {
                f.bad = what;
                return !m_reader->hasError();
            }
            return v.toString(out);
        };
        const auto number = [&](JsonNumber &out, bool &has, const char *what) {
            if (v.type() != JsonType::Number) {
                f.bad = what;
                return !m_reader->hasError();
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

    void countSkipped(std::string_view ph)
    {
        if (ph.size() == 1 && uchar(ph[0]) < 128)
            ++m_phaseCounts[uchar(ph[0])];
        else
            ++m_otherPhases[QString::fromUtf8(ph.data(), qsizetype(ph.size()))];
    }

    void metadata(const Fields &f)
    {
        if (f.argName.empty())
            return;
        const QString value = QString::fromUtf8(f.argName.data(), qsizetype(f.argName.size()));
        if (f.name == "process_name")
            m_in.processNames.insert(f.pid, value);
        else if (f.name == "thread_name")
            m_in.threadNames.insert({f.pid, f.tid}, value);
    }

    void event(const Fields &f, qint64 offset)
    {
        if (f.bad)
            return invalid(f, offset, QLatin1String(f.bad));
        if (f.ph.empty())
            return invalid(f, offset, QStringLiteral("no \"ph\" (phase)"));
        char phase = f.ph.size() == 1 ? f.ph[0] : 0;
        switch (phase) {
        case 'M':
            return metadata(f);
        case 'X':
        case 'B':
        case 'E':
        case 'i':
        case 'I':
        case 'n':
        case 'b':
        case 'e':
        case 'S':
        case 'F':
            break;
        default:
            return countSkipped(f.ph);
        }
        Event e;
        if (!f.hasTs)
            return invalid(f, offset, QStringLiteral("no \"ts\" (timestamp)"));
        if (!toNs(f.ts, e.ts))
            return invalid(f, offset,
                           QStringLiteral("\"ts\" %1 is out of range (more than 10^15 us)")
                               .arg(f.ts.toDouble()));
        // VizTracer writes calls still open at the end as B with a duration; Node writes
        // "dur": 0 on every event, B included, which is still a begin.
        if (phase == 'B' && f.hasDur && f.dur.toDouble() > 0)
            phase = 'X';
        if (phase == 'X' && f.hasDur) {
            if (!toNs(f.dur, e.dur))
                return invalid(f, offset,
                               QStringLiteral("\"dur\" %1 is out of range").arg(f.dur.toDouble()));
            if (e.dur < 0)
                return invalid(f, offset,
                               QStringLiteral("negative \"dur\" %1").arg(f.dur.toDouble()));
        }
        const bool async =
            phase == 'b' || phase == 'e' || phase == 'S' || phase == 'F' || phase == 'n';
        if (async && !f.hasId && phase != 'n')
            return invalid(f, offset, QStringLiteral("an async event needs an \"id\" or \"id2\""));
        e.phase = phase == 'S' ? 'b' : phase == 'F' ? 'e' : phase == 'I' ? 'i' : phase;
        e.name = name(f.name);
        const quint32 cat = name(f.cat);
        e.lane = lane(async ? LaneKey{f.pid, qint64(cat), true} : LaneKey{f.pid, f.tid, false});
        if (async) {
            const AsyncKey key{f.globalId ? std::numeric_limits<qint64>::min() : f.pid, f.id, cat,
                               f.stringId};
            auto it = m_keyIndex.constFind(key);
            if (it == m_keyIndex.constEnd())
                it = m_keyIndex.insert(key, quint32(m_keyIndex.size()));
            e.key = *it;
        }
        if (f.own) {
            e.own = qint32(m_in.own.size());
            OwnArgs args = f.args;
            args.tid = f.tid;
            m_in.own.push_back(args);
        }
        m_in.traceEnd = qMax(m_in.traceEnd, e.ts + (e.phase == 'X' ? e.dur : 0));
        m_in.events.push_back(e);
    }

    bool eventElement(JsonValue &value)
    {
        ++m_eventNumber;
        const qint64 offset = value.offset();
        Fields f;
        const JsonType type = value.type();
        if (type != JsonType::Object) {
            if (type == JsonType::Invalid)
                return false;
            invalid(f, offset, QStringLiteral("it is %1, not an object").arg(typeName(type)));
            return true;
        }
        ++m_objects;
        if (!value.forEachField(
                [&](std::string_view key, JsonValue &v) { return readField(key, v, f); }))
            return false;
        event(f, offset);
        return true;
    }

    bool traceEvents(JsonValue &array)
    {
        const JsonType type = array.type();
        if (type != JsonType::Array) {
            return type != JsonType::Invalid &&
                   fatal(QStringLiteral("\"traceEvents\" must be an array of events, found %1")
                             .arg(typeName(type)),
                         array.offset());
        }
        m_sawEvents = true;
        return array.forEachElement([&](JsonValue &e) { return eventElement(e); });
    }

    bool otherData(JsonValue &object)
    {
        if (object.type() != JsonType::Object)
            return true;
        OtherData &o = m_in.other;
        return object.forEachField([&](std::string_view key, JsonValue &v) {
            const JsonType type = v.type();
            if (key == ScenarioKey && type == JsonType::Object) {
                const QByteArrayView data = m_reader->data();
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
                        return (o.hasLanes = false, !m_reader->hasError());
                    if (!lane.toString(text))
                        return false;
                    o.lanes.append(QString::fromUtf8(text.data(), qsizetype(text.size())));
                    return true;
                });
            } else if (key == StringsKey && type == JsonType::Array) {
                return v.forEachElement([&](JsonValue &s) {
                    std::string_view text;
                    if (s.type() != JsonType::String)
                        return !m_reader->hasError();
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
            return !m_reader->hasError();
        });
    }

    bool root(JsonValue &root)
    {
        const JsonType type = root.type();
        if (type == JsonType::Array) {
            if (!traceEvents(root))
                return false;
            if (m_objects == 0 && m_eventNumber > 0) {
                return fatal(QStringLiteral("not a Chrome trace: the array holds no event objects"),
                             root.offset());
            }
            return true;
        }
        if (type != JsonType::Object) {
            return type != JsonType::Invalid &&
                   fatal(QStringLiteral("not a Chrome trace: the document is %1, expected an "
                                        "object with \"traceEvents\" or an array of events")
                             .arg(typeName(type)),
                         root.offset());
        }
        const bool read = root.forEachField([&](std::string_view key, JsonValue &v) {
            if (key == "traceEvents")
                return traceEvents(v);
            if (key == "otherData")
                return otherData(v);
            if (key == "taskline" || key == "tasks")
                m_looksLikeScenario = true;
            return true;
        });
        if (read && !m_sawEvents) {
            return fatal(m_looksLikeScenario
                             ? QStringLiteral("not a Chrome trace but a Taskline scenario: run it "
                                              "with 'taskline run', or open it in the window")
                             : QStringLiteral("not a Chrome trace: no \"traceEvents\" array (a "
                                              "trace is {\"traceEvents\": [...]} or an array of "
                                              "events)"),
                         0);
        }
        return read;
    }

    TraceImportResult run()
    {
        const bool ok = m_reader->parse([&](JsonValue &r) { return root(r); });
        if (!ok) {
            if (m_reader->hasError())
                return error(m_reader->error().message, m_reader->error().offset);
            return error(m_fatal, m_fatalOffset);
        }
        m_in.file = m_file;
        m_in.eventCount = m_eventNumber;
        m_in.names.reserve(m_names.size());
        for (const std::string_view n : m_names)
            m_in.names.push_back(QString::fromUtf8(n.data(), qsizetype(n.size())));
        for (const std::string_view e : m_errorTexts)
            m_in.errors.push_back(QString::fromUtf8(e.data(), qsizetype(e.size())));
        m_in.keyCount = quint32(m_keyIndex.size());
        for (int c = 0; c < 128; ++c) {
            if (m_phaseCounts[size_t(c)] > 0)
                m_in.skipped.insert(QString(QLatin1Char(char(c))), m_phaseCounts[size_t(c)]);
        }
        for (auto it = m_otherPhases.cbegin(); it != m_otherPhases.cend(); ++it)
            m_in.skipped.insert(it.key(), it.value());
        // The string views die with the reader: everything needed is copied out by now, and
        // the document's memory is better spent on the records.
        m_nameIndex = {};
        m_errorIndex = {};
        m_names = {};
        m_errorTexts = {};
        m_reader.reset();
        return buildTrace(std::move(m_in), m_warnings);
    }
};

} // namespace

TraceImportResult importChromeTrace(const QString &path)
{
    return Importer(path).readFile();
}

TraceImportResult importChromeTrace(QByteArrayView json, const QString &file)
{
    return Importer(file).readData(json);
}

bool looksLikeChromeTrace(QByteArrayView head)
{
    if (head.startsWith("\xEF\xBB\xBF"))
        head = head.sliced(3);
    qsizetype i = 0;
    while (i < head.size() &&
           (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r'))
        ++i;
    if (i == head.size())
        return false;
    if (head[i] == '{')
        return head.indexOf("\"traceEvents\"") >= 0;
    if (head[i] != '[')
        return false;
    ++i;
    while (i < head.size() &&
           (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r'))
        ++i;
    if (i == head.size())
        return true; // "[" and nothing yet: nothing a scenario could be
    return head[i] == ']' || (head[i] == '{' && head.indexOf("\"ph\"") >= 0);
}

} // namespace Taskline
