#pragma once

#include "scenario.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <limits>
#include <utility>
#include <vector>

namespace Taskline {

struct Trace;

/*! What a timeline row stands for: a lane (worker 1..P, event loop) or a task spec id. */
enum class RowGrouping : quint8 { Lanes, Tasks };

/*!
 * One record placed in a row. Its extent [startNs, endNs] is what the row shows: the run in
 * lane rows; queue wait and run (enqueue to end) in task rows. A record that never ran is a
 * zero-length extent at the moment that was decided.
 */
struct LayoutSpan
{
    qint64 startNs = 0;
    qint64 endNs = 0;
    qint64 runSumNs = 0;  // run time of this and the earlier spans of its sub-row
    quint32 record = 0;   // index into Trace::records
    quint32 markSum : 28; // this and earlier spans of its sub-row whose status is not ok
    quint32 kind : 4;     // the record's TaskKind, kept here so merging reads no records

    LayoutSpan() : markSum(0), kind(0) {}
    TaskKind taskKind() const { return TaskKind(kind); }
};

/*!
 * Timeline rows of a trace, plain data for the views (no widget code).
 *
 * Overlapping extents within a row (timers on the event loop, copies of one task waiting in
 * the queue together) are stacked in sub-rows, lowest free sub-row first, so no two spans of a
 * sub-row overlap. A sub-row's spans are sorted by start and, not overlapping, by end too: the
 * spans visible in a time range are found with two binary searches, and the prefix sums
 * (runSumNs, markSum) give the busy time and the failures of any run of spans in O(1).
 *
 * update() lays out the records appended to a trace since the last call, so a live run costs
 * its new records, not the whole trace.
 */
class RowLayout
{
public:
    static constexpr quint32 NoTrack = std::numeric_limits<quint32>::max();

    RowLayout() = default;
    RowLayout(const Trace &trace, RowGrouping grouping);

    RowGrouping grouping() const { return m_grouping; }
    /*! Lays out trace.records[recordCount()..]: the records appended since the last call. */
    void update(const Trace &trace);
    /*! Records seen so far (laid out or, in lane rows, left out because they never ran). */
    qsizetype recordCount() const { return qsizetype(m_recordTrack.size()); }
    /*! Records placed in rows. */
    qsizetype spanCount() const { return m_spanCount; }

    int rowCount() const { return int(m_rows.size()); }
    QString rowName(int row) const { return m_rows[std::size_t(row)].name; }
    QStringList rowNames() const;
    int subRowCount(int row) const { return int(m_rows[std::size_t(row)].tracks.size()); }
    QList<int> subRowCounts() const;

    /*! The spans of one sub-row, sorted by start (and by end). */
    const std::vector<LayoutSpan> &spans(int row, int subRow) const
    {
        return m_tracks[m_rows[std::size_t(row)].tracks[std::size_t(subRow)]];
    }
    /*! [first, last) indices into spans(row, subRow) of the spans whose extent meets
     *  [t0Ns, t1Ns] (touching counts). */
    std::pair<std::size_t, std::size_t> visibleRange(int row, int subRow, qint64 t0Ns,
                                                     qint64 t1Ns) const;
    /*! Records whose extent in `row` meets [t0Ns, t1Ns], in increasing record order. */
    QList<quint32> recordsIn(int row, qint64 t0Ns, qint64 t1Ns) const;

    /*! Where a record is drawn: {row, subRow}, or {-1, -1} when it is not in any row. */
    std::pair<int, int> place(quint32 record) const;

    /*! Earliest start and latest end over all spans; {0, 0} when empty. */
    qint64 firstNs() const { return m_spanCount ? m_firstNs : 0; }
    qint64 lastNs() const { return m_spanCount ? m_lastNs : 0; }

private:
    // A min tree over the last end of each sub-row of a row: the lowest sub-row free at a
    // given time in O(log n).
    class FirstFit
    {
    public:
        int find(qint64 startNs) const;
        void set(int subRow, qint64 lastEndNs);
        int size() const { return m_size; }

    private:
        void grow();
        std::vector<qint64> m_tree; // heap layout, leaves at [m_capacity, 2 * m_capacity)
        int m_capacity = 0;
        int m_size = 0;
    };

    struct Row
    {
        QString name;
        std::vector<quint32> tracks; // sub-row -> index into m_tracks
        FirstFit free;
    };

    int rowOf(const Trace &trace, quint32 record);
    int addRow(const QString &name);
    // `start` and `end`: the record's extent; `expected`: how many records the row is about
    // to get, so its first sub-row is allocated once.
    void insert(const Trace &trace, quint32 record, int row, qint64 start, qint64 end,
                std::size_t expected);
    // Lane rows only: appends records sorted by start to the row's first sub-row in one pass
    // when that is where insert() would put each of them; false (nothing done) otherwise.
    template <typename It> bool appendToFirstSubRow(const Trace &trace, int row, It first, It last);

    RowGrouping m_grouping = RowGrouping::Lanes;
    std::vector<Row> m_rows;
    std::vector<std::vector<LayoutSpan>> m_tracks;
    std::vector<quint32> m_trackRow;    // per track
    std::vector<quint32> m_trackSubRow; // per track
    std::vector<quint32> m_recordTrack; // per record: index into m_tracks, or NoTrack
    std::vector<int> m_taskRow;         // task rows of a trace without a plan: per task, or -1
    qsizetype m_spanCount = 0;
    qint64 m_firstNs = std::numeric_limits<qint64>::max();
    qint64 m_lastNs = std::numeric_limits<qint64>::min();
};

} // namespace Taskline
