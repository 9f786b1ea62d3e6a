#include "dependencytracker.h"

namespace Taskline {

DependencyTracker::DependencyTracker(const Plan &plan)
    : m_plan(plan), m_copiesLeft(plan.specCount()), m_pendingDeps(plan.specCount(), 0),
      m_skipped(plan.specCount(), 0)
{
    const quint32 specs = plan.specCount();
    for (quint32 s = 0; s < specs; ++s)
        m_copiesLeft[s] = plan.firstTask(s + 1) - plan.firstTask(s);
    for (quint32 s = 0; s < specs; ++s) {
        for (const quint32 *d = plan.depsBegin(s); d != plan.depsEnd(s); ++d)
            m_pendingDeps[s] += m_copiesLeft[*d] > 0 ? 1 : 0;
    }
}

void DependencyTracker::pushDependents(quint32 spec)
{
    // Reversed, so the first dependent in the file is handled first.
    for (const quint32 *d = m_plan.dependentsEnd(spec); d != m_plan.dependentsBegin(spec);)
        m_stack.push_back(*--d);
}

} // namespace Taskline
