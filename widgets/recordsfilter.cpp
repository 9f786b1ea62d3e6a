#include "recordsfilter.h"

#include "recordstablemodel.h"

#include <QElapsedTimer>

#include <algorithm>

namespace Taskline {

RecordsFilter::RecordsFilter(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(RecordsTableModel::SortRole);
    setDynamicSortFilter(false);
    m_resortTimer.setSingleShot(true);
    connect(&m_resortTimer, &QTimer::timeout, this, &RecordsFilter::resort);
}

void RecordsFilter::setRecordsModel(RecordsTableModel *model)
{
    if (m_records)
        disconnect(m_records, nullptr, this, nullptr);
    m_records = model;
    setSourceModel(model);
    m_resortTimer.stop();
    if (!model)
        return;
    // After QSortFilterProxyModel's own handler, connected by setSourceModel().
    connect(model, &QAbstractItemModel::rowsInserted, this, &RecordsFilter::sourceRowsInserted);
    connect(model, &QAbstractItemModel::modelReset, &m_resortTimer, &QTimer::stop);
}

void RecordsFilter::sourceRowsInserted()
{
    if (sortColumn() < 0)
        return;
    if (rowCount() <= ImmediateResortRows)
        resort();
    else if (!m_resortTimer.isActive())
        m_resortTimer.start(int(std::clamp<qint64>(ResortShare * m_lastSortNs / 1000000,
                                                   ResortIntervalMs, MaxResortIntervalMs)));
}

void RecordsFilter::resort()
{
    m_resortTimer.stop();
    if (sortColumn() < 0)
        return;
    QElapsedTimer clock;
    clock.start();
    sort(sortColumn(), sortOrder()); // not dynamic: sorts again even when unchanged
    m_lastSortNs = clock.nsecsElapsed();
}

void RecordsFilter::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateRowsFilter();
}

bool RecordsFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid() || !m_records)
        return false;
    return m_records->matches(sourceRow, m_text);
}

bool RecordsFilter::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_records)
        return QSortFilterProxyModel::lessThan(left, right);
    return m_records->lessThan(left.column(), left.row(), right.row());
}

} // namespace Taskline
