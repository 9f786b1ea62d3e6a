#pragma once

#include "trace.h"

#include <QAbstractTableModel>

namespace Taskline {

/*!
 * The records of a trace as a table, one row per attempt, in the trace's order: row i is
 * record i, the index the timeline uses. Cells are formatted when asked for; nothing per record
 * is stored but the record itself. A live run appends batches: one beginInsertRows per batch.
 */
class RecordsTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Number,
        Task,
        Kind,
        Attempt,
        Lane,
        Status,
        Release,
        Enqueue,
        Start,
        End,
        Wait,
        Duration,
        Error,
        ColumnCount
    };

    /*! Qt::UserRole: the cell's value for sorting (a number, or the text). */
    static constexpr int SortRole = Qt::UserRole;

    explicit RecordsTableModel(QObject *parent = nullptr);

    /*! Shows `trace`, replacing what was shown (a reset). */
    void setTrace(const Trace &trace);
    /*! Adds a batch of a live run; `strings` resolves their error indices (the run's table). */
    void appendRecords(const QList<AttemptRecord> &records, const StringTable &strings);
    void clear();

    const Trace &trace() const { return m_trace; }
    const AttemptRecord &record(int row) const { return m_trace.records[row]; }

    /*! True when the text of column `column` of `left` sorts before that of `right`. */
    bool lessThan(int column, int left, int right) const;
    /*! True when the task id, status, kind or error of `row` contains `text` (case-insensitive). */
    bool matches(int row, const QString &text) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString laneName(const AttemptRecord &r) const;
    QString displayText(const AttemptRecord &r, int row, int column) const;
    QVariant sortValue(const AttemptRecord &r, int row, int column) const;

    Trace m_trace;
};

/*! Milliseconds from nanoseconds, as the tables show them ("12.345"). */
QString formatMs(qint64 ns);

} // namespace Taskline
