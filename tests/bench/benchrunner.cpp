// The runner: what a task costs through Run next to bare QtConcurrent::run and
// QThreadPool::start on a pool of the same size, and how fast records reach the event loop.

#include "bench.h"

#include "plan.h"
#include "run.h"

#include <QEventLoop>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

namespace Taskline::Bench {

namespace {

// Empty tasks: `io` of 0 ms returns at once, so what is left is the runner's own work.
PlanPtr emptyTasks(qsizetype count)
{
    Scenario s;
    TaskSpec t;
    t.id = QStringLiteral("empty");
    t.kind = TaskKind::Io;
    t.durationMs = 0;
    t.count = quint32(count);
    t.fanOut = true;
    s.tasks.append(t);
    return std::get<PlanPtr>(Plan::build(s));
}

RunConfig poolOf(int threads)
{
    RunConfig c;
    c.threads = threads;
    c.cores = threads;
    return c;
}

// Runs the plan to its end on this thread's event loop; returns the records delivered.
qint64 runToEnd(const PlanPtr &plan, int threads)
{
    Run run(plan, poolOf(threads));
    QEventLoop loop;
    qint64 delivered = 0;
    QObject::connect(&run, &Run::recordsAppended, &loop,
                     [&](const QList<AttemptRecord> &batch) { delivered += batch.size(); });
    QObject::connect(&run, &Run::finished, &loop, &QEventLoop::quit);
    run.start();
    if (!run.isFinished())
        loop.exec();
    return delivered;
}

} // namespace

void benchRunner(Bench &bench)
{
    const int threads = std::max(2, QThread::idealThreadCount());
    const qsizetype n = bench.scaled(100000);
    const QString tag = Bench::sizeTag(n);
    const PlanPtr plan = emptyTasks(n);

    const double runMs = bench.medianMs([&] { runToEnd(plan, threads); }, bench.reps(5));
    QThreadPool pool;
    pool.setMaxThreadCount(threads);
    const double concurrentMs = bench.medianMs(
        [&] {
            for (qsizetype i = 0; i < n; ++i)
                (void)QtConcurrent::run(&pool, [] {});
            pool.waitForDone();
        },
        bench.reps(5));
    const double poolMs = bench.medianMs(
        [&] {
            for (qsizetype i = 0; i < n; ++i)
                pool.start([] {});
            pool.waitForDone();
        },
        bench.reps(5));
    const double perTask = runMs * 1e6 / double(n);
    bench.add({QStringLiteral("runner.task_ns.") + tag, perTask, QStringLiteral("ns"),
               concurrentMs * 1e6 / double(n), std::nullopt});
    bench.add({QStringLiteral("runner.dispatch.ratio"), runMs / concurrentMs, QStringLiteral("x"),
               std::nullopt, 1.5});
    bench.add({QStringLiteral("runner.pool.ratio"), runMs / poolMs, QStringLiteral("x"),
               std::nullopt, std::nullopt});

    if (bench.wants(QStringLiteral("runner.delivery"))) {
        const qsizetype many = bench.scaled(1000000);
        const PlanPtr big = emptyTasks(many);
        qint64 delivered = 0;
        const double ms =
            bench.medianMs([&] { delivered = runToEnd(big, threads); }, bench.reps(3));
        if (delivered != many)
            bench.fail(QStringLiteral("%1 of %2 records delivered").arg(delivered).arg(many));
        bench.add({QStringLiteral("runner.delivery.per_s"), double(delivered) / (ms / 1e3),
                   QStringLiteral("/s"), std::nullopt, 1e6, true});
    }
}

} // namespace Taskline::Bench
