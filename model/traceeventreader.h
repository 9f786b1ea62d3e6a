#pragma once

// Private to taskline_model: the first stage of importChromeTrace(), which reads the members of
// each event object (and our export's otherData) without judging them: from the JSON reader
// over the whole document, or from JsonChunks' batches with a reader of its own (the fast
// path; the same code reads the members either way).

#include "jsonreader.h"
#include "tracebuilder.h"

#include <array>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace Taskline::ChromeTrace {

constexpr double MaxAbsMicroseconds = 1e15; // ~31 years: beyond that a time is garbage

/*! Interned UTF-8 strings, copied (the document is read in reused chunks); index 0 is the
 *  empty string. */
class NameTable
{
public:
    quint32 intern(std::string_view text);
    /*! The strings as QStrings. */
    std::vector<QString> toStrings() const;

private:
    struct Hash
    {
        size_t operator()(std::string_view text) const noexcept;
    };
    std::string_view store(std::string_view text);

    std::unordered_map<std::string_view, quint32, Hash> m_index;
    std::vector<std::string_view> m_views{std::string_view()};
    std::vector<std::unique_ptr<char[]>> m_blocks; // the strings' bytes
    char *m_next = nullptr;                         // free bytes in the last block
    size_t m_left = 0;
    struct Cached
    {
        std::string_view text;
        quint32 index = 0;
    };
    std::array<Cached, 64> m_cache; // strings recently looked up: a few names repeat a lot
};

class BatchReader;
class FastValue;

// The fields of one event as read, before it is judged.
struct EventFields
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

/*! Reads events and otherData; strings go to `names` (span names, categories, string ids
 *  and pids) and `errors` (our export's messages). Valid while `reader` holds its document. */
class EventReader
{
public:
    EventReader(const JsonReader &reader, NameTable &names, NameTable &errors);

    ~EventReader();

    /*! The members of one event object; false only on a JSON error. */
    bool read(JsonValue &event, EventFields &f);
    /*!
     * The fast path: every element of a JsonChunks batch ("[e1,e2,...]"), each read into `f`
     * (reset first) and handed to visit(f, type) (fields only read for objects). False on
     * anything this reader does not take (invalid JSON, a number it does not convert exactly
     * as JsonReader does, ...) or when visit returned false: the caller falls back to the
     * whole document.
     */
    bool readBatch(QByteArrayView batch, JsonCallback<bool(EventFields &f, JsonType type)> visit);
    /*! What our export writes in otherData; false only on a JSON error. */
    bool readOtherData(JsonValue &object, OtherData &o);

private:
    template <typename V> bool readId(V &v, quint64 &id, bool &stringId);
    template <typename V> bool readProcessOrThread(V &v, qint64 &out);
    template <typename V> bool readUs(V &v, qint64 &ns, bool &ok);
    template <typename V> bool readArgs(V &args, EventFields &f);
    template <typename V> bool readArg(std::string_view key, V &v, EventFields &f, bool &ok);
    template <typename V> bool readField(std::string_view key, V &v, EventFields &f);
    bool readFastEvent(BatchReader &r, EventFields &f);
    bool failed(const JsonValue &) const;
    bool failed(const FastValue &v) const;

    const JsonReader &m_reader;
    std::unique_ptr<BatchReader> m_batch;
    NameTable &m_names;
    NameTable &m_errors;
};

/*! "a number", "an object", ... for messages. */
QString typeName(JsonType type);
bool toNsInGeneral(const JsonNumber &n, qint64 &ns);
/*! Microseconds as written to nanoseconds; false when out of any sane range. */
inline bool toNs(const JsonNumber &n, qint64 &ns)
{
    // Mostly an integer in range (exactly the integers whose double is, below 2^53).
    constexpr qint64 Max = qint64(MaxAbsMicroseconds);
    if (n.kind == JsonNumber::Kind::Int64 && n.int64 >= -Max && n.int64 <= Max) {
        ns = n.int64 * 1000;
        return true;
    }
    return toNsInGeneral(n, ns);
}
/*! "fetch" and 12 of "fetch[12]" (as our export names copies); other names as they are,
 *  with copy -1. Names repeat far less without their copy: a million "t[k]" are one "t". */
std::string_view splitCopy(std::string_view name, qint32 &copy);

} // namespace Taskline::ChromeTrace
