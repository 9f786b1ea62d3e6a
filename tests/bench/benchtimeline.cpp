// The timeline: replot of the whole range and of 1% of it, handing records to the view and
// taking them away, exports at 1600x900, and the naive baseline of one QCPItemRect per span.

#include "bench.h"

#include "customplot.h"
#include "imageexport.h"
#include "testsupport.h"
#include "timelineview.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QTest>

namespace Taskline::Bench {

namespace {

constexpr int Lanes = 16;
constexpr int Width = 1600;
constexpr int Height = 900;

void settle()
{
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
}

void replot(QCustomPlot *plot)
{
    plot->replot(QCustomPlot::rpImmediateRefresh);
}

// The naive way: one QCPItemRect per span; ms per replot.
double itemsReplotMs(Bench &bench, const Trace &trace)
{
    QCustomPlot plot;
    plot.resize(Width, Height);
    plot.show();
    if (!QTest::qWaitForWindowExposed(&plot))
        bench.fail(QStringLiteral("the QCustomPlot window was not shown"));
    const QColor colors[] = {QColor(70, 130, 180), QColor(60, 170, 110), QColor(230, 150, 40)};
    for (const AttemptRecord &r : trace.records) {
        auto *rect = new QCPItemRect(&plot);
        rect->topLeft->setCoords(double(r.startNs) / 1e6, r.lane + 0.1);
        rect->bottomRight->setCoords(double(r.endNs) / 1e6, r.lane + 0.9);
        rect->setPen(Qt::NoPen);
        rect->setBrush(colors[int(r.kind) % 3]);
    }
    plot.xAxis->setRange(0, double(trace.makespanNs()) / 1e6);
    plot.yAxis->setRange(0, Lanes);
    settle();
    return bench.medianMs([&] { replot(&plot); }, bench.reps(3));
}

void benchSize(Bench &bench, qsizetype n, bool largest)
{
    const QString tag = Bench::sizeTag(n);
    const Trace trace = TestSupport::syntheticTrace(n, Lanes);
    const bool goals = n == 1000000;
    auto goal = [goals](double g) { return goals ? std::optional<double>(g) : std::nullopt; };

    TimelineView view;
    view.resize(Width, Height);
    view.show();
    if (!QTest::qWaitForWindowExposed(&view))
        bench.fail(QStringLiteral("the timeline window was not shown"));

    // Build: the records handed to the view (rows laid out, legend, bands); clear: taken away.
    QList<double> buildMs, clearMs;
    const int buildReps =
        bench.wants(QStringLiteral("timeline.build.") + tag) ? bench.reps(5) + 1 : 0;
    for (int i = 0; i < buildReps; ++i) {
        QElapsedTimer timer;
        timer.start();
        view.setTrace(trace);
        const double built = double(timer.nsecsElapsed()) / 1e6;
        timer.restart();
        view.setTrace(Trace());
        const double cleared = double(timer.nsecsElapsed()) / 1e6;
        if (i > 0) { // the first is the warm-up
            buildMs.append(built);
            clearMs.append(cleared);
        }
    }
    if (buildReps > 0) {
        bench.add({QStringLiteral("timeline.build.") + tag, median(buildMs), QStringLiteral("ms"),
                   std::nullopt, goal(50)});
        bench.add({QStringLiteral("timeline.clear.") + tag, median(clearMs), QStringLiteral("ms"),
                   std::nullopt, goal(5)});
    }

    view.setTrace(trace);
    view.fit();
    settle();
    QCustomPlot *plot = view.plot();
    const double fullMs = bench.wants(QStringLiteral("timeline.replot.full.") + tag)
                              ? bench.medianMs([&] { replot(plot); }, bench.reps(15))
                              : 0;
    std::optional<double> items;
    if (n == bench.scaled(100000) && bench.wants(QStringLiteral("timeline.items.replot.") + tag))
        items = itemsReplotMs(bench, trace);
    bench.add({QStringLiteral("timeline.replot.full.") + tag, fullMs, QStringLiteral("ms"), items,
               goal(8)});
    if (items)
        bench.add({QStringLiteral("timeline.items.replot.") + tag, *items, QStringLiteral("ms"),
                   std::nullopt, std::nullopt});

    const auto [from, to] = view.visibleRangeMs();
    const double mid = (from + to) / 2;
    const double half = (to - from) * 0.005;
    view.setVisibleRangeMs(mid - half, mid + half);
    settle();
    const double zoomMs = bench.wants(QStringLiteral("timeline.replot.zoom.") + tag)
                              ? bench.medianMs([&] { replot(plot); }, bench.reps(15))
                              : 0;
    bench.add({QStringLiteral("timeline.replot.zoom.") + tag, zoomMs, QStringLiteral("ms"),
               std::nullopt, goal(4)});
    // A pan by a tenth of the visible range: f(t) is recomputed for the new range too.
    double shift = 0;
    const double panMs =
        !bench.wants(QStringLiteral("timeline.pan.") + tag)
            ? 0
            : bench.medianMs(
                  [&] {
                      shift += half / 5;
                      view.setVisibleRangeMs(mid - half + shift, mid + half + shift);
                      replot(plot);
                  },
                  bench.reps(15));
    bench.add({QStringLiteral("timeline.pan.zoom.") + tag, panMs, QStringLiteral("ms"),
               std::nullopt, std::nullopt});
    view.fit();
    settle();

    QStringList formats{QStringLiteral("png")};
    if (largest)
        formats << QStringLiteral("svg") << QStringLiteral("pdf");
    for (const QString &format : formats) {
        if (!bench.wants(QStringLiteral("export.%1.%2").arg(format, tag)))
            continue;
        const QString path = bench.tempPath(QStringLiteral("export.") + format);
        std::optional<QString> error;
        const double ms = bench.medianMs(
            [&] {
                error = exportImage(view, path, {Width, Height, 1.0});
            },
            bench.reps(5));
        if (error) {
            bench.fail(*error);
            continue;
        }
        const double goalMs = format == QLatin1String("png") ? 60 : 25;
        bench.add({QStringLiteral("export.%1.%2").arg(format, tag), ms, QStringLiteral("ms"),
                   std::nullopt, goal(goalMs)});
        if (format == QLatin1String("svg"))
            bench.add({QStringLiteral("export.svg.%1.bytes").arg(tag),
                       double(QFileInfo(path).size()), QStringLiteral("B"), std::nullopt,
                       goal(102400)});
    }
}

} // namespace

void benchTimeline(Bench &bench)
{
    const QList<qsizetype> sizes =
        bench.quick() ? QList<qsizetype>{1000, 10000} : QList<qsizetype>{10000, 100000, 1000000};
    for (qsizetype n : sizes)
        benchSize(bench, n, n == sizes.last());
}

} // namespace Taskline::Bench
