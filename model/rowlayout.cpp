#include "rowlayout.h"

#include "trace.h"

#include <algorithm>

namespace Taskline {

namespace {

constexpr qint64 Free = std::numeric_limits<qint64>::max();

// The extent a row shows: task rows include the queue wait before the run.
std::pair<qint64, qint64> extentOf(const AttemptRecord &r, RowGrouping grouping)
{
    if (!r.ran()) {
        const qint64 at = std::min(r.startNs, r.endNs);
        return {at, at};
    }
    const qint64 start =
        grouping == RowGrouping::Tasks ? std::min(r.enqueueNs, r.startNs) : r.startNs;
    return {start, std::max(r.startNs, r.endNs)};
}

} // namespace

int RowLayout::FirstFit::find(qint64 startNs) const
{
    if (m_size == 0 || m_tree[1] > startNs)
        return -1;
    std::size_t i = 1;
    while (i < std::size_t(m_capacity)) {
        i *= 2;
        if (m_tree[i] > startNs)
            ++i;
    }
    return int(i) - m_capacity;
}

void RowLayout::FirstFit::set(int subRow, qint64 lastEndNs)
{
    while (subRow >= m_capacity)
        grow();
    m_size = std::max(m_size, subRow + 1);
    std::size_t i = std::size_t(subRow + m_capacity);
    m_tree[i] = lastEndNs;
    for (i /= 2; i >= 1; i /= 2)
        m_tree[i] = std::min(m_tree[2 * i], m_tree[2 * i + 1]);
}

void RowLayout::FirstFit::grow()
{
    const int capacity = std::max(1, 2 * m_capacity);
    std::vector<qint64> tree(std::size_t(2 * capacity), Free);
    std::copy_n(m_tree.begin() + m_capacity, m_capacity, tree.begin() + capacity);
    for (int i = capacity - 1; i >= 1; --i)
        tree[std::size_t(i)] = std::min(tree[std::size_t(2 * i)], tree[std::size_t(2 * i + 1)]);
    m_tree = std::move(tree);
    m_capacity = capacity;
}

RowLayout::RowLayout(const Trace &trace, RowGrouping grouping) : m_grouping(grouping)
{
    update(trace);
}

QStringList RowLayout::rowNames() const
{
    QStringList names;
    names.reserve(qsizetype(m_rows.size()));
    for (const Row &row : m_rows)
        names.append(row.name);
    return names;
}

QList<int> RowLayout::subRowCounts() const
{
    QList<int> counts;
    counts.reserve(qsizetype(m_rows.size()));
    for (const Row &row : m_rows)
        counts.append(int(row.tracks.size()));
    return counts;
}

int RowLayout::addRow(const QString &name)
{
    m_rows.emplace_back();
    m_rows.back().name = name;
    return int(m_rows.size()) - 1;
}

void RowLayout::update(const Trace &trace)
{
    // Rows known up front appear even before their first record (a live run, an idle worker).
    if (m_grouping == RowGrouping::Lanes) {
        for (qsizetype i = qsizetype(m_rows.size()); i < trace.lanes.size(); ++i)
            addRow(trace.lanes[i]);
    } else if (trace.plan) {
        for (quint32 s = quint32(m_rows.size()); s < trace.plan->specCount(); ++s)
            addRow(trace.plan->specs().id(s));
    }

    const qsizetype from = recordCount();
    const qsizetype to = trace.records.size();
    if (to <= from)
        return;
    m_recordTrack.resize(std::size_t(to), NoTrack);

    if (m_grouping == RowGrouping::Tasks && !trace.plan) {
        // One row per task, new tasks in increasing order.
        std::vector<quint32> fresh;
        for (qsizetype i = from; i < to; ++i) {
            const quint32 task = trace.records[i].task;
            if (task >= m_taskRow.size())
                m_taskRow.resize(std::size_t(task) + 1, -1);
            if (m_taskRow[task] == -1) {
                m_taskRow[task] = -2; // seen in this batch
                fresh.push_back(task);
            }
        }
        std::sort(fresh.begin(), fresh.end());
        for (const quint32 task : fresh) {
            AttemptRecord r;
            r.task = task;
            m_taskRow[task] = addRow(trace.taskName(r));
        }
    }

    // Placing in order of start packs the sub-rows tightly (lowest free sub-row first). At
    // equal starts: in task rows, who ran first goes higher (copies queued together form a
    // staircase); in lane rows the longer span goes higher, so an enclosing span sits above
    // the spans it holds (nested spans of an imported thread).
    struct Order
    {
        qint64 start;
        qint64 tie;
        quint32 record;
        bool operator<(const Order &o) const
        {
            return start != o.start ? start < o.start
                   : tie != o.tie   ? tie < o.tie
                                    : record < o.record;
        }
    };
    // Rows are independent: group the records by row (a counting sort keeps their order), then
    // sort each row's run only when it is out of order. A run's records, or a lane of an
    // imported thread, come in order of start already: laying them out costs O(N), not a sort.
    std::vector<int> rowOfRecord(std::size_t(to - from));
    std::vector<std::size_t> begin;
    for (qsizetype i = from; i < to; ++i) {
        const int row = rowOf(trace, quint32(i));
        rowOfRecord[std::size_t(i - from)] = row;
        if (row >= 0) {
            if (begin.size() <= std::size_t(row) + 1)
                begin.resize(std::size_t(row) + 2, 0);
            ++begin[std::size_t(row) + 1];
        }
    }
    for (std::size_t row = 1; row < begin.size(); ++row)
        begin[row] += begin[row - 1];
    std::vector<Order> order(begin.empty() ? 0 : begin.back());
    std::vector<std::size_t> next(begin);
    for (qsizetype i = from; i < to; ++i) {
        const int row = rowOfRecord[std::size_t(i - from)];
        if (row < 0)
            continue;
        const AttemptRecord &r = trace.records[i];
        const auto [start, end] = extentOf(r, m_grouping);
        const qint64 tie = m_grouping == RowGrouping::Tasks ? r.startNs : -end;
        order[next[std::size_t(row)]++] = {start, tie, quint32(i)};
    }
    for (std::size_t row = 0; row + 1 < begin.size(); ++row) {
        const auto first = order.begin() + qsizetype(begin[row]);
        const auto last = order.begin() + qsizetype(begin[row + 1]);
        if (!std::is_sorted(first, last))
            std::sort(first, last);
        const std::size_t expected = std::size_t(last - first);
        if (m_grouping == RowGrouping::Lanes && appendToFirstSubRow(trace, int(row), first, last))
            continue;
        for (auto it = first; it != last; ++it) {
            const qint64 end = m_grouping == RowGrouping::Tasks
                                   ? extentOf(trace.records[it->record], m_grouping).second
                                   : -it->tie;
            insert(trace, it->record, int(row), it->start, end, expected);
        }
    }
}

template <typename It>
bool RowLayout::appendToFirstSubRow(const Trace &trace, int rowIndex, It first, It last)
{
    // A run's worker or an imported thread: spans back to back, none overlapping. Each would
    // find the first sub-row free (its last end <= the start), so the first-fit search and
    // its updates per span are skipped.
    Row &row = m_rows[std::size_t(rowIndex)];
    if (row.tracks.size() > 1 || first == last)
        return false;
    const std::vector<LayoutSpan> *existing =
        row.tracks.empty() ? nullptr : &m_tracks[row.tracks.front()];
    qint64 end = existing && !existing->empty() ? existing->back().endNs
                                                : std::numeric_limits<qint64>::min();
    for (It it = first; it != last; ++it) {
        if (it->start < end)
            return false;
        end = -it->tie; // lane rows order equal starts by -end
    }
    if (row.tracks.empty()) {
        row.tracks.push_back(quint32(m_tracks.size()));
        m_tracks.emplace_back();
        m_trackRow.push_back(quint32(rowIndex));
        m_trackSubRow.push_back(0);
    }
    const quint32 track = row.tracks.front();
    std::vector<LayoutSpan> &spans = m_tracks[track];
    // Live batches append to the same track again and again: grow it geometrically (an exact
    // reserve per batch would copy the whole track at every batch).
    const std::size_t needed = spans.size() + std::size_t(last - first);
    if (needed > spans.capacity())
        spans.reserve(std::max(needed, spans.capacity() * 2));
    qint64 runSum = spans.empty() ? 0 : spans.back().runSumNs;
    quint32 marks = spans.empty() ? 0 : spans.back().markSum;
    for (It it = first; it != last; ++it) {
        const AttemptRecord &r = trace.records[qsizetype(it->record)];
        runSum += r.ran() ? std::max<qint64>(0, r.endNs - r.startNs) : 0;
        marks += r.status != AttemptStatus::Ok ? 1 : 0;
        LayoutSpan span;
        span.startNs = it->start;
        span.endNs = -it->tie;
        span.runSumNs = runSum;
        span.record = it->record;
        span.markSum = marks;
        span.kind = quint32(r.kind);
        spans.push_back(span);
        m_recordTrack[it->record] = track;
    }
    m_spanCount += qsizetype(last - first);
    m_firstNs = std::min(m_firstNs, first->start);
    m_lastNs = std::max(m_lastNs, end);
    row.free.set(0, end);
    return true;
}

int RowLayout::rowOf(const Trace &trace, quint32 record)
{
    const AttemptRecord &r = trace.records[qsizetype(record)];
    if (m_grouping == RowGrouping::Lanes) {
        if (r.lane < 0)
            return -1;
        while (int(m_rows.size()) <= r.lane)
            addRow(QStringLiteral("lane %1").arg(m_rows.size() + 1));
        return r.lane;
    }
    if (trace.plan)
        return r.task < trace.plan->taskCount() ? int(trace.plan->specOf(r.task)) : -1;
    return m_taskRow[r.task];
}

void RowLayout::insert(const Trace &trace, quint32 record, int rowIndex, qint64 start, qint64 end,
                       std::size_t expected)
{
    const AttemptRecord &r = trace.records[qsizetype(record)];
    Row &row = m_rows[std::size_t(rowIndex)];
    int subRow = row.free.find(start);
    if (subRow < 0) {
        subRow = int(row.tracks.size());
        row.tracks.push_back(quint32(m_tracks.size()));
        m_tracks.emplace_back();
        if (subRow == 0) // most spans of a row go to its first sub-row
            m_tracks.back().reserve(expected);
        m_trackRow.push_back(quint32(rowIndex));
        m_trackSubRow.push_back(quint32(subRow));
    }
    const quint32 track = row.tracks[std::size_t(subRow)];
    std::vector<LayoutSpan> &spans = m_tracks[track];
    LayoutSpan span;
    span.startNs = start;
    span.endNs = end;
    span.record = record;
    span.runSumNs = (r.ran() ? std::max<qint64>(0, r.endNs - r.startNs) : 0) +
                    (spans.empty() ? 0 : spans.back().runSumNs);
    span.markSum =
        (r.status != AttemptStatus::Ok ? 1 : 0) + (spans.empty() ? 0 : spans.back().markSum);
    span.kind = quint32(r.kind);
    spans.push_back(span);
    row.free.set(subRow, end);
    m_recordTrack[record] = track;
    ++m_spanCount;
    m_firstNs = std::min(m_firstNs, start);
    m_lastNs = std::max(m_lastNs, end);
}

std::pair<std::size_t, std::size_t> RowLayout::visibleRange(int row, int subRow, qint64 t0Ns,
                                                            qint64 t1Ns) const
{
    const std::vector<LayoutSpan> &s = spans(row, subRow);
    const auto first = std::partition_point(s.begin(), s.end(),
                                            [t0Ns](const LayoutSpan &x) { return x.endNs < t0Ns; });
    const auto last = std::partition_point(
        first, s.end(), [t1Ns](const LayoutSpan &x) { return x.startNs <= t1Ns; });
    return {std::size_t(first - s.begin()), std::size_t(last - s.begin())};
}

QList<quint32> RowLayout::recordsIn(int row, qint64 t0Ns, qint64 t1Ns) const
{
    QList<quint32> records;
    for (int sub = 0; sub < subRowCount(row); ++sub) {
        const auto [first, last] = visibleRange(row, sub, t0Ns, t1Ns);
        const std::vector<LayoutSpan> &s = spans(row, sub);
        for (std::size_t i = first; i < last; ++i)
            records.append(s[i].record);
    }
    std::sort(records.begin(), records.end());
    return records;
}

std::pair<int, int> RowLayout::place(quint32 record) const
{
    if (record >= m_recordTrack.size() || m_recordTrack[record] == NoTrack)
        return {-1, -1};
    const quint32 track = m_recordTrack[record];
    return {int(m_trackRow[track]), int(m_trackSubRow[track])};
}

} // namespace Taskline
