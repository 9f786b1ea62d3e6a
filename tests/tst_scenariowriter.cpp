#include "scenarioloader.h"
#include "scenariorules.h"
#include "scenariowriter.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

using namespace Taskline;

Q_DECLARE_METATYPE(Taskline::JsonStyle)

namespace {

// A valid scenario of random shape: every field takes a non-default value now and then, and
// `after` names only earlier tasks, so the graph has no cycle.
Scenario randomScenario(quint32 seed)
{
    QRandomGenerator g(seed);
    const auto chance = [&](double p) { return g.generateDouble() < p; };
    const auto real = [&](double max) {
        // Round numbers, fractions and values with many digits alike.
        switch (g.bounded(3)) {
        case 0:
            return double(g.bounded(int(qMin(max, 1e6))));
        case 1:
            return g.bounded(int(qMin(max, 1e6))) / 8.0;
        default:
            return g.generateDouble() * max;
        }
    };
    Scenario s;
    if (chance(0.7))
        s.name = QStringLiteral("random \"%1\" \\ \n\t%2").arg(seed).arg(QChar(0x00e9));
    if (chance(0.3))
        s.description = QStringLiteral("line 1\nline 2, \u2603 and a control \x01 char");
    if (chance(0.6))
        s.threads = 1 + int(g.bounded(256));
    if (chance(0.3))
        s.mode = RunMode::Sequential;
    if (chance(0.5))
        s.seed =
            chance(0.5) ? std::numeric_limits<quint64>::max() - g.bounded(1000) : g.generate64();
    const int tasks = 1 + int(g.bounded(12));
    for (int i = 0; i < tasks; ++i) {
        TaskSpec t;
        t.id = QStringLiteral("t%1").arg(i) + (chance(0.3) ? QStringLiteral(".x-y_z") : QString());
        t.kind = TaskKind(g.bounded(TaskKindCount));
        t.durationMs = real(3600000);
        if (t.kind == TaskKind::File) {
            t.bytes = 1 + g.bounded(1 << 30);
            if (chance(0.5)) {
                t.hasDuration = false;
                t.durationMs = estimatedFileMs(t.bytes);
            }
        }
        if (chance(0.3))
            t.startMs = real(86400000);
        for (int j = 0; j < i; ++j) {
            if (chance(0.25))
                t.after.append(QStringLiteral("t%1").arg(j));
        }
        // Ids may carry a suffix: name what was actually generated.
        for (QString &dep : t.after) {
            for (const TaskSpec &earlier : s.tasks) {
                if (earlier.id.startsWith(dep + QLatin1Char('.')) || earlier.id == dep)
                    dep = earlier.id;
            }
        }
        if (chance(0.4)) {
            t.count = 1 + g.bounded(50);
            t.fanOut = true;
        }
        if (chance(0.3))
            t.staggerMs = real(1000);
        if (chance(0.3))
            t.jitter = g.generateDouble();
        if (chance(0.3))
            t.failRate = chance(0.2) ? 1.0 : g.generateDouble();
        if (chance(0.2))
            t.error = QStringLiteral("disk \"full\", retry\nlater");
        if (chance(0.3))
            t.retries = int(g.bounded(101));
        if (chance(0.3))
            t.retryDelayMs = real(1000);
        if (chance(0.3))
            t.timeoutMs = 0.5 + real(10000);
        if (chance(0.3))
            t.priority = int(g.bounded(2001)) - 1000;
        if (chance(0.1))
            t.priority = std::numeric_limits<qint32>::min();
        if (chance(0.3))
            t.weight = real(1000);
        if (chance(0.3))
            t.shape = TaskShape(g.bounded(4));
        s.tasks.append(t);
    }
    return s;
}

} // namespace

class TestScenarioWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void examples_data();
    void examples();
    void random_data();
    void random();
    void onlyNonDefaults();
    void prettyLooksLikeTheSpec();
    void save();
    void saveToMissingDirectory();
};

void TestScenarioWriter::examples_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<JsonStyle>("style");
    const QDir dir(QStringLiteral(TASKLINE_SOURCE_DIR "/resources/scenarios"));
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QVERIFY(!files.isEmpty());
    for (const QString &file : files) {
        QTest::addRow("%s pretty", qPrintable(file)) << dir.filePath(file) << JsonStyle::Pretty;
        QTest::addRow("%s compact", qPrintable(file)) << dir.filePath(file) << JsonStyle::Compact;
    }
}

void TestScenarioWriter::examples()
{
    QFETCH(QString, path);
    QFETCH(JsonStyle, style);
    const ScenarioResult read = readScenarioFile(path);
    if (const auto *e = std::get_if<ScenarioError>(&read))
        QFAIL(qPrintable(e->text()));
    const Scenario original = std::get<Scenario>(read);
    const QByteArray text = writeScenario(original, style);
    const ScenarioResult again = parseScenario(text);
    if (const auto *e = std::get_if<ScenarioError>(&again))
        QFAIL(qPrintable(e->text() + QStringLiteral("\n") + QString::fromUtf8(text)));
    QCOMPARE(std::get<Scenario>(again), original);
    // Writing is a fixed point.
    QCOMPARE(writeScenario(std::get<Scenario>(again), style), text);
}

void TestScenarioWriter::random_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 seed = 1; seed <= 200; ++seed)
        QTest::addRow("random scenario %u", seed) << seed;
}

void TestScenarioWriter::random()
{
    QFETCH(quint32, seed);
    const Scenario s = randomScenario(seed);
    if (const auto invalid = validateScenario(s))
        QFAIL(qPrintable(QStringLiteral("generator made an invalid scenario: ") + invalid->text()));
    for (const JsonStyle style : {JsonStyle::Pretty, JsonStyle::Compact}) {
        const QByteArray text = writeScenario(s, style);
        const ScenarioResult back = parseScenario(text);
        if (const auto *e = std::get_if<ScenarioError>(&back))
            QFAIL(qPrintable(e->text() + QStringLiteral("\n") + QString::fromUtf8(text)));
        QCOMPARE(std::get<Scenario>(back), s);
    }
}

void TestScenarioWriter::onlyNonDefaults()
{
    Scenario s;
    TaskSpec a;
    a.id = QStringLiteral("a");
    a.durationMs = 100;
    s.tasks.append(a);
    QCOMPARE(writeScenario(s, JsonStyle::Compact),
             QByteArray(R"({"taskline":1,"tasks":[{"id":"a","duration_ms":100}]})"));

    TaskSpec f;
    f.id = QStringLiteral("save");
    f.kind = TaskKind::File;
    f.bytes = 4096;
    f.hasDuration = false;
    f.durationMs = estimatedFileMs(f.bytes);
    TaskSpec one;
    one.id = QStringLiteral("one");
    one.durationMs = 0.1;
    one.count = 1;
    one.fanOut = true; // "count": 1 was written: copies are named one[0]
    s.tasks = {f, one};
    s.seed = std::numeric_limits<quint64>::max();
    s.threads = 3;
    QCOMPARE(writeScenario(s, JsonStyle::Compact),
             QByteArray(R"({"taskline":1,"threads":3,"seed":18446744073709551615,"tasks":[)"
                        R"({"id":"save","kind":"file","bytes":4096},)"
                        R"({"id":"one","duration_ms":0.1,"count":1}]})"));
    const ScenarioResult back = parseScenario(writeScenario(s));
    QVERIFY(std::holds_alternative<Scenario>(back));
    QCOMPARE(std::get<Scenario>(back), s);
}

void TestScenarioWriter::prettyLooksLikeTheSpec()
{
    Scenario s;
    s.name = QStringLiteral("Fan-out");
    s.threads = 4;
    TaskSpec fetch;
    fetch.id = QStringLiteral("fetch");
    fetch.kind = TaskKind::Io;
    fetch.durationMs = 120;
    fetch.count = 8;
    fetch.fanOut = true;
    fetch.jitter = 0.2;
    TaskSpec parse;
    parse.id = QStringLiteral("parse");
    parse.durationMs = 40;
    parse.after = {QStringLiteral("fetch")};
    s.tasks = {fetch, parse};
    QCOMPARE(writeScenario(s), QByteArray("{\n"
                                          "  \"taskline\": 1,\n"
                                          "  \"name\": \"Fan-out\",\n"
                                          "  \"threads\": 4,\n"
                                          "  \"tasks\": [\n"
                                          "    {\"id\": \"fetch\", \"kind\": \"io\", "
                                          "\"duration_ms\": 120, \"count\": 8, \"jitter\": 0.2},\n"
                                          "    {\"id\": \"parse\", \"duration_ms\": 40, "
                                          "\"after\": [\"fetch\"]}\n"
                                          "  ]\n"
                                          "}\n"));
}

void TestScenarioWriter::save()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Scenario s = randomScenario(42);
    const QString path = dir.filePath(QStringLiteral("s.json"));
    QCOMPARE(saveScenario(s, path), std::nullopt);
    const ScenarioResult back = readScenarioFile(path);
    QVERIFY(std::holds_alternative<Scenario>(back));
    QCOMPARE(std::get<Scenario>(back), s);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("s.json")});
}

void TestScenarioWriter::saveToMissingDirectory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("missing/s.json"));
    const std::optional<QString> error = saveScenario(randomScenario(1), path);
    QVERIFY(error);
    QVERIFY2(error->contains(QStringLiteral("does not exist")), qPrintable(*error));
    QVERIFY(!QFile::exists(path));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList());
}

QTEST_GUILESS_MAIN(TestScenarioWriter)
#include "tst_scenariowriter.moc"
