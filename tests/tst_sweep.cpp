#include "sweep.h"
#include "sweepcsv.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTimer>
#include <QTest>

#include <cmath>

using namespace Taskline;
using namespace Taskline::TestSupport;

// The pool-size sweep: predicted makespans on cases with a known answer, speedups, the
// recommendation, the thread-list syntax, and measured sweeps run one after another.
class TestSweep : public QObject
{
    Q_OBJECT

    static PlanPtr equalIoTasks(int n, double ms)
    {
        return buildPlan(scenarioOf({taskSpec(QStringLiteral("io"), TaskKind::Io, ms, quint32(n))}));
    }

    static Sweep sweepOf(const QList<QPair<int, double>> &predicted, double oneMs)
    {
        Sweep s;
        s.predictedOneMs = oneMs;
        for (const auto &[threads, ms] : predicted) {
            SweepPoint p;
            p.threads = threads;
            p.predictedMs = ms;
            s.points.append(p);
        }
        s.updateSpeedups();
        return s;
    }

private Q_SLOTS:
    void equalIndependentIoTasks_data()
    {
        QTest::addColumn<int>("tasks");
        QTest::addColumn<double>("ms");
        QTest::addColumn<QList<int>>("threads");
        QTest::newRow("8 io tasks of 10 ms on 1,2,4,8") << 8 << 10.0 << QList<int>{1, 2, 4, 8};
        QTest::newRow("7 io tasks of 20 ms on 1..8") << 7 << 20.0 << QList<int>{1, 2, 3, 4, 5, 6, 7, 8};
        QTest::newRow("12 io tasks of 5 ms, no 1 swept") << 12 << 5.0 << QList<int>{3, 5, 16};
        QTest::newRow("one task") << 1 << 40.0 << QList<int>{1, 4};
    }

    void equalIndependentIoTasks()
    {
        QFETCH(int, tasks);
        QFETCH(double, ms);
        QFETCH(QList<int>, threads);
        // io tasks hold a worker and use no core: the makespan is ceil(n / P) rounds of d.
        const Sweep sweep = predictSweep(equalIoTasks(tasks, ms), runConfig(1, 1), threads);
        QCOMPARE(sweep.points.size(), threads.size());
        QCOMPARE(sweep.predictedOneMs, tasks * ms);
        for (qsizetype i = 0; i < threads.size(); ++i) {
            const SweepPoint &p = sweep.points[i];
            const int P = threads[i];
            const double expected = std::ceil(double(tasks) / P) * ms;
            QCOMPARE(p.threads, P);
            QCOMPARE(p.predictedMs, expected);
            QCOMPARE(p.predictedSpeedup, tasks * ms / expected);
            QCOMPARE(p.predictedEfficiency(), tasks * ms / expected / P);
            QVERIFY(!p.measuredMs);
            QCOMPARE(p.speedup(), p.predictedSpeedup);
        }
    }

    void cpuTasksShareTheCores()
    {
        // 4 cpu tasks of 10 ms on 2 cores: 4 threads cannot beat 2 rounds of 10 ms.
        const PlanPtr plan =
            buildPlan(scenarioOf({taskSpec(QStringLiteral("cpu"), TaskKind::Cpu, 10, 4)}));
        const Sweep sweep = predictSweep(plan, runConfig(1, 2), {1, 2, 4});
        QCOMPARE(sweep.points[0].predictedMs, 40.0);
        QCOMPARE(sweep.points[1].predictedMs, 20.0);
        QCOMPARE(sweep.points[2].predictedMs, 20.0);
        QCOMPARE(sweep.recommendedThreads(), 2); // 4 threads buy nothing
    }

    void recommendation_data()
    {
        QTest::addColumn<QList<int>>("threads");
        QTest::addColumn<QList<double>>("makespans");
        QTest::addColumn<int>("recommended");
        QTest::newRow("halving all the way: the most") << QList<int>{1, 2, 4, 8}
                                                       << QList<double>{80, 40, 20, 10} << 8;
        QTest::newRow("flat after 4") << QList<int>{1, 2, 4, 8} << QList<double>{80, 40, 20, 20} << 4;
        QTest::newRow("8 is 4% better than 4: 4") << QList<int>{1, 2, 4, 8}
                                                  << QList<double>{80, 40, 20.8, 20} << 4;
        QTest::newRow("exactly 5% over the best counts") << QList<int>{2, 3} << QList<double>{105, 100}
                                                         << 2;
        QTest::newRow("8 is 6% better than 4: 8") << QList<int>{1, 2, 4, 8}
                                                  << QList<double>{80, 40, 21.2, 20} << 8;
        QTest::newRow("more threads got slower") << QList<int>{1, 2, 4, 8}
                                                 << QList<double>{80, 30, 35, 50} << 2;
        QTest::newRow("one point") << QList<int>{6} << QList<double>{12} << 6;
    }

    void recommendation()
    {
        QFETCH(QList<int>, threads);
        QFETCH(QList<double>, makespans);
        QFETCH(int, recommended);
        QList<QPair<int, double>> points;
        for (qsizetype i = 0; i < threads.size(); ++i)
            points.append({threads[i], makespans[i]});
        const Sweep sweep = sweepOf(points, makespans.constFirst());
        QCOMPARE(sweep.recommendedThreads(), recommended);
        const QString text = sweep.recommendationText();
        QVERIFY2(text.contains(QStringLiteral("Recommended: %1 thread").arg(recommended)),
                 qPrintable(text));
    }

    void noPointsNoRecommendation()
    {
        QCOMPARE(Sweep{}.recommendedThreads(), 0);
        QVERIFY(Sweep{}.recommendationText().isEmpty());
    }

    void measuredSpeedups_data()
    {
        QTest::addColumn<bool>("oneMeasured");
        QTest::addColumn<double>("expectedAtFour");
        // Predicted: 1 -> 100 ms, 4 -> 30 ms. Measured 4 -> 40 ms; 1 -> 120 ms when measured.
        QTest::newRow("against the measured single thread") << true << 120.0 / 40;
        QTest::newRow("against the predicted single thread") << false << 100.0 / 40;
    }

    void measuredSpeedups()
    {
        QFETCH(bool, oneMeasured);
        QFETCH(double, expectedAtFour);
        Sweep sweep = sweepOf({{1, 100}, {4, 30}}, 100);
        sweep.setMeasured(1, 40.0);
        if (oneMeasured)
            sweep.setMeasured(0, 120.0);
        QCOMPARE(sweep.points[1].predictedSpeedup, 100.0 / 30);
        QCOMPARE(*sweep.points[1].measuredSpeedup, expectedAtFour);
        QCOMPARE(*sweep.points[1].measuredEfficiency(), expectedAtFour / 4);
        QCOMPARE(sweep.points[1].speedup(), expectedAtFour);
        QVERIFY(sweep.hasMeasurements());
        sweep.setMeasured(1, std::nullopt);
        QVERIFY(!sweep.points[1].measuredSpeedup);
    }

    void threadList_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QList<int>>("threads");
        QTest::addColumn<QString>("error"); // a part of the message; empty: valid

        QTest::newRow("a list") << "1,2,4,8" << QList<int>{1, 2, 4, 8} << "";
        QTest::newRow("spaces") << " 1, 2 ,4 " << QList<int>{1, 2, 4} << "";
        QTest::newRow("a range") << "2..5" << QList<int>{2, 3, 4, 5} << "";
        QTest::newRow("a range of one") << "3..3" << QList<int>{3} << "";
        QTest::newRow("mixed, unsorted, repeated") << "8,1..3,2" << QList<int>{1, 2, 3, 8} << "";
        QTest::newRow("the limit") << "256" << QList<int>{256} << "";
        QTest::newRow("empty") << "" << QList<int>{} << "empty";
        QTest::newRow("zero") << "0,1" << QList<int>{} << "\"0\" in \"0,1\"";
        QTest::newRow("too many") << "1,257" << QList<int>{} << "\"257\"";
        QTest::newRow("a word") << "1,two,4" << QList<int>{} << "\"two\" in \"1,two,4\"";
        QTest::newRow("negative") << "-2" << QList<int>{} << "\"-2\"";
        QTest::newRow("a fraction") << "1.5" << QList<int>{} << "\"1.5\"";
        QTest::newRow("an extra comma") << "1,,2" << QList<int>{} << "extra comma";
        QTest::newRow("a trailing comma") << "1,2," << QList<int>{} << "extra comma";
        QTest::newRow("backwards") << "8..2" << QList<int>{} << "write 2..8";
        QTest::newRow("open range") << "2.." << QList<int>{} << "\"2..\"";
        QTest::newRow("a bad end") << "1..x" << QList<int>{} << "\"x\"";
        QTest::newRow("three dots") << "1...4" << QList<int>{} << "\".4\"";
    }

    void threadList()
    {
        QFETCH(QString, text);
        QFETCH(QList<int>, threads);
        QFETCH(QString, error);
        const auto parsed = parseThreadList(text);
        if (error.isEmpty()) {
            const QString *message = std::get_if<QString>(&parsed);
            QVERIFY2(!message, message ? qPrintable(*message) : "");
            QCOMPARE(std::get<QList<int>>(parsed), threads);
            // The text of a list reads back as the same list.
            QCOMPARE(std::get<QList<int>>(parseThreadList(Taskline::threadListText(threads))), threads);
        } else {
            QVERIFY(std::holds_alternative<QString>(parsed));
            const QString message = std::get<QString>(parsed);
            QVERIFY2(message.contains(error), qPrintable(message));
        }
    }

    void listText_data()
    {
        QTest::addColumn<QList<int>>("threads");
        QTest::addColumn<QString>("text");
        QTest::newRow("powers of two") << QList<int>{1, 2, 4, 8} << "1,2,4,8";
        QTest::newRow("a run") << QList<int>{1, 2, 3, 4, 5, 6, 7, 8} << "1..8";
        QTest::newRow("a short run stays a list") << QList<int>{3, 4} << "3,4";
        QTest::newRow("mixed") << QList<int>{1, 4, 5, 6, 16} << "1,4..6,16";
    }

    void listText()
    {
        QFETCH(QList<int>, threads);
        QFETCH(QString, text);
        QCOMPARE(Taskline::threadListText(threads), text);
    }

    void csvHasOneRowPerPoint()
    {
        Sweep sweep = sweepOf({{1, 80}, {2, 40}, {4, 21}}, 80);
        sweep.setMeasured(1, 50.0);
        const QList<QByteArray> lines = sweepCsv(sweep).trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines[0].startsWith("threads,predicted_makespan_ms,measured_makespan_ms,"));
        QCOMPARE(lines[1].trimmed(), QByteArray("1,80.000,,1.0000,,1.0000,,no"));
        QCOMPARE(lines[2].trimmed(), QByteArray("2,40.000,50.000,2.0000,1.6000,1.0000,0.8000,no"));
        QVERIFY(lines[3].trimmed().endsWith("yes")); // 21 ms on 4 threads is the best
    }

    void measureRunsEachCountInTurn()
    {
        const PlanPtr plan = equalIoTasks(4, 15);
        const Sweep predicted = predictSweep(plan, runConfig(1, 2), {1, 2, 4});
        SweepRun run(plan, predicted);
        QSignalSpy measured(&run, &SweepRun::pointMeasured);
        QSignalSpy finished(&run, &SweepRun::finished);
        QSignalSpy progress(&run, &SweepRun::progress);
        run.start();
        QVERIFY(run.isRunning());
        QVERIFY(finished.count() == 1 || finished.wait(30000));
        QCOMPARE(finished.constFirst().constFirst().toBool(), false);
        QCOMPARE(measured.size(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(measured[i][0].toInt(), i); // one after another, in order
        const Sweep &sweep = run.sweep();
        for (const SweepPoint &p : sweep.points) {
            QVERIFY(p.measuredMs);
            // Real blocking waits last at least as long as the model says; generous above.
            QVERIFY2(*p.measuredMs >= p.predictedMs * 0.95,
                     qPrintable(QStringLiteral("%1 threads: %2 ms").arg(p.threads).arg(*p.measuredMs)));
            QVERIFY(p.measuredSpeedup);
        }
        QCOMPARE(*sweep.points[0].measuredSpeedup, 1.0);
        // Four waits on four workers run side by side: clearly faster than one after another.
        QVERIFY(*sweep.points[2].measuredMs < *sweep.points[0].measuredMs * 0.75);
        QVERIFY(!progress.isEmpty());
        QVERIFY(!run.isRunning());
    }

    void cancelStopsTheSweep()
    {
        const PlanPtr plan = equalIoTasks(8, 200);
        SweepRun run(plan, predictSweep(plan, runConfig(1, 2), {1, 2, 4, 8}));
        QSignalSpy finished(&run, &SweepRun::finished);
        QSignalSpy measured(&run, &SweepRun::pointMeasured);
        run.start();
        QTimer::singleShot(100, &run, &SweepRun::cancel);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.constFirst().constFirst().toBool(), true);
        QVERIFY(run.isCancelled());
        QCOMPARE(measured.size(), 0); // the first run (1.6 s) was cut short: not a measurement
        QVERIFY(!run.sweep().hasMeasurements());
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
