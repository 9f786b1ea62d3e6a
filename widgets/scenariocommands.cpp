#include "scenariocommands.h"

#include "scenariotablemodel.h"

#include <QSet>

#include <algorithm>

namespace Taskline {

ScenarioEditCommand::ScenarioEditCommand(ScenarioTableModel *model, Scenario before, Scenario after,
                                         const QString &text, int mergeId)
    : QUndoCommand(text), m_model(model), m_before(std::move(before)), m_after(std::move(after)),
      m_mergeId(mergeId)
{
}

void ScenarioEditCommand::undo()
{
    m_model->apply(m_before);
}

void ScenarioEditCommand::redo()
{
    m_model->apply(m_after);
}

bool ScenarioEditCommand::mergeWith(const QUndoCommand *other)
{
    if (other->id() != m_mergeId || m_mergeId < 0)
        return false;
    m_after = static_cast<const ScenarioEditCommand *>(other)->m_after;
    // Stepped back to where it started: no edit is left to undo.
    if (m_after == m_before)
        setObsolete(true);
    return true;
}

namespace ScenarioEdits {

namespace {
int idUses(const Scenario &scenario, const QString &id)
{
    return int(scenario.tasks.idUses(id.toUtf8()));
}
} // namespace

QString uniqueId(const Scenario &scenario, const QString &base)
{
    if (idUses(scenario, base) == 0)
        return base;
    for (int n = 2;; ++n) {
        const QString id = base + QLatin1Char('-') + QString::number(n);
        if (idUses(scenario, id) == 0)
            return id;
    }
}

Scenario renamed(Scenario scenario, int row, const QString &id)
{
    TaskSpec task = scenario.tasks.at(row);
    const QString old = task.id;
    const bool follow = idUses(scenario, old) == 1 && !old.isEmpty();
    task.id = id;
    scenario.tasks.replace(row, task);
    if (!follow)
        return scenario;
    for (qsizetype i = 0; i < scenario.tasks.size(); ++i) {
        TaskSpec t = scenario.tasks.at(i);
        if (t.after.contains(old)) {
            std::replace(t.after.begin(), t.after.end(), old, id);
            scenario.tasks.replace(i, t);
        }
    }
    return scenario;
}

Scenario withNewTask(Scenario scenario, int row)
{
    TaskSpec task;
    task.id = uniqueId(scenario, QStringLiteral("task"));
    task.durationMs = 100;
    scenario.tasks.insert(qBound(0, row, int(scenario.tasks.size())), task);
    return scenario;
}

Scenario withDuplicate(Scenario scenario, int row)
{
    TaskSpec copy = scenario.tasks[row];
    // "fetch" -> "fetch-2"; a copy of "fetch-2" -> "fetch-3", not "fetch-2-2".
    QString base = copy.id;
    const int dash = int(base.lastIndexOf(QLatin1Char('-')));
    bool numbered = false;
    if (dash > 0)
        base.mid(dash + 1).toInt(&numbered);
    if (numbered)
        base.truncate(dash);
    copy.id = uniqueId(scenario, base);
    scenario.tasks.insert(row + 1, copy);
    return scenario;
}

Scenario withoutTasks(Scenario scenario, QList<int> rows)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    QSet<QString> removed;
    for (auto it = rows.crbegin(); it != rows.crend(); ++it) {
        removed.insert(scenario.tasks.id(*it));
        scenario.tasks.removeAt(*it);
    }
    for (qsizetype i = 0; i < scenario.tasks.size(); ++i)
        removed.remove(scenario.tasks.id(i)); // still named by a task (a duplicate id)
    if (removed.isEmpty())
        return scenario;
    for (qsizetype i = 0; i < scenario.tasks.size(); ++i) {
        TaskSpec t = scenario.tasks.at(i);
        if (t.after.removeIf([&](const QString &name) { return removed.contains(name); }) > 0)
            scenario.tasks.replace(i, t);
    }
    return scenario;
}

} // namespace ScenarioEdits

} // namespace Taskline
