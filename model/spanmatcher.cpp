#include "spanmatcher.h"

#include "chrometrace_p.h"

#include <algorithm>

namespace Taskline::ChromeTrace {

qint64 &WarningLog::count(std::string_view kind)
{
    for (auto &[k, n] : m_counts) {
        if (k == kind)
            return n;
    }
    return m_counts.emplace_back(kind, 0).second;
}

QStringList WarningLog::finish() const
{
    QStringList all = m_messages;
    for (const auto &[kind, count] : m_counts) {
        if (count > Shown) {
            all.append(QStringLiteral("... and %1 more %2")
                           .arg(count - Shown)
                           .arg(QLatin1String(kind.data(), qsizetype(kind.size()))));
        }
    }
    return all;
}

QString fullName(const std::vector<QString> &names, const Event &event)
{
    const QString name = event.name < names.size() ? names[event.name] : QString();
    if (event.copy < 0)
        return name;
    return name + QLatin1Char('[') + QString::number(event.copy) + QLatin1Char(']');
}

namespace {

constexpr quint32 None = ~0u;

QString quoted(const std::vector<QString> &names, const Event &e)
{
    return QLatin1Char('"') + fullName(names, e) + QLatin1Char('"');
}

bool sameName(const Event &a, const Event &b)
{
    return a.name == b.name && a.copy == b.copy;
}

QString microseconds(qint64 ns)
{
    return QString::number(double(ns) / 1000.0, 'f', 3) + QStringLiteral(" us");
}

} // namespace

std::vector<Span> matchSpans(const std::vector<Event> &events, quint32 laneCount, quint32 keyCount,
                             qint64 traceEnd, const std::vector<QString> &names,
                             MatchCounts &counts, WarningLog &warnings)
{
    std::vector<Span> spans;
    spans.reserve(events.size());
    adviseHugePages(spans.data(), spans.capacity() * sizeof(Span));
    // Begin/end pairs need time order; complete and instant events stand alone.
    std::vector<std::pair<qint64, quint32>> ordered;
    size_t standalone = 0;
    for (quint32 i = 0; i < quint32(events.size()); ++i) {
        const Event &e = events[i];
        switch (e.phase) {
        case 'X':
            spans.push_back({e.ts, e.ts + e.dur, i, e.lane, e.name, false, false});
            break;
        case 'i':
        case 'n':
            spans.push_back({e.ts, e.ts, i, e.lane, e.name, true, false});
            break;
        default:
            ordered.emplace_back(e.ts, i);
        }
    }
    standalone = spans.size();
    std::sort(ordered.begin(), ordered.end()); // by time, ties in file order

    // Open begins as linked stacks through `below`: no allocation per lane or async id, of
    // which a trace may have a million.
    std::vector<quint32> threadTop(laneCount, None);
    std::vector<quint32> asyncTop(keyCount, None);
    std::vector<quint32> below(events.size(), None);
    const auto close = [&](quint32 begin, qint64 end, bool unfinished) {
        const Event &b = events[begin];
        spans.push_back({b.ts, end, begin, b.lane, b.name, false, unfinished});
    };
    const auto unmatched = [&](const Event &e) {
        ++counts.unmatchedEnds;
        warnings.add("unmatched end events", [&] {
            return QStringLiteral("an end event (\"ph\": \"%1\") of %2 at %3 has no open "
                                  "begin; it was left out")
                .arg(QString(QLatin1Char(e.phase == 'e' ? 'e' : 'E')), quoted(names, e),
                     microseconds(e.ts));
        });
    };

    for (const auto &[ts, i] : ordered) {
        const Event &e = events[i];
        switch (e.phase) {
        case 'B':
            below[i] = threadTop[e.lane];
            threadTop[e.lane] = i;
            break;
        case 'b':
            below[i] = asyncTop[e.key];
            asyncTop[e.key] = i;
            break;
        case 'E': {
            const quint32 top = threadTop[e.lane];
            if (top == None) {
                unmatched(e);
                break;
            }
            threadTop[e.lane] = below[top];
            if (e.name != 0 && !sameName(e, events[top])) {
                warnings.add("nesting errors", [&] {
                    return QStringLiteral("an end event of %1 at %2 closes the open %3: "
                                          "matched by stack order")
                        .arg(quoted(names, e), microseconds(e.ts), quoted(names, events[top]));
                });
            }
            close(top, e.ts, false);
            break;
        }
        case 'e': {
            // The innermost open begin of the same name; an end without a name closes the top.
            quint32 *link = &asyncTop[e.key];
            while (*link != None && e.name != 0 && !sameName(events[*link], e))
                link = &below[*link];
            if (*link == None) {
                unmatched(e);
                break;
            }
            const quint32 begin = *link;
            *link = below[begin];
            close(begin, e.ts, false);
            break;
        }
        }
    }

    // What is still open ends with the trace, in time order of the begins.
    std::vector<quint32> open;
    for (const quint32 top : threadTop) {
        for (quint32 b = top; b != None; b = below[b])
            open.push_back(b);
    }
    for (const quint32 top : asyncTop) {
        for (quint32 b = top; b != None; b = below[b])
            open.push_back(b);
    }
    std::sort(open.begin(), open.end());
    for (const quint32 b : open) {
        ++counts.unfinished;
        close(b, qMax(traceEnd, events[b].ts), true);
    }

    // File order: complete and instant spans came first and are in it already; the matched
    // ones are sorted and merged in.
    const auto byBegin = [](const Span &a, const Span &b) { return a.begin < b.begin; };
    const auto matched = spans.begin() + qsizetype(standalone);
    std::sort(matched, spans.end(), byBegin);
    std::inplace_merge(spans.begin(), matched, spans.end(), byBegin);
    return spans;
}

} // namespace Taskline::ChromeTrace
