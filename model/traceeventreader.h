#pragma once

// Private to taskline_model: the first stage of importChromeTrace(), which reads the members of
// each event object (and our export's otherData) from the JSON reader, without judging them.

#include "jsonreader.h"
#include "tracebuilder.h"

#include <string_view>
#include <unordered_map>
#include <vector>

namespace Taskline::ChromeTrace {

constexpr double MaxAbsMicroseconds = 1e15; // ~31 years: beyond that a time is garbage

/*! Strings interned as views into the JSON document; index 0 is the empty string. */
class NameTable
{
public:
    quint32 intern(std::string_view text);
    /*! Copies of the strings, valid after the document is gone. */
    std::vector<QString> toStrings() const;

private:
    std::unordered_map<std::string_view, quint32> m_index;
    std::vector<std::string_view> m_views{std::string_view()};
};

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
    EventReader(const JsonReader &reader, NameTable &names, NameTable &errors)
        : m_reader(reader), m_names(names), m_errors(errors)
    {
    }

    /*! The members of one event object; false only on a JSON error. */
    bool read(JsonValue &event, EventFields &f);
    /*! What our export writes in otherData; false only on a JSON error. */
    bool readOtherData(JsonValue &object, OtherData &o);

private:
    bool readId(JsonValue &v, quint64 &id, bool &stringId);
    bool readProcessOrThread(JsonValue &v, qint64 &out);
    bool readUs(JsonValue &v, qint64 &ns, bool &ok);
    bool readArgs(JsonValue &args, EventFields &f);
    bool readField(std::string_view key, JsonValue &v, EventFields &f);

    const JsonReader &m_reader;
    NameTable &m_names;
    NameTable &m_errors;
};

/*! "a number", "an object", ... for messages. */
QString typeName(JsonType type);
/*! Microseconds as written to nanoseconds; false when out of any sane range. */
bool toNs(const JsonNumber &n, qint64 &ns);
/*! "fetch" and 12 of "fetch[12]" (as our export names copies); other names as they are,
 *  with copy -1. Names repeat far less without their copy: a million "t[k]" are one "t". */
std::string_view splitCopy(std::string_view name, qint32 &copy);

} // namespace Taskline::ChromeTrace
