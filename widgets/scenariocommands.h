#pragma once

#include "scenario.h"

#include <QList>
#include <QUndoCommand>

namespace Taskline {

class ScenarioTableModel;

/*!
 * One undoable edit of the scenario in a ScenarioTableModel: the scenario before and after.
 * Whole snapshots keep undo exact whatever the edit touched (a rename also rewrites the
 * `after` lists naming the task); a scenario's task list is shared until changed, so a
 * snapshot costs little. Edits with the same merge id in a row (a spin box stepped) merge.
 */
class ScenarioEditCommand : public QUndoCommand
{
public:
    ScenarioEditCommand(ScenarioTableModel *model, Scenario before, Scenario after,
                        const QString &text, int mergeId = -1);

    void undo() override;
    void redo() override;
    int id() const override { return m_mergeId; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    ScenarioTableModel *m_model;
    Scenario m_before;
    Scenario m_after;
    int m_mergeId;
};

/*! The edits the editor makes, as plain functions of a scenario. */
namespace ScenarioEdits {

/*! `base` if no task uses it, else `base-2`, `base-3`, ... */
QString uniqueId(const Scenario &scenario, const QString &base);

/*! tasks[row] renamed to `id`; every `after` entry naming the old id follows when that id was
 *  unique (with a duplicate it is not clear which task the entries meant). */
Scenario renamed(Scenario scenario, int row, const QString &id);

/*! A new task (cpu, 100 ms, a fresh id) inserted at `row`. */
Scenario withNewTask(Scenario scenario, int row);

/*! A copy of tasks[row] under a fresh id, inserted after it. */
Scenario withDuplicate(Scenario scenario, int row);

/*! The tasks at `rows` removed; `after` entries naming an id no task has any more go too. */
Scenario withoutTasks(Scenario scenario, QList<int> rows);

} // namespace ScenarioEdits

} // namespace Taskline
