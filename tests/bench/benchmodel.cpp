// The model's figures: f(t), the predictor, the size of a record.

#include "bench.h"

#include "plan.h"
#include "predictor.h"
#include "taskfunction.h"
#include "trace.h"

#include <cmath>

namespace Taskline::Bench {

namespace {

// 1000 specs of mixed kinds, each fanned out, most waiting for the one before: the predictor's
// and f(t)'s realistic load (a million tasks at full size).
PlanPtr mixedPlan(qsizetype tasks)
{
    const int specs = 1000;
    const auto copies = quint32(std::max<qsizetype>(1, tasks / specs));
    Scenario s;
    s.threads = 8;
    for (int i = 0; i < specs; ++i) {
        TaskSpec t;
        t.id = QStringLiteral("s%1").arg(i);
        t.kind = TaskKind(i % TaskKindCount);
        t.durationMs = 1 + i % 7;
        if (t.kind == TaskKind::File) {
            t.bytes = 4096;
            t.hasDuration = true;
        }
        t.count = copies;
        t.fanOut = true;
        if (i % 10 != 0)
            t.after.append(QStringLiteral("s%1").arg(i - 1));
        if (i % 3 == 0)
            t.jitter = 0.3;
        t.priority = i % 5;
        s.tasks.append(t);
    }
    auto built = Plan::build(s);
    return std::get<PlanPtr>(built);
}

RunConfig config8on2()
{
    RunConfig c;
    c.threads = 8;
    c.cores = 2;
    return c;
}

// f(t) the obvious way: every bin looks at every record, O(N * M).
QList<double> naiveActivity(const QList<AttemptRecord> &records, qint64 t0, qint64 t1, int bins)
{
    QList<double> values(bins, 0.0);
    const double h = double(t1 - t0) / bins;
    for (int k = 0; k < bins; ++k) {
        const double a = double(t0) + k * h;
        const double b = a + h;
        double sum = 0;
        for (const AttemptRecord &r : records) {
            if (!r.ran())
                continue;
            const double lo = std::max(a, double(r.startNs));
            const double hi = std::min(b, double(r.endNs));
            if (hi > lo)
                sum += hi - lo;
        }
        values[k] = sum / h;
    }
    return values;
}

} // namespace

void benchModel(Bench &bench)
{
    const qsizetype n = bench.scaled(1000000);
    const QString tag = Bench::sizeTag(n);
    const PlanPtr plan = mixedPlan(n);

    Trace trace;
    const double predictMs =
        bench.medianMs([&] { trace = predict(plan, config8on2()); }, bench.reps(5));
    bench.add({QStringLiteral("predict.") + tag, predictMs, QStringLiteral("ms"), std::nullopt,
               n == 1000000 ? std::optional<double>(1000) : std::nullopt});

    const int bins = 1600;
    const qint64 end = trace.makespanNs();
    ActivityCurve curve;
    const double ftMs =
        bench.medianMs([&] { curve = activity(trace, 0, end, bins); }, bench.reps(15));
    // The naive loop on 10^4 records (10^2 in --quick), scaled linearly to n.
    const qsizetype few = std::min<qsizetype>(trace.records.size(), bench.quick() ? 100 : 10000);
    const QList<AttemptRecord> sample = trace.records.mid(0, few);
    const double naiveMs =
        bench.medianMs([&] { naiveActivity(sample, 0, end, bins); }, bench.reps(3)) *
        double(trace.records.size()) / double(few);
    bench.add({QStringLiteral("model.ft.") + tag, ftMs, QStringLiteral("ms"), naiveMs,
               n == 1000000 ? std::optional<double>(15) : std::nullopt});

    bench.add({QStringLiteral("record.bytes"), double(sizeof(AttemptRecord)), QStringLiteral("B"),
               std::nullopt, 64});
}

} // namespace Taskline::Bench
