#include "cancellation.h"
#include "completionqueue.h"

#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace Taskline;

// The runner's own shared state, driven by plain std::threads so that ThreadSanitizer sees
// every synchronization: this test runs under TSan with no suppressions at all.
class TestSharedState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyPushIsDrainedAndWakesTheConsumer_data()
    {
        QTest::addColumn<int>("producers");
        QTest::addColumn<int>("perProducer");
        QTest::newRow("1 producer") << 1 << 20000;
        QTest::newRow("4 producers") << 4 << 20000;
        QTest::newRow("8 producers on 8 lanes") << 8 << 5000;
    }

    void everyPushIsDrainedAndWakesTheConsumer()
    {
        QFETCH(int, producers);
        QFETCH(int, perProducer);
        CompletionQueue queue(producers);
        // The consumer sleeps until woken, like the event loop: a lost wake-up hangs the test.
        std::mutex wakeMutex;
        std::condition_variable wakeCv;
        int wakes = 0;
        std::vector<std::thread> threads;
        std::atomic<int> lanesTaken{0};
        std::atomic<bool> laneChanged{false};
        for (int p = 0; p < producers; ++p) {
            threads.emplace_back([&, p] {
                const int lane = queue.laneOfCurrentThread();
                if (queue.laneOfCurrentThread() != lane) // stable per thread
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
        std::vector<int> perTask(std::size_t(producers * perProducer), 0);
        int handledWakes = 0;
        while (got.size() < perTask.size()) {
            {
                std::unique_lock<std::mutex> lock(wakeMutex);
                const bool woken = wakeCv.wait_for(lock, std::chrono::seconds(10),
                                                   [&] { return wakes > handledWakes; });
                QVERIFY2(woken, "a push was never announced");
                handledWakes = wakes;
            }
            queue.drainInto(got);
        }
        for (std::thread &t : threads)
            t.join();
        queue.drainInto(got);
        QCOMPARE(got.size(), perTask.size());
        for (const Completion &c : got)
            ++perTask[c.record.task];
        for (int n : perTask)
            QCOMPARE(n, 1);
        QCOMPARE(lanesTaken.load(), (1 << producers) - 1); // each thread its own lane
        QVERIFY(!laneChanged);
        QVERIFY(handledWakes <= int(perTask.size()));
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
        QCOMPARE(woken.load(), 6);
        QVERIFY(SteadyClock::now() - before < std::chrono::seconds(5));
        QVERIFY(cancel.waitUntil(far)); // stays cancelled
    }

    void waitEndsAtTheDeadlineWithoutCancel()
    {
        Cancellation cancel;
        const auto deadline = SteadyClock::now() + std::chrono::milliseconds(20);
        QVERIFY(!cancel.waitUntil(deadline));
        QVERIFY(SteadyClock::now() >= deadline);
        QVERIFY(!cancel.isCancelled());
    }
};

QTEST_GUILESS_MAIN(TestSharedState)
#include "tst_sharedstate.moc"
