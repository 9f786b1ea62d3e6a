#include "chrometraceimport.h"

#include "chrometrace_p.h"
#include "jsonchunks.h"
#include "spanmatcher.h"
#include "traceeventreader.h"

#include <QFileInfo>

#include <array>
#include <limits>
#include <memory>
#include <optional>

namespace Taskline {

namespace {

using namespace ChromeTrace;

constexpr qint64 MaxReservedEvents = qint64(1) << 27;

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

    /*!
     * The fast path: the events in bounded batches, then the rest of the document. Nothing:
     * the document must be read whole (it is not valid, has something this path does not
     * take, or has an error or a warning whose place is needed).
     */
    std::optional<TraceImportResult> readChunks(JsonChunks &chunks)
    {
        m_fast = true;
        // Room for as many events as the file could hold at 40 bytes each, without moving
        // them as they come: address space only, memory is taken as events fill it.
        if (const qint64 size = chunks.documentSize(); size > 0)
            m_in.events.reserve(size_t(qMin<qint64>(size / 40, MaxReservedEvents)));
        adviseHugePages(m_in.events.data(), m_in.events.capacity() * sizeof(Event));
        QByteArrayView batch;
        while (chunks.next(batch)) {
            if (!m_events.readBatch(batch, [&](EventFields &f, JsonType type) {
                    return fastElement(f, type);
                }))
                return std::nullopt;
        }
        if (chunks.failed())
            return std::nullopt;
        m_reader->setView(chunks.rest());
        if (!m_reader->parse([&](JsonValue &r) { return root(r); }) || m_fallback)
            return std::nullopt;
        return finish();
    }

private:
    QString m_file;
    std::unique_ptr<JsonReader> m_reader;
    TraceInput m_in;
    WarningLog m_warnings;
    NameTable m_names;
    NameTable m_errors;
    EventReader m_events{*m_reader, m_names, m_errors};
    QHash<LaneKey, quint32> m_laneIndex;
    QHash<AsyncKey, quint32> m_keyIndex;
    std::array<qint64, 128> m_phaseCounts{};
    QHash<QString, qint64> m_otherPhases;
    struct CachedLane
    {
        LaneKey key{0, 0, false};
        quint32 index = ~0u;
    };
    std::array<CachedLane, 64> m_laneCache; // a few threads take turns
    qint64 m_eventNumber = 0;
    bool m_sawEvents = false;
    bool m_looksLikeScenario = false;
    qint64 m_objects = 0;
    QString m_fatal;
    qint64 m_fatalOffset = -1;
    bool m_fast = false;     // reading JsonChunks' batches: the events' places are unknown
    bool m_fallback = false; // the fast path met what needs the whole document

    quint32 name(std::string_view text) { return m_names.intern(text); }

    quint32 lane(const LaneKey &key)
    {
        CachedLane &cached =
            m_laneCache[size_t(quint64(key.pid) * 31 + quint64(key.sub) * 7 + (key.async ? 1 : 0)) & 63];
        if (cached.index != ~0u && key == cached.key)
            return cached.index;
        auto it = m_laneIndex.constFind(key);
        if (it == m_laneIndex.constEnd()) {
            it = m_laneIndex.insert(key, quint32(m_in.lanes.size()));
            m_in.lanes.push_back({key.pid, key.sub, key.async});
        }
        cached = {key, *it};
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

    void invalid(const EventFields &f, qint64 offset, const QString &why)
    {
        if (m_fast) { // the warning names the event's line and column
            m_fallback = true;
            return;
        }
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

    void countSkipped(std::string_view ph)
    {
        if (ph.size() == 1 && uchar(ph[0]) < 128)
            ++m_phaseCounts[uchar(ph[0])];
        else
            ++m_otherPhases[QString::fromUtf8(ph.data(), qsizetype(ph.size()))];
    }

    void metadata(const EventFields &f)
    {
        if (f.argName.empty())
            return;
        const QString value = QString::fromUtf8(f.argName.data(), qsizetype(f.argName.size()));
        if (f.name == "process_name")
            m_in.processNames.insert(f.pid, value);
        else if (f.name == "thread_name")
            m_in.threadNames.insert({f.pid, f.tid}, value);
    }

    void event(const EventFields &f, qint64 offset)
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
        e.name = name(splitCopy(f.name, e.copy));
        const quint32 cat = async ? name(f.cat) : 0; // only async events are placed by category
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
        EventFields f;
        const JsonType type = value.type();
        if (type != JsonType::Object) {
            if (type == JsonType::Invalid)
                return false;
            invalid(f, offset, QStringLiteral("it is %1, not an object").arg(typeName(type)));
            return true;
        }
        ++m_objects;
        if (!m_events.read(value, f))
            return false;
        event(f, offset);
        return true;
    }

    bool fastElement(EventFields &f, JsonType type)
    {
        ++m_eventNumber;
        if (type != JsonType::Object)
            return false; // a warning with its place
        ++m_objects;
        event(f, -1);
        return !m_fallback;
    }

    bool traceEvents(JsonValue &array)
    {
        if (m_fast) {
            // The events were read from the batches: here the array must be empty, and once.
            if (m_sawEvents || array.type() != JsonType::Array)
                return m_fallback = true, false;
            m_sawEvents = true;
            return array.forEachElement([&](JsonValue &) { return m_fallback = true, false; });
        }
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
                return m_events.readOtherData(v, m_in.other);
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
        return finish();
    }

    TraceImportResult finish()
    {
        m_in.file = m_file;
        m_in.eventCount = m_eventNumber;
        m_in.names = m_names.toStrings();
        m_in.errors = m_errors.toStrings();
        m_in.keyCount = quint32(m_keyIndex.size());
        for (int c = 0; c < 128; ++c) {
            if (m_phaseCounts[size_t(c)] > 0)
                m_in.skipped.insert(QString(QLatin1Char(char(c))), m_phaseCounts[size_t(c)]);
        }
        for (auto it = m_otherPhases.cbegin(); it != m_otherPhases.cend(); ++it)
            m_in.skipped.insert(it.key(), it.value());
        // The string views die with the reader: everything needed is copied out by now, and
        // the document's memory is better spent on the records.
        m_names = {};
        m_errors = {};
        m_reader.reset();
        return buildTrace(std::move(m_in), m_warnings);
    }
};

} // namespace

TraceImportResult importChromeTrace(const QString &path)
{
    {
        JsonChunks chunks("traceEvents");
        if (chunks.openFile(path)) {
            if (auto result = Importer(path).readChunks(chunks))
                return std::move(*result);
        }
    }
    return Importer(path).readFile();
}

TraceImportResult importChromeTrace(QByteArrayView json, const QString &file)
{
    if (auto result = ChromeTrace::importInChunks(json, file, JsonChunks::DefaultChunkBytes))
        return std::move(*result);
    return ChromeTrace::importWholeDocument(json, file);
}

namespace ChromeTrace {

TraceImportResult importWholeDocument(QByteArrayView json, const QString &file)
{
    return Importer(file).readData(json);
}

std::optional<TraceImportResult> importInChunks(QByteArrayView json, const QString &file,
                                                qsizetype chunkBytes)
{
    JsonChunks chunks("traceEvents", chunkBytes);
    chunks.openData(json);
    return Importer(file).readChunks(chunks);
}

} // namespace ChromeTrace

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
    // A long "metadata" member may come first: events ("ph" and "ts") say trace too.
    if (head[i] == '{') {
        return head.indexOf("\"traceEvents\"") >= 0 ||
               (head.indexOf("\"ph\"") >= 0 && head.indexOf("\"ts\"") >= 0);
    }
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
