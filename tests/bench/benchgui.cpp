// The window during a run: how late the event loop serves a 10 ms ticker while 100,000 tasks
// run and the timeline, the records table and the metrics update live (offscreen).

#include "bench.h"

#include "customplot.h"
#include "mainwindow.h"
#include "timelineview.h"
#include "widgettestsupport.h"

#include <QCoreApplication>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace Taskline::Bench {

namespace {

constexpr qint64 TickNs = 10000000; // EventLoopGaps' interval

QByteArray tinyTasks(qsizetype count)
{
    const QByteArray half = QByteArray::number(count / 2);
    return "{\"taskline\": 1, \"name\": \"tiny tasks\", \"threads\": 4, \"tasks\": [\n"
           "  {\"id\": \"io\", \"kind\": \"io\", \"duration_ms\": 0.01, \"count\": " +
           half +
           "},\n  {\"id\": \"cpu\", \"kind\": \"cpu\", \"duration_ms\": 0.005, \"count\": " + half +
           "}\n]}\n";
}

} // namespace

void benchGui(Bench &bench)
{
    using namespace TestSupport;
    QTemporaryDir settings;
    useTestSettings(settings, QStringLiteral("taskline-bench"));
    const qsizetype n = bench.scaled(100000);
    const QString path = bench.tempPath(QStringLiteral("tiny.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(tinyTasks(n)) < 0) {
        bench.fail(QStringLiteral("cannot write %1").arg(path));
        return;
    }
    file.close();

    // Lag: how much later than due each tick came. Runs are repeated and their lags pooled.
    QList<double> lagsMs;
    for (int rep = 0; rep < bench.reps(3); ++rep) {
        auto window = makeWindow();
        window->resize(1600, 900);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()) || !window->openFile(path) ||
            !waitForPrediction(*window)) {
            bench.fail(QStringLiteral("the window did not show the scenario"));
            return;
        }
        QSignalSpy finished(window.get(), &MainWindow::runFinished);
        QSignalSpy replotted(window->timelineView()->plot(), &QCustomPlot::afterReplot);
        qsizetype replotsAtFinish = -1;
        QObject::connect(window.get(), &MainWindow::runFinished, window.get(),
                         [&] { replotsAtFinish = replotted.count(); });
        EventLoopGaps gaps;
        gaps.start();
        window->startRun();
        if (finished.count() == 0 && !finished.wait(WindowTimeoutMs)) {
            bench.fail(QStringLiteral("the run did not finish"));
            return;
        }
        // The run's end is part of it: the summary, the final fit and its replot and paint.
        // Measured until a replot after runFinished is done and two more ticks came.
        while (replotted.count() <= replotsAtFinish && replotted.wait(1000)) {
        }
        const qsizetype ticks = gaps.gapsNs.size() + 2;
        while (gaps.gapsNs.size() < ticks)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        gaps.stop();
        for (const qint64 gap : gaps.gapsNs)
            lagsMs.append(double(std::max<qint64>(0, gap - TickNs)) / 1e6);
    }
    if (lagsMs.isEmpty())
        return;
    std::sort(lagsMs.begin(), lagsMs.end());
    const QString tag = Bench::sizeTag(n);
    const double p99 = lagsMs[qsizetype(0.99 * double(lagsMs.size() - 1))];
    bench.add({QStringLiteral("gui.lag.p99"), p99, QStringLiteral("ms"), std::nullopt, 20});
    bench.add(
        {QStringLiteral("gui.lag.max"), lagsMs.last(), QStringLiteral("ms"), std::nullopt, 50});
}

} // namespace Taskline::Bench
