#pragma once

#include "plan.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace Taskline {

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
    void clear();

    QTableWidget *taskTable() const { return m_tasks; }
    QString nameText() const;

private:
    QLabel *m_name = nullptr;
    QLabel *m_description = nullptr;
    QLabel *m_settings = nullptr;
    QTableWidget *m_tasks = nullptr;
};

} // namespace Taskline
