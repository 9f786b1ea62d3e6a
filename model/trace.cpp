#include "trace.h"

#include <array>

namespace Taskline {

QString statusName(AttemptStatus status)
{
    static constexpr std::array<const char *, AttemptStatusCount> Names = {
        "ok", "failed", "timed_out", "cancelled", "skipped"};
    return QLatin1String(Names[std::size_t(status)]);
}

qint64 Trace::makespanNs() const
{
    qint64 end = 0;
    for (const AttemptRecord &r : records)
        end = qMax(end, r.endNs);
    return end;
}

quint32 StringTable::intern(const QString &text)
{
    if (text.isEmpty())
        return 0;
    const auto it = m_index.constFind(text);
    if (it != m_index.constEnd())
        return *it;
    m_strings.append(text);
    const auto index = quint32(m_strings.size() - 1);
    m_index.insert(text, index);
    return index;
}

QString Trace::taskName(const AttemptRecord &r) const
{
    return plan && r.task < plan->taskCount() ? plan->taskName(r.task)
                                               : QStringLiteral("#%1").arg(r.task);
}

bool operator==(const Trace &a, const Trace &b)
{
    const bool samePlan = a.plan == b.plan
        || (a.plan && b.plan && a.plan->scenario() == b.plan->scenario());
    return samePlan && a.config == b.config && a.predicted == b.predicted && a.lanes == b.lanes
        && a.eventLoopLane == b.eventLoopLane && a.strings == b.strings
        && a.records == b.records;
}

QStringList standardLanes(int workers, bool withEventLoop)
{
    QStringList lanes;
    for (int i = 1; i <= workers; ++i)
        lanes.append(QStringLiteral("worker %1").arg(i));
    if (withEventLoop)
        lanes.append(QStringLiteral("event loop"));
    return lanes;
}

} // namespace Taskline
