#pragma once

#include "plan.h"
#include "scenario.h"
#include "scenarioerror.h"

#include <QAbstractTableModel>
#include <QHash>

#include <optional>

class QUndoStack;

namespace Taskline {

/*!
 * The tasks of a scenario as an editable table, one row per task, one column per field.
 * Every edit (setData, the task and scenario-level edits below) is one undo step on
 * undoStack(); after each one the scenario is checked with the loader's own rules
 * (scenariorules.h, Plan::build): an invalid cell reports its message in ErrorRole and
 * ToolTipRole and is painted red, and nothing is ever rejected for being invalid, so an edit
 * in progress is never lost.
 */
class ScenarioTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Id,
        Kind,
        Duration,
        Start,
        Count,
        Stagger,
        After,
        Jitter,
        FailRate,
        Retries,
        RetryDelay,
        Timeout,
        Bytes,
        Weight,
        Shape,
        Priority,
        Error,
        ColumnCount
    };
    enum Role {
        ErrorRole = Qt::UserRole + 1, // the cell's message, empty when valid
        KeyRole,                      // the column's JSON key, "duration_ms"
        // Duration: 1 when the task's duration may be an estimate (a file task), 2 when it
        // is one (no duration_ms given: estimated from the bytes), else 0.
        EstimateRole,
    };

    explicit ScenarioTableModel(QObject *parent = nullptr);
    ~ScenarioTableModel() override;

    /*! Shows a loaded scenario: a fresh start, with no undo history and nothing modified. */
    void setScenario(const Scenario &scenario);
    const Scenario &scenario() const { return m_scenario; }
    QUndoStack *undoStack() const { return m_undo; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    /*! EditRole takes the field's value (a number, a kind or shape name, a QStringList or a
     *  comma-separated string for `after`); an empty duration of a `file` task means "estimate
     *  it from the bytes". Renaming an id renames it in the `after` lists too. */
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    /*! The message the cell would have with `value`, empty when it would be valid: its task's
     *  field rules, and for an id its uniqueness. Nothing is edited (validation as you type). */
    QString typedValueError(const QModelIndex &index, const QVariant &value) const;

    void setName(const QString &name);
    void setDescription(const QString &description);
    void setThreads(int threads); // 0: the machine's ideal thread count
    void setMode(RunMode mode);
    void setSeed(quint64 seed);
    /*! Inserts a new task at `row` (the end when out of range); returns its row. */
    int addTask(int row);
    /*! Inserts a copy of tasks[row] under a fresh id after it; returns its row. */
    int duplicateTask(int row);
    void removeTasks(const QList<int> &rows);
    /*! Any other edit of the whole scenario, as one undo step named `text`. */
    void edit(const Scenario &after, const QString &text, int mergeId = -1);

    /*! Refuses every edit (setData, the edits above) while set: nothing typed during a run
     *  or a trace import can be lost. Undo and redo are the caller's to disable. */
    void setReadOnly(bool readOnly) { m_readOnly = readOnly; }
    bool isReadOnly() const { return m_readOnly; }

    /*! The loader's first complaint about the scenario (validateScenario), if any. */
    const std::optional<ScenarioError> &firstError() const { return m_firstError; }
    /*! Invalid cells, plus one for an invalid scenario-level field. */
    int errorCount() const { return int(m_cellErrors.size()) + (m_settingsError ? 1 : 0); }
    /*! The complaint about a scenario-level field (threads, ...), if any. */
    const std::optional<ScenarioError> &settingsError() const { return m_settingsError; }
    /*! The plan of the scenario as it stands; null while it is invalid. */
    const PlanPtr &plan() const { return m_plan; }

    static QString columnKey(int column);
    /*! The column of a JSON key or of an error's place ("tasks[2].after[0]"), -1 if none. */
    static int columnOfPlace(const QString &place);

Q_SIGNALS:
    /*! After every edit, undo and redo (not after setScenario). */
    void scenarioEdited();
    /*! A scenario-level field (name, description, threads, mode, seed) changed. */
    void settingsChanged();

private:
    friend class ScenarioEditCommand;
    void apply(const Scenario &scenario);
    void validate();
    QVariant displayValue(const TaskSpec &task, int column) const;
    QVariant editValue(const TaskSpec &task, int column) const;
    std::optional<TaskSpec> withValue(TaskSpec task, int column, const QVariant &value) const;

    Scenario m_scenario;
    QUndoStack *m_undo = nullptr;
    QHash<quint64, QString> m_cellErrors; // key: row << 32 | column
    std::optional<ScenarioError> m_firstError;
    std::optional<ScenarioError> m_settingsError;
    PlanPtr m_plan;
    bool m_readOnly = false;
};

} // namespace Taskline
