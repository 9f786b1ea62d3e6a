#pragma once

#include "plan.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace Taskline {

struct TraceImport;

/*!
 * The scenario dock's page for what cannot be edited: an imported trace's summary (file,
 * events, spans, lanes, skipped phases, warnings) over a read-only table of its span names,
 * or, before anything is open, a hint where to start. Scenarios get the ScenarioEditor.
 */
class ScenarioPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ScenarioPanel(QWidget *parent = nullptr);

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
