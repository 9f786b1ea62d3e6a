#include "jsonreader.h"
#include "scenarioloader.h"
#include "scenariorules.h"

#include <QDir>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace Taskline;

namespace {
// A scenario whose tasks array holds `tasks` (JSON text), with `top` extra top-level members.
QByteArray doc(const QByteArray &tasks, const QByteArray &top = {})
{
    return "{\"taskline\": 1, " + (top.isEmpty() ? QByteArray() : top + ", ") + "\"tasks\": [" +
           tasks + "]}";
}

ScenarioError errorOf(const PlanResult &result)
{
    if (const auto *e = std::get_if<ScenarioError>(&result))
        return *e;
    return {};
}

// Reads every value of a document, recursively, as a generic client (a trace importer) would.
bool readAll(JsonValue &v)
{
    switch (v.type()) {
    case JsonType::Invalid:
        return false;
    case JsonType::Object:
        return v.forEachField([](std::string_view, JsonValue &member) { return readAll(member); });
    case JsonType::Array:
        return v.forEachElement([](JsonValue &element) { return readAll(element); });
    case JsonType::String: {
        std::string_view s;
        return v.toString(s);
    }
    case JsonType::Number: {
        double d = 0;
        return v.toDouble(d);
    }
    case JsonType::Bool: {
        bool b = false;
        return v.toBool(b);
    }
    case JsonType::Null:
        return v.skip();
    }
    return false;
}

const QByteArray Valid = R"({
  "taskline": 1,
  "name": "Fan-out fetch, then parse and save",
  "threads": 4,
  "seed": 7,
  "tasks": [
    {"id": "fetch", "kind": "io",  "duration_ms": 120, "count": 8, "jitter": 0.2},
    {"id": "parse", "kind": "cpu", "duration_ms": 40,  "after": ["fetch"]},
    {"id": "notify","kind": "timer","duration_ms": 30, "after": ["parse"], "fail_rate": 0.3, "retries": 2},
    {"id": "save",  "kind": "file","bytes": 4194304,   "after": ["parse"], "timeout_ms": 2000}
  ]
})";
} // namespace

class TestScenarioloader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rejects_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("place");
        QTest::addColumn<QString>("taskId");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("line"); // 0: any; else the line of the culprit

        const QByteArray a = R"({"id": "a", "duration_ms": 10})";
        auto row = [](const char *name, const QByteArray &json, const char *place,
                      const char *taskId, const char *message, int line = 0) {
            QTest::newRow(name) << json << QString::fromUtf8(place) << QString::fromUtf8(taskId)
                                << QString::fromUtf8(message) << line;
        };
        const char *none = "";

        // Syntax
        row("a missing comma is a syntax error with its line",
            "{\"taskline\": 1,\n \"tasks\": [\n  {\"id\": \"a\" \"duration_ms\": 1}]}", "tasks[0]",
            "a", "expected ',' or '}' after an object member, found '\"'", 3);
        row("a trailing comma is a syntax error", doc(a + ","), "tasks[1]", none,
            "remove the trailing comma", 1);
        row("NaN is not JSON", doc(R"({"id": "a", "duration_ms": NaN})"), "tasks[0]", "a",
            "NaN is not valid JSON", 1);
        row("Infinity is not JSON", doc(R"({"id": "a", "duration_ms": Infinity})"), "tasks[0]", "a",
            "Infinity is not valid JSON", 1);
        row("minus Infinity is not JSON", doc(R"({"id": "a", "duration_ms": -Infinity})"),
            "tasks[0]", "a", "-Infinity is not valid JSON", 1);
        row("1e400 is out of range", doc(R"({"id": "a", "duration_ms": 1e400})"), "tasks[0]", "a",
            "number 1e400 is out of range", 1);
        row("a number with leading zeros is invalid", doc(R"({"id": "a", "duration_ms": 012})"),
            "tasks[0]", "a", "leading zeros", 1);
        row("an unquoted word is an invalid literal", doc(R"({"id": "a", "kind": cpu})"),
            "tasks[0]", "a", "invalid literal cpu", 1);
        row("invalid UTF-8 in a string is a syntax error",
            doc("{\"id\": \"a\", \"error\": \"bad \xff byte\", \"duration_ms\": 1}"), "tasks[0]",
            none, "invalid UTF-8 (byte 0xFF)", 1); // found before any task is read
        row("an unterminated string is a syntax error", "{\"taskline\": 1, \"name\": \"abc}", none,
            none, "unterminated string", 1);
        row("a line break inside a string is a syntax error",
            "{\"taskline\": 1,\n\"name\": \"abc\n\"}", none, none, "line break inside a string", 2);
        row("an invalid escape is a syntax error", R"({"taskline": 1, "name": "a\qb"})", none, none,
            "invalid escape \\q", 1);
        row("content after the document is a syntax error", doc(a) + "\n}", none, none,
            "unexpected '}' after the end of the document", 2);
        row("a truncated document is a syntax error", doc(a).chopped(2), "tasks[0]", "a",
            "unexpected end of the document, expected ',' or ']' after an array element", 1);
        row("typographic quotes are not JSON quotes", "{\xe2\x80\x9ctaskline\xe2\x80\x9d: 1}", none,
            none, "typographic quote", 1);
        row("an empty file is rejected", "", none, none, "the file is empty", 1);
        row("white space only is rejected", "  \n\t ", none, none, "the file is empty", 1);
        row("binary garbage is rejected", QByteArray("\x00\x01\x02\xfe\xff", 5), none, none,
            "byte 0x00", 1);
        row("a document that is an array is rejected", "[1, 2]", none, none,
            "the document must be a JSON object", 1);

        // Top level
        row("a missing taskline is named", R"({"tasks": [{"id": "a", "duration_ms": 1}]})",
            "taskline", none, "taskline: missing; a scenario starts with \"taskline\": 1", 1);
        row("taskline 2 says which version is read",
            doc(a).replace("\"taskline\": 1", "\"taskline\": 2"), "taskline", none,
            "unsupported format version 2; this Taskline reads format version 1");
        row("taskline as a string is the wrong type",
            doc(a).replace("\"taskline\": 1", "\"taskline\": \"1\""), "taskline", none,
            "taskline: must be the format version 1, got the string \"1\"");
        row("an unsupported version wins over an unknown key",
            R"({"tasks": [], "future": true, "taskline": 2})", "taskline", none,
            "unsupported format version 2");
        row("an unknown top-level key suggests the nearest", doc(a, R"("thread": 2)"), none, none,
            "unknown key \"thread\" at the top level of the scenario; did you mean \"threads\"?",
            1);
        row("a duplicate top-level key is rejected", doc(a, R"("threads": 2, "threads": 3)"),
            "threads", none, "threads: duplicate key \"threads\"");
        row("threads of 0 is out of range", doc(a, R"("threads": 0)"), "threads", none,
            "threads: must be an integer between 1 and 256, got 0");
        row("threads of 300 is out of range", doc(a, R"("threads": 300)"), "threads", none,
            "threads: must be an integer between 1 and 256, got 300");
        row("threads of 2.5 is not an integer", doc(a, R"("threads": 2.5)"), "threads", none,
            "threads: must be an integer, got 2.5");
        row("threads as a string is the wrong type", doc(a, R"("threads": "4")"), "threads", none,
            "threads: must be an integer, got the string \"4\"");
        row("an unknown mode suggests the nearest", doc(a, R"("mode": "pol")"), "mode", none,
            "mode: must be one of \"pool\" or \"sequential\", got \"pol\"; did you mean \"pool\"?");
        row("a negative seed is rejected", doc(a, R"("seed": -1)"), "seed", none,
            "seed: must be an integer between 0 and 18446744073709551615, got -1");
        row("a fractional seed is rejected", doc(a, R"("seed": 1.5)"), "seed", none,
            "seed: must be an integer, got 1.5");
        row("a seed beyond 64 bits is rejected", doc(a, R"("seed": 18446744073709551616)"), "seed",
            none, "seed: must be an integer between 0 and 18446744073709551615");
        row("a name that is a number is the wrong type", doc(a, R"("name": 5)"), "name", none,
            "name: must be a string, got 5");
        row("a null description is the wrong type", doc(a, R"("description": null)"), "description",
            none, "description: must be a string, got null");
        row("missing tasks are named", R"({"taskline": 1})", "tasks", none,
            "tasks: missing; a scenario needs a \"tasks\" array");
        row("an empty tasks array is rejected", doc(""), "tasks", none,
            "tasks: the scenario has no tasks");
        row("tasks that are an object are rejected", R"({"taskline": 1, "tasks": {}})", "tasks",
            none, "tasks: must be an array of task objects, got an object");
        row("a task that is a number is rejected", doc("5"), "tasks[0]", none,
            "tasks[0]: must be a task object such as");

        // Task ids
        row("a missing id is named", doc(R"({"duration_ms": 1})"), "tasks[0].id", none,
            "tasks[0].id: missing; every task needs a unique \"id\"", 1);
        row("an id that is a number is the wrong type", doc(R"({"id": 7, "duration_ms": 1})"),
            "tasks[0].id", none, "tasks[0].id: must be a string, got 7");
        row("an id with a space is invalid", doc(R"({"id": "a b", "duration_ms": 1})"),
            "tasks[0].id", "a b", "tasks[0].id: \"a b\" is not a valid id because of a space");
        row("an empty id is invalid", doc(R"({"id": "", "duration_ms": 1})"), "tasks[0].id", none,
            "tasks[0].id: must not be empty");
        row("a duplicate id names the first use", doc(a + "," + a), "tasks[1].id", "a",
            "tasks[1].id (\"a\"): duplicate id \"a\", already used by tasks[0]", 1);
        row("the id is named even when it comes after the bad field",
            doc(R"({"duration_ms": -5, "id": "fetch"})"), "tasks[0].duration_ms", "fetch",
            "tasks[0].duration_ms (\"fetch\"): must be between 0 and 3600000, got -5");

        // Task fields
        row("a negative duration is out of range",
            doc(a + "," + R"({"id": "fetch", "duration_ms": -5})"), "tasks[1].duration_ms", "fetch",
            "tasks[1].duration_ms (\"fetch\"): must be between 0 and 3600000, got -5");
        row("a duration over an hour is out of range",
            doc(R"({"id": "a", "duration_ms": 3600001})"), "tasks[0].duration_ms", "a",
            "must be between 0 and 3600000, got 3600001");
        row("a duration as a string is the wrong type", doc(R"({"id": "a", "duration_ms": "100"})"),
            "tasks[0].duration_ms", "a",
            "tasks[0].duration_ms (\"a\"): must be a number, got the string \"100\"");
        row("a cpu task without a duration is rejected", doc(R"({"id": "a"})"),
            "tasks[0].duration_ms", "a",
            "tasks[0].duration_ms (\"a\"): missing; a task of kind \"cpu\" needs \"duration_ms\"");
        row("an unknown kind suggests the nearest",
            doc(R"({"id": "a", "kind": "cpus", "duration_ms": 1})"), "tasks[0].kind", "a",
            "must be one of \"cpu\", \"io\", \"timer\" or \"file\", got \"cpus\"; did you mean "
            "\"cpu\"?");
        row("a negative start is out of range",
            doc(R"({"id": "a", "duration_ms": 1, "start_ms": -1})"), "tasks[0].start_ms", "a",
            "must be between 0 and 86400000, got -1");
        row("a start after a day is out of range",
            doc(R"({"id": "a", "duration_ms": 1, "start_ms": 86400001})"), "tasks[0].start_ms", "a",
            "must be between 0 and 86400000, got 86400001");
        row("after as a string is the wrong type",
            doc(R"({"id": "a", "duration_ms": 1, "after": "b"})"), "tasks[0].after", "a",
            "must be an array of task ids, e.g. [\"fetch\"], got the string \"b\"");
        row("an after entry that is a number is the wrong type",
            doc(a + "," + R"({"id": "b", "duration_ms": 1, "after": ["a", 3]})"),
            "tasks[1].after[1]", "b",
            "tasks[1].after[1] (\"b\"): must be a task id (a string), got 3");
        row("an after naming no task suggests the nearest",
            doc(a + "," + R"({"id": "b", "duration_ms": 1, "after": ["aa"]})"), "tasks[1].after[0]",
            "b", "\"aa\" names no task; did you mean \"a\"?", 1);
        row("a count of 0 is out of range", doc(R"({"id": "a", "duration_ms": 1, "count": 0})"),
            "tasks[0].count", "a", "must be an integer between 1 and 1000000, got 0");
        row("a count of 2.5 is not an integer",
            doc(R"({"id": "a", "duration_ms": 1, "count": 2.5})"), "tasks[0].count", "a",
            "tasks[0].count (\"a\"): must be an integer, got 2.5");
        row("a count of a billion is out of range",
            doc(R"({"id": "a", "duration_ms": 1, "count": 1000000000})"), "tasks[0].count", "a",
            "must be an integer between 1 and 1000000, got 1000000000");
        row("more than a million tasks after expansion is rejected",
            doc(R"({"id": "a", "duration_ms": 1, "count": 600000}, {"id": "b", "duration_ms": 1, "count": 600000})"),
            "tasks[1].count", "b", "the scenario expands to more than 1000000 tasks", 1);
        row("a negative stagger is out of range",
            doc(R"({"id": "a", "duration_ms": 1, "stagger_ms": -1})"), "tasks[0].stagger_ms", "a",
            "must be between 0 and 3600000, got -1");
        row("a jitter above 1 is out of range",
            doc(R"({"id": "a", "duration_ms": 1, "jitter": 1.5})"), "tasks[0].jitter", "a",
            "tasks[0].jitter (\"a\"): must be between 0 and 1, got 1.5");
        row("a negative fail rate is out of range",
            doc(R"({"id": "a", "duration_ms": 1, "fail_rate": -0.1})"), "tasks[0].fail_rate", "a",
            "must be between 0 and 1, got -0.1");
        row("an error that is not a string is the wrong type",
            doc(R"({"id": "a", "duration_ms": 1, "error": false})"), "tasks[0].error", "a",
            "tasks[0].error (\"a\"): must be a string, got false");
        row("101 retries are out of range", doc(R"({"id": "a", "duration_ms": 1, "retries": 101})"),
            "tasks[0].retries", "a", "must be an integer between 0 and 100, got 101");
        row("a negative retry delay is out of range",
            doc(R"({"id": "a", "duration_ms": 1, "retry_delay_ms": -3})"),
            "tasks[0].retry_delay_ms", "a", "must be between 0 and 3600000, got -3");
        row("a timeout of 0 is out of range",
            doc(R"({"id": "a", "duration_ms": 1, "timeout_ms": 0})"), "tasks[0].timeout_ms", "a",
            "must be greater than 0 and at most 3600000, got 0");
        row("a timeout over an hour is out of range",
            doc(R"({"id": "a", "duration_ms": 1, "timeout_ms": 3600000.5})"), "tasks[0].timeout_ms",
            "a", "must be greater than 0 and at most 3600000, got 3600000.5");
        row("bytes on a cpu task are rejected",
            doc(R"({"id": "a", "duration_ms": 1, "bytes": 10})"), "tasks[0].bytes", "a",
            "tasks[0].bytes (\"a\"): bytes applies only to kind \"file\", not \"cpu\"", 1);
        row("bytes before the kind are judged by the kind",
            doc(R"({"id": "a", "bytes": 10, "kind": "io", "duration_ms": 1})"), "tasks[0].bytes",
            "a", "bytes applies only to kind \"file\", not \"io\"");
        row("a file task without bytes is rejected", doc(R"({"id": "save", "kind": "file"})"),
            "tasks[0].bytes", "save", "missing; a task of kind \"file\" needs \"bytes\"");
        row("zero bytes are out of range", doc(R"({"id": "a", "kind": "file", "bytes": 0})"),
            "tasks[0].bytes", "a", "must be an integer between 1 and 1073741824, got 0");
        row("more than a gibibyte is out of range",
            doc(R"({"id": "a", "kind": "file", "bytes": 1073741825})"), "tasks[0].bytes", "a",
            "must be an integer between 1 and 1073741824, got 1073741825");
        row("a priority beyond 32 bits is out of range",
            doc(R"({"id": "a", "duration_ms": 1, "priority": 2147483648})"), "tasks[0].priority",
            "a", "must be an integer between -2147483648 and 2147483647, got 2147483648");
        row("a negative weight is out of range",
            doc(R"({"id": "a", "duration_ms": 1, "weight": -1})"), "tasks[0].weight", "a",
            "must be between 0 and 1000000, got -1");
        row("a weight above a million is out of range",
            doc(R"({"id": "a", "duration_ms": 1, "weight": 1e7})"), "tasks[0].weight", "a",
            "must be between 0 and 1000000, got 10000000");
        row("an unknown shape suggests the nearest",
            doc(R"({"id": "a", "duration_ms": 1, "shape": "ramp_up"})"), "tasks[0].shape", "a",
            "got \"ramp_up\"; did you mean \"ramp-up\"?");
        row("an unknown task key suggests the nearest", doc(R"({"id": "a", "duraton_ms": 1})"),
            "tasks[0]", "a",
            "unknown key \"duraton_ms\" in tasks[0] (\"a\"); did you mean \"duration_ms\"?", 1);
        row("an unknown task key far from any lists the keys",
            doc(R"({"id": "a", "duration_ms": 1, "colour": "red"})"), "tasks[0]", "a",
            "unknown key \"colour\" in tasks[0] (\"a\"); a task's keys are \"id\", \"kind\"");
        row("a duplicate task key is rejected",
            doc(R"({"id": "a", "duration_ms": 1, "duration_ms": 2})"), "tasks[0].duration_ms", "a",
            "duplicate key \"duration_ms\" in tasks[0] (\"a\"); each key may appear only once", 1);
        row("a dependency cycle is named in order",
            doc(R"({"id": "a", "duration_ms": 1, "after": ["c"]},
                   {"id": "b", "duration_ms": 1, "after": ["a"]},
                   {"id": "c", "duration_ms": 1, "after": ["b"]})"),
            "tasks[0].after", "a", "dependency cycle \"a\" -> \"b\" -> \"c\" -> \"a\"", 1);
    }

    void rejects()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, place);
        QFETCH(QString, taskId);
        QFETCH(QString, message);
        QFETCH(int, line);

        const PlanResult result = loadScenario(json, QStringLiteral("s.json"));
        QVERIFY(std::holds_alternative<ScenarioError>(result));
        const ScenarioError e = errorOf(result);
        QVERIFY2(e.message.contains(message), qPrintable(e.message));
        QCOMPARE(e.place, place);
        QCOMPARE(e.taskId, taskId);
        QCOMPARE(e.file, QStringLiteral("s.json"));
        QVERIFY(!e.io);
        if (line > 0) {
            QCOMPARE(e.line, line);
            QVERIFY(e.column > 0);
            QVERIFY(
                e.text().startsWith(QStringLiteral("s.json:%1:%2: ").arg(e.line).arg(e.column)));
        }
        // The same bytes through the parser alone fail too, unless only the graph is wrong.
        const ScenarioResult parsed = parseScenario(json);
        if (std::holds_alternative<ScenarioError>(parsed))
            QCOMPARE(std::get<ScenarioError>(parsed).message, e.message);
    }

    void pointsAtTheOffendingValue()
    {
        const QByteArray json = "{\n  \"taskline\": 1,\n  \"tasks\": [\n"
                                "    {\"id\": \"fetch\", \"duration_ms\": -5}\n  ]\n}";
        const ScenarioError e = errorOf(loadScenario(json, QStringLiteral("f.json")));
        QCOMPARE(e.line, 4);
        QCOMPARE(e.column, 36);
        QCOMPARE(e.text(), QStringLiteral("f.json:4:36: tasks[0].duration_ms (\"fetch\"): must be "
                                          "between 0 and 3600000, got -5"));
    }

    void columnsCountCharactersNotBytes()
    {
        const QByteArray json = "{\"taskline\": 1, \"name\": \"caf\xc3\xa9\", \"x\": 1}";
        const ScenarioError e = errorOf(loadScenario(json));
        QCOMPARE(e.line, 1);
        QCOMPARE(e.column, 33); // the key "x", after 4 characters of "café" in 5 bytes
    }

    void acceptsEveryField()
    {
        const QByteArray json = R"({
            "taskline": 1, "name": "All", "description": "Every field \u00E9 \t",
            "threads": 3, "mode": "sequential", "seed": 18446744073709551615,
            "tasks": [
              {"id": "a.b-c_1", "kind": "io", "duration_ms": 12.5, "start_ms": 3, "count": 4,
               "stagger_ms": 1.5, "jitter": 0.25, "fail_rate": 0.5, "error": "boom \u0022x\u0022",
               "retries": 2, "retry_delay_ms": 7, "timeout_ms": 100, "priority": -3,
               "weight": 2.5, "shape": "ramp-down"},
              {"id": "w", "kind": "file", "bytes": 1000000, "after": ["a.b-c_1"], "count": 1.0e0},
              {"id": "t", "kind": "timer", "duration_ms": 0, "shape": "triangle", "after": []},
              {"id": "f", "kind": "file", "bytes": 1073741824, "duration_ms": 9, "priority": 2147483647}
            ]})";
        const ScenarioResult result = parseScenario(json);
        if (const auto *e = std::get_if<ScenarioError>(&result))
            QFAIL(qPrintable(e->text()));
        const Scenario &s = std::get<Scenario>(result);

        Scenario expected;
        expected.name = QStringLiteral("All");
        expected.description = QString::fromUtf8("Every field \xc3\xa9 \t");
        expected.threads = 3;
        expected.mode = RunMode::Sequential;
        expected.seed = 18446744073709551615ULL;
        TaskSpec t0;
        t0.id = QStringLiteral("a.b-c_1");
        t0.kind = TaskKind::Io;
        t0.durationMs = 12.5;
        t0.startMs = 3;
        t0.count = 4;
        t0.fanOut = true;
        t0.staggerMs = 1.5;
        t0.jitter = 0.25;
        t0.failRate = 0.5;
        t0.error = QStringLiteral("boom \"x\"");
        t0.retries = 2;
        t0.retryDelayMs = 7;
        t0.timeoutMs = 100;
        t0.priority = -3;
        t0.weight = 2.5;
        t0.shape = TaskShape::RampDown;
        TaskSpec t1;
        t1.id = QStringLiteral("w");
        t1.kind = TaskKind::File;
        t1.bytes = 1000000;
        t1.hasDuration = false;
        t1.durationMs = estimatedFileMs(1000000);
        t1.after = QStringList{QStringLiteral("a.b-c_1")};
        t1.fanOut = true;
        TaskSpec t2;
        t2.id = QStringLiteral("t");
        t2.kind = TaskKind::Timer;
        t2.shape = TaskShape::Triangle;
        TaskSpec t3;
        t3.id = QStringLiteral("f");
        t3.kind = TaskKind::File;
        t3.bytes = 1073741824;
        t3.durationMs = 9;
        t3.priority = 2147483647;
        expected.tasks = {t0, t1, t2, t3};
        QCOMPARE(s.tasks.size(), expected.tasks.size());
        for (int i = 0; i < s.tasks.size(); ++i)
            QVERIFY2(s.tasks[i] == expected.tasks[i], qPrintable(QString::number(i)));
        QVERIFY(s == expected);
        QVERIFY(!validateScenario(s).has_value());
    }

    void appliesDefaults()
    {
        const ScenarioResult result = parseScenario(doc(R"({"id": "a", "duration_ms": 5})"));
        const Scenario &s = std::get<Scenario>(result);
        QCOMPARE(s.name, QString());
        QCOMPARE(s.threads, 0); // the machine's ideal thread count
        QCOMPARE(s.mode, RunMode::Pool);
        QCOMPARE(s.seed, quint64(1));
        const TaskSpec &t = s.tasks.first();
        QCOMPARE(t.kind, TaskKind::Cpu);
        QVERIFY(t.hasDuration);
        QCOMPARE(t.count, 1u);
        QVERIFY(!t.fanOut);
        QCOMPARE(t.weight, 1.0);
        QCOMPARE(t.shape, TaskShape::Flat);
        QCOMPARE(t.timeoutMs, 0.0);
        QCOMPARE(t.bytes, qint64(0));
        QVERIFY(t.after.isEmpty());
    }

    void fileTaskEstimatesItsDuration()
    {
        QVERIFY(estimatedFileMs(4194304) > estimatedFileMs(1024));
        QVERIFY(estimatedFileMs(1) > 0);
        // ~500 MB/s for write, read back and verify together.
        QVERIFY(qAbs(estimatedFileMs(500000000) - 1000) < 5);
    }

    void fansOutAndGathers()
    {
        const PlanResult result = loadScenario(Valid, QStringLiteral("v.json"));
        if (const auto *e = std::get_if<ScenarioError>(&result))
            QFAIL(qPrintable(e->text()));
        const Plan &plan = *std::get<PlanPtr>(result);
        QCOMPARE(plan.specCount(), 4u);
        QCOMPARE(plan.taskCount(), 11u);
        QCOMPARE(plan.taskName(0), QStringLiteral("fetch[0]"));
        QCOMPARE(plan.taskName(3), QStringLiteral("fetch[3]"));
        QCOMPARE(plan.taskName(8), QStringLiteral("parse"));
        QCOMPARE(plan.taskName(10), QStringLiteral("save"));
        // "parse" names the counted "fetch": it waits for all of its copies.
        QCOMPARE(plan.depCount(1), 1u);
        QCOMPARE(*plan.depsBegin(1), 0u);
        QCOMPARE(plan.scenario().threads, 4);
        QCOMPARE(plan.scenario().seed, quint64(7));
        QVERIFY(!plan.scenario().tasks[3].hasDuration);
    }

    void acceptsAByteOrderMark()
    {
        const PlanResult result = loadScenario(QByteArray("\xEF\xBB\xBF" + Valid));
        QVERIFY(std::holds_alternative<PlanPtr>(result));
        // Positions are those a reader of the text sees.
        const ScenarioError e = errorOf(loadScenario("\xEF\xBB\xBF{\"x\": 1}"));
        QCOMPARE(e.line, 1);
        QCOMPARE(e.column, 2);
    }

    void rejectsEveryTruncatedPrefix()
    {
        const QByteArray json = Valid.trimmed();
        for (int n = 0; n < json.size(); ++n) {
            const PlanResult result = loadScenario(json.left(n));
            QVERIFY2(std::holds_alternative<ScenarioError>(result), qPrintable(QString::number(n)));
            QVERIFY2(errorOf(result).line > 0, qPrintable(QString::number(n)));
        }
        QVERIFY(std::holds_alternative<PlanPtr>(loadScenario(json)));
    }

    void rejectsBinaryGarbage()
    {
        QRandomGenerator random(42);
        for (int round = 0; round < 200; ++round) {
            QByteArray bytes(int(random.bounded(1, 300)), Qt::Uninitialized);
            for (char &c : bytes)
                c = char(random.bounded(256));
            if (round % 2) // also garbage inside a plausible start
                bytes.prepend("{\"taskline\": 1, \"tasks\": [{\"id\": \"");
            const PlanResult result = loadScenario(bytes);
            QVERIFY(std::holds_alternative<ScenarioError>(result));
            QVERIFY(errorOf(result).line > 0);
        }
    }

    void survivesRandomEdits()
    {
        // Flipped, dropped and inserted bytes: every outcome is a plan or a located error.
        QRandomGenerator random(7);
        const char alphabet[] = "{}[],:\"\\ 0123456789.eE-+tfnul\xff\x80";
        for (int round = 0; round < 3000; ++round) {
            QByteArray json = Valid;
            const int edits = int(random.bounded(1, 4));
            for (int k = 0; k < edits; ++k) {
                const int at = int(random.bounded(json.size()));
                const char c = alphabet[random.bounded(int(sizeof alphabet) - 1)];
                switch (random.bounded(3)) {
                case 0:
                    json[at] = c;
                    break;
                case 1:
                    json.remove(at, 1);
                    break;
                default:
                    json.insert(at, c);
                    break;
                }
            }
            const PlanResult result = loadScenario(json);
            if (const auto *e = std::get_if<ScenarioError>(&result)) {
                QVERIFY(!e->message.isEmpty());
                QVERIFY2(e->line > 0,
                         qPrintable(e->text() + QLatin1Char('\n') + QString::fromUtf8(json)));
            }
            JsonReader reader;
            reader.setData(json);
            if (!reader.parse([](JsonValue &root) { return readAll(root); }))
                QVERIFY(reader.error().offset >= 0 && reader.error().offset <= json.size());
        }
    }

    void survivesDeepNesting()
    {
        const int depth = 100000;
        const QByteArray deep = QByteArray(depth, '[') + QByteArray(depth, ']');
        ScenarioError e = errorOf(loadScenario(deep));
        QVERIFY2(e.message.contains(QStringLiteral("must be a JSON object")),
                 qPrintable(e.message));
        e = errorOf(loadScenario(doc(deep)));
        QCOMPARE(e.place, QStringLiteral("tasks[0]"));
        e = errorOf(loadScenario(doc(R"({"id": "a", "duration_ms": 1, "after": )" + deep + "}")));
        QCOMPARE(e.place, QStringLiteral("tasks[0].after[0]"));
        // Unbalanced: the syntax check that locates the error must not recurse either.
        e = errorOf(
            loadScenario(QByteArray("{\"taskline\": 1, \"name\": " + QByteArray(depth, '['))));
        QVERIFY(e.line > 0);
    }

    void failsFastOnAHugeCount()
    {
        QElapsedTimer timer;
        timer.start();
        const ScenarioError e =
            errorOf(loadScenario(doc(R"({"id": "a", "duration_ms": 1, "count": 1000000000})")));
        QCOMPARE(e.place, QStringLiteral("tasks[0].count"));
        // 2 x 600,000 copies are refused when read, before any expansion.
        const ScenarioError sum = errorOf(loadScenario(doc(
            R"({"id": "a", "duration_ms": 1, "count": 600000}, {"id": "b", "duration_ms": 1, "count": 600000})")));
        QVERIFY(sum.message.contains(QStringLiteral("more than 1000000 tasks")));
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    }

    void reportsUnreadableFiles_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("reason");
        QTest::newRow("a directory is not a scenario file")
            << QDir::tempPath() << QStringLiteral("directory");
        QTest::newRow("a missing file says so")
            << QDir::temp().filePath(QStringLiteral("taskline-no-such-file.json"))
            << QStringLiteral("No such file");
    }

    void reportsUnreadableFiles()
    {
        QFETCH(QString, path);
        QFETCH(QString, reason);
        for (const ScenarioError &e :
             {errorOf(loadScenarioFile(path)), std::get<ScenarioError>(readScenarioFile(path))}) {
            QVERIFY(e.io);
            QCOMPARE(e.file, path);
            QVERIFY2(e.message.contains(reason), qPrintable(e.message));
            QVERIFY(e.message.contains(path));
        }
    }

    void loadsAFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("\xEF\xBB\xBF" + Valid);
        file.close();
        const PlanResult result = loadScenarioFile(path);
        QVERIFY(std::holds_alternative<PlanPtr>(result));
        QCOMPARE(std::get<PlanPtr>(result)->taskCount(), 11u);

        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(doc(R"({"id": "a", "duration_ms": 1},
  {"id": "a", "duration_ms": 2})"));
        file.close();
        const ScenarioError e = errorOf(loadScenarioFile(path));
        QCOMPARE(e.file, path);
        QCOMPARE(e.line, 2); // Plan::build's duplicate id, located in the file
        QVERIFY(e.text().startsWith(path + QStringLiteral(":2:")));
    }

    void inMemoryChecksSayWhatTheLoaderSays_data()
    {
        QTest::addColumn<QByteArray>("field");
        QTest::addColumn<int>("which");
        QTest::newRow("a negative duration") << QByteArray(R"("duration_ms": -5)") << 0;
        QTest::newRow("a jitter above 1") << QByteArray(R"("duration_ms": 1, "jitter": 2)") << 1;
        QTest::newRow("101 retries") << QByteArray(R"("duration_ms": 1, "retries": 101)") << 2;
        QTest::newRow("a zero-length timeout is not 'none' in a file")
            << QByteArray(R"("duration_ms": 1, "timeout_ms": -1)") << 3;
        QTest::newRow("bytes on an io task")
            << QByteArray(R"("kind": "io", "duration_ms": 1, "bytes": 5)") << 4;
        QTest::newRow("a cpu task without a duration") << QByteArray(R"("kind": "cpu")") << 5;
        QTest::newRow("a weight above a million")
            << QByteArray(R"("duration_ms": 1, "weight": 2e6)") << 6;
    }

    void inMemoryChecksSayWhatTheLoaderSays()
    {
        QFETCH(QByteArray, field);
        QFETCH(int, which);
        const ScenarioError loaded = errorOf(
            loadScenario(doc(R"({"id": "a", "duration_ms": 1}, {"id": "b", )" + field + "}")));
        TaskSpec t;
        t.id = QStringLiteral("b");
        switch (which) {
        case 0:
            t.durationMs = -5;
            break;
        case 1:
            t.durationMs = 1;
            t.jitter = 2;
            break;
        case 2:
            t.durationMs = 1;
            t.retries = 101;
            break;
        case 3:
            t.durationMs = 1;
            t.timeoutMs = -1;
            break;
        case 4:
            t.kind = TaskKind::Io;
            t.durationMs = 1;
            t.bytes = 5;
            break;
        case 5:
            t.hasDuration = false;
            break;
        case 6:
            t.durationMs = 1;
            t.weight = 2e6;
            break;
        }
        const std::optional<ScenarioError> checked = checkTaskFields(t, 1);
        QVERIFY(checked.has_value());
        QCOMPARE(checked->message, loaded.message);
        QCOMPARE(checked->place, loaded.place);
        QCOMPARE(checked->taskId, loaded.taskId);

        Scenario s;
        TaskSpec first;
        first.id = QStringLiteral("a");
        first.durationMs = 1;
        s.tasks = {first, t};
        QCOMPARE(validateScenario(s)->message, loaded.message);
    }

    void inMemoryScenarioChecks()
    {
        Scenario s;
        s.threads = 0;
        QVERIFY(!checkScenarioFields(s).has_value()); // 0: not given
        s.threads = 257;
        const auto e = checkScenarioFields(s);
        QVERIFY(e.has_value());
        QCOMPARE(e->message,
                 errorOf(loadScenario(doc(R"({"id": "a", "duration_ms": 1})", R"("threads": 257)")))
                     .message);
        Scenario empty;
        QCOMPARE(validateScenario(empty)->place, QStringLiteral("tasks"));
    }

    // The reader on its own, as a trace importer will use it.
    void readerReadsNumbersStringsAndKeys()
    {
        JsonReader reader;
        reader.setData(R"({"i": -3, "u": 18446744073709551615, "d": 2.5e-1, "big": 1e30,
                          "s": "a\u00E9 \t\u0022", "plain": "ab", "b": true, "n": null,
                          "args": {"deep": [[[{"x": [1, {"y": "z"}]}]]]}, "last": 1})");
        int fields = 0;
        const bool ok = reader.parse([&](JsonValue &root) {
            return root.forEachField([&](std::string_view key, JsonValue &v) {
                ++fields;
                JsonNumber n;
                std::string_view s;
                if (key == "i") {
                    qint64 i = 0;
                    return v.toInt64(i) && i == -3;
                }
                if (key == "u")
                    return v.toNumber(n) && n.kind == JsonNumber::Kind::UInt64 && n.uint64 == ~0ULL;
                if (key == "d")
                    return v.toNumber(n) && n.kind == JsonNumber::Kind::Double && n.real == 0.25;
                if (key == "big")
                    return v.toNumber(n) && n.toDouble() == 1e30;
                if (key == "s")
                    return v.toString(s) && s == "a\xc3\xa9 \t\"";
                if (key == "plain")
                    return v.toString(s) && s == "ab" && v.keyOffset() > 0;
                if (key == "b") {
                    bool b = false;
                    return v.toBool(b) && b;
                }
                if (key == "n")
                    return v.type() == JsonType::Null;
                if (key == "args")
                    return v.skip(); // nested args are skipped unread
                return key == "last";
            });
        });
        QVERIFY2(ok, qPrintable(reader.error().message));
        QCOMPARE(fields, 10);
    }

    void readerRejects_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("offset");
        QTest::newRow("nesting deeper than 1024 levels")
            << QByteArray(1025, '[') + QByteArray(1025, ']')
            << QStringLiteral("deeper than 1024 levels") << 1024;
        QTest::newRow("a second root value")
            << QByteArray("[1] [2]") << QStringLiteral("after the end of the document") << 4;
        QTest::newRow("a scalar root followed by another")
            << QByteArray("1 2") << QStringLiteral("after the end of the document") << 2;
        QTest::newRow("a lone surrogate")
            << QByteArray(R"(["\ud800"])") << QStringLiteral("unpaired surrogate") << 2;
        QTest::newRow("a bad literal inside a skipped-over array")
            << QByteArray("[tru]") << QStringLiteral("invalid literal tru") << 1;
        QTest::newRow("a missing colon")
            << QByteArray(R"({"a" 1})") << QStringLiteral("expected ':' after the key") << 5;
    }

    void readerRejects()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        QFETCH(int, offset);
        JsonReader reader;
        reader.setData(json);
        QVERIFY(!reader.parse([](JsonValue &root) { return readAll(root); }));
        QVERIFY(reader.hasError());
        QVERIFY2(reader.error().message.contains(message), qPrintable(reader.error().message));
        QCOMPARE(reader.error().offset, qint64(offset));
    }

    void readerChecksWhatFollowsAnUnreadRoot()
    {
        JsonReader reader;
        reader.setData("[1, [2, {\"a\": 3}]] x");
        QVERIFY(!reader.parse([](JsonValue &) { return true; }));
        QCOMPARE(reader.error().offset, qint64(19));
        reader.setData("[1, [2, {\"a\": 3}]]  ");
        QVERIFY(reader.parse([](JsonValue &) { return true; }));
        reader.setData("\"text\"");
        std::string_view text;
        QVERIFY(reader.parse([&](JsonValue &root) { return root.toString(text); }));
        QCOMPARE(QByteArrayView(text.data(), qsizetype(text.size())), QByteArrayView("text"));
    }

    void readerAcceptsNesting1024Deep()
    {
        JsonReader reader;
        reader.setData(QByteArray(QByteArray(1024, '[') + QByteArray(1024, ']')));
        QVERIFY2(reader.parse([](JsonValue &root) { return readAll(root); }),
                 qPrintable(reader.error().message));
    }
};

QTEST_GUILESS_MAIN(TestScenarioloader)
#include "tst_scenarioloader.moc"
