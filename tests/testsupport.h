#pragma once

// Set-up shared by the model tests: tasks, scenarios and plans built in memory, small traces,
// files written into a temporary directory.

#include "plan.h"
#include "scenario.h"
#include "trace.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

class QTemporaryDir;

namespace Taskline::TestSupport {

/*! A task of `count` copies (a fan-out when count != 1) taking `ms` each. */
TaskSpec taskSpec(const QString &id, TaskKind kind, double ms, quint32 count = 1,
                  QStringList after = {});

/*! A scenario of `tasks`, everything else at its default. */
Scenario scenarioOf(QList<TaskSpec> tasks);

/*! The plan of `scenario`; qFatal with the error when it does not build. */
PlanPtr buildPlan(const Scenario &scenario);

/*! The plan of a scenario document; qFatal with the error when it does not load. */
PlanPtr loadPlan(const QByteArray &json);

/*! A pool configuration of `threads` workers sharing `cores`. */
RunConfig runConfig(int threads, int cores, quint64 seed = 1);

/*! The predicted trace of `plan` on `threads` workers and as many cores. */
Trace predictedTrace(const PlanPtr &plan, int threads, quint64 seed = 1);

/*! A trace of `plan` on `threads` workers plus the event-loop lane, with no records yet. */
Trace emptyTrace(const PlanPtr &plan, int threads);

/*! `count` back-to-back spans on `workers` lanes with random lengths (no plan: a large import). */
Trace syntheticTrace(qsizetype count, int workers = 8);

/*! Writes `content` to `name` in `dir` (qFatal if it cannot); returns the file's path. */
QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content);

} // namespace Taskline::TestSupport
