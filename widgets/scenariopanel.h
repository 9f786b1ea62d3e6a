#pragma once

#include "plan.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace Taskline {

struct TraceImport;

/*!
 * What a scenario says: name, description, threads, mode, seed and a table of its tasks (id,
 * kind, duration, count, after), read-only.
 */
class ScenarioPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ScenarioPanel(QWidget *parent = nullptr);

    /*! Shows the plan's scenario; `file` is where it came from (shown, may be empty). */
    void setPlan(const PlanPtr &plan, const QString &file);
    /*! Shows what an imported trace holds: file, events, spans, lanes, skipped phases,
     *  warnings, and its span names (the synthetic plan's tasks) in the table. */
    void setTraceImport(const TraceImport &import, const QString &file);
    void clear();

    QTableWidget *taskTable() const { return m_tasks; }
    QString nameText() const;

private:
    void fillTasks(const Scenario &scenario, const QStringList &names);

    QLabel *m_name = nullptr;
    QLabel *m_description = nullptr;
    QLabel *m_settings = nullptr;
    QTableWidget *m_tasks = nullptr;
};

} // namespace Taskline
