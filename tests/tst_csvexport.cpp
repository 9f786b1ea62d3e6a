#include "csvexport.h"
#include "predictor.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Taskline;
using namespace Taskline::TestSupport;

namespace {

PlanPtr planOf(const QList<TaskSpec> &tasks, int threads = 2)
{
    Scenario s = scenarioOf(tasks);
    s.threads = threads;
    return buildPlan(s);
}

TaskSpec task(const char *id, TaskKind kind, double ms, quint32 count = 1)
{
    return taskSpec(QLatin1String(id), kind, ms, count);
}

// A hand-made trace: one record per row we want to check.
Trace traceWithError(const QString &error)
{
    Trace t;
    t.plan = planOf({task("a", TaskKind::Io, 1), task("b", TaskKind::Timer, 1, 3)});
    t.lanes = standardLanes(1, true);
    t.eventLoopLane = 1;
    AttemptRecord r;
    r.task = 0;
    r.kind = TaskKind::Io;
    r.lane = 0;
    r.releaseNs = 1;
    r.enqueueNs = 1500;
    r.startNs = 2000000;
    r.endNs = 3000001;
    r.status = AttemptStatus::Failed;
    r.error = t.strings.intern(error);
    t.records.append(r);
    AttemptRecord never;
    never.task = 3;
    never.kind = TaskKind::Timer;
    never.status = AttemptStatus::Skipped;
    never.releaseNs = never.enqueueNs = never.startNs = never.endNs = 5000000;
    t.records.append(never);
    return t;
}

QList<QByteArray> rows(const QByteArray &csv)
{
    QList<QByteArray> lines = csv.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

} // namespace

class TestCsvExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void header();
    void quoting_data();
    void quoting();
    void onePerAttempt();
    void atomicFile();
    void missingDirectory();
};

void TestCsvExport::header()
{
    const QByteArray csv = csvText(traceWithError({}));
    QVERIFY(csv.startsWith("task,task_index,attempt,kind,lane,status,release_ms,enqueue_ms,"
                           "start_ms,end_ms,wait_ms,duration_ms,error\r\n"));
}

void TestCsvExport::quoting_data()
{
    QTest::addColumn<QString>("error");
    QTest::addColumn<QByteArray>("field");
    QTest::newRow("plain") << QStringLiteral("boom") << QByteArray("boom");
    QTest::newRow("comma") << QStringLiteral("disk full, retry")
                           << QByteArray("\"disk full, retry\"");
    QTest::newRow("quote") << QStringLiteral("said \"no\"") << QByteArray("\"said \"\"no\"\"\"");
    QTest::newRow("newline") << QStringLiteral("line 1\nline 2")
                             << QByteArray("\"line 1\nline 2\"");
    QTest::newRow("carriage return") << QStringLiteral("a\rb") << QByteArray("\"a\rb\"");
    QTest::newRow("all at once") << QStringLiteral("\"a\", b\r\n")
                                 << QByteArray("\"\"\"a\"\", b\r\n\"");
    QTest::newRow("utf-8") << QStringLiteral("caf\u00e9 \u2603")
                           << QByteArray("caf\xc3\xa9 \xe2\x98\x83");
}

void TestCsvExport::quoting()
{
    QFETCH(QString, error);
    QFETCH(QByteArray, field);
    const QByteArray csv = csvText(traceWithError(error));
    const QByteArray expected =
        "a,0,0,io,worker 1,failed,0.000001,0.0015,2,3.000001,1.9985,1.000001," + field +
        "\r\nb[2],3,0,timer,,skipped,5,5,5,5,0,0,\r\n";
    QCOMPARE(csv.mid(csv.indexOf("\r\n") + 2), expected);
}

void TestCsvExport::onePerAttempt()
{
    TaskSpec flaky = task("flaky", TaskKind::Cpu, 2, 4);
    flaky.failRate = 1;
    flaky.retries = 2;
    flaky.error = QStringLiteral("nope, \"again\"");
    const PlanPtr plan = planOf({flaky, task("after", TaskKind::Io, 1)});
    RunConfig config;
    config.threads = 2;
    config.cores = 2;
    const Trace trace = predict(plan, config);
    const QList<QByteArray> lines = rows(csvText(trace));
    QCOMPARE(lines.size(), trace.records.size() + 1);
    for (const QByteArray &line : lines)
        QVERIFY2(line.endsWith('\r'), line.constData());
    QVERIFY(lines[1].contains("\"nope, \"\"again\"\"\""));
}

void TestCsvExport::atomicFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("out.csv"));
    const Trace trace = traceWithError(QStringLiteral("x"));
    QCOMPARE(exportCsv(trace, path), std::nullopt);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), csvText(trace));
}

void TestCsvExport::missingDirectory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("no/such/dir/out.csv"));
    const std::optional<QString> error = exportCsv(traceWithError({}), path);
    QVERIFY(error);
    QVERIFY2(error->contains(QStringLiteral("out.csv")), qPrintable(*error));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList());
}

QTEST_GUILESS_MAIN(TestCsvExport)
#include "tst_csvexport.moc"
