#pragma once

#include <QSortFilterProxyModel>
#include <QTimer>

namespace Taskline {

class RecordsTableModel;

/*!
 * Sorts and filters a RecordsTableModel: a row passes when its task id, status, kind or error
 * contains the filter text (case-insensitive). Sorting compares the records' values, not
 * their text, so times sort as numbers and task copies in plan order.
 *
 * Records never change once appended, so sorting is not dynamic: Qt's incremental sorted insert
 * costs O(batch x rows) and stalls a live run of 10^5 records. A batch is appended at the end
 * and the rows are sorted again at once while small, else at most every ResortIntervalMs, and
 * never for more than about an eighth of the GUI thread's time (sorting 10^5 rows takes tens
 * of ms): the next sort waits ResortShare times as long as the last one took.
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

    static constexpr int ImmediateResortRows = 20000;
    static constexpr int ResortIntervalMs = 250;
    static constexpr qint64 ResortShare = 8;
    static constexpr int MaxResortIntervalMs = 1000;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void sourceRowsInserted();
    void resort();

    RecordsTableModel *m_records = nullptr;
    QTimer m_resortTimer;
    qint64 m_lastSortNs = 0; // how long the last resort took
    QString m_text;
};

} // namespace Taskline
