#pragma once

#include "scenario.h"
#include "scenarioerror.h"

#include <QList>

#include <memory>
#include <variant>

namespace Taskline {

class Plan;
using PlanPtr = std::shared_ptr<const Plan>;

/*! The largest number of task copies a scenario may expand to (SPEC section 2). */
constexpr quint64 MaxExpandedTasks = 1000000;

/*!
 * A scenario expanded into concrete task copies, with its dependency graph.
 *
 * Task copies are numbered 0..taskCount()-1, spec by spec in file order, copy by copy.
 * Dependencies live at the spec level: a spec waits for every copy of each spec it names in
 * `after` (a gather), so a fan-out of n feeding a fan-out of m costs one edge, not n*m.
 * Immutable once built and shared (PlanPtr) by the runner, the predictor and their traces.
 */
class Plan
{
public:
    /*! Checks ids, `after` references, cycles and the expansion limit, then builds the plan.
     *  Field ranges are the loader's job (scenariorules.h); `file` only labels errors. */
    static std::variant<PlanPtr, ScenarioError> build(Scenario scenario, const QString &file = {});

    const Scenario &scenario() const { return m_scenario; }
    quint32 taskCount() const { return quint32(m_specOfTask.size()); }
    quint32 specCount() const { return quint32(m_scenario.tasks.size()); }
    const TaskList &specs() const { return m_scenario.tasks; }

    quint32 specOf(quint32 task) const { return m_specOfTask[task]; }
    quint32 copyOf(quint32 task) const { return task - m_firstTask[m_specOfTask[task]]; }
    quint32 firstTask(quint32 spec) const { return m_firstTask[spec]; }
    /*! The numbers of task copy `task`'s spec (no strings built). */
    TaskParams spec(quint32 task) const { return m_scenario.tasks.params(m_specOfTask[task]); }
    TaskKind kind(quint32 task) const { return m_scenario.tasks.kind(m_specOfTask[task]); }
    /*! "id" or, for a fan-out, "id[k]". */
    QString taskName(quint32 task) const;
    /*! Release offset of a copy: start_ms + copy * stagger_ms, in nanoseconds. */
    qint64 releaseOffsetNs(quint32 task) const;
    /*! Hash of a spec's id, the key of its seeded draws (seededdraw.h). */
    quint64 idHash(quint32 spec) const { return m_idHash[spec]; }

    /*! Specs that spec `spec` waits for / that wait for it. */
    const quint32 *depsBegin(quint32 spec) const { return m_deps.constData() + m_depOffsets[spec]; }
    const quint32 *depsEnd(quint32 spec) const
    {
        return m_deps.constData() + m_depOffsets[spec + 1];
    }
    const quint32 *dependentsBegin(quint32 spec) const
    {
        return m_dependents.constData() + m_dependentOffsets[spec];
    }
    const quint32 *dependentsEnd(quint32 spec) const
    {
        return m_dependents.constData() + m_dependentOffsets[spec + 1];
    }
    quint32 depCount(quint32 spec) const { return m_depOffsets[spec + 1] - m_depOffsets[spec]; }
    /*! True when every task has weight 1 and a flat shape: f(t) counts running tasks. */
    bool unitWeights() const { return m_unitWeights; }

private:
    Scenario m_scenario;
    QList<quint32> m_firstTask;                      // per spec, plus one past the end
    QList<quint32> m_specOfTask;                     // per task copy
    QList<quint64> m_idHash;                         // per spec
    QList<quint32> m_depOffsets, m_deps;             // CSR: specs each spec waits for
    QList<quint32> m_dependentOffsets, m_dependents; // CSR: specs waiting for each spec
    bool m_unitWeights = true;
};

} // namespace Taskline
