// The loader's fast path for files (the "tasks" array read in batches straight into the
// compact task list): whatever it reads equals what the general parser reads, and whatever it
// declines, the loader still answers exactly as the whole-file parse does.

#include "scenarioloader.h"
#include "scenariostream_p.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Taskline;

namespace {

QByteArray doc(const QByteArray &tasks, const QByteArray &top = {})
{
    return "{\"taskline\": 1, " + top + "\"tasks\": [" + tasks + "]}";
}

// A file task by bytes, an io fan-out, a cpu task with every other field.
const QByteArray AllFields = doc(
    R"({"id": "save", "kind": "file", "bytes": 4096},
       {"id": "fetch", "kind": "io", "duration_ms": 120, "count": 3, "stagger_ms": 2.5},
       {"id": "crunch.2_x", "kind": "cpu", "duration_ms": 0.75, "start_ms": 10, "after": ["fetch", "save"],
        "jitter": 0.3, "fail_rate": 0.25, "error": "disk full", "retries": 2, "retry_delay_ms": 5,
        "timeout_ms": 900, "priority": -7, "weight": 2.5, "shape": "ramp-down"})",
    R"("name": "all", "description": "every field", "threads": 4, "mode": "sequential", "seed": 99, )");

QString errorText(const ScenarioError &e)
{
    return e.text() + QStringLiteral(" [place ") + e.place + QStringLiteral(", task ") + e.taskId +
           QStringLiteral(", io ") + QString::number(e.io) + QLatin1Char(']');
}

// A million tasks are not needed to cross batch boundaries: 60,000 make three 2 MiB chunks.
QByteArray manyTasks(int n, bool rare = false)
{
    QByteArray tasks;
    for (int i = 0; i < n; ++i) {
        if (i > 0)
            tasks += ",\n";
        tasks += "{\"id\": \"t" + QByteArray::number(i) + "\", \"duration_ms\": " +
                 QByteArray::number(0.5 + (i % 40) / 4.0);
        if (i > 0)
            tasks += ", \"after\": [\"t" + QByteArray::number(i - 1 - i % 61 % i) + "\"]";
        if (i % 5 == 0)
            tasks += ", \"jitter\": 0.2";
        if (rare && i % 3 == 0) // the side table's fields among the common tasks of a batch
            tasks += ", \"start_ms\": " + QByteArray::number(i % 7) + ", \"error\": \"e" +
                     QByteArray::number(i % 2) + "\"";
        if (rare && i == 0)
            tasks += ", \"after\": []";
        tasks += "}";
    }
    return doc(tasks);
}

} // namespace

class TestScenarioStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameAsWholeFile_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("fast"); // 1: the fast path reads it; 0: it declines; -1: either

        QTest::newRow("every field") << AllFields << 1;
        QTest::newRow("60,000 tasks in batches") << manyTasks(60000) << 1;
        QTest::newRow("60,000 tasks, some with rare fields") << manyTasks(60000, true) << 1;
        QTest::newRow("no white space") << QByteArray(R"({"tasks":[{"id":"a","duration_ms":1},{"id":"b","duration_ms":2,"after":["a"]}],"taskline":1})") << 1;
        QTest::newRow("tabs and CRLF") << QByteArray("{\r\n\t\"taskline\" :\t1 ,\r\n\t\"tasks\" : [ {\t\"id\" : \"a\" ,\r\n \"duration_ms\" : 1 } ,\r\n{\"id\":\"b\",\"duration_ms\":1,\"after\":[ ]} ]\r\n}\r\n") << 1;
        QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF") + doc(R"({"id": "a", "duration_ms": 1})") << 1;
        QTest::newRow("name after the tasks") << QByteArray(R"({"taskline": 1, "tasks": [{"id": "a", "duration_ms": 1}], "name": "late"})") << 1;
        for (const char *number : {"0", "-0", "0.1", "0.30000000000000004", "3599999.9999999995", "1e3",
                                   "1E-2", "2.5e+2", "123456.789012345678", "1234567890123456",
                                   "0.000001", "9.999999999999999e-7", "4.9e-324", "1e-400", "3600000"}) {
            QTest::newRow(qPrintable(QStringLiteral("duration_ms %1").arg(QLatin1String(number))))
                << doc("{\"id\": \"a\", \"duration_ms\": " + QByteArray(number) + "}") << -1;
        }
        QTest::newRow("long ids of every id character") << doc(R"({"id": "Fetch-The_Data.v2-0123456789-abcdefghijklmnopqrstuvwxyz", "duration_ms": 1}, {"id": "b", "duration_ms": 1, "after": ["Fetch-The_Data.v2-0123456789-abcdefghijklmnopqrstuvwxyz"]})") << 1;
        for (const char *id : {"a@b", "a`b", "a[b", "a{b", "a/b", "a:b", "a~b", "a b", "0123456789abcdef ", ""}) {
            QTest::newRow(qPrintable(QStringLiteral("id \"%1\"").arg(QLatin1String(id))))
                << doc("{\"id\": \"" + QByteArray(id) + "\", \"duration_ms\": 1}") << 0;
        }
        for (const char *number : {"01", "01.5", "-", "1.", ".5", "1e", "1e+", "-1", "+1", "1.5.2", "3600000.0000000001", "0x10"}) {
            QTest::newRow(qPrintable(QStringLiteral("duration_ms %1 (declined)").arg(QLatin1String(number))))
                << doc("{\"id\": \"a\", \"duration_ms\": " + QByteArray(number) + "}") << -1;
        }
        QTest::newRow("white space everywhere") << doc("{ \"id\" \t: \"a\" \n, \"duration_ms\"\n:\n 1 \r\n}, {\"id\":\"b\" ,\"duration_ms\": 2,\"after\" : [ \"a\" , \"a\" ] , \"priority\" : -3 }") << 1;
        QTest::newRow("jitter at its maximum") << doc(R"({"id": "a", "duration_ms": 1, "jitter": 1})") << 1;
        QTest::newRow("timeout at its exclusive minimum") << doc(R"({"id": "a", "duration_ms": 1, "timeout_ms": 0})") << 0;
        QTest::newRow("largest priority") << doc(R"({"id": "a", "duration_ms": 1, "priority": 2147483647})") << 1;
        QTest::newRow("priority too large") << doc(R"({"id": "a", "duration_ms": 1, "priority": 2147483648})") << 0;
        QTest::newRow("count as 2.0") << doc(R"({"id": "a", "duration_ms": 1, "count": 2.0})") << 0;
        QTest::newRow("count 1e1") << doc(R"({"id": "a", "duration_ms": 1, "count": 1e1})") << 0;
        QTest::newRow("count with a leading zero") << doc(R"({"id": "a", "duration_ms": 1, "count": 01})") << 0;
        QTest::newRow("expansion over the limit") << doc(R"({"id": "a", "duration_ms": 1, "count": 1000000}, {"id": "b", "duration_ms": 1})") << 0;
        QTest::newRow("escaped id") << doc(R"({"id": "a\u0062", "duration_ms": 1})") << 0;
        QTest::newRow("UTF-8 error text") << doc("{\"id\": \"a\", \"duration_ms\": 1, \"error\": \"caf\xC3\xA9\"}") << 0;
        QTest::newRow("invalid id") << doc(R"({"id": "a b", "duration_ms": 1})") << 0;
        QTest::newRow("unknown key") << doc(R"({"id": "a", "duraton_ms": 1})") << 0;
        QTest::newRow("duplicate key") << doc(R"({"id": "a", "duration_ms": 1, "duration_ms": 2})") << 0;
        QTest::newRow("missing id") << doc(R"({"duration_ms": 1})") << 0;
        QTest::newRow("empty task") << doc(R"({})") << 0;
        QTest::newRow("bytes on a cpu task") << doc(R"({"id": "a", "duration_ms": 1, "bytes": 5})") << 0;
        QTest::newRow("file task without bytes") << doc(R"({"id": "a", "kind": "file"})") << 0;
        QTest::newRow("unknown kind") << doc(R"({"id": "a", "kind": "gpu", "duration_ms": 1})") << 0;
        QTest::newRow("number as a string") << doc(R"({"id": "a", "duration_ms": "1"})") << 0;
        QTest::newRow("null") << doc(R"({"id": "a", "duration_ms": null})") << 0;
        QTest::newRow("nan") << doc(R"({"id": "a", "duration_ms": nan})") << 0;
        QTest::newRow("1e400") << doc(R"({"id": "a", "duration_ms": 1e400})") << 0;
        QTest::newRow("trailing comma in a task") << doc(R"({"id": "a", "duration_ms": 1,})") << 0;
        QTest::newRow("trailing comma in the array") << doc(R"({"id": "a", "duration_ms": 1},)") << 0;
        QTest::newRow("after holds a number") << doc(R"({"id": "a", "duration_ms": 1, "after": [1]})") << 0;
        QTest::newRow("a task that is an array") << doc(R"([1])") << 0;
        QTest::newRow("no tasks") << doc("") << 0;
        QTest::newRow("tasks twice") << QByteArray(R"({"taskline": 1, "tasks": [{"id": "a", "duration_ms": 1}], "tasks": []})") << 0;
        QTest::newRow("version 2") << QByteArray(R"({"taskline": 2, "tasks": [{"id": "a", "duration_ms": 1}]})") << 0;
        QTest::newRow("no version") << QByteArray(R"({"tasks": [{"id": "a", "duration_ms": 1}]})") << 0;
        QTest::newRow("bad threads") << doc(R"({"id": "a", "duration_ms": 1})", R"("threads": 0, )") << 0;
        QTest::newRow("root array") << QByteArray(R"([{"id": "a", "duration_ms": 1}])") << 0;
        QTest::newRow("truncated") << doc(R"({"id": "a", "duration_ms": 1})").chopped(3) << 0;
        QTest::newRow("content after the document") << doc(R"({"id": "a", "duration_ms": 1})") + "x" << 0;
        // Read by the fast path; Plan::build's errors are then located by the whole-file path.
        QTest::newRow("duplicate id") << doc(R"({"id": "a", "duration_ms": 1}, {"id": "a", "duration_ms": 1})") << 1;
        QTest::newRow("unknown after") << doc(R"({"id": "fetch", "duration_ms": 1}, {"id": "b", "duration_ms": 1, "after": ["fetc"]})") << 1;
        QTest::newRow("cycle") << doc(R"({"id": "a", "duration_ms": 1, "after": ["b"]}, {"id": "b", "duration_ms": 1, "after": ["a"]})") << 1;

        for (const char *folder : {"/resources/scenarios", "/tests/fuzz/corpus/scenario"}) {
            const QDir dir(QStringLiteral(TASKLINE_SOURCE_DIR) + QLatin1String(folder));
            const QStringList files = dir.entryList(QDir::Files, QDir::Name);
            QVERIFY2(!files.isEmpty(), qPrintable(dir.path()));
            for (const QString &f : files) {
                QFile file(dir.filePath(f));
                QVERIFY(file.open(QIODevice::ReadOnly));
                QTest::newRow(qPrintable(dir.dirName() + QLatin1Char('/') + f)) << file.readAll() << -1;
            }
        }
    }

    void sameAsWholeFile()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, fast);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("s.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(json), json.size());
        f.close();

        const std::optional<Scenario> streamed = streamScenarioFile(path);
        if (fast >= 0)
            QCOMPARE(streamed.has_value(), fast == 1);
        QCOMPARE(streamScenarioData(json).has_value(), streamed.has_value());

        // readScenarioFile takes the fast path when it can: the same scenario or error as the
        // whole document parsed in memory.
        const ScenarioResult whole = parseScenario(json, path);
        const ScenarioResult read = readScenarioFile(path);
        QCOMPARE(read.index(), whole.index());
        if (const auto *e = std::get_if<ScenarioError>(&whole)) {
            QCOMPARE(errorText(std::get<ScenarioError>(read)), errorText(*e));
            QVERIFY(!streamed);
        } else {
            QVERIFY(std::get<Scenario>(read) == std::get<Scenario>(whole));
            if (streamed)
                QVERIFY(*streamed == std::get<Scenario>(whole));
        }

        const PlanResult planned = loadScenario(json, path);
        const PlanResult loaded = loadScenarioFile(path);
        QCOMPARE(loaded.index(), planned.index());
        if (const auto *e = std::get_if<ScenarioError>(&planned))
            QCOMPARE(errorText(std::get<ScenarioError>(loaded)), errorText(*e));
        else
            QVERIFY(std::get<PlanPtr>(loaded)->scenario() == std::get<PlanPtr>(planned)->scenario());
    }
};

QTEST_GUILESS_MAIN(TestScenarioStream)
#include "tst_scenariostream.moc"
