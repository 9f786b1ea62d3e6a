#pragma once

#include <QDockWidget>
#include <QTimer>

class QLabel;
class QLineEdit;
class QTableView;
class QItemSelection;

namespace Taskline {

class RecordsFilter;
class RecordsTableModel;

/*!
 * The records table dock: a filter box over a sortable table of every attempt. Selecting a row
 * reports the record (recordActivated); selectRecord() follows a selection made elsewhere
 * without reporting it back, so the two never loop.
 */
class RecordsDock : public QDockWidget
{
    Q_OBJECT

public:
    explicit RecordsDock(QWidget *parent = nullptr);

    RecordsTableModel *recordsModel() const { return m_model; }
    RecordsFilter *filterModel() const { return m_filter; }
    QTableView *table() const { return m_table; }
    QLineEdit *filterEdit() const { return m_filterEdit; }

    /*! Selects and scrolls to the row of record `record` (-1: clears). Emits nothing. */
    void selectRecord(int record);
    /*! The record of the selected row, -1 if none. */
    int selectedRecord() const;

Q_SIGNALS:
    /*! The user selected the row of record `record` (-1: no row). */
    void recordActivated(int record);

private:
    void onSelectionChanged();
    void updateCount();

    RecordsTableModel *m_model = nullptr;
    RecordsFilter *m_filter = nullptr;
    QTableView *m_table = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QLabel *m_count = nullptr;
    QTimer m_filterTimer;
    bool m_following = false; // inside selectRecord(): do not report back
};

} // namespace Taskline
