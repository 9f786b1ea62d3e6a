#include "recordsfilter.h"

#include "recordstablemodel.h"

namespace Taskline {

RecordsFilter::RecordsFilter(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(RecordsTableModel::SortRole);
}

void RecordsFilter::setRecordsModel(RecordsTableModel *model)
{
    m_records = model;
    setSourceModel(model);
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
