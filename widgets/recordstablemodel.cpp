#include "recordstablemodel.h"

#include <QColor>

namespace Taskline {

namespace {
// Times are in milliseconds from the run's start (said in the tooltips; short headers fit).
const char *const Headers[RecordsTableModel::ColumnCount] = {
    "#",       "Task",  "Kind", "Attempt", "Lane",     "Status", "Release",
    "Enqueue", "Start", "End",  "Wait",    "Duration", "Error"};

const char *const HeaderTips[RecordsTableModel::ColumnCount] = {
    "Order in which the event loop learned of the attempt",
    "Task id; id[k] for copy k of a fan-out",
    "cpu, io, timer or file",
    "0 for the first attempt, 1 for the first retry, ...",
    "Worker or event loop that ran the attempt",
    "ok, failed, timed_out, cancelled or skipped",
    "ms from the run's start: ready (start_ms reached and dependencies done)",
    "ms from the run's start: handed to the pool",
    "ms from the run's start: a worker (or the event loop) began it",
    "ms from the run's start: it returned, threw, timed out or was cancelled",
    "Queue wait in ms: start - enqueue",
    "Run time in ms: end - start",
    "The message of a failure, a timeout or a skip"};

QColor statusColor(AttemptStatus status)
{
    // Mid-tone colours that read on light and dark palettes alike.
    switch (status) {
    case AttemptStatus::Ok:
        return {};
    case AttemptStatus::Failed:
        return QColor(0xe0, 0x4a, 0x3f);
    case AttemptStatus::TimedOut:
        return QColor(0xd9, 0x7a, 0x00);
    case AttemptStatus::Cancelled:
    case AttemptStatus::Skipped:
        return QColor(0x8a, 0x8a, 0x8a);
    }
    return {};
}

bool isNumeric(int column)
{
    return column == RecordsTableModel::Number || column == RecordsTableModel::Attempt ||
           (column >= RecordsTableModel::Release && column <= RecordsTableModel::Duration);
}
} // namespace

QString formatMs(qint64 ns)
{
    return QString::number(double(ns) / 1e6, 'f', 3);
}

RecordsTableModel::RecordsTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void RecordsTableModel::setTrace(const Trace &trace)
{
    beginResetModel();
    m_trace = trace;
    endResetModel();
}

void RecordsTableModel::appendRecords(const QList<AttemptRecord> &records,
                                      const StringTable &strings)
{
    m_trace.strings = strings;
    if (records.isEmpty())
        return;
    const int first = int(m_trace.records.size());
    beginInsertRows({}, first, first + int(records.size()) - 1);
    m_trace.records.append(records);
    endInsertRows();
}

void RecordsTableModel::clear()
{
    setTrace(Trace{});
}

int RecordsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_trace.records.size());
}

int RecordsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RecordsTableModel::laneName(const AttemptRecord &r) const
{
    if (!r.ran())
        return QStringLiteral("-");
    return m_trace.lanes.value(r.lane, QStringLiteral("lane %1").arg(r.lane));
}

QString RecordsTableModel::displayText(const AttemptRecord &r, int row, int column) const
{
    switch (column) {
    case Number:
        return QString::number(row + 1);
    case Task:
        return m_trace.taskName(r);
    case Kind:
        return kindName(r.kind);
    case Attempt:
        return QString::number(r.attempt);
    case Lane:
        return laneName(r);
    case Status:
        return statusName(r.status);
    case Release:
        return formatMs(r.releaseNs);
    case Enqueue:
        return formatMs(r.enqueueNs);
    case Start:
        return formatMs(r.startNs);
    case End:
        return formatMs(r.endNs);
    case Wait:
        return r.ran() ? formatMs(r.waitNs()) : QString();
    case Duration:
        return r.ran() ? formatMs(r.durationNs()) : QString();
    case Error:
        return m_trace.error(r);
    }
    return {};
}

QVariant RecordsTableModel::sortValue(const AttemptRecord &r, int row, int column) const
{
    switch (column) {
    case Number:
        return row;
    case Task:
        return qint64(r.task); // plan order: spec by spec, copies by number
    case Attempt:
        return int(r.attempt);
    case Release:
        return r.releaseNs;
    case Enqueue:
        return r.enqueueNs;
    case Start:
        return r.startNs;
    case End:
        return r.endNs;
    case Wait:
        return r.ran() ? r.waitNs() : qint64(-1);
    case Duration:
        return r.ran() ? r.durationNs() : qint64(-1);
    default:
        return displayText(r, row, column);
    }
}

bool RecordsTableModel::lessThan(int column, int left, int right) const
{
    const AttemptRecord &a = m_trace.records[left];
    const AttemptRecord &b = m_trace.records[right];
    // Ties fall back to the trace order, so sorting is stable and deterministic.
    const auto byKey = [&](auto ka, auto kb) { return ka != kb ? ka < kb : left < right; };
    switch (column) {
    case Number:
        return left < right;
    case Task:
        return a.task != b.task ? a.task < b.task : byKey(a.attempt, b.attempt);
    case Kind:
        return byKey(int(a.kind), int(b.kind));
    case Attempt:
        return byKey(a.attempt, b.attempt);
    case Lane:
        return byKey(a.lane, b.lane);
    case Status:
        return byKey(int(a.status), int(b.status));
    case Release:
        return byKey(a.releaseNs, b.releaseNs);
    case Enqueue:
        return byKey(a.enqueueNs, b.enqueueNs);
    case Start:
        return byKey(a.startNs, b.startNs);
    case End:
        return byKey(a.endNs, b.endNs);
    case Wait:
        return byKey(a.ran() ? a.waitNs() : -1, b.ran() ? b.waitNs() : -1);
    case Duration:
        return byKey(a.ran() ? a.durationNs() : -1, b.ran() ? b.durationNs() : -1);
    case Error: {
        if (a.error == b.error)
            return left < right;
        const int c = QString::localeAwareCompare(m_trace.error(a), m_trace.error(b));
        return c != 0 ? c < 0 : left < right;
    }
    }
    return left < right;
}

bool RecordsTableModel::matches(int row, const QString &text) const
{
    if (text.isEmpty())
        return true;
    const AttemptRecord &r = m_trace.records[row];
    const auto has = [&](const QString &s) { return s.contains(text, Qt::CaseInsensitive); };
    return has(m_trace.taskName(r)) || has(statusName(r.status)) || has(kindName(r.kind)) ||
           (r.error != 0 && has(m_trace.error(r)));
}

QVariant RecordsTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int column = index.column();
    const AttemptRecord &r = m_trace.records[row];
    switch (role) {
    case Qt::DisplayRole:
        return displayText(r, row, column);
    case SortRole:
        return sortValue(r, row, column);
    case Qt::TextAlignmentRole:
        return isNumeric(column) ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                 : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (column == Status || column == Error) {
            const QColor c = statusColor(r.status);
            if (c.isValid())
                return c;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == Error && r.error != 0)
            return m_trace.error(r);
        return {};
    default:
        return {};
    }
}

QVariant RecordsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole)
        return QLatin1String(Headers[section]);
    if (role == Qt::ToolTipRole)
        return QLatin1String(HeaderTips[section]);
    if (role == Qt::TextAlignmentRole)
        return isNumeric(section) ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                  : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    return {};
}

} // namespace Taskline
