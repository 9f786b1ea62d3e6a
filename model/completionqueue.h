#pragma once

#include "trace.h"

#include <QString>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

namespace Taskline {

/*! An attempt as a worker reports it: the record, and the message of what it threw. */
struct Completion
{
    AttemptRecord record;
    QString error;
};

/*!
 * Where pool workers leave finished attempts for the event loop: one buffer per lane, each
 * with its own lock shared only by that lane's worker and the drain, so no worker waits for
 * another. A push says whether the event loop needs waking; at most one wake-up is pending,
 * and a drain takes everything present. Plain std:: primitives, so ThreadSanitizer judges it.
 */
class CompletionQueue
{
public:
    explicit CompletionQueue(int lanes);

    /*! The calling thread's lane: 0, 1, ... in order of first use. Stable per thread. */
    int laneOfCurrentThread();

    /*! Adds a completion from `lane`'s worker; true when the caller must wake the consumer. */
    bool push(int lane, Completion &&completion);

    /*! Moves every buffered completion to the end of `out`. Re-arms the wake-up first, so a
     *  push that this drain misses wakes the consumer again. */
    void drainInto(std::vector<Completion> &out);

    int lanesUsed() const { return qMin(m_nextLane.load(), m_laneCount); }

private:
    struct alignas(64) Lane
    {
        std::mutex mutex;
        std::vector<Completion> items;
    };

    std::unique_ptr<Lane[]> m_lanes;
    int m_laneCount = 0;
    quint64 m_id = 0; // tells this queue's lanes from those of an earlier queue in thread caches
    std::atomic<int> m_nextLane{0};
    std::atomic<bool> m_wakePending{false};
};

} // namespace Taskline
