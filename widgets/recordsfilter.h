#pragma once

#include <QSortFilterProxyModel>

namespace Taskline {

class RecordsTableModel;

/*!
 * Sorts and filters a RecordsTableModel: a row passes when its task id, status, kind or error
 * contains the filter text (case-insensitive). Sorting compares the records' values, not
 * their text, so times sort as numbers and task copies in plan order.
 */
class RecordsFilter : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit RecordsFilter(QObject *parent = nullptr);

    void setRecordsModel(RecordsTableModel *model);
    RecordsTableModel *recordsModel() const { return m_records; }

    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    RecordsTableModel *m_records = nullptr;
    QString m_text;
};

} // namespace Taskline
