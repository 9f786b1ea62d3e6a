#include "metrics.h"
#include "taskfunction.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

#include <cmath>

using namespace Taskline;
using namespace Taskline::TestSupport;

namespace {

constexpr qint64 Ms = 1000000;
constexpr int MixedShapes = -1;

TaskSpec spec(const QString &id, TaskShape shape, double weight = 1)
{
    TaskSpec t;
    t.id = id;
    t.durationMs = 10;
    t.shape = shape;
    t.weight = weight;
    return t;
}

Trace traceOf(const QList<TaskSpec> &specs, int threads = 4)
{
    Scenario s = scenarioOf(specs);
    s.threads = threads;
    return emptyTrace(buildPlan(s), threads);
}

AttemptRecord ran(quint32 task, qint64 startNs, qint64 endNs, int lane = 0,
                  TaskKind kind = TaskKind::Cpu)
{
    AttemptRecord r;
    r.task = task;
    r.releaseNs = r.enqueueNs = r.startNs = startNs;
    r.endNs = endNs;
    r.lane = qint16(lane);
    r.kind = kind;
    return r;
}

struct RandomTraceOptions
{
    quint32 seed = 1;
    int records = 40;
    int shape = MixedShapes; // a TaskShape, or MixedShapes
    bool randomWeights = false;
    qint64 originNs = 0; // starts are drawn in [origin, origin + span)
    qint64 spanNs = 100 * Ms;
    qint64 minDurationNs = 1;
    qint64 maxDurationNs = 30 * Ms;
};

} // namespace

Q_DECLARE_METATYPE(RandomTraceOptions)

namespace {

// Eight specs, one copy each; records pick a spec at random. About one record in twenty is of
// zero duration and one in twenty never ran, so both must be ignored.
Trace randomTrace(const RandomTraceOptions &o)
{
    QRandomGenerator rng(o.seed);
    QList<TaskSpec> specs;
    for (int i = 0; i < 8; ++i) {
        const auto shape = o.shape == MixedShapes ? TaskShape(rng.bounded(4)) : TaskShape(o.shape);
        const double weight = o.randomWeights ? 3.0 * rng.generateDouble() : 1.0;
        specs.append(spec(QStringLiteral("t%1").arg(i), shape, weight));
    }
    Trace trace = traceOf(specs);
    for (int i = 0; i < o.records; ++i) {
        const qint64 start = o.originNs + qint64(rng.bounded(quint64(o.spanNs)));
        const qint64 d =
            o.minDurationNs + qint64(rng.bounded(quint64(o.maxDurationNs - o.minDurationNs + 1)));
        const int lane = int(rng.bounded(trace.config.threads + 1));
        AttemptRecord r = ran(quint32(rng.bounded(8)), start, start + d, lane,
                              TaskKind(rng.bounded(TaskKindCount)));
        const int odd = int(rng.bounded(20));
        if (odd == 0)
            r.endNs = r.startNs;
        else if (odd == 1)
            r.lane = -1;
        trace.records.append(r);
    }
    return trace;
}

/* f averaged over each bin, computed independently of the implementation: every shape is linear
 * between its breakpoints, so the integral over the part of a piece inside a bin is that part's
 * length times the value at its middle. O(N*M), fine for test sizes. */
QList<double> referenceActivity(const Trace &trace, qint64 t0, qint64 t1, int bins)
{
    const long double h = (long double)(t1 - t0) / bins;
    std::vector<long double> sums(std::size_t(bins), 0.0L);
    for (const AttemptRecord &r : trace.records) {
        if (r.lane < 0 || r.endNs <= r.startNs)
            continue;
        const TaskParams s = trace.plan->spec(r.task);
        const long double start = r.startNs, end = r.endNs, d = end - start;
        const long double cuts[] = {start, start + d / 2, end};
        for (int piece = 0; piece < 2; ++piece) {
            for (int k = 0; k < bins; ++k) {
                const long double lo = std::max(cuts[piece], t0 + k * h);
                const long double hi = std::min(cuts[piece + 1], t0 + (k + 1) * h);
                if (hi <= lo)
                    continue;
                const double x = double(((lo + hi) / 2 - start) / d);
                sums[std::size_t(k)] += (hi - lo) * s.weight * shapeValue(s.shape, x);
            }
        }
    }
    QList<double> values;
    for (const long double sum : sums)
        values.append(double(sum / h));
    return values;
}

double total(const QList<double> &values)
{
    double sum = 0;
    for (const double v : values)
        sum += v;
    return sum;
}

QByteArray describeBin(int k, double actual, double expected)
{
    return QByteArray("bin ") + QByteArray::number(k) + ": " + QByteArray::number(actual, 'g', 17) +
           " != " + QByteArray::number(expected, 'g', 17);
}

} // namespace

class TestTaskFunction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shapeValues_data()
    {
        QTest::addColumn<TaskShape>("shape");
        QTest::addColumn<double>("x");
        QTest::addColumn<double>("value");

        QTest::newRow("flat at 0") << TaskShape::Flat << 0.0 << 1.0;
        QTest::newRow("flat at 0.9") << TaskShape::Flat << 0.9 << 1.0;
        QTest::newRow("ramp-up at 0") << TaskShape::RampUp << 0.0 << 0.0;
        QTest::newRow("ramp-up at 0.25") << TaskShape::RampUp << 0.25 << 0.25;
        QTest::newRow("ramp-down at 0") << TaskShape::RampDown << 0.0 << 1.0;
        QTest::newRow("ramp-down at 0.75") << TaskShape::RampDown << 0.75 << 0.25;
        QTest::newRow("triangle at 0") << TaskShape::Triangle << 0.0 << 0.0;
        QTest::newRow("triangle at 0.25") << TaskShape::Triangle << 0.25 << 0.5;
        QTest::newRow("triangle peaks at 0.5") << TaskShape::Triangle << 0.5 << 1.0;
        QTest::newRow("triangle at 0.75") << TaskShape::Triangle << 0.75 << 0.5;
        QTest::newRow("before the attempt") << TaskShape::Flat << -0.1 << 0.0;
        QTest::newRow("at the end, exclusive") << TaskShape::RampDown << 1.0 << 0.0;
        QTest::newRow("after the attempt") << TaskShape::Triangle << 1.5 << 0.0;
    }

    void shapeValues()
    {
        QFETCH(TaskShape, shape);
        QFETCH(double, x);
        QFETCH(double, value);
        QCOMPARE(shapeValue(shape, x), value);
    }

    void handCases_data()
    {
        QTest::addColumn<TaskSpec>("task");
        QTest::addColumn<qint64>("startNs");
        QTest::addColumn<qint64>("endNs");
        QTest::addColumn<qint64>("t1Ns");
        QTest::addColumn<int>("bins");
        QTest::addColumn<QList<double>>("expected");

        const TaskSpec flat = spec(QStringLiteral("a"), TaskShape::Flat);
        QTest::newRow("flat 10 ms on 10 bins of 2 ms")
            << flat << 0ll << 10 * Ms << 20 * Ms << 10
            << QList<double>{1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
        QTest::newRow("flat 1 ms across a bin edge")
            << flat << Ms / 2 << 3 * Ms / 2 << 2 * Ms << 2 << QList<double>{0.5, 0.5};
        QTest::newRow("flat shorter than a bin still counts")
            << flat << 3 * Ms << 4 * Ms << 10 * Ms << 2 << QList<double>{0.2, 0};
        QTest::newRow("flat weight 2.5 on bins of 3 ms")
            << spec(QStringLiteral("a"), TaskShape::Flat, 2.5) << Ms << 7 * Ms << 9 * Ms << 3
            << QList<double>{2.5 * 2 / 3, 2.5, 2.5 / 3};
        QTest::newRow("triangle weight 2 over 4 bins")
            << spec(QStringLiteral("a"), TaskShape::Triangle, 2) << 0ll << 4 * Ms << 4 * Ms << 4
            << QList<double>{0.5, 1.5, 1.5, 0.5};
        QTest::newRow("triangle inside one bin")
            << spec(QStringLiteral("a"), TaskShape::Triangle) << Ms << 2 * Ms << 4 * Ms << 2
            << QList<double>{0.25, 0};
        QTest::newRow("triangle split by a bin edge at its peak")
            << spec(QStringLiteral("a"), TaskShape::Triangle) << Ms << 3 * Ms << 4 * Ms << 2
            << QList<double>{0.25, 0.25};
        QTest::newRow("ramp-up weight 3 over 3 bins")
            << spec(QStringLiteral("a"), TaskShape::RampUp, 3) << 0ll << 3 * Ms << 4 * Ms << 4
            << QList<double>{0.5, 1.5, 2.5, 0};
        QTest::newRow("ramp-down over 4 bins of 1 ms")
            << spec(QStringLiteral("a"), TaskShape::RampDown, 4) << 0ll << 4 * Ms << 4 * Ms << 4
            << QList<double>{3.5, 2.5, 1.5, 0.5};
        QTest::newRow("ramp-up ends at t1, half the bins cut off")
            << spec(QStringLiteral("a"), TaskShape::RampUp, 4) << 0ll << 4 * Ms << 2 * Ms << 2
            << QList<double>{0.5, 1.5};
        QTest::newRow("zero weight") << spec(QStringLiteral("a"), TaskShape::Flat, 0) << 0ll
                                     << 4 * Ms << 4 * Ms << 2 << QList<double>{0, 0};
    }

    void handCases()
    {
        QFETCH(TaskSpec, task);
        QFETCH(qint64, startNs);
        QFETCH(qint64, endNs);
        QFETCH(qint64, t1Ns);
        QFETCH(int, bins);
        QFETCH(QList<double>, expected);

        Trace trace = traceOf({task});
        trace.records.append(ran(0, startNs, endNs));
        const ActivityCurve curve = activity(trace, 0, t1Ns, bins);
        QCOMPARE(curve.t0Ns, qint64(0));
        QCOMPARE(curve.t1Ns, t1Ns);
        QCOMPARE(curve.values.size(), expected.size());
        for (int k = 0; k < bins; ++k)
            QVERIFY2(std::abs(curve.values[k] - expected[k]) < 1e-12,
                     describeBin(k, curve.values[k], expected[k]).constData());
    }

    void withoutPlanEveryAttemptIsFlatOne()
    {
        Trace trace;
        trace.records = {ran(0, 0, 4 * Ms), ran(7, 2 * Ms, 4 * Ms)};
        const ActivityCurve curve = activity(trace, 0, 4 * Ms, 2);
        QCOMPARE(curve.values, (QList<double>{1, 2}));
    }

    void taskOutsideThePlanIsFlatOne()
    {
        Trace trace = traceOf({spec(QStringLiteral("a"), TaskShape::Triangle, 5)});
        trace.records = {ran(3, 0, 4 * Ms)};
        QCOMPARE(activity(trace, 0, 4 * Ms, 2).values, (QList<double>{1, 1}));
    }

    void emptyGrid_data()
    {
        QTest::addColumn<qint64>("t0Ns");
        QTest::addColumn<qint64>("t1Ns");
        QTest::addColumn<int>("bins");

        QTest::newRow("no bins") << 0ll << 10 * Ms << 0;
        QTest::newRow("negative bins") << 0ll << 10 * Ms << -3;
        QTest::newRow("empty range") << 5 * Ms << 5 * Ms << 10;
        QTest::newRow("reversed range") << 10 * Ms << 0ll << 10;
    }

    void emptyGrid()
    {
        QFETCH(qint64, t0Ns);
        QFETCH(qint64, t1Ns);
        QFETCH(int, bins);
        Trace trace = traceOf({spec(QStringLiteral("a"), TaskShape::Flat)});
        trace.records = {ran(0, 0, 10 * Ms)};
        QVERIFY(activity(trace, t0Ns, t1Ns, bins).values.isEmpty());
        for (const ActivityCurve &c : activityByKind(trace, t0Ns, t1Ns, bins))
            QVERIFY(c.values.isEmpty());
    }

    void matchesReference_data()
    {
        QTest::addColumn<RandomTraceOptions>("options");
        QTest::addColumn<qint64>("t0Ns");
        QTest::addColumn<qint64>("t1Ns");
        QTest::addColumn<int>("bins");

        const QList<std::pair<const char *, int>> shapes = {{"flat", int(TaskShape::Flat)},
                                                            {"ramp-up", int(TaskShape::RampUp)},
                                                            {"ramp-down", int(TaskShape::RampDown)},
                                                            {"triangle", int(TaskShape::Triangle)},
                                                            {"mixed shapes", MixedShapes}};
        quint32 seed = 1;
        for (const auto &[name, shape] : shapes) {
            RandomTraceOptions o;
            o.shape = shape;
            o.randomWeights = true;
            o.seed = seed++;
            QTest::addRow("%s, random weights, whole run", name) << o << 0ll << 130 * Ms << 50;
            o.seed = seed++;
            o.maxDurationNs = 2 * Ms;
            QTest::addRow("%s, attempts shorter than a bin", name) << o << 0ll << 100 * Ms << 20;
            o.seed = seed++;
            o.maxDurationNs = 40 * Ms;
            QTest::addRow("%s, attempts straddle t0 and t1", name) << o << 30 * Ms << 70 * Ms << 37;
            o.seed = seed++;
            o.records = 300;
            o.maxDurationNs = 20;
            QTest::addRow("%s, nanosecond attempts on odd bins", name)
                << o << 3ll << 100 * Ms + 7 << 13;
            o.seed = seed++;
            o.records = 40;
            o.spanNs = 40;
            o.maxDurationNs = 25;
            QTest::addRow("%s, bins narrower than a nanosecond", name) << o << 0ll << 50ll << 160;
        }

        RandomTraceOptions o;
        o.seed = seed++;
        o.randomWeights = true;
        QTest::newRow("window after every attempt") << o << 200 * Ms << 300 * Ms << 10;
        o.seed = seed++;
        QTest::newRow("window before every attempt") << o << -50 * Ms << 0ll << 10;
        o.seed = seed++;
        o.originNs = 1000000 * Ms; // a run that started 1000 s ago
        QTest::newRow("timestamps near 1e15 ns")
            << o << o.originNs + 10 * Ms << o.originNs + 110 * Ms << 64;
        o.seed = seed++;
        o.originNs = 0;
        o.records = 2000;
        o.minDurationNs = 0;
        o.maxDurationNs = 10 * Ms;
        QTest::newRow("2000 attempts on 400 bins") << o << 0ll << 110 * Ms << 400;
        o.seed = seed++;
        o.records = 200;
        o.maxDurationNs = 1000 * Ms;
        QTest::newRow("attempts much longer than the window") << o << 40 * Ms << 60 * Ms << 25;
    }

    void matchesReference()
    {
        QFETCH(RandomTraceOptions, options);
        QFETCH(qint64, t0Ns);
        QFETCH(qint64, t1Ns);
        QFETCH(int, bins);

        const Trace trace = randomTrace(options);
        const ActivityCurve curve = activity(trace, t0Ns, t1Ns, bins);
        const QList<double> expected = referenceActivity(trace, t0Ns, t1Ns, bins);
        QCOMPARE(curve.values.size(), bins);
        double peak = 0;
        for (const double v : expected)
            peak = std::max(peak, v);
        for (int k = 0; k < bins; ++k) {
            QVERIFY2(std::abs(curve.values[k] - expected[k]) <= 1e-9 * (1 + peak),
                     describeBin(k, curve.values[k], expected[k]).constData());
            QVERIFY(curve.values[k] >= 0);
        }
    }

    void meanIsParallelism_data()
    {
        QTest::addColumn<RandomTraceOptions>("options");
        QTest::addColumn<int>("bins");

        for (quint32 seed = 100; seed < 106; ++seed) {
            RandomTraceOptions o;
            o.seed = seed;
            o.shape = int(TaskShape::Flat);
            o.records = 50 + int(seed % 3) * 400;
            o.maxDurationNs = (seed % 2 ? 1 : 40) * Ms;
            const int bins = 7 + int(seed) * 3;
            QTest::addRow("seed %u, %d records, %d bins", seed, o.records, bins) << o << bins;
        }
    }

    void meanIsParallelism()
    {
        QFETCH(RandomTraceOptions, options);
        QFETCH(int, bins);

        const Trace trace = randomTrace(options);
        const qint64 makespan = trace.makespanNs();
        const double mean = total(activity(trace, 0, makespan, bins).values) / bins;
        const double parallelism = computeMetrics(trace).parallelism;
        QVERIFY(parallelism > 0);
        const QByteArray message =
            QByteArray::number(mean, 'g', 17) + " != " + QByteArray::number(parallelism, 'g', 17);
        QVERIFY2(std::abs(mean - parallelism) <= 1e-9 * parallelism, message.constData());
    }

    void byKindAddsUp_data()
    {
        QTest::addColumn<RandomTraceOptions>("options");
        QTest::addColumn<qint64>("t0Ns");
        QTest::addColumn<qint64>("t1Ns");
        QTest::addColumn<int>("bins");

        RandomTraceOptions o;
        o.records = 500;
        o.randomWeights = true;
        QTest::newRow("mixed shapes and weights, whole run") << o << 0ll << 130 * Ms << 97;
        o.seed = 2;
        o.maxDurationNs = Ms / 10;
        QTest::newRow("short attempts, part of the run") << o << 20 * Ms << 80 * Ms << 31;
    }

    void byKindAddsUp()
    {
        QFETCH(RandomTraceOptions, options);
        QFETCH(qint64, t0Ns);
        QFETCH(qint64, t1Ns);
        QFETCH(int, bins);

        const Trace trace = randomTrace(options);
        const ActivityCurve all = activity(trace, t0Ns, t1Ns, bins);
        const auto byKind = activityByKind(trace, t0Ns, t1Ns, bins);
        for (int kind = 0; kind < TaskKindCount; ++kind) {
            QCOMPARE(byKind[std::size_t(kind)].t0Ns, t0Ns);
            QCOMPARE(byKind[std::size_t(kind)].t1Ns, t1Ns);
            // The same records in the same order: exactly the filtered curve.
            QCOMPARE(byKind[std::size_t(kind)], activity(trace, t0Ns, t1Ns, bins, TaskKind(kind)));
        }
        for (int k = 0; k < bins; ++k) {
            double sum = 0;
            for (const ActivityCurve &c : byKind)
                sum += c.values[k];
            QVERIFY2(std::abs(sum - all.values[k]) <= 1e-12 * (1 + all.values[k]),
                     describeBin(k, sum, all.values[k]).constData());
        }
    }

    void millionAttempts_data()
    {
        QTest::addColumn<bool>("allShapes");
        QTest::newRow("flat weight 1, no plan") << false;
        QTest::newRow("every shape, weights 0.5 to 3") << true;
    }

    void millionAttempts()
    {
        QFETCH(bool, allShapes);

        const int count = 1000000;
        const int bins = 1600;
        const qint64 span = 10000 * Ms;
        QRandomGenerator rng(42);
        Trace trace;
        if (allShapes) {
            trace = traceOf({spec(QStringLiteral("flat"), TaskShape::Flat, 1.5),
                             spec(QStringLiteral("up"), TaskShape::RampUp, 0.5),
                             spec(QStringLiteral("down"), TaskShape::RampDown, 2),
                             spec(QStringLiteral("tri"), TaskShape::Triangle, 3)});
        }
        // Integral of each spec's shape over a whole attempt, times its weight.
        const double areaPerNs[] = {1.5, 0.25, 1.0, 1.5};
        trace.records.reserve(count);
        long double expected = 0;
        for (int i = 0; i < count; ++i) {
            const qint64 start = qint64(rng.bounded(quint64(span)));
            // Mostly shorter than a bin (6.25 ms), some spanning many.
            const qint64 d = i % 10 == 0 ? qint64(rng.bounded(quint64(200 * Ms)))
                                         : qint64(rng.bounded(quint64(5 * Ms)));
            const auto task = quint32(rng.bounded(4));
            trace.records.append(ran(task, start, start + d, i % 4));
            expected += (long double)d * (allShapes ? areaPerNs[task] : 1.0);
        }
        const qint64 end = trace.makespanNs();

        QElapsedTimer timer;
        timer.start();
        const ActivityCurve curve = activity(trace, 0, end, bins);
        const qint64 elapsedMs = timer.elapsed();

        const double integral = total(curve.values) * curve.binNs();
        const double relative = std::abs(double((integral - expected) / expected));
        qInfo("f(t) for %d attempts on %d bins: %lld ms (integral off by %.2g relative)", count,
              bins, elapsedMs, relative);
        QVERIFY2(relative < 1e-6, QByteArray::number(relative).constData());
    }
};

QTEST_GUILESS_MAIN(TestTaskFunction)
#include "tst_taskfunction.moc"
