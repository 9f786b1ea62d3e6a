#pragma once

// Private to taskline_model: the second stage of importChromeTrace(), which pairs begin and
// end events into spans. The parser (chrometraceimport.cpp) fills compact events; nothing
// here knows about JSON.

#include <QHash>
#include <QString>
#include <QStringList>

#include <string_view>
#include <utility>
#include <vector>

namespace Taskline::ChromeTrace {

/*! One imported event, kept small: a 10^6-event file holds 10^6 of these. */
struct Event
{
    qint64 ts = 0;    // nanoseconds, as written (not yet rebased)
    qint64 dur = 0;   // nanoseconds; complete events only
    quint32 name = 0; // index into the interned names; 0 is the empty name
    quint32 lane = 0; // index into the lane keys: (pid, tid) or, for async events, (pid, cat)
    quint32 key = 0;  // async events: index of their (scope, cat, id) matching key
    qint32 own = -1;  // index into our own export's attempt details, -1 if none
    qint32 copy = -1; // the name is names[name] + "[copy]" when copy >= 0 (see splitCopy)
    char phase = 0;   // 'X' (B with dur too), 'B', 'E', 'b' (S too), 'e' (F too), 'i', 'n'
};

/*! A begin matched with its end, or a complete or instant event. */
struct Span
{
    qint64 start = 0;
    qint64 end = 0;
    quint32 begin = 0; // index of the event that began it (file order)
    quint32 lane = 0;
    quint32 name = 0;
    bool instant = false;
    bool unfinished = false; // no end event: ends at the end of the trace
};

/*! The name of an event as written: names[name], then "[copy]" if it had one. */
QString fullName(const std::vector<QString> &names, const Event &event);

/*! Caps repeated warnings: the first few of each kind in full, then a count. */
class WarningLog
{
public:
    static constexpr int Shown = 5;
    /*! Counts a warning of `kind`, in the plural ("malformed events"), and keeps compose()'s
     *  message if fewer than Shown of that kind came before. */
    template <typename Compose> void add(std::string_view kind, Compose compose)
    {
        if (++count(kind) <= Shown)
            m_messages.append(compose());
    }
    /*! The messages, then "... and N more <kind>" for each kind that had more. */
    QStringList finish() const;

private:
    qint64 &count(std::string_view kind);

    std::vector<std::pair<std::string_view, qint64>> m_counts; // a few kinds, in first-seen order
    QStringList m_messages;
};

struct MatchCounts
{
    qint64 unmatchedEnds = 0;
    qint64 unfinished = 0;
};

/*!
 * Pairs B/E per thread lane (a stack; an E naming another span than the open B is a nesting
 * error, warned about, still matched by stack order) and b/e per async key (the innermost open
 * b of the same name; an e without a name closes the innermost). Events are taken in time
 * order, ties in file order. Begins left open end at `traceEnd`, marked unfinished. Spans come
 * back in file order of the events that began them. `names` is only used for messages.
 */
std::vector<Span> matchSpans(const std::vector<Event> &events, quint32 laneCount, quint32 keyCount,
                             qint64 traceEnd, const std::vector<QString> &names,
                             MatchCounts &counts, WarningLog &warnings);

} // namespace Taskline::ChromeTrace
