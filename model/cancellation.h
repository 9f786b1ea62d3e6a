#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace Taskline {

using SteadyClock = std::chrono::steady_clock;

/*!
 * A run's cancel flag that blocking waits can sleep on. Plain std:: primitives (not QMutex,
 * which Debian's Qt implements on futexes ThreadSanitizer cannot see), so TSan judges it.
 */
class Cancellation
{
public:
    void cancel()
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_cancelled.store(true, std::memory_order_release);
        }
        m_wake.notify_all();
    }

    bool isCancelled() const { return m_cancelled.load(std::memory_order_acquire); }

    /*! Sleeps until `deadline` or a cancel, whichever is first; true when cancelled. */
    bool waitUntil(SteadyClock::time_point deadline)
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        return m_wake.wait_until(lock, deadline, [this] { return isCancelled(); });
    }

private:
    std::atomic<bool> m_cancelled{false};
    std::mutex m_mutex;
    std::condition_variable m_wake;
};

} // namespace Taskline
