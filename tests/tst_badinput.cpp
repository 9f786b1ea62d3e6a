#include "plan.h"
#include "scenariorules_p.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <thread>

using namespace Taskline;
namespace R = Taskline::Rules;

// Bad input as a user gives it: a file on the command line of the real `taskline validate` and
// `taskline render`, the exit code (2 invalid, 3 unreadable) and a message on stderr that names
// the file and the place (line:column and, where there is one, the key path).
class TestBadInput : public QObject
{
    Q_OBJECT

    struct Result
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    static Result taskline(const QStringList &arguments, int timeoutMs = 60000)
    {
        QProcess p;
        p.start(QStringLiteral(TASKLINE_BINARY_DIR "/app/taskline"), arguments);
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
            return {-2, {}, "timed out"};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                p.readAllStandardOutput(), p.readAllStandardError()};
    }

    QTemporaryDir m_dir;
    int m_files = 0;

    QString write(const QByteArray &content)
    {
        const QString path = m_dir.filePath(QStringLiteral("case-%1.json").arg(++m_files));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    // stderr names the file and a line:column in it, and says `says`.
    static void verifyMessage(const Result &r, const QString &path, const QString &says)
    {
        const QString err = QString::fromUtf8(r.err);
        const QRegularExpression located(QRegularExpression::escape(path) +
                                         QStringLiteral(":\\d+:\\d+: "));
        QVERIFY2(located.match(err).hasMatch(), qPrintable(QStringLiteral("no file:line:col in: ") + err));
        QVERIFY2(err.contains(says), qPrintable(QStringLiteral("no \"%1\" in: %2").arg(says, err)));
    }

    // ---- cases built from the rule table (model/scenariorules_p.h) --------------------------

    struct Case
    {
        QString name;
        QByteArray json;
        QString says; // the place and/or the rule's own sentence
    };

    static QByteArray latin1(std::string_view s) { return QByteArray(s.data(), qsizetype(s.size())); }

    static QByteArray number(double v)
    {
        return R::formatNumber(v).toLatin1();
    }

    // A valid first task, then task "t" with `key` set to `value` (file tasks for "bytes").
    static QByteArray scenarioWithTask(std::string_view key, const QByteArray &value)
    {
        QList<QPair<QByteArray, QByteArray>> fields = {{"id", "\"t\""}, {"duration_ms", "10"}};
        if (key == "bytes")
            fields = {{"id", "\"t\""}, {"kind", "\"file\""}, {"bytes", "1024"}};
        bool replaced = false;
        for (auto &f : fields) {
            if (f.first == latin1(key)) {
                f.second = value;
                replaced = true;
            }
        }
        if (!replaced)
            fields.append({latin1(key), value});
        QByteArray task = "{";
        for (const auto &f : fields)
            task += (task.size() > 1 ? ", \"" : "\"") + f.first + "\": " + f.second;
        task += '}';
        return "{\"taskline\": 1, \"tasks\": [\n  {\"id\": \"ok\", \"duration_ms\": 1},\n  " + task +
               "\n]}";
    }

    static QByteArray scenarioWithTop(std::string_view key, const QByteArray &value)
    {
        QByteArray doc = "{\"taskline\": 1";
        if (key != "taskline")
            doc = "{\"taskline\": 1, \"" + latin1(key) + "\": " + value;
        else
            doc = "{\"taskline\": " + value;
        if (key != "tasks")
            doc += ", \"tasks\": [{\"id\": \"a\", \"duration_ms\": 1}]";
        return doc + '}';
    }

    // A value of the wrong JSON type for `rule`.
    static QByteArray wrongType(const R::Rule &rule)
    {
        switch (rule.type) {
        case R::Type::String:
        case R::Type::Id:
        case R::Type::Kind:
        case R::Type::Shape:
        case R::Type::Mode:
            return "12";
        case R::Type::IdList:
            return "\"a\"";
        case R::Type::Tasks:
            return "{}";
        default:
            return "\"12\"";
        }
    }

    // Values of the right type that the rule rejects, with the sentence that says so.
    static QList<QPair<QByteArray, QString>> badValues(const R::Rule &rule)
    {
        QList<QPair<QByteArray, QString>> bad;
        switch (rule.type) {
        case R::Type::Number:
        case R::Type::Integer: {
            const double low = rule.minExclusive ? rule.min - 1 : rule.min - 1;
            const double high = rule.max + 1;
            const bool integer = rule.type == R::Type::Integer;
            bad.append({number(low), integer ? R::checkInteger(rule, low) : R::checkRange(rule, low)});
            bad.append({number(high), integer ? R::checkInteger(rule, high) : R::checkRange(rule, high)});
            if (integer)
                bad.append({"1.5", R::checkInteger(rule, 1.5)});
            bad.append({"NaN", QStringLiteral("not valid JSON")});
            break;
        }
        case R::Type::UInt64:
            bad.append({"-1", QStringLiteral("must be an integer between 0 and")});
            bad.append({"18446744073709551616", QStringLiteral("must be an integer between 0 and")});
            break;
        case R::Type::Version:
            bad.append({"2", R::unsupportedVersion(QStringLiteral("2"))});
            break;
        case R::Type::Id:
            bad.append({"\"a b\"", R::checkId(u"a b")});
            bad.append({"\"\"", QStringLiteral("must not be empty")});
            break;
        case R::Type::IdList:
            bad.append({"[1]", QStringLiteral("after[0]")});
            bad.append({"[\"nope\"]", QStringLiteral("\"nope\" names no task")});
            break;
        case R::Type::Kind:
        case R::Type::Shape:
        case R::Type::Mode:
            bad.append({"\"bogus\"", R::expected(rule)});
            break;
        case R::Type::Tasks:
            bad.append({"[]", R::noTasks()});
            bad.append({"[1]", QStringLiteral("tasks[0]: must be a task object")});
            break;
        case R::Type::String:
            break; // any string will do
        }
        return bad;
    }

    static QList<Case> ruleCases()
    {
        QList<Case> cases;
        for (int i = 0; i < R::FieldCount; ++i) {
            const R::Rule &rule = R::rule(R::Field(i));
            const QString key = QString::fromLatin1(latin1(rule.key));
            const QString place = QStringLiteral("tasks[1].") + key;
            cases.append({key + QStringLiteral(": wrong type"), scenarioWithTask(rule.key, wrongType(rule)), place});
            for (const auto &[value, says] : badValues(rule)) {
                cases.append({key + QStringLiteral(": ") + QString::fromUtf8(value),
                              scenarioWithTask(rule.key, value), says});
                if (!says.contains(QLatin1String("not valid JSON")))
                    cases.append({key + QStringLiteral(": ") + QString::fromUtf8(value) + QStringLiteral(" (place)"),
                                  scenarioWithTask(rule.key, value), key == QLatin1String("after") ? place + QStringLiteral("[0]") : place});
            }
        }
        for (int i = 0; i < R::TopCount; ++i) {
            const R::Rule &rule = R::rule(R::Top(i));
            const QString key = QString::fromLatin1(latin1(rule.key));
            cases.append({key + QStringLiteral(": wrong type"), scenarioWithTop(rule.key, wrongType(rule)),
                          key + QStringLiteral(": ") + R::expected(rule)});
            for (const auto &[value, says] : badValues(rule))
                cases.append({key + QStringLiteral(": ") + QString::fromUtf8(value), scenarioWithTop(rule.key, value), says});
        }
        return cases;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Every rule of the table has a wrong-type case, and every rule with a range or a set of
    // values a case beyond it: a rule added to the table is covered here without more code.
    void everyRuleIsCovered()
    {
        QSet<QString> covered;
        for (const Case &c : ruleCases())
            covered.insert(c.name.section(QLatin1Char(':'), 0, 0));
        for (const QString &key : R::fieldKeys() + R::topKeys())
            QVERIFY2(covered.contains(key), qPrintable(key));
    }

    void scenarioRules_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("says");
        for (const Case &c : ruleCases())
            QTest::newRow(qPrintable(c.name)) << c.json << c.says;

        auto row = [](const char *name, const QByteArray &json, const QString &says) {
            QTest::newRow(name) << json << says;
        };
        const QByteArray a = "{\"id\": \"a\", \"duration_ms\": 1}";
        row("missing taskline", "{\"tasks\": [" + a + "]}", QStringLiteral("taskline: missing"));
        row("missing tasks", "{\"taskline\": 1}", QStringLiteral("tasks: missing"));
        row("unknown top key, suggested", "{\"taskline\": 1, \"thread\": 2, \"tasks\": [" + a + "]}",
            QStringLiteral("did you mean \"threads\""));
        row("unknown task key, suggested", "{\"taskline\": 1, \"tasks\": [{\"id\": \"a\", \"duraton_ms\": 1}]}",
            QStringLiteral("did you mean \"duration_ms\""));
        row("duplicate top key", "{\"taskline\": 1, \"seed\": 1, \"seed\": 2, \"tasks\": [" + a + "]}",
            QStringLiteral("seed: duplicate key"));
        row("duplicate task key", "{\"taskline\": 1, \"tasks\": [{\"id\": \"a\", \"duration_ms\": 1, \"duration_ms\": 2}]}",
            QStringLiteral("duplicate key \"duration_ms\" in tasks[0]"));
        row("duplicate id", "{\"taskline\": 1, \"tasks\": [" + a + ", " + a + "]}",
            QStringLiteral("tasks[1].id (\"a\"): duplicate id"));
        row("after names no task", "{\"taskline\": 1, \"tasks\": [{\"id\": \"a\", \"duration_ms\": 1, \"after\": [\"b\"]}]}",
            QStringLiteral("tasks[0].after[0]"));
        row("dependency cycle",
            "{\"taskline\": 1, \"tasks\": [{\"id\": \"a\", \"duration_ms\": 1, \"after\": [\"b\"]},\n"
            "{\"id\": \"b\", \"duration_ms\": 1, \"after\": [\"a\"]}]}",
            QStringLiteral("dependency cycle"));
        row("more than a million tasks",
            "{\"taskline\": 1, \"tasks\": [{\"id\": \"a\", \"duration_ms\": 1, \"count\": 1000000}, {\"id\": \"b\", \"duration_ms\": 1}]}",
            QStringLiteral("more than 1000000 tasks"));
        row("missing id", "{\"taskline\": 1, \"tasks\": [{\"duration_ms\": 1}]}", QStringLiteral("tasks[0].id: missing"));
        row("missing duration", "{\"taskline\": 1, \"tasks\": [{\"id\": \"a\", \"kind\": \"io\"}]}",
            R::missingDuration(TaskKind::Io));
        row("missing bytes", "{\"taskline\": 1, \"tasks\": [{\"id\": \"a\", \"kind\": \"file\"}]}", R::missingBytes());
        row("bytes on a cpu task", "{\"taskline\": 1, \"tasks\": [{\"id\": \"a\", \"duration_ms\": 1, \"bytes\": 10}]}",
            R::bytesNotForKind(TaskKind::Cpu));
        row("document is an array", "[" + a + "]", QStringLiteral("must be a JSON object"));
        row("document is a string", "\"taskline\"", QStringLiteral("must be a JSON object"));
        // Syntax errors: line:column is checked for every row.
        row("trailing comma", "{\"taskline\": 1, \"tasks\": [" + a + ",]}", QStringLiteral("syntax error"));
        row("missing colon", "{\"taskline\" 1}", QStringLiteral("expected ':'"));
        row("unterminated string", "{\"taskline\": 1, \"name\": \"abc", QStringLiteral("unterminated string"));
        row("line break in a string", "{\"taskline\": 1, \"name\": \"a\nb\", \"tasks\": [" + a + "]}",
            QStringLiteral("line break inside a string"));
        row("invalid escape", "{\"taskline\": 1, \"name\": \"\\q\", \"tasks\": [" + a + "]}", QStringLiteral("invalid escape"));
        row("unpaired surrogate", "{\"taskline\": 1, \"name\": \"\\ud800\", \"tasks\": [" + a + "]}",
            QStringLiteral("unpaired surrogate"));
        row("leading zero", "{\"taskline\": 01, \"tasks\": [" + a + "]}", QStringLiteral("leading zeros"));
        row("typographic quotes", "{\xe2\x80\x9ctaskline\xe2\x80\x9d: 1}", QStringLiteral("typographic quote"));
        row("content after the document", "{\"taskline\": 1, \"tasks\": [" + a + "]} {}", QStringLiteral("after the end"));
        row("single quotes", "{'taskline': 1}", QStringLiteral("syntax error"));
        row("comment", "// a scenario\n{\"taskline\": 1, \"tasks\": [" + a + "]}", QStringLiteral("syntax error"));
    }

    void scenarioRules()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, says);
        const QString path = write(json);
        const Result r = taskline({QStringLiteral("validate"), path});
        QVERIFY2(r.exitCode == 2, r.err.constData());
        verifyMessage(r, path, says);
    }

    // Files no scenario looks like. All fail with exit 2 and a located message, never a crash.
    void unusualFiles_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("says");
        const QByteArray a = "{\"id\": \"a\", \"duration_ms\": 1}";
        const QByteArray valid = "{\"taskline\": 1, \"tasks\": [" + a + "]}";
        QTest::newRow("empty file") << QByteArray() << 2 << "the file is empty";
        QTest::newRow("only white space") << QByteArray(" \n\t\r\n") << 2 << "the file is empty";
        QByteArray garbage(4096, Qt::Uninitialized);
        QRandomGenerator rng(8);
        for (char &c : garbage)
            c = char(rng.bounded(256));
        QTest::newRow("binary garbage") << garbage << 2 << "syntax error";
        QTest::newRow("NUL bytes") << QByteArray(64, '\0') << 2 << "syntax error";
        QTest::newRow("UTF-8 BOM, valid") << QByteArray("\xef\xbb\xbf" + valid) << 0 << "";
        QTest::newRow("UTF-8 BOM, then an error") << QByteArray("\xef\xbb\xbf{\"taskline\": 2}") << 2 << "unsupported format version 2";
        QTest::newRow("UTF-16 BOM") << QByteArray("\xff\xfe{\0}\0", 6) << 2 << "syntax error";
        QTest::newRow("invalid UTF-8 in a string")
            << QByteArray("{\"taskline\": 1, \"name\": \"caf\xe9\", \"tasks\": [" + a + "]}") << 2 << "invalid UTF-8";
        QTest::newRow("invalid UTF-8 in a key") << QByteArray("{\"taskline\": 1, \"\xff\": 1}") << 2 << "invalid UTF-8";
        QTest::newRow("UTF-8 surrogate in an id")
            << QByteArray("{\"taskline\": 1, \"tasks\": [{\"id\": \"\xed\xa0\x80\", \"duration_ms\": 1}]}") << 2
            << "invalid UTF-8";
        QTest::newRow("overlong UTF-8") << QByteArray("{\"taskline\": 1, \"name\": \"\xc0\xaf\", \"tasks\": [" + a + "]}") << 2
                                        << "invalid UTF-8";
        const int deep = 100000;
        QTest::newRow("10^5 nested arrays") << QByteArray(QByteArray(deep, '[') + QByteArray(deep, ']')) << 2
                                            << "must be a JSON object";
        QByteArray objects;
        for (int i = 0; i < deep; ++i)
            objects += "{\"a\":";
        objects += "1" + QByteArray(deep, '}');
        QTest::newRow("10^5 nested objects") << objects << 2 << "unknown key \"a\"";
        QTest::newRow("10^5 nested objects in a scenario")
            << QByteArray("{\"taskline\": 1, \"name\": " + objects + "}") << 2 << "name: must be a string";
        QTest::newRow("10^5 nested arrays in a task")
            << QByteArray("{\"taskline\": 1, \"tasks\": [{\"id\": \"a\", \"duration_ms\": 1, \"error\": " +
                          QByteArray(deep, '[') + QByteArray(deep, ']') + "}]}")
            << 2 << "tasks[0]";
        QTest::newRow("unclosed 10^5 nesting") << QByteArray(deep, '[') << 2 << "must be a JSON object";
        QTest::newRow("unclosed 10^5 nesting in a scenario")
            << QByteArray("{\"taskline\": 1, \"tasks\": " + QByteArray(deep, '[')) << 2 << "syntax error";
        auto withDuration = [&](const QByteArray &v) {
            return QByteArray("{\"taskline\": 1, \"tasks\": [{\"id\": \"a\", \"duration_ms\": " + v + "}]}");
        };
        QTest::newRow("1e400") << withDuration("1e400") << 2 << "out of range";
        QTest::newRow("-1e400") << withDuration("-1e400") << 2 << "out of range";
        QTest::newRow("400 digits") << withDuration(QByteArray(400, '9')) << 2 << "out of range";
        QTest::newRow("seed beyond 2^64") << QByteArray("{\"taskline\": 1, \"seed\": 99999999999999999999999, \"tasks\": [" + a + "]}")
                                          << 2 << "seed";
        QTest::newRow("threads 1e400") << QByteArray("{\"taskline\": 1, \"threads\": 1e400, \"tasks\": [" + a + "]}") << 2
                                       << "out of range";
        QTest::newRow("version 1e400") << QByteArray("{\"taskline\": 1e400, \"tasks\": []}") << 2 << "out of range";
        QTest::newRow("NaN") << withDuration("NaN") << 2 << "NaN is not valid JSON";
        QTest::newRow("Infinity") << withDuration("Infinity") << 2 << "Infinity is not valid JSON";
        QTest::newRow("-Infinity") << withDuration("-Infinity") << 2 << "not valid JSON";
        QTest::newRow("nan") << withDuration("nan") << 2 << "nan is not valid JSON";
        QTest::newRow("nul") << withDuration("nul") << 2 << "syntax error";
        QTest::newRow("nullx") << withDuration("nullx") << 2 << "syntax error";
        QTest::newRow("nan as a name") << QByteArray("{\"taskline\": 1, \"name\": nan}") << 2 << "nan is not valid JSON";
        QTest::newRow("string \"NaN\"") << withDuration("\"NaN\"") << 2 << "must be a number";
        QTest::newRow("duplicate keys everywhere")
            << QByteArray("{\"taskline\": 1, \"taskline\": 1, \"tasks\": [{\"id\": \"a\", \"id\": \"b\"}]}") << 2
            << "duplicate key";
        QTest::newRow("a NUL inside a string") << QByteArray("{\"taskline\": 1, \"name\": \"a\0b\"}", 31) << 2
                                                << "control character";
    }

    void unusualFiles()
    {
        QFETCH(QByteArray, content);
        QFETCH(int, exitCode);
        QFETCH(QString, says);
        const QString path = write(content);
        const Result r = taskline({QStringLiteral("validate"), path});
        QVERIFY2(r.exitCode == exitCode, r.err.constData());
        if (exitCode != 0)
            verifyMessage(r, path, says);
    }

    // Paths that are no readable file: exit 3 (an I/O error), naming the path and the reason.
    void unreadablePaths_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("says");
        QTest::newRow("a directory") << m_dir.path() << "it is a directory";
        QTest::newRow("no such file") << m_dir.filePath(QStringLiteral("none.json")) << "No such file";
        QTest::newRow("a file under a file") << write("{}") + QStringLiteral("/x.json") << "cannot read";
        // The child reads its own address 0: a read that fails half way, even for root.
        QTest::newRow("a read error (EIO)") << "/proc/self/mem" << "cannot read";
    }

    void unreadablePaths()
    {
        QFETCH(QString, path);
        QFETCH(QString, says);
        for (const char *command : {"validate", "run", "predict"}) {
            const Result r = taskline({QLatin1String(command), path});
            QVERIFY2(r.exitCode == 3, r.err.constData());
            QVERIFY2(r.err.contains(path.toUtf8()), r.err.constData());
            QVERIFY2(r.err.contains(says.toUtf8()), r.err.constData());
        }
        const Result r = taskline({QStringLiteral("render"), path});
        QVERIFY2(r.exitCode == 3, r.err.constData());
        QVERIFY2(r.err.contains(path.toUtf8()), r.err.constData());
    }

    void unreadableFile()
    {
        if (geteuid() == 0)
            QSKIP("running as root, where chmod 000 does not stop reads (the EIO row of "
                  "unreadablePaths covers a failing read)");
        const QString path = write("{\"taskline\": 1, \"tasks\": [{\"id\": \"a\", \"duration_ms\": 1}]}");
        QVERIFY(QFile::setPermissions(path, QFileDevice::Permissions()));
        const Result r = taskline({QStringLiteral("validate"), path});
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QVERIFY2(r.exitCode == 3, r.err.constData());
        QVERIFY2(r.err.contains(path.toUtf8()), r.err.constData());
        QVERIFY2(r.err.contains("Permission denied"), r.err.constData());
    }

    // A FIFO whose writer stops half way: the file ends during the load, as when it is cut
    // short or vanishes; a pipe is read like any file (`taskline validate <(...)`).
    void fifoCutShort()
    {
        const QString path = m_dir.filePath(QStringLiteral("pipe.json"));
        QVERIFY(mkfifo(QFile::encodeName(path).constData(), 0600) == 0);
        std::thread writer([&] {
            const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY);
            if (fd < 0)
                return;
            const char half[] = "{\"taskline\": 1, \"tasks\": [\n  {\"id\": \"a\", \"durat";
            [[maybe_unused]] const ssize_t n = ::write(fd, half, sizeof half - 1);
            ::close(fd);
        });
        const Result r = taskline({QStringLiteral("validate"), path});
        writer.join();
        QVERIFY2(r.exitCode == 2, r.err.constData());
        verifyMessage(r, path, QStringLiteral("unterminated string"));
        QVERIFY2(r.err.contains(":2:"), r.err.constData()); // the line where it stops
    }

    // A large valid JSON file that is no scenario fails at once, without being read whole.
    void largeNonScenarioFailsFast_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<QByteArray>("element");
        QTest::addColumn<QByteArray>("tail");
        QTest::addColumn<QString>("says");
        QTest::newRow("an array of numbers") << QByteArray("[0") << QByteArray(",12345678") << QByteArray("]")
                                             << "must be a JSON object";
        QTest::newRow("a trace") << QByteArray("{\"traceEvents\": [{\"ph\":\"X\",\"ts\":0,\"dur\":1}")
                                 << QByteArray(",{\"ph\":\"X\",\"ts\":1,\"dur\":1,\"pid\":1,\"tid\":1,\"name\":\"work\"}")
                                 << QByteArray("]}") << "unknown key \"traceEvents\"";
    }

    void largeNonScenarioFailsFast()
    {
        QFETCH(QByteArray, head);
        QFETCH(QByteArray, element);
        QFETCH(QByteArray, tail);
        QFETCH(QString, says);
        constexpr qint64 Size = qint64(500) << 20;

        // The baseline: the largest resident size of a child so far (small files only).
        const Result small = taskline({QStringLiteral("validate"), write("{\"taskline\": 1}")});
        QCOMPARE(small.exitCode, 2);

        const QString path = m_dir.filePath(QStringLiteral("large.json"));
        QElapsedTimer writing;
        writing.start();
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QByteArray chunk;
            while (chunk.size() < (1 << 20))
                chunk += element;
            qint64 written = f.write(head);
            while (written < Size)
                written += f.write(chunk);
            written += f.write(tail);
            QVERIFY(f.error() == QFileDevice::NoError);
        }
        const qint64 writeMs = writing.elapsed();

        QElapsedTimer loading;
        loading.start();
        const Result r = taskline({QStringLiteral("validate"), path});
        const qint64 loadMs = loading.elapsed();
        rusage usage{};
        getrusage(RUSAGE_CHILDREN, &usage);
        QFile::remove(path);

        QVERIFY2(r.exitCode == 2, r.err.constData());
        verifyMessage(r, path, says);
        // Relative bounds: far less time than writing the file took (with room for a slow
        // start under sanitizers), far less memory than the file holds.
        QVERIFY2(loadMs < qMax<qint64>(writeMs, 3000), qPrintable(QStringLiteral("%1 ms to fail, %2 ms to write").arg(loadMs).arg(writeMs)));
        const qint64 peakBytes = qint64(usage.ru_maxrss) * 1024;
        qInfo("%lld MB written in %lld ms; failed in %lld ms, peak resident size %lld MB", Size >> 20,
              writeMs, loadMs, peakBytes >> 20);
        QVERIFY2(peakBytes < Size / 4, qPrintable(QStringLiteral("peak resident size %1 MB for a %2 MB file")
                                                      .arg(peakBytes >> 20)
                                                      .arg(Size >> 20)));
    }

    // ---- the trace importer (taskline render) ----------------------------------------------

    // Documents the importer refuses as a whole: exit 2, the file and line:column.
    void traceRejected_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("says");
        QTest::newRow("not JSON") << QByteArray("{\"traceEvents\": [{\"ph\": \"X\",]}") << "";
        QTest::newRow("empty file") << QByteArray() << "";
        QTest::newRow("binary garbage") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) << "";
        QTest::newRow("traceEvents is no array") << QByteArray("{\"traceEvents\": {\"ph\": \"X\"}}")
                                                 << "\"traceEvents\" must be an array";
        QTest::newRow("array of no objects") << QByteArray("[1, 2, 3]") << "holds no event objects";
        QTest::newRow("a number") << QByteArray("42") << "not a Chrome trace";
        QTest::newRow("no traceEvents") << QByteArray("{\"events\": []}") << "no \"traceEvents\" array";
        QTest::newRow("a scenario") << QByteArray("{\"taskline\": 1, \"tasks\": [{\"id\": \"a\", \"duration_ms\": 1}]}")
                                    << "but a Taskline scenario";
        QTest::newRow("nothing to show") << QByteArray("{\"traceEvents\": [{\"ph\": \"M\", \"pid\": 1, \"name\": "
                                                       "\"process_name\", \"args\": {\"name\": \"p\"}}]}")
                                         << "no spans or instant events";
        QTest::newRow("only malformed events") << QByteArray("{\"traceEvents\": [{\"ph\": \"X\"}, 7]}") << "2 malformed";
        QTest::newRow("10^5 nested arrays") << QByteArray("{\"traceEvents\": " + QByteArray(100000, '[') + QByteArray(100000, ']') + "}")
                                            << "1 malformed";
        QTest::newRow("1e400 timestamp") << QByteArray("[{\"ph\": \"X\", \"ts\": 1e400, \"dur\": 1}]") << "out of range";
        QTest::newRow("NaN timestamp") << QByteArray("[{\"ph\": \"X\", \"ts\": NaN, \"dur\": 1}]") << "not valid JSON";
        QTest::newRow("nan timestamp") << QByteArray("[{\"ph\": \"X\", \"ts\": nan, \"dur\": 1}]") << "not valid JSON";
        QTest::newRow("invalid UTF-8 name") << QByteArray("[{\"ph\": \"X\", \"ts\": 0, \"dur\": 1, \"name\": \"\xff\"}]")
                                            << "invalid UTF-8";
    }

    void traceRejected()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, says);
        const QString path = write(json);
        const Result r = taskline({QStringLiteral("render"), path});
        QVERIFY2(r.exitCode == 2, r.err.constData());
        QVERIFY2(r.err.contains(QByteArray(path.toUtf8() + ':')), r.err.constData());
        QVERIFY2(r.err.contains(says.toUtf8()), r.err.constData());
        if (!says.contains(QLatin1String("malformed")) && !says.contains(QLatin1String("no spans")) &&
            !says.contains(QLatin1String("no \"traceEvents\"")) && !says.contains(QLatin1String("Taskline scenario")))
            verifyMessage(r, path, says);
    }

    // Malformed events are left out of an otherwise good trace: exit 0, and a warning naming
    // the file, the event's line:column and why.
    void traceEventSkipped_data()
    {
        QTest::addColumn<QByteArray>("event");
        QTest::addColumn<QString>("says");
        QTest::newRow("not an object") << QByteArray("[1]") << "it is an array, not an object";
        QTest::newRow("no ph") << QByteArray("{\"ts\": 1}") << "no \"ph\"";
        QTest::newRow("no ts") << QByteArray("{\"ph\": \"X\", \"dur\": 1}") << "no \"ts\"";
        QTest::newRow("ts out of range") << QByteArray("{\"ph\": \"X\", \"ts\": 1e300, \"dur\": 1}") << "out of range";
        QTest::newRow("dur out of range") << QByteArray("{\"ph\": \"X\", \"ts\": 1, \"dur\": 1e300}") << "out of range";
        QTest::newRow("negative dur") << QByteArray("{\"ph\": \"X\", \"ts\": 1, \"dur\": -5}") << "negative \"dur\"";
        QTest::newRow("async without id") << QByteArray("{\"ph\": \"b\", \"cat\": \"c\", \"ts\": 1}") << "needs an \"id\"";
        QTest::newRow("ts of the wrong type") << QByteArray("{\"ph\": \"X\", \"ts\": [], \"dur\": 1}") << "left out";
    }

    void traceEventSkipped()
    {
        QFETCH(QByteArray, event);
        QFETCH(QString, says);
        const QByteArray json = "{\"traceEvents\": [\n"
                                "{\"ph\": \"X\", \"pid\": 1, \"tid\": 1, \"ts\": 0, \"dur\": 10, \"name\": \"good\"},\n  " +
                                event + "\n]}";
        const QString path = write(json);
        const Result r = taskline({QStringLiteral("render"), path});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains(QByteArray(path.toUtf8() + ": line 3:3")), r.err.constData());
        QVERIFY2(r.err.contains(says.toUtf8()), r.err.constData());
    }

    // Loading never writes or runs anything, whatever the ids and names say: validate and
    // render leave the working directory and the file's directory as they were.
    void loadingWritesNothing()
    {
        QTemporaryDir work, files;
        const QString scenario = files.filePath(QStringLiteral("s.json"));
        const QString trace = files.filePath(QStringLiteral("t.json"));
        for (const auto &[path, json] :
             {std::pair{scenario, QByteArray("{\"taskline\": 1, \"name\": \"$(touch pwned)\", \"tasks\": [{\"id\": \"..\", "
                                              "\"kind\": \"file\", \"bytes\": 10, \"error\": \"`touch pwned`\"}]}")},
              std::pair{trace, QByteArray("{\"traceEvents\": [{\"ph\": \"X\", \"ts\": 0, \"dur\": 1, \"name\": \"../../etc/x\"},"
                                           "{\"ph\": \"X\", \"ts\": 1, \"dur\": 1, \"name\": \"/abs/$(touch pwned)\", \"pid\": \"/tmp/p\"},"
                                           "{\"ph\": \"M\", \"pid\": 1, \"name\": \"process_name\", \"args\": {\"name\": \"../x\"}}]}")}}) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(json);
        }
        auto run = [&](const QStringList &arguments) {
            QProcess p;
            p.setWorkingDirectory(work.path());
            p.start(QStringLiteral(TASKLINE_BINARY_DIR "/app/taskline"), arguments);
            return p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        };
        QCOMPARE(run({QStringLiteral("validate"), scenario}), 0);
        QCOMPARE(run({QStringLiteral("predict"), scenario}), 0);
        QCOMPARE(run({QStringLiteral("render"), trace}), 0);
        QCOMPARE(run({QStringLiteral("render"), trace, QStringLiteral("--json")}), 0);
        const auto all = QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System;
        QCOMPARE(QDir(work.path()).entryList(all), QStringList{});
        QCOMPARE(QDir(files.path()).entryList(all, QDir::Name), (QStringList{QStringLiteral("s.json"), QStringLiteral("t.json")}));
    }

    void traceUnmatchedEvents()
    {
        const QString path = write("{\"traceEvents\": [\n"
                                   "{\"ph\": \"E\", \"pid\": 1, \"tid\": 1, \"ts\": 0},\n"
                                   "{\"ph\": \"B\", \"pid\": 1, \"tid\": 1, \"ts\": 1, \"name\": \"open\"},\n"
                                   "{\"ph\": \"X\", \"pid\": 1, \"tid\": 2, \"ts\": 0, \"dur\": 5, \"name\": \"x\"}\n]}");
        const Result r = taskline({QStringLiteral("render"), path, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains(path.toUtf8()), r.err.constData());
        QVERIFY2(r.err.contains("\"open\""), r.err.constData()); // the begin without an end
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
