#pragma once

#include "scenario.h"

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableView;
class QToolBar;
class QUndoStack;

namespace Taskline {

class ScenarioTableModel;

/*!
 * The scenario dock's editor: the scenario-level fields (name, description, threads, mode,
 * seed) over a table of the tasks (ScenarioTableModel with ScenarioDelegate), a toolbar to add,
 * duplicate and remove tasks and to undo and redo, and a message line under the table with
 * the loader's first complaint. Every edit is one step on undoStack(); the window decides
 * what an edit means for the prediction and the run.
 */
class ScenarioEditor : public QWidget
{
    Q_OBJECT

public:
    explicit ScenarioEditor(QWidget *parent = nullptr);
    ~ScenarioEditor() override;

    /*! Shows a loaded scenario, unmodified; `file` names it when it has no name. */
    void setScenario(const Scenario &scenario, const QString &file);
    /*! No scenario: empty and disabled. */
    void clear();
    bool hasScenario() const { return m_loaded; }
    const Scenario &scenario() const;
    /*! The scenario's name, else its file's name. */
    QString nameText() const;
    /*! Whether there are edits since the load or the last save. */
    bool isModified() const;
    /*! The scenario as it stands is saved as `file`. */
    void markSaved(const QString &file);
    /*! The text of the message line under the table. */
    QString messageText() const;

    ScenarioTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QUndoStack *undoStack() const;
    QAction *undoAction() const { return m_undoAction; }
    QAction *redoAction() const { return m_redoAction; }

    /*! Takes what is typed in an open cell editor into the scenario (before a save or a run). */
    void commitOpenEditor();
    /*! Locks editing (during a run or a trace import) without greying out what is shown; the
     *  message line says `reason` while locked. The model refuses edits meanwhile. */
    void setEditable(bool editable, const QString &reason = {});
    bool isEditable() const { return m_editable; }

    void addTask();
    void duplicateTask();
    void removeTasks();

Q_SIGNALS:
    /*! After every edit, undo and redo. */
    void scenarioEdited();
    void modifiedChanged(bool modified);

private:
    void createActions();
    void createFields();
    void showSettings();
    void showMessage();
    void updateActions();
    int currentRow() const;
    void select(const QModelIndex &index);

    ScenarioTableModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    QToolBar *m_toolBar = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_description = nullptr;
    QSpinBox *m_threads = nullptr;
    QComboBox *m_mode = nullptr;
    QLineEdit *m_seed = nullptr;
    QLabel *m_message = nullptr;
    QAction *m_addAction = nullptr;
    QAction *m_duplicateAction = nullptr;
    QAction *m_removeAction = nullptr;
    QAction *m_undoAction = nullptr;
    QAction *m_redoAction = nullptr;
    QString m_file;
    QString m_lockReason;
    bool m_loaded = false;
    bool m_editable = true;
};

} // namespace Taskline
