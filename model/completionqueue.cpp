#include "completionqueue.h"

namespace Taskline {

namespace {
std::atomic<quint64> g_nextQueueId{1};

struct ThreadLane
{
    quint64 queue = 0;
    int lane = -1;
};
thread_local ThreadLane t_lane;
} // namespace

CompletionQueue::CompletionQueue(int lanes)
    : m_lanes(new Lane[std::size_t(qMax(1, lanes))])
    , m_laneCount(qMax(1, lanes))
    , m_id(g_nextQueueId.fetch_add(1))
{
}

int CompletionQueue::laneOfCurrentThread()
{
    if (t_lane.queue != m_id) {
        // A pool never has more threads than lanes while its threads never expire; should one
        // be replaced anyway, it shares a lane rather than writing out of bounds.
        t_lane = {m_id, m_nextLane.fetch_add(1) % m_laneCount};
    }
    return t_lane.lane;
}

bool CompletionQueue::push(int lane, Completion &&completion)
{
    {
        Lane &l = m_lanes[std::size_t(lane)];
        std::lock_guard<std::mutex> lock(l.mutex);
        l.items.push_back(std::move(completion));
    }
    return !m_wakePending.exchange(true);
}

void CompletionQueue::drainInto(std::vector<Completion> &out)
{
    m_wakePending.store(false);
    std::vector<Completion> taken;
    for (int i = 0; i < m_laneCount; ++i) {
        Lane &l = m_lanes[std::size_t(i)];
        {
            std::lock_guard<std::mutex> lock(l.mutex);
            if (l.items.empty())
                continue;
            taken.swap(l.items);
        }
        out.insert(out.end(), std::make_move_iterator(taken.begin()),
                   std::make_move_iterator(taken.end()));
        taken.clear(); // keeps its capacity for the next swap, so buffers are reused
    }
}

} // namespace Taskline
