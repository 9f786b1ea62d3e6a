#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/types.h>

// The headless command line as a script sees it: arguments in, exit code and output out.
class TestCli : public QObject
{
    Q_OBJECT

    struct Result
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    static QString example(const char *name)
    {
        return QStringLiteral(TASKLINE_SOURCE_DIR "/resources/scenarios/") + QLatin1String(name);
    }

    static Result taskline(const QStringList &arguments)
    {
        QProcess p;
        p.start(QStringLiteral(TASKLINE_BINARY_DIR "/app/taskline"), arguments);
        if (!p.waitForFinished(60000))
            return {};
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
                p.readAllStandardError()};
    }

    QTemporaryDir m_dir;

    QString write(const char *name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(QLatin1String(name));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
            return {};
        return path;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void exitCodes_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stderrSays");

        const QString bad = write("bad.json", R"({"taskline": 1, "tasks": [{"id": "a", "duration_ms": -5}]})");
        const QString cycle = write("cycle.json",
            R"({"taskline": 1, "tasks": [{"id": "a", "duration_ms": 1, "after": ["b"]},
                                         {"id": "b", "duration_ms": 1, "after": ["a"]}]})");
        const QString demo = example("demo.json");
        QTest::newRow("validate a valid file") << QStringList{QStringLiteral("validate"), demo} << 0 << "";
        QTest::newRow("validate a bad value names the place")
            << QStringList{QStringLiteral("validate"), bad} << 2 << "tasks[0].duration_ms";
        QTest::newRow("validate a cycle names it")
            << QStringList{QStringLiteral("validate"), cycle} << 2 << "cycle";
        QTest::newRow("validate a missing file is an I/O error")
            << QStringList{QStringLiteral("validate"), m_dir.filePath(QStringLiteral("none.json"))} << 3
            << "none.json";
        QTest::newRow("predict a valid file") << QStringList{QStringLiteral("predict"), demo} << 0 << "";
        QTest::newRow("predict a bad file") << QStringList{QStringLiteral("predict"), bad} << 2
                                            << "tasks[0].duration_ms";
        QTest::newRow("predict with zero threads")
            << QStringList{QStringLiteral("predict"), demo, QStringLiteral("--threads"), QStringLiteral("0")}
            << 2 << "--threads";
        QTest::newRow("predict with an unknown mode")
            << QStringList{QStringLiteral("predict"), demo, QStringLiteral("--mode"), QStringLiteral("fast")}
            << 2 << "--mode";
        QTest::newRow("predict with an unknown option")
            << QStringList{QStringLiteral("predict"), demo, QStringLiteral("--thread=2")} << 2 << "thread";
        QTest::newRow("predict without a file") << QStringList{QStringLiteral("predict")} << 2 << "FILE";
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")} << 2 << "frobnicate";
        QTest::newRow("help") << QStringList{QStringLiteral("--help")} << 0 << "";
        QTest::newRow("version") << QStringList{QStringLiteral("--version")} << 0 << "";
        QTest::newRow("predict --help") << QStringList{QStringLiteral("predict"), QStringLiteral("--help")} << 0 << "";
        QTest::newRow("sweep without --threads")
            << QStringList{QStringLiteral("sweep"), demo} << 2 << "--threads is required";
        QTest::newRow("sweep with a bad thread count")
            << QStringList{QStringLiteral("sweep"), demo, QStringLiteral("--threads"), QStringLiteral("1,x,4")}
            << 2 << "\"x\" in \"1,x,4\"";
        QTest::newRow("sweep with a backwards range")
            << QStringList{QStringLiteral("sweep"), demo, QStringLiteral("--threads"), QStringLiteral("8..2")}
            << 2 << "write 2..8";
        QTest::newRow("sweep with 0 threads")
            << QStringList{QStringLiteral("sweep"), demo, QStringLiteral("--threads"), QStringLiteral("0..4")}
            << 2 << "\"0\"";
        QTest::newRow("sweep a bad file") << QStringList{QStringLiteral("sweep"), bad, QStringLiteral("--threads"), QStringLiteral("1,2")}
                                          << 2 << "tasks[0].duration_ms";
        QTest::newRow("sweep to an image of an unknown type")
            << QStringList{QStringLiteral("sweep"), demo, QStringLiteral("--threads"), QStringLiteral("1,2"),
                           QStringLiteral("--image"), m_dir.filePath(QStringLiteral("plot.gif"))}
            << 2 << ".png, .svg or .pdf";
        QTest::newRow("sweep to a csv in a missing folder")
            << QStringList{QStringLiteral("sweep"), demo, QStringLiteral("--threads"), QStringLiteral("1,2"),
                           QStringLiteral("--csv"), m_dir.filePath(QStringLiteral("none/sweep.csv"))}
            << 3 << "sweep.csv";
        QTest::newRow("sweep a valid file")
            << QStringList{QStringLiteral("sweep"), demo, QStringLiteral("--threads"), QStringLiteral("1..4")} << 0 << "";
        QTest::newRow("validate --version") << QStringList{QStringLiteral("validate"), QStringLiteral("--version")} << 0 << "";
    }

    void exitCodes()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, stderrSays);
        const Result r = taskline(arguments);
        QVERIFY2(r.exitCode == exitCode, r.err.constData());
        QVERIFY2(r.err.contains(stderrSays.toUtf8()), r.err.constData());
        if (exitCode == 0)
            QVERIFY(!r.out.isEmpty());
    }

    // One --size parser for every command that draws: the same sizes pass, the same
    // message for the rest.
    void imageSize_data()
    {
        QTest::addColumn<QStringList>("command"); // without --size
        QTest::addColumn<QString>("size");
        QTest::addColumn<QString>("image"); // checked for its size when the command succeeds
        QTest::addColumn<QString>("stderrSays"); // empty: success

        const QString tiny = write("tiny.json", R"({"taskline": 1, "name": "Tiny", "threads": 2,
            "tasks": [{"id": "a", "kind": "cpu", "duration_ms": 1, "count": 3}]})");
        const QString trace = QStringLiteral(TASKLINE_SOURCE_DIR "/tests/data/traces/chromium.json");
        const QString demo = example("demo.json");
        const struct
        {
            const char *name;
            QStringList arguments;
        } commands[] = {
            {"run", {QStringLiteral("run"), tiny}},
            {"render", {QStringLiteral("render"), trace}},
            {"sweep", {QStringLiteral("sweep"), demo, QStringLiteral("--threads"), QStringLiteral("1,2")}},
        };
        const char *const good[] = {"640x400", "200x150", "1024X768"};
        const char *const bad[] = {"abc", "1600", "1600x", "x900", "1600x900x2", "-640x400", "0x0",
                                   "199x150", "200x149", "20001x900", "900x20001", "123456x900"};
        for (const auto &c : commands) {
            int n = 0;
            for (const char *size : good) {
                const QString image = m_dir.filePath(QStringLiteral("size-%1-%2.png").arg(QLatin1String(c.name)).arg(n++));
                QTest::addRow("%s %s", c.name, size)
                    << (c.arguments + QStringList{QStringLiteral("--image"), image}) << QString::fromLatin1(size)
                    << image << QString();
            }
            for (const char *size : bad) {
                const QString image = m_dir.filePath(QStringLiteral("never.png"));
                QTest::addRow("%s %s", c.name, size)
                    << (c.arguments + QStringList{QStringLiteral("--image"), image}) << QString::fromLatin1(size)
                    << image
                    << QStringLiteral("taskline %1: --size: expected WxH like 1600x900, got \u0022%2\u0022")
                           .arg(QLatin1String(c.name), QLatin1String(size));
            }
        }
        for (const auto &c : commands) {
            QTest::addRow("%s --size without --image", c.name)
                    << c.arguments << QStringLiteral("800x600") << QString()
                    << QStringLiteral("taskline %1: --size applies to --image").arg(QLatin1String(c.name));
        }
    }

    void imageSize()
    {
        QFETCH(QStringList, command);
        QFETCH(QString, size);
        QFETCH(QString, image);
        QFETCH(QString, stderrSays);
        const Result r = taskline(command + QStringList{QStringLiteral("--size"), size});
        if (!stderrSays.isEmpty()) {
            QVERIFY2(r.exitCode == 2, r.err.constData());
            QVERIFY2(r.err.contains(stderrSays.toUtf8()), r.err.constData());
            QVERIFY(image.isEmpty() || !QFileInfo::exists(image));
            return;
        }
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QFile png(image);
        QVERIFY(png.open(QIODevice::ReadOnly));
        const QByteArray header = png.read(24); // signature, IHDR: width, height (big-endian)
        QVERIFY(header.startsWith("\x89PNG"));
        const auto be32 = [&](int at) {
            return (uchar(header[at]) << 24) | (uchar(header[at + 1]) << 16) | (uchar(header[at + 2]) << 8) |
                   uchar(header[at + 3]);
        };
        const QStringList wh = size.toLower().split(QLatin1Char('x'));
        QCOMPARE(int(be32(16)), wh[0].toInt());
        QCOMPARE(int(be32(20)), wh[1].toInt());
    }

    void predictJsonHasTheSpecKeys_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<int>("threads");
        QTest::addColumn<QString>("mode");
        QTest::newRow("as the file says") << QStringList{} << 4 << "pool";
        QTest::newRow("two threads, seed 3")
            << QStringList{QStringLiteral("--threads"), QStringLiteral("2"), QStringLiteral("--seed"), QStringLiteral("3")}
            << 2 << "pool";
        QTest::newRow("sequential") << QStringList{QStringLiteral("--mode"), QStringLiteral("sequential")} << 1
                                    << "sequential";
    }

    void predictJsonHasTheSpecKeys()
    {
        QFETCH(QStringList, extra);
        QFETCH(int, threads);
        QFETCH(QString, mode);
        const Result r = taskline(QStringList{QStringLiteral("predict"), example("demo.json"),
                                              QStringLiteral("--json")} + extra);
        QCOMPARE(r.exitCode, 0);
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(r.out, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, r.out.constData());
        QStringList keys = o.keys();
        keys.sort();
        QStringList expected = {"scenario", "threads", "mode", "seed", "tasks", "attempts",
                                "makespan_ms", "status", "parallelism", "utilization",
                                "throughput_per_s", "wait_ms", "latency_ms"};
        expected.sort();
        QCOMPARE(keys, expected);
        QCOMPARE(o.value(QStringLiteral("threads")).toInt(), threads);
        QCOMPARE(o.value(QStringLiteral("mode")).toString(), mode);
        QCOMPARE(o.value(QStringLiteral("tasks")).toInt(), 11);
        QVERIFY(o.value(QStringLiteral("attempts")).toInt() >= 11);
        QVERIFY(o.value(QStringLiteral("makespan_ms")).toDouble() > 0);
        const QJsonObject status = o.value(QStringLiteral("status")).toObject();
        int sum = 0;
        for (const char *s : {"ok", "failed", "timed_out", "cancelled", "skipped"}) {
            QVERIFY2(status.contains(QLatin1String(s)), s);
            sum += status.value(QLatin1String(s)).toInt();
        }
        QCOMPARE(sum, 11);
        for (const char *p : {"wait_ms", "latency_ms"}) {
            const QJsonObject q = o.value(QLatin1String(p)).toObject();
            QCOMPARE(q.keys().size(), 4);
            QVERIFY(q.value(QStringLiteral("p50")).toDouble() <= q.value(QStringLiteral("max")).toDouble());
        }
    }

    void sequentialIsSlowerThanThePool()
    {
        const auto makespan = [](const QStringList &extra) {
            const Result r = taskline(QStringList{QStringLiteral("predict"), example("timers-vs-blocking.json"),
                                                  QStringLiteral("--json")} + extra);
            return QJsonDocument::fromJson(r.out).object().value(QStringLiteral("makespan_ms")).toDouble();
        };
        const double pool = makespan({});
        const double sequential = makespan({QStringLiteral("--mode"), QStringLiteral("sequential")});
        QVERIFY(pool > 0);
        QVERIFY2(sequential > 2 * pool, qPrintable(QStringLiteral("%1 vs %2").arg(sequential).arg(pool)));
    }

    void validateJson_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("tasks");
        QTest::addColumn<int>("expanded");
        QTest::newRow("demo") << example("demo.json") << 0 << true << 4 << 11;
        QTest::newRow("invalid") << write("invalid.json", R"({"taskline": 2, "tasks": []})") << 2 << false << 0 << 0;
        QTest::newRow("syntax error") << write("syntax.json", "{\"taskline\": 1,\n \"tasks\": [}") << 2 << false << 0 << 0;
    }

    void validateJson()
    {
        QFETCH(QString, path);
        QFETCH(int, exitCode);
        QFETCH(bool, ok);
        QFETCH(int, tasks);
        QFETCH(int, expanded);
        const Result r = taskline({QStringLiteral("validate"), path, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, exitCode);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("ok")).toBool(), ok);
        QCOMPARE(o.value(QStringLiteral("tasks")).toInt(), tasks);
        QCOMPARE(o.value(QStringLiteral("expanded")).toInt(), expanded);
        QCOMPARE(o.value(QStringLiteral("error")).isNull(), ok);
        if (!ok)
            QVERIFY(o.value(QStringLiteral("error")).toString().contains(QFileInfo(path).fileName()));
    }

    void sweepJsonHasTheSpecShape_data()
    {
        QTest::addColumn<bool>("measure");
        QTest::newRow("predicted only") << false;
        QTest::newRow("measured too") << true;
    }

    void sweepJsonHasTheSpecShape()
    {
        QFETCH(bool, measure);
        QStringList arguments{QStringLiteral("sweep"), example("demo.json"), QStringLiteral("--threads"),
                              QStringLiteral("4,1,2"), QStringLiteral("--json")};
        if (measure)
            arguments.append(QStringLiteral("--measure"));
        const Result r = taskline(arguments);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(r.out, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, r.out.constData());
        QStringList keys = o.keys();
        keys.sort();
        QCOMPARE(keys, (QStringList{"points", "recommended_threads", "scenario"}));
        QCOMPARE(o.value(QStringLiteral("scenario")).toString(),
                 QStringLiteral("Fan-out fetch, then parse and save"));
        const QJsonArray points = o.value(QStringLiteral("points")).toArray();
        QCOMPARE(points.size(), 3);
        double previousMs = 1e300;
        for (qsizetype i = 0; i < points.size(); ++i) {
            const QJsonObject p = points[i].toObject();
            QStringList pointKeys = p.keys();
            pointKeys.sort();
            QCOMPARE(pointKeys, (QStringList{"measured_makespan_ms", "predicted_makespan_ms", "speedup",
                                             "threads"}));
            QCOMPARE(p.value(QStringLiteral("threads")).toInt(), 1 << i); // sorted: 1, 2, 4
            const double predicted = p.value(QStringLiteral("predicted_makespan_ms")).toDouble();
            QVERIFY(predicted > 0 && predicted < previousMs); // the demo gains from each doubling
            previousMs = predicted;
            const QJsonValue measured = p.value(QStringLiteral("measured_makespan_ms"));
            if (measure) {
                QVERIFY(measured.isDouble());
                QVERIFY(measured.toDouble() > 0);
            } else {
                QVERIFY(measured.isNull());
            }
            QVERIFY(p.value(QStringLiteral("speedup")).toDouble() > 0);
        }
        QCOMPARE(points[0].toObject().value(QStringLiteral("speedup")).toDouble(), 1.0);
        QCOMPARE(o.value(QStringLiteral("recommended_threads")).toInt(), 4);
    }

    void sweepCtrlCCancels()
    {
        // The first run takes 3 s: Ctrl+C lands in it and stops the sweep.
        const QString path = write("slow.json", R"({"taskline": 1, "name": "slow", "tasks": [
            {"id": "wait", "kind": "io", "duration_ms": 1500, "count": 2}]})");
        QProcess p;
        p.start(QStringLiteral(TASKLINE_BINARY_DIR "/app/taskline"),
                {QStringLiteral("sweep"), path, QStringLiteral("--threads"), QStringLiteral("1,2"),
                 QStringLiteral("--measure"), QStringLiteral("--json")});
        QVERIFY(p.waitForStarted());
        QTest::qSleep(800); // past start-up (slower under sanitizers), into the first run
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        QVERIFY(p.readAllStandardError().contains("cancelled"));
        const QJsonArray points =
            QJsonDocument::fromJson(p.readAllStandardOutput()).object().value(QStringLiteral("points")).toArray();
        QCOMPARE(points.size(), 2);
        QVERIFY(points[1].toObject().value(QStringLiteral("measured_makespan_ms")).isNull());
    }

    void sweepWritesCsvAndImages_data()
    {
        QTest::addColumn<QString>("image");
        QTest::addColumn<QByteArray>("magic");
        QTest::newRow("png") << "sweep.png" << QByteArray("\x89PNG");
        QTest::newRow("svg") << "sweep.svg" << QByteArray("<?xml");
        QTest::newRow("pdf") << "sweep.pdf" << QByteArray("%PDF");
    }

    void sweepWritesCsvAndImages()
    {
        QFETCH(QString, image);
        QFETCH(QByteArray, magic);
        const QString imagePath = m_dir.filePath(image);
        const QString csvPath = m_dir.filePath(image + QStringLiteral(".csv"));
        const Result r = taskline({QStringLiteral("sweep"), example("demo.json"), QStringLiteral("--threads"),
                                   QStringLiteral("1..3,8"), QStringLiteral("--image"), imagePath,
                                   QStringLiteral("--csv"), csvPath});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("Recommended: "));
        QFile picture(imagePath);
        QVERIFY(picture.open(QIODevice::ReadOnly));
        QVERIFY(picture.size() > 1000);
        QVERIFY(picture.read(magic.size()) == magic);
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 5); // a header and one row per thread count
        QVERIFY(lines[0].startsWith("threads,predicted_makespan_ms"));
        QVERIFY(lines[4].startsWith("8,"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
