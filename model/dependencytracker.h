#pragma once

#include "plan.h"

#include <vector>

namespace Taskline {

/*!
 * The dependency bookkeeping a run and a prediction share: which specs may start, and which
 * can no longer run because something they wait for finally failed. O(N + E) in all.
 *
 * A spec becomes ready when every copy of every spec it waits for has succeeded (a spec with
 * no copies holds nobody back). When a copy finally fails, every spec waiting for it,
 * directly or not, is skipped once, in dependency order.
 */
class DependencyTracker
{
public:
    explicit DependencyTracker(const Plan &plan);

    /*! Specs that wait for nothing, in file order. */
    template <typename Ready> void forEachInitiallyReady(Ready ready) const
    {
        for (quint32 s = 0; s < quint32(m_pendingDeps.size()); ++s) {
            if (m_pendingDeps[s] == 0)
                ready(s);
        }
    }

    /*! A copy of `spec` succeeded: calls ready(s) for each spec that may start now. */
    template <typename Ready> void copySucceeded(quint32 spec, Ready ready)
    {
        if (--m_copiesLeft[spec] != 0)
            return;
        for (const quint32 *d = m_plan.dependentsBegin(spec); d != m_plan.dependentsEnd(spec);
             ++d) {
            if (--m_pendingDeps[*d] == 0 && !m_skipped[*d])
                ready(*d);
        }
    }

    /*! A copy of `spec` finally did not succeed: calls skipped(s) once for each spec that
     *  waits for it, directly or not, that was not skipped before. */
    template <typename Skipped> void copyFailed(quint32 spec, Skipped skipped)
    {
        m_stack.clear();
        pushDependents(spec);
        while (!m_stack.empty()) {
            const quint32 s = m_stack.back();
            m_stack.pop_back();
            if (m_skipped[s])
                continue;
            m_skipped[s] = 1;
            skipped(s);
            pushDependents(s);
        }
    }

private:
    void pushDependents(quint32 spec);

    const Plan &m_plan;
    std::vector<quint32> m_copiesLeft;  // per spec: copies not yet succeeded
    std::vector<quint32> m_pendingDeps; // per spec: dependency specs not yet all succeeded
    std::vector<char> m_skipped;        // per spec
    std::vector<quint32> m_stack;       // scratch for transitive skips
};

} // namespace Taskline
