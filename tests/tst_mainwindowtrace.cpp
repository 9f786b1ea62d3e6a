#include "chrometraceimport.h"
#include "mainwindow.h"
#include "metricspanel.h"
#include "recordsdock.h"
#include "recordstablemodel.h"
#include "run.h"
#include "runcontroller.h"
#include "scenariopanel.h"
#include "timelineview.h"
#include "widgettestsupport.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QProgressBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace Taskline;
using namespace Taskline::TestSupport;

namespace {
const char SmallScenario[] = R"({
  "taskline": 1,
  "name": "Small window test",
  "threads": 2,
  "seed": 3,
  "tasks": [
    {"id": "fetch", "kind": "io", "duration_ms": 5, "count": 4},
    {"id": "parse", "kind": "cpu", "duration_ms": 2, "after": ["fetch"]},
    {"id": "notify", "kind": "timer", "duration_ms": 5, "after": ["parse"],
     "fail_rate": 0.5, "retries": 3, "error": "flaky"}
  ]
})";

// Names for pid 1 "app", tid 1 "main", tid 2 "io".
const char Names[] = R"(
  {"ph": "M", "name": "process_name", "pid": 1, "tid": 0, "args": {"name": "app"}},
  {"ph": "M", "name": "thread_name", "pid": 1, "tid": 1, "args": {"name": "main"}},
  {"ph": "M", "name": "thread_name", "pid": 1, "tid": 2, "args": {"name": "io"}},)";

// The longest the event loop may stall while a 200,000-event trace is read and shown.
// Generous: reading is off the GUI thread; what remains is handing the trace to the views.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || !defined(NDEBUG)
constexpr double MaxEventLoopGapMs = 4000;
#else
constexpr double MaxEventLoopGapMs = 1500;
#endif

qsizetype importedRecords(const QString &path)
{
    const TraceImportResult result = importChromeTrace(path);
    if (const auto *error = std::get_if<ScenarioError>(&result)) {
        qWarning("%s", qPrintable(error->text()));
        return -1;
    }
    return std::get<TraceImport>(result).trace.records.size();
}
} // namespace

class TestMainWindowTrace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void openTraceShowsLanes_data();
    void openTraceShowsLanes();
    void badTraceKeepsScenario_data();
    void badTraceKeepsScenario();
    void exportAfterRunImportsBack_data();
    void exportAfterRunImportsBack();
    void exportDialogSaysWhich_data();
    void exportDialogSaysWhich();
    void ownExportReopens();
    void scenarioAfterTraceIsRunnable();
    void cancelDropsImport();
    void largeTraceStaysResponsive();
    void renderChromiumTrace();

private:
    QTemporaryDir m_dir;
    QString m_small;
};

void TestMainWindowTrace::initTestCase()
{
    QVERIFY(m_dir.isValid());
    useTestSettings(m_dir, QStringLiteral("tst_mainwindowtrace"));
    m_small = writeFile(m_dir, QStringLiteral("small.json"), SmallScenario);
}

void TestMainWindowTrace::init()
{
    QSettings().clear();
}

void TestMainWindowTrace::openTraceShowsLanes_data()
{
    QTest::addColumn<QByteArray>("events"); // after the names, inside traceEvents
    QTest::addColumn<QStringList>("lanes");
    QTest::addColumn<int>("spans");

    QTest::newRow("X events on two threads")
        << QByteArray(R"({"ph": "X", "name": "load", "pid": 1, "tid": 1, "ts": 0, "dur": 500},
            {"ph": "X", "name": "parse", "pid": 1, "tid": 1, "ts": 100, "dur": 200},
            {"ph": "X", "name": "read", "pid": 1, "tid": 2, "ts": 50, "dur": 900})")
        << QStringList{QStringLiteral("app / main"), QStringLiteral("app / io")} << 3;
    QTest::newRow("B/E pairs, nested")
        << QByteArray(R"({"ph": "B", "name": "outer", "pid": 1, "tid": 1, "ts": 0},
            {"ph": "B", "name": "inner", "pid": 1, "tid": 1, "ts": 10},
            {"ph": "E", "pid": 1, "tid": 1, "ts": 20},
            {"ph": "E", "pid": 1, "tid": 1, "ts": 40})")
        << QStringList{QStringLiteral("app / main")} << 2;
    QTest::newRow("async b/e beside a thread span")
        << QByteArray(R"({"ph": "X", "name": "tick", "pid": 1, "tid": 1, "ts": 0, "dur": 30},
            {"ph": "b", "cat": "net", "id": "0x1", "name": "fetch", "pid": 1, "tid": 1, "ts": 5},
            {"ph": "b", "cat": "net", "id": "0x2", "name": "fetch", "pid": 1, "tid": 1, "ts": 8},
            {"ph": "e", "cat": "net", "id": "0x1", "name": "fetch", "pid": 1, "tid": 1, "ts": 50},
            {"ph": "e", "cat": "net", "id": "0x2", "name": "fetch", "pid": 1, "tid": 1, "ts": 60},
            {"ph": "C", "name": "heap", "pid": 1, "tid": 1, "ts": 9, "args": {"v": 1}})")
        << QStringList{QStringLiteral("app / main"), QStringLiteral("app / net (async)")} << 3;
}

void TestMainWindowTrace::openTraceShowsLanes()
{
    QFETCH(QByteArray, events);
    QFETCH(QStringList, lanes);
    QFETCH(int, spans);
    ErrorLog log;
    auto window = makeWindow(&log);
    QVERIFY(window->openFile(m_small));
    const QByteArray json = "{\"traceEvents\": [" + QByteArray(Names) + events + "]}";
    const QString path = writeFile(m_dir, QStringLiteral("small-trace.json"), json);
    QVERIFY(openTraceAndWait(*window, path));
    QVERIFY2(log.messages.isEmpty(), qPrintable(log.messages.join(QLatin1Char('\n'))));

    QVERIFY(window->shownTrace());
    QCOMPARE(window->currentFile(), path);
    const Trace &shown = window->timelineView()->trace();
    QCOMPARE(shown.lanes, lanes);
    QCOMPARE(shown.records.size(), qsizetype(spans));
    QVERIFY(window->timelineView()->spans()); // drawn by the view's span plottable
    QCOMPARE(window->recordsDock()->recordsModel()->rowCount(), spans);
    QVERIFY(window->windowTitle().contains(QStringLiteral("small-trace.json")));

    // Nothing to run or predict.
    QVERIFY(!window->plan());
    QVERIFY(!action(*window, "actionRun")->isEnabled());
    QVERIFY(!action(*window, "actionShowPrediction")->isEnabled());
    QVERIFY(!window->findChild<QSpinBox *>(QStringLiteral("threadsSpin"))->isEnabled());
    QVERIFY(!window->findChild<QComboBox *>(QStringLiteral("modeCombo"))->isEnabled());
    QVERIFY(action(*window, "actionExportTrace")->isEnabled());

    // Metrics: the trace's figures, no prediction or gap columns.
    MetricsPanel *metrics = window->metricsPanel();
    QVERIFY(metrics->isTraceShown());
    QVERIFY(metrics->table()->isColumnHidden(2));
    QVERIFY(metrics->table()->isColumnHidden(3));
    QCOMPARE(metrics->cellText(QStringLiteral("spans"), 1), QString::number(spans));
    QCOMPARE(metrics->cellText(QStringLiteral("lanes"), 1), QString::number(lanes.size()));
    QVERIFY(!metrics->cellText(QStringLiteral("span p95 (ms)"), 1).isEmpty());
    QVERIFY(metrics->cellText(QStringLiteral("wait p50 (ms)"), 1).isEmpty()); // not ours

    // Scenario dock: the import's summary.
    const QString summary =
        window->scenarioPanel()->findChild<QLabel *>(QStringLiteral("scenarioSettings"))->text();
    QVERIFY2(summary.contains(QStringLiteral("Spans: %1").arg(spans)), qPrintable(summary));
    if (QTest::currentDataTag() == QByteArray("async b/e beside a thread span"))
        QVERIFY2(summary.contains(QStringLiteral("Skipped phases: C")), qPrintable(summary));
}

void TestMainWindowTrace::badTraceKeepsScenario_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("says");

    QTest::newRow("cut short")
        << QByteArray(R"({"traceEvents": [{"ph": "X", "name": "a", "pid": 1, "tid": 1,)")
        << QStringLiteral("bad-trace.json:1");
    QTest::newRow("nothing to show")
        << QByteArray(R"({"traceEvents": [{"ph": "C", "name": "heap", "pid": 1, "ts": 0}]})")
        << QStringLiteral("bad-trace.json");
}

void TestMainWindowTrace::badTraceKeepsScenario()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, says);
    ErrorLog log;
    auto window = makeWindow(&log);
    QVERIFY(window->openFile(m_small));
    QSignalSpy predicted(window.get(), &MainWindow::predictionShown);
    QVERIFY(predicted.wait(WindowTimeoutMs));
    const PlanPtr before = window->plan();
    const QString title = window->windowTitle();

    const QString bad = writeFile(m_dir, QStringLiteral("bad-trace.json"), content);
    QSignalSpy errors(window.get(), &MainWindow::errorReported);
    QSignalSpy loaded(window.get(), &MainWindow::traceLoaded);
    QVERIFY(window->openFile(bad));
    QVERIFY(window->isImporting());
    QVERIFY(errors.wait(WindowTimeoutMs));
    QCOMPARE(loaded.count(), 0);
    QCOMPARE(log.titles, QStringList{QStringLiteral("Cannot open trace")});
    QVERIFY2(log.messages[0].contains(says), qPrintable(log.messages[0]));
    QVERIFY(!window->isImporting());
    QVERIFY(!window->shownTrace());
    QCOMPARE(window->plan(), before);
    QCOMPARE(window->currentFile(), m_small);
    QCOMPARE(window->windowTitle(), title);
    QCOMPARE(window->timelineView()->trace().plan, before);
    QVERIFY(window->runController()->prediction().has_value());
    QVERIFY(action(*window, "actionRun")->isEnabled());
    QVERIFY(!window->metricsPanel()->isTraceShown());
}

void TestMainWindowTrace::exportAfterRunImportsBack_data()
{
    QTest::addColumn<bool>("csv");
    QTest::addColumn<QString>("name");
    QTest::newRow("trace") << false << QStringLiteral("run.trace.json");
    QTest::newRow("csv") << true << QStringLiteral("run.csv");
    QTest::newRow("trace into a missing directory") << false << QStringLiteral("no/dir/t.json");
    QTest::newRow("csv into a missing directory") << true << QStringLiteral("no/dir/t.csv");
}

void TestMainWindowTrace::exportAfterRunImportsBack()
{
    QFETCH(bool, csv);
    QFETCH(QString, name);
    ErrorLog log;
    auto window = makeWindow(&log);
    QVERIFY(window->openFile(m_small));
    QVERIFY(runAndWait(*window));
    const Trace &run = window->runController()->run()->trace();
    const QString path = m_dir.filePath(name);
    QFile::remove(path);
    const bool ok = csv ? window->exportCsvTo(path) : window->exportTraceTo(path);
    if (name.startsWith(QLatin1String("no/"))) {
        QVERIFY(!ok);
        QVERIFY(!QFile::exists(path));
        QCOMPARE(log.titles, QStringList{QStringLiteral("Export failed")});
        QVERIFY2(log.messages[0].contains(QStringLiteral("t.")), qPrintable(log.messages[0]));
        return;
    }
    QVERIFY2(ok, qPrintable(log.messages.join(QLatin1Char('\n'))));
    if (csv) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QCOMPARE(text.count("\r\n"), run.records.size() + 1); // a header, a row per attempt
    } else {
        QCOMPARE(importedRecords(path), run.records.size());
    }
}

void TestMainWindowTrace::exportDialogSaysWhich_data()
{
    QTest::addColumn<bool>("run");
    QTest::addColumn<QString>("which");
    QTest::newRow("before a run: the prediction") << false << QStringLiteral("prediction");
    QTest::newRow("after a run: the measured run") << true << QStringLiteral("measured run");
}

void TestMainWindowTrace::exportDialogSaysWhich()
{
    QFETCH(bool, run);
    QFETCH(QString, which);
    ErrorLog log;
    auto window = makeWindow(&log);
    window->show();
    QVERIFY(window->openFile(m_small));
    QSignalSpy predicted(window.get(), &MainWindow::predictionShown);
    QVERIFY(predicted.wait(WindowTimeoutMs));
    if (run)
        QVERIFY(runAndWait(*window));
    const QString path = m_dir.filePath(QStringLiteral("dialog.trace.json"));
    QFile::remove(path);
    QString title;
    QTimer::singleShot(0, this, [&] {
        QTRY_VERIFY(qobject_cast<QFileDialog *>(QApplication::activeModalWidget()));
        auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
        title = dialog->windowTitle();
        dialog->selectFile(path);
        QMetaObject::invokeMethod(dialog, "accept"); // a protected slot
    });
    action(*window, "actionExportTrace")->trigger();
    QVERIFY2(title.contains(which), qPrintable(title));
    QVERIFY2(log.messages.isEmpty(), qPrintable(log.messages.join(QLatin1Char('\n'))));
    QVERIFY(importedRecords(path) > 0);
}

void TestMainWindowTrace::ownExportReopens()
{
    ErrorLog log;
    auto window = makeWindow(&log);
    QVERIFY(window->openFile(m_small));
    QVERIFY(runAndWait(*window));
    const qsizetype records = window->runController()->run()->trace().records.size();
    const QString path = m_dir.filePath(QStringLiteral("own.trace.json"));
    QVERIFY(window->exportTraceTo(path));

    QVERIFY(openTraceAndWait(*window, path));
    QVERIFY(window->shownTrace());
    QVERIFY(window->shownTrace()->native);
    QCOMPARE(window->timelineView()->trace().records.size(), records);
    QCOMPARE(window->recordsDock()->recordsModel()->rowCount(), int(records));
    QCOMPARE(window->scenarioPanel()->nameText(), QStringLiteral("Small window test"));
    // Ours: queue wait and latency mean what they say.
    QVERIFY(!window->metricsPanel()->cellText(QStringLiteral("wait p50 (ms)"), 1).isEmpty());
    QVERIFY(!action(*window, "actionRun")->isEnabled());
    QVERIFY(log.messages.isEmpty());
}

void TestMainWindowTrace::scenarioAfterTraceIsRunnable()
{
    ErrorLog log;
    auto window = makeWindow(&log);
    const QByteArray json = "{\"traceEvents\": [" + QByteArray(Names) +
                            R"({"ph": "X", "name": "a", "pid": 1, "tid": 1, "ts": 0, "dur": 5}]})";
    QVERIFY(openTraceAndWait(*window, writeFile(m_dir, QStringLiteral("t.json"), json)));
    QVERIFY(window->openFile(m_small));
    QVERIFY(!window->shownTrace());
    QVERIFY(action(*window, "actionRun")->isEnabled());
    QVERIFY(action(*window, "actionShowPrediction")->isEnabled());
    QVERIFY(window->findChild<QSpinBox *>(QStringLiteral("threadsSpin"))->isEnabled());
    QVERIFY(!window->metricsPanel()->isTraceShown());
    QVERIFY(!window->metricsPanel()->table()->isColumnHidden(2));
    QVERIFY(runAndWait(*window));
    QVERIFY(!window->metricsPanel()->cellText(QStringLiteral("makespan (ms)"), 3).isEmpty());
}

static QByteArray largeTrace(int events)
{
    // Eight threads, spans back to back, a few names: ~150 bytes an event, like Chrome's.
    QByteArray json = "{\"traceEvents\": [\n" + QByteArray(Names);
    json.reserve(qsizetype(events) * 120 + 1024);
    for (int i = 0; i < events; ++i) {
        const int tid = 1 + i % 8;
        const qint64 ts = qint64(i / 8) * 10;
        json += "{\"ph\":\"X\",\"cat\":\"work\",\"name\":\"step" + QByteArray::number(i % 5) +
                "\",\"pid\":1,\"tid\":" + QByteArray::number(tid) +
                ",\"ts\":" + QByteArray::number(ts) + ",\"dur\":" + QByteArray::number(5 + i % 4) +
                ",\"args\":{\"n\":" + QByteArray::number(i) + "}}" +
                (i + 1 < events ? ",\n" : "\n");
    }
    return json + "]}";
}

void TestMainWindowTrace::cancelDropsImport()
{
    ErrorLog log;
    auto window = makeWindow(&log);
    QVERIFY(window->openFile(m_small));
    const QString path = writeFile(m_dir, QStringLiteral("cancel.json"), largeTrace(50000));
    QSignalSpy loaded(window.get(), &MainWindow::traceLoaded);
    QVERIFY(window->openFile(path));
    QVERIFY(window->isImporting());
    QVERIFY(action(*window, "actionCancel")->isEnabled());
    QVERIFY(window->findChild<QProgressBar *>(QStringLiteral("importProgress"))
                ->isVisibleTo(window.get()));
    action(*window, "actionCancel")->trigger();
    QVERIFY(!window->isImporting());
    QVERIFY(!loaded.wait(3000)); // the result, when it comes, is dropped
    QVERIFY(!window->shownTrace());
    QCOMPARE(window->currentFile(), m_small);
    QVERIFY(log.messages.isEmpty());
}

void TestMainWindowTrace::largeTraceStaysResponsive()
{
    // TASKLINE_TRACE_EVENTS=1000000 tries the size of a real browser trace.
    const int Events = qEnvironmentVariableIntValue("TASKLINE_TRACE_EVENTS") > 0
                           ? qEnvironmentVariableIntValue("TASKLINE_TRACE_EVENTS")
                           : 200000;
    ErrorLog log;
    auto window = makeWindow(&log);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    const QString path = writeFile(m_dir, QStringLiteral("large.json"), largeTrace(Events));
    qInfo("large trace: %lld MB", qint64(QFileInfo(path).size() >> 20));

    EventLoopGaps gaps;
    gaps.start();
    QSignalSpy loaded(window.get(), &MainWindow::traceLoaded);
    QVERIFY(window->openFile(path));
    QVERIFY(loaded.wait(WindowTimeoutMs));
    const qint64 loadNs = gaps.elapsedNs();
    QTest::qWait(300); // the first paint of the trace falls in the measurement too
    gaps.stop();
    QList<qint64> &gapsNs = gaps.gapsNs;
    QVERIFY2(log.messages.isEmpty(), qPrintable(log.messages.join(QLatin1Char('\n'))));
    QCOMPARE(window->timelineView()->trace().records.size(), qsizetype(Events));
    QCOMPARE(window->timelineView()->trace().lanes.size(), qsizetype(8));

    QVERIFY(gapsNs.size() >= 2);
    std::sort(gapsNs.begin(), gapsNs.end());
    const double maxMs = gapsNs.last() / 1e6;
    qInfo("%d-event trace shown after %.0f ms; event-loop ticks %lld, gap p50 %.1f ms, max %.1f ms",
          Events, loadNs / 1e6, qint64(gapsNs.size()), gapsNs[gapsNs.size() / 2] / 1e6, maxMs);
    QVERIFY2(maxMs < MaxEventLoopGapMs, qPrintable(QStringLiteral("max gap %1 ms").arg(maxMs)));
}

void TestMainWindowTrace::renderChromiumTrace()
{
    // With TASKLINE_GRAB_DIR set, leaves a picture of the window there to look at.
    const QString file = qEnvironmentVariable(
        "TASKLINE_TRACE", QStringLiteral(TASKLINE_SOURCE_DIR "/tests/data/traces/chromium.json"));
    ErrorLog log;
    auto window = makeWindow(&log);
    window->resize(1400, 900);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QVERIFY(openTraceAndWait(*window, file));
    QVERIFY2(log.messages.isEmpty(), qPrintable(log.messages.join(QLatin1Char('\n'))));
    QVERIFY(window->timelineView()->trace().lanes.size() > 1);
    QTest::qWait(100);
    const QImage image = window->grab().toImage();
    QVERIFY(!image.isNull());
    const QString dir = qEnvironmentVariable("TASKLINE_GRAB_DIR");
    if (!dir.isEmpty())
        QVERIFY(image.save(QDir(dir).filePath(QStringLiteral("window-trace.png"))));
}

QTEST_MAIN(TestMainWindowTrace)
#include "tst_mainwindowtrace.moc"
