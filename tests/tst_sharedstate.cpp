// The runner's own shared state (CompletionQueue, Cancellation), driven by plain std::threads
// so that ThreadSanitizer sees every synchronization. This test runs under TSan with no
// suppressions, so it uses no Qt threads at all: not even Qt Test, whose watchdog thread
// synchronizes through Qt's uninstrumented code.
#include "cancellation.h"
#include "completionqueue.h"

#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

using namespace Taskline;

namespace {
int g_failed = 0;
int g_passed = 0;

#define CHECK(condition)                                                                    \
    do {                                                                                    \
        if (!(condition)) {                                                                 \
            std::fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #condition);       \
            ++g_failed;                                                                     \
            return;                                                                         \
        }                                                                                   \
    } while (false)

void everyPushIsDrainedAndWakesTheConsumer(int producers, int perProducer)
{
    CompletionQueue queue(producers);
    // The consumer sleeps until woken, like the event loop: a lost wake-up hangs (fails) here.
    std::mutex wakeMutex;
    std::condition_variable wakeCv;
    int wakes = 0;
    std::atomic<int> lanesTaken{0};
    std::atomic<bool> laneChanged{false};
    std::vector<std::thread> threads;
    for (int p = 0; p < producers; ++p) {
        threads.emplace_back([&, p] {
            const int lane = queue.laneOfCurrentThread();
            if (queue.laneOfCurrentThread() != lane)
                laneChanged = true;
            lanesTaken.fetch_or(1 << lane);
            for (int i = 0; i < perProducer; ++i) {
                Completion c;
                c.record.task = quint32(p * perProducer + i);
                if (i % 1000 == 0)
                    c.error = QStringLiteral("message %1").arg(i);
                if (queue.push(lane, std::move(c))) {
                    std::lock_guard<std::mutex> lock(wakeMutex);
                    ++wakes;
                    wakeCv.notify_one();
                }
            }
        });
    }
    std::vector<Completion> got;
    const std::size_t total = std::size_t(producers) * std::size_t(perProducer);
    int handledWakes = 0;
    bool lostWakeUp = false;
    while (got.size() < total && !lostWakeUp) {
        {
            std::unique_lock<std::mutex> lock(wakeMutex);
            lostWakeUp = !wakeCv.wait_for(lock, std::chrono::seconds(10),
                                          [&] { return wakes > handledWakes; });
            handledWakes = wakes;
        }
        queue.drainInto(got);
    }
    for (std::thread &t : threads)
        t.join();
    CHECK(!lostWakeUp);
    queue.drainInto(got);
    CHECK(got.size() == total);
    std::vector<int> perTask(total, 0);
    for (const Completion &c : got)
        ++perTask[c.record.task];
    for (int n : perTask)
        CHECK(n == 1);
    CHECK(lanesTaken.load() == (1 << producers) - 1); // each thread its own lane
    CHECK(!laneChanged);
    ++g_passed;
}

void cancelWakesEveryWaiter()
{
    Cancellation cancel;
    std::atomic<int> woken{0};
    std::vector<std::thread> threads;
    const auto far = SteadyClock::now() + std::chrono::seconds(30);
    for (int i = 0; i < 6; ++i) {
        threads.emplace_back([&] {
            if (cancel.waitUntil(far))
                ++woken;
        });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const auto before = SteadyClock::now();
    cancel.cancel();
    for (std::thread &t : threads)
        t.join();
    CHECK(woken.load() == 6);
    CHECK(SteadyClock::now() - before < std::chrono::seconds(5));
    CHECK(cancel.waitUntil(far)); // stays cancelled
    ++g_passed;
}

void waitEndsAtTheDeadlineWithoutCancel()
{
    Cancellation cancel;
    const auto deadline = SteadyClock::now() + std::chrono::milliseconds(20);
    CHECK(!cancel.waitUntil(deadline));
    CHECK(SteadyClock::now() >= deadline);
    CHECK(!cancel.isCancelled());
    ++g_passed;
}

void cancelRacesWithWorkersPolling()
{
    // Workers poll the flag as cpu tasks do while another thread cancels.
    Cancellation cancel;
    std::atomic<int> stopped{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&] {
            while (!cancel.isCancelled())
                std::this_thread::yield();
            ++stopped;
        });
    }
    std::thread canceller([&] { cancel.cancel(); });
    canceller.join();
    for (std::thread &t : threads)
        t.join();
    CHECK(stopped.load() == 4);
    ++g_passed;
}
} // namespace

int main()
{
    everyPushIsDrainedAndWakesTheConsumer(1, 20000);
    everyPushIsDrainedAndWakesTheConsumer(4, 20000);
    everyPushIsDrainedAndWakesTheConsumer(8, 5000);
    cancelWakesEveryWaiter();
    waitEndsAtTheDeadlineWithoutCancel();
    cancelRacesWithWorkersPolling();
    std::printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
