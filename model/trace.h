#pragma once

#include "plan.h"
#include "scenario.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <QHash>

#include <array>

namespace Taskline {

/*! Interned strings (error messages): index 0 is the empty string; adding is O(1). */
class StringTable
{
public:
    quint32 intern(const QString &text);
    QString at(quint32 index) const { return m_strings.value(qsizetype(index)); }
    qsizetype size() const { return m_strings.size(); }
    const QStringList &strings() const { return m_strings; }

    friend bool operator==(const StringTable &a, const StringTable &b)
    {
        return a.m_strings == b.m_strings;
    }

private:
    QStringList m_strings{QString()};
    QHash<QString, quint32> m_index;
};

enum class AttemptStatus : quint8 { Ok, Failed, TimedOut, Cancelled, Skipped };
constexpr int AttemptStatusCount = 5;

QString statusName(AttemptStatus status); // "ok", "failed", "timed_out", "cancelled", "skipped"

/*!
 * One attempt of one task copy (SPEC section 4). Times are nanoseconds from the run's start.
 * A task that never ran (skipped, or cancelled before a worker took it) has one record with
 * lane -1 whose start and end are the moment that was decided (a task dropped from the pool's
 * queue keeps the release and enqueue times it had).
 */
struct AttemptRecord
{
    qint64 releaseNs = 0;  // ready: start_ms reached and dependencies done (or retry delay over)
    qint64 enqueueNs = 0;  // handed to the pool (timers: equal to release)
    qint64 startNs = 0;    // a worker (or the event loop) began it
    qint64 endNs = 0;      // it returned, threw, timed out or was cancelled
    quint32 task = 0;      // index into the plan's task copies
    quint32 error = 0;     // index into Trace::strings; 0: no message
    quint16 attempt = 0;   // 0 for the first attempt, 1 for the first retry, ...
    qint16 lane = -1;      // index into Trace::lanes; -1: never ran
    AttemptStatus status = AttemptStatus::Ok;
    TaskKind kind = TaskKind::Cpu;

    bool ran() const { return lane >= 0; }
    qint64 durationNs() const { return endNs - startNs; }
    qint64 waitNs() const { return startNs - enqueueNs; }

    friend bool operator==(const AttemptRecord &a, const AttemptRecord &b)
    {
        return a.releaseNs == b.releaseNs && a.enqueueNs == b.enqueueNs && a.startNs == b.startNs
            && a.endNs == b.endNs && a.task == b.task && a.error == b.error
            && a.attempt == b.attempt && a.lane == b.lane && a.status == b.status
            && a.kind == b.kind;
    }
};
static_assert(sizeof(AttemptRecord) <= 48, "a million records must fit comfortably");

/*! A measured run or a prediction: records plus what they refer to. */
struct Trace
{
    PlanPtr plan;                 // the tasks the records point at
    RunConfig config;
    bool predicted = false;
    QStringList lanes;            // "worker 1".."worker P", "event loop"
    int eventLoopLane = -1;       // index into lanes, -1 if absent
    StringTable strings;          // error messages, shared by records
    QList<AttemptRecord> records;

    /*! Latest end over all records (the run starts at 0). */
    qint64 makespanNs() const;
    QString error(const AttemptRecord &r) const { return strings.at(r.error); }
    QString taskName(const AttemptRecord &r) const;

    friend bool operator==(const Trace &a, const Trace &b);
};

/*! Lane names for P workers followed by the event loop. */
QStringList standardLanes(int workers, bool withEventLoop);

} // namespace Taskline

Q_DECLARE_METATYPE(Taskline::Trace)
