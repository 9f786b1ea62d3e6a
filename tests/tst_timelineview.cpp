#include "activityplot.h"
#include "customplot.h"
#include "plan.h"
#include "predictor.h"
#include "scenarioloader.h"
#include "testsupport.h"
#include "timelineplottable.h"
#include "timelineview.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>

#include <algorithm>

using namespace Taskline;
using namespace Taskline::TestSupport;

namespace {

constexpr qint64 Ms = 1000000;

PlanPtr planOf(const QList<TaskSpec> &tasks)
{
    Scenario s = scenarioOf(tasks);
    s.name = QStringLiteral("test");
    return buildPlan(s);
}

// The demo's shape: eight fetches on four workers, a gather, a flaky timer and a file save.
PlanPtr demoPlan()
{
    // notify fails all three attempts, so report is skipped.
    TaskSpec notify =
        taskSpec(QStringLiteral("notify"), TaskKind::Timer, 30, 1, {QStringLiteral("parse")});
    notify.failRate = 1;
    notify.retries = 2;
    notify.error = QStringLiteral("503 Service Unavailable");
    return planOf(
        {taskSpec(QStringLiteral("fetch"), TaskKind::Io, 120, 8),
         taskSpec(QStringLiteral("parse"), TaskKind::Cpu, 40, 1, {QStringLiteral("fetch")}), notify,
         taskSpec(QStringLiteral("save"), TaskKind::File, 60, 1, {QStringLiteral("parse")}),
         taskSpec(QStringLiteral("report"), TaskKind::Cpu, 5, 1, {QStringLiteral("notify")})});
}

Trace measuredOf(const PlanPtr &plan, int threads = 4)
{
    Trace trace = predictedTrace(plan, threads, 7);
    trace.predicted = false; // stands in for a measured run
    return trace;
}

int recordOf(const Trace &trace, const QString &name, int attempt = 0)
{
    for (qsizetype i = 0; i < trace.records.size(); ++i) {
        if (trace.taskName(trace.records[i]) == name && trace.records[i].attempt == attempt)
            return int(i);
    }
    return -1;
}

AttemptRecord span(int lane, double startMs, double endMs, TaskKind kind = TaskKind::Cpu,
                   quint32 task = 0)
{
    AttemptRecord r;
    r.task = task;
    r.lane = qint16(lane);
    r.kind = kind;
    r.releaseNs = r.enqueueNs = r.startNs = qint64(startMs * Ms);
    r.endNs = qint64(endMs * Ms);
    return r;
}

QPoint centreOf(const TimelineView &view, int record)
{
    QRectF extent, run;
    if (!view.spans()->recordRect(record, &extent, &run))
        return {-1, -1};
    return run.center().toPoint();
}

void saveIfAsked(const QImage &image, const QString &name)
{
    const QString dir = qEnvironmentVariable("TASKLINE_TEST_IMAGES");
    if (!dir.isEmpty())
        image.save(dir + QLatin1Char('/') + name);
}

} // namespace

class TestTimelineView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void holdsEveryAttempt_data();
    void holdsEveryAttempt();
    void pixels_data();
    void pixels();
    void mergedSpansStayVisible();
    void hoverShowsToolTip();
    void clickSelects();
    void zoomAndPanKeepAxesTogether();
    void liveAppend();
    void liveRangeGrowsInSteps_data();
    void liveRangeGrowsInSteps();
    void predictionToggle();
    void predictedCurveKept_data();
    void predictedCurveKept();
    void darkPalette();
    void replotTime_data();
    void replotTime();
    void examples_data();
    void examples();

private:
    std::unique_ptr<TimelineView> m_view;
};

void TestTimelineView::init()
{
    m_view = std::make_unique<TimelineView>();
    m_view->resize(1000, 600);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void TestTimelineView::holdsEveryAttempt_data()
{
    QTest::addColumn<bool>("taskRows");
    QTest::addColumn<int>("threads");

    QTest::newRow("demo in lane rows") << false << 4;
    QTest::newRow("demo in task rows") << true << 4;
    QTest::newRow("demo on one worker, task rows") << true << 1;
}

void TestTimelineView::holdsEveryAttempt()
{
    QFETCH(bool, taskRows);
    QFETCH(int, threads);
    const Trace trace = measuredOf(demoPlan(), threads);
    m_view->setTrace(trace);
    m_view->setRows(taskRows ? TimelineView::Rows::Tasks : TimelineView::Rows::Lanes);
    const auto ran = std::count_if(trace.records.cbegin(), trace.records.cend(),
                                   [](const AttemptRecord &r) { return r.ran(); });
    QCOMPARE(m_view->spans()->spanCount(), taskRows ? trace.records.size() : qsizetype(ran));
    QCOMPARE(trace.records.size(), 8 + 1 + 3 + 1 + 1); // three notify attempts, report skipped
}

void TestTimelineView::pixels_data()
{
    QTest::addColumn<QString>("where");
    QTest::addColumn<double>("atMs");
    QTest::addColumn<int>("lane");
    QTest::addColumn<QString>("expected");

    QTest::newRow("a cpu span on worker 1") << "span" << 20.0 << 0 << "cpu";
    QTest::newRow("an io span on worker 2") << "span" << 80.0 << 1 << "io";
    QTest::newRow("worker 1 idle between its spans") << "gap" << 70.0 << 0 << "background";
    QTest::newRow("worker 2 idle before its span") << "gap" << 30.0 << 1 << "stripe";
    QTest::newRow("a timer on the event loop") << "span" << 50.0 << 2 << "timer";
}

void TestTimelineView::pixels()
{
    QFETCH(QString, where);
    QFETCH(double, atMs);
    QFETCH(int, lane);
    QFETCH(QString, expected);

    Trace trace;
    trace.lanes = standardLanes(2, true);
    trace.eventLoopLane = 2;
    trace.records = {span(0, 0, 40), span(1, 60, 100, TaskKind::Io), span(0, 100, 120),
                     span(2, 45, 55, TaskKind::Timer)};
    m_view->setTrace(trace);
    m_view->setVisibleRangeMs(0, 125);
    m_view->plot()->replot();

    const QImage image = m_view->grab().toImage();
    saveIfAsked(image, QStringLiteral("pixels.png"));
    QCPAxis *x = m_view->timelineRect()->axis(QCPAxis::atBottom);
    QCPAxis *y = m_view->timelineRect()->axis(QCPAxis::atLeft);
    const double rowCentre = lane + 0.5; // one unit per row, none stacked
    const QPoint p(int(x->coordToPixel(atMs)), int(y->coordToPixel(rowCentre)));
    const QColor got = image.pixelColor(p);
    const TimelinePalette &palette = m_view->timelinePalette();
    QColor want = palette.plotBackground;
    if (expected == QLatin1String("cpu"))
        want = palette.kind(TaskKind::Cpu);
    else if (expected == QLatin1String("io"))
        want = palette.kind(TaskKind::Io);
    else if (expected == QLatin1String("timer"))
        want = palette.kind(TaskKind::Timer);
    else if (expected == QLatin1String("stripe"))
        want = palette.rowStripe;
    QVERIFY2(got == want, qPrintable(QStringLiteral("%1 at (%2, %3): %4, not %5")
                                         .arg(where)
                                         .arg(p.x())
                                         .arg(p.y())
                                         .arg(got.name(), want.name())));
}

void TestTimelineView::mergedSpansStayVisible()
{
    // 20,000 spans of 5 us on worker 1 within 200 ms, seen 2 s wide: each is far narrower
    // than a pixel, yet the lane shows busy, and the plottable paints pixels, not spans.
    Trace trace;
    trace.lanes = standardLanes(2, false);
    for (int i = 0; i < 20000; ++i)
        trace.records.append(span(0, i * 0.01, i * 0.01 + 0.005));
    trace.records.append(span(1, 1900, 2000, TaskKind::Io));
    m_view->setTrace(trace);
    m_view->plot()->replot();

    const QImage image = m_view->grab().toImage();
    saveIfAsked(image, QStringLiteral("merged.png"));
    QCPAxis *x = m_view->timelineRect()->axis(QCPAxis::atBottom);
    QCPAxis *y = m_view->timelineRect()->axis(QCPAxis::atLeft);
    const QColor busy = image.pixelColor(int(x->coordToPixel(100)), int(y->coordToPixel(0.5)));
    const QColor idle = image.pixelColor(int(x->coordToPixel(1130)), int(y->coordToPixel(0.5)));
    QCOMPARE(idle, m_view->timelinePalette().plotBackground);
    QVERIFY2(busy != idle, qPrintable(busy.name()));
    QVERIFY(busy.blue() > busy.red()); // a shade of the cpu blue
    QVERIFY2(m_view->spans()->lastPrimitives() < 100,
             qPrintable(QString::number(m_view->spans()->lastPrimitives())));
}

void TestTimelineView::hoverShowsToolTip()
{
    const Trace trace = measuredOf(demoPlan());
    m_view->setTrace(trace);
    m_view->plot()->replot();
    const int record = recordOf(trace, QStringLiteral("fetch[3]"));
    QVERIFY(record >= 0);
    const QPoint at = centreOf(*m_view, record);
    QTest::mouseMove(m_view->plot(), at);
    QTRY_VERIFY(QToolTip::isVisible());
    const QString text = QToolTip::text();
    for (const char *part : {"fetch[3]", "io", "worker", "release", "enqueue", "start", "end",
                             "wait", "duration", "ok"})
        QVERIFY2(text.contains(QLatin1String(part)), part);

    // Over f(t): how many run there, by kind.
    QCPAxisRect *activity = m_view->activityRect();
    const QPoint inActivity(int(activity->axis(QCPAxis::atBottom)->coordToPixel(50)),
                            activity->center().y());
    QTest::mouseMove(m_view->plot(), inActivity);
    QTRY_VERIFY(QToolTip::text().contains(QLatin1String("running tasks")));
    QVERIFY2(QToolTip::text().contains(QLatin1String("4.00")), qPrintable(QToolTip::text()));
    QVERIFY(QToolTip::text().contains(QLatin1String("io")));

    // Over empty space the tooltip goes away.
    const QPoint empty(m_view->timelineRect()->right() - 3, m_view->timelineRect()->top() + 3);
    QTest::mouseMove(m_view->plot(), empty);
    QTRY_VERIFY(!QToolTip::isVisible());
}

void TestTimelineView::clickSelects()
{
    const Trace trace = measuredOf(demoPlan());
    m_view->setTrace(trace);
    m_view->plot()->replot();
    QSignalSpy selected(m_view.get(), &TimelineView::recordSelected);

    const int parse = recordOf(trace, QStringLiteral("parse"));
    QTest::mouseClick(m_view->plot(), Qt::LeftButton, {}, centreOf(*m_view, parse));
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.takeFirst().at(0).toInt(), parse);
    QCOMPARE(m_view->selectedRecord(), parse);
    // parse waits for 8 fetches and is waited for by notify and save.
    QCOMPARE(m_view->arrowCount(), 8 + 2);
    m_view->plot()->replot();
    saveIfAsked(m_view->grab().toImage(), QStringLiteral("selected.png"));
    m_view->setRows(TimelineView::Rows::Tasks);
    QCOMPARE(m_view->selectedRecord(), parse);
    QCOMPARE(m_view->arrowCount(), 8 + 2); // the same arrows, between task rows
    m_view->plot()->replot();
    saveIfAsked(m_view->grab().toImage(), QStringLiteral("selected-tasks.png"));

    const QPoint empty(m_view->timelineRect()->right() - 3, m_view->timelineRect()->top() + 3);
    QTest::mouseClick(m_view->plot(), Qt::LeftButton, {}, empty);
    QCOMPARE(selected.takeFirst().at(0).toInt(), -1);
    QCOMPARE(m_view->arrowCount(), 0);
}

void TestTimelineView::zoomAndPanKeepAxesTogether()
{
    m_view->setTrace(measuredOf(demoPlan()));
    m_view->plot()->replot();
    QCPAxis *top = m_view->timelineRect()->axis(QCPAxis::atBottom);
    QCPAxis *bottom = m_view->activityRect()->axis(QCPAxis::atBottom);
    QSignalSpy changed(m_view.get(), &TimelineView::visibleRangeChanged);
    const auto same = [&] { return top->range() == bottom->range(); };

    // Wheel over the timeline: zoom in around the cursor, which keeps its time.
    const QPoint at(m_view->timelineRect()->left() + 300, m_view->timelineRect()->center().y());
    const double before = top->pixelToCoord(at.x());
    const double span = top->range().size();
    QWheelEvent wheel(at, m_view->plot()->mapToGlobal(at), {}, QPoint(0, 240), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(m_view->plot(), &wheel);
    QVERIFY(top->range().size() < span * 0.7);
    QVERIFY(qAbs(top->pixelToCoord(at.x()) - before) < 1e-6 * span);
    QVERIFY(same());
    QVERIFY(changed.count() > 0);

    // Drag right: earlier times come into view, on both axes.
    const double lower = top->range().lower;
    QTest::mousePress(m_view->plot(), Qt::LeftButton, {}, at);
    QTest::mouseMove(m_view->plot(), at + QPoint(60, 0));
    QTest::mouseRelease(m_view->plot(), Qt::LeftButton, {}, at + QPoint(60, 0));
    QVERIFY(top->range().lower < lower);
    QVERIFY(same());

    // A rubber band (right button) zooms to its range.
    const int x0 = m_view->timelineRect()->left() + 100;
    const int x1 = m_view->timelineRect()->left() + 200;
    const double from = top->pixelToCoord(x0);
    const double to = top->pixelToCoord(x1);
    QTest::mousePress(m_view->plot(), Qt::RightButton, {}, QPoint(x0, at.y()));
    QTest::mouseMove(m_view->plot(), QPoint(x1, at.y()));
    QTest::mouseRelease(m_view->plot(), Qt::RightButton, {}, QPoint(x1, at.y()));
    QVERIFY(qAbs(top->range().lower - from) < 1e-6);
    QVERIFY(qAbs(top->range().upper - to) < 1e-6);
    QVERIFY(same());

    m_view->fit();
    QVERIFY(same());
    QCOMPARE(m_view->visibleRangeMs().first, 0.0);
}

void TestTimelineView::liveAppend()
{
    const PlanPtr plan = demoPlan();
    const Trace full = measuredOf(plan);
    Trace empty = full;
    empty.records.clear();
    m_view->setTrace(empty);
    m_view->setPrediction({});

    double lastUpper = 0;
    for (qsizetype i = 0; i < full.records.size(); i += 3) {
        m_view->appendRecords(full.records.mid(i, 3));
        QTRY_VERIFY(m_view->visibleRangeMs().second >= full.records[i].endNs / 1e6);
        QVERIFY(m_view->visibleRangeMs().second >= lastUpper); // grows with the run
        lastUpper = m_view->visibleRangeMs().second;
    }
    QCOMPARE(m_view->trace().records.size(), full.records.size());
    QCOMPARE(m_view->spans()->spanCount(),
             full.records.size() - std::count_if(full.records.cbegin(), full.records.cend(),
                                                 [](const AttemptRecord &r) { return !r.ran(); }));

    // Error messages come with the batches: the tooltip of a live failure shows its message.
    StringTable strings = full.strings;
    AttemptRecord failure = span(0, 410, 420);
    failure.status = AttemptStatus::Failed;
    failure.error = strings.intern(QStringLiteral("disk on fire"));
    m_view->appendRecords({failure}, strings);
    QCOMPARE(m_view->trace().error(m_view->trace().records.constLast()),
             QStringLiteral("disk on fire"));

    // Once the user zoomed, new records leave the range alone.
    m_view->setVisibleRangeMs(10, 20);
    m_view->appendRecords({span(0, 400, 500)});
    QTest::qWait(100);
    QCOMPARE(m_view->visibleRangeMs(), qMakePair(10.0, 20.0));
}

void TestTimelineView::liveRangeGrowsInSteps_data()
{
    QTest::addColumn<bool>("withPrediction");
    QTest::newRow("no prediction") << false;
    QTest::newRow("a run longer than its prediction") << true;
}

void TestTimelineView::liveRangeGrowsInSteps()
{
    QFETCH(bool, withPrediction);
    const PlanPtr plan = demoPlan();
    Trace empty = measuredOf(plan);
    empty.records.clear();
    m_view->setTrace(empty);
    m_view->setPrediction(withPrediction ? predictedTrace(plan, 4, 7) : Trace{});
    QSignalSpy replotted(m_view->plot(), &QCustomPlot::afterReplot);

    // 60 batches, one replot each, the run 3 s long: the range keeps the data in view but
    // changes in steps (each one redraws the axes and recomputes the predicted f(t)).
    constexpr int Batches = 60;
    constexpr double BatchMs = 50;
    QList<QPair<double, double>> ranges;
    for (int b = 0; b < Batches; ++b) {
        QList<AttemptRecord> batch;
        for (int lane = 0; lane < 4; ++lane)
            batch.append(span(lane, b * BatchMs, (b + 1) * BatchMs));
        replotted.clear();
        m_view->appendRecords(batch);
        QVERIFY(replotted.wait(5000));
        const QPair<double, double> range = m_view->visibleRangeMs();
        QCOMPARE(range.first, 0.0);
        QVERIFY2(range.second >= (b + 1) * BatchMs, qPrintable(QString::number(range.second)));
        if (ranges.isEmpty() || ranges.constLast() != range)
            ranges.append(range);
    }
    QVERIFY2(ranges.size() <= Batches / 2, qPrintable(QString::number(ranges.size())));

    // The run ended: the range fits the data exactly again, as Fit would.
    m_view->endLiveRun();
    const QPair<double, double> fitted = m_view->visibleRangeMs();
    QVERIFY2(fitted.second < Batches * BatchMs * 1.05, qPrintable(QString::number(fitted.second)));
    m_view->fit();
    QCOMPARE(m_view->visibleRangeMs(), fitted);
}

void TestTimelineView::predictionToggle()
{
    const PlanPtr plan = demoPlan();
    m_view->setTrace(measuredOf(plan));
    RunConfig config;
    config.threads = 4;
    config.cores = 4;
    config.seed = 1;
    m_view->setPrediction(predict(plan, config));
    QVERIFY(m_view->ghosts()->spansShown());
    QVERIFY(m_view->ghosts()->spanCount() > 0);
    m_view->plot()->replot();
    QVERIFY(m_view->activityPlot()->hasPrediction());
    m_view->setPredictionVisible(false);
    QVERIFY(!m_view->isPredictionVisible());
    QVERIFY(!m_view->ghosts()->spansShown());
    m_view->plot()->replot();
    QVERIFY(!m_view->activityPlot()->hasPrediction());
}

namespace {

QList<QPair<double, double>> pointsOf(const QCPGraph *graph)
{
    QList<QPair<double, double>> points;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
        points.append({it->key, it->value});
    return points;
}

} // namespace

void TestTimelineView::predictedCurveKept_data()
{
    QTest::addColumn<double>("toMs");
    QTest::addColumn<int>("width");
    QTest::addColumn<bool>("newPrediction");
    QTest::addColumn<bool>("moreRecords");
    QTest::newRow("same range, records appended") << 0.0 << 800 << false << true;
    QTest::newRow("range grows") << 2.0 << 800 << false << true;
    QTest::newRow("width changes") << 0.0 << 500 << false << false;
    QTest::newRow("prediction replaced") << 0.0 << 800 << true << false;
}

// The predicted curve is kept between updates of the same range and bins: after any change it
// is the curve a fresh plot computes from the same traces.
void TestTimelineView::predictedCurveKept()
{
    QFETCH(double, toMs);
    QFETCH(int, width);
    QFETCH(bool, newPrediction);
    QFETCH(bool, moreRecords);
    const PlanPtr plan = demoPlan();
    const Trace full = measuredOf(plan);
    RunConfig config;
    config.threads = 4;
    config.cores = 4;
    config.seed = 1;
    Trace prediction = predict(plan, config);
    Trace measured = full;
    measured.records = full.records.mid(0, full.records.size() / 2);
    const double endMs = prediction.records.isEmpty() ? 1.0 : 1.5 * prediction.makespanNs() / 1e6;

    QCustomPlot plot;
    ActivityPlot activity(&plot, plot.axisRect());
    activity.setTraces(&measured, &prediction);
    activity.update(0, endMs, 800);
    const auto first = pointsOf(activity.predictedGraph());
    QVERIFY(!first.isEmpty());

    if (moreRecords)
        measured.records = full.records;
    if (newPrediction) {
        config.threads = 1;
        prediction = predict(plan, config);
        activity.setTraces(&measured, &prediction);
    }
    const double to = toMs > 0 ? endMs * toMs : endMs;
    activity.update(0, to, width);
    activity.update(0, to, width); // kept: the same again

    QCustomPlot freshPlot;
    ActivityPlot fresh(&freshPlot, freshPlot.axisRect());
    fresh.setTraces(&measured, &prediction);
    fresh.update(0, to, width);
    QCOMPARE(pointsOf(activity.predictedGraph()), pointsOf(fresh.predictedGraph()));
    if (newPrediction || width != 800 || toMs > 0)
        QVERIFY(pointsOf(activity.predictedGraph()) != first);
}

void TestTimelineView::darkPalette()
{
    const Trace trace = measuredOf(demoPlan());
    m_view->setTrace(trace);
    m_view->setRows(TimelineView::Rows::Tasks);
    m_view->setSelectedRecord(recordOf(trace, QStringLiteral("parse")));
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x202124));
    dark.setColor(QPalette::WindowText, QColor(0xe8eaed));
    m_view->setPalette(dark);
    QVERIFY(m_view->timelinePalette().dark);
    m_view->plot()->replot();
    const QImage image = m_view->grab().toImage();
    saveIfAsked(image, QStringLiteral("dark.png"));
    QCOMPARE(image.pixelColor(2, 2), m_view->timelinePalette().background);
    m_view->setPalette(QPalette(QColor(0xf0f0f0)));
    QVERIFY(!m_view->timelinePalette().dark);
}

void TestTimelineView::replotTime_data()
{
    QTest::addColumn<int>("spans");
    QTest::addColumn<bool>("asserted");

    QTest::newRow("10^5 spans") << 100000 << true;
    QTest::newRow("10^6 spans") << 1000000 << false;
}

void TestTimelineView::replotTime()
{
    QFETCH(int, spans);
    QFETCH(bool, asserted);
    const Trace trace = syntheticTrace(spans);

    QElapsedTimer timer;
    timer.start();
    m_view->setTrace(trace);
    m_view->plot()->replot();
    const qint64 firstMs = timer.elapsed();
    if (asserted)
        QVERIFY2(firstMs < 2000, qPrintable(QString::number(firstMs)));
    QCOMPARE(m_view->spans()->spanCount(), qsizetype(spans));

    const auto median = [&] {
        QList<double> times;
        for (int i = 0; i < 7; ++i) {
            QElapsedTimer t;
            t.start();
            m_view->plot()->replot();
            times.append(t.nsecsElapsed() / 1e6);
        }
        std::sort(times.begin(), times.end());
        return times[times.size() / 2];
    };
    const double all = median();
    const auto [from, to] = m_view->visibleRangeMs();
    m_view->setVisibleRangeMs(from + (to - from) * 0.4, from + (to - from) * 0.41);
    const double zoomed = median();
    qInfo("%d spans: setTrace + first replot %lld ms; replot %.1f ms all visible, %.1f ms "
          "zoomed to 1%% (%d primitives)",
          spans, firstMs, all, zoomed, m_view->spans()->lastPrimitives());
    saveIfAsked(m_view->grab().toImage(), QStringLiteral("zoomed-%1.png").arg(spans));
}

void TestTimelineView::examples_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("taskRows");

    const QDir dir(QStringLiteral(TASKLINE_SOURCE_DIR "/resources/scenarios"));
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files)) {
        for (const bool taskRows : {false, true}) {
            const QByteArray row = name.toUtf8() + (taskRows ? " in task rows" : " in lane rows");
            QTest::newRow(row.constData()) << dir.filePath(name) << taskRows;
        }
    }
}

void TestTimelineView::examples()
{
    // Every built-in example, measured (a prediction stands in) beside a prediction with
    // another seed: every attempt is in the plottable, and the picture has the kinds' colours.
    QFETCH(QString, file);
    QFETCH(bool, taskRows);
    const PlanResult loaded = loadScenarioFile(file);
    if (const auto *error = std::get_if<ScenarioError>(&loaded))
        QFAIL(qPrintable(error->message));
    const PlanPtr plan = std::get<PlanPtr>(loaded);
    RunConfig config = RunOverrides{}.resolve(plan->scenario());
    config.cores = 2;
    Trace measured = predict(plan, config);
    measured.predicted = false;
    config.seed += 1;
    m_view->resize(1400, 800);
    m_view->setRows(taskRows ? TimelineView::Rows::Tasks : TimelineView::Rows::Lanes);
    m_view->setTrace(measured);
    m_view->setPrediction(predict(plan, config));
    m_view->setTitle(plan->scenario().name);
    m_view->plot()->replot();
    const auto ran = std::count_if(measured.records.cbegin(), measured.records.cend(),
                                   [](const AttemptRecord &r) { return r.ran(); });
    QCOMPARE(m_view->spans()->spanCount(), taskRows ? measured.records.size() : qsizetype(ran));
    const QImage image = m_view->grab().toImage();
    saveIfAsked(image,
                QFileInfo(file).completeBaseName() +
                    (taskRows ? QStringLiteral("-tasks.png") : QStringLiteral("-lanes.png")));
}

QTEST_MAIN(TestTimelineView)
#include "tst_timelineview.moc"
