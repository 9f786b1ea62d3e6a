#include "mainwindow.h"
#include "metrics.h"
#include "run.h"
#include "runcontroller.h"
#include "testsupport.h"
#include "widgettestsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <unistd.h>

#include <set>
#include <stdexcept>

using namespace Taskline;
using namespace Taskline::TestSupport;

// Faults while running (SPEC section 3): tasks that throw, cancels at awkward moments,
// timeouts racing completions, a window closed mid-run, temporary and export directories that
// are full or read-only, many runs in a row and a million tasks. None may crash, hang, leak a
// thread or a file, or lose a record.

namespace {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool Instrumented = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool Instrumented = true;
#else
constexpr bool Instrumented = false;
#endif
#else
constexpr bool Instrumented = false;
#endif

TaskSpec spec(const char *id, TaskKind kind, double ms, quint32 count = 1, QStringList after = {})
{
    TaskSpec t = taskSpec(QLatin1String(id), kind, ms, count, std::move(after));
    if (kind == TaskKind::File) {
        t.bytes = 1 << 20;
        t.hasDuration = false;
    }
    return t;
}

PlanPtr planOf(QList<TaskSpec> tasks, int threads)
{
    Scenario s = scenarioOf(std::move(tasks));
    s.threads = threads;
    return buildPlan(s);
}

RunConfig configOf(const PlanPtr &plan)
{
    return RunOverrides{}.resolve(plan->scenario());
}

Trace runToEnd(Run &run, int timeoutMs = 120000)
{
    QSignalSpy finished(&run, &Run::finished);
    run.start();
    if (!run.isFinished() && !finished.wait(timeoutMs))
        qFatal("run did not finish within %d ms", timeoutMs);
    return run.trace();
}

// The records of each task, by attempt.
std::vector<std::vector<AttemptRecord>> byTask(const Trace &trace)
{
    std::vector<std::vector<AttemptRecord>> all(trace.plan->taskCount());
    for (const AttemptRecord &r : trace.records)
        all[r.task].push_back(r);
    for (auto &records : all)
        std::sort(records.begin(), records.end(),
                  [](const AttemptRecord &a, const AttemptRecord &b) { return a.attempt < b.attempt; });
    return all;
}

int entries(const char *dir)
{
    return int(QDir(QLatin1String(dir)).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System).size());
}
int threadCount() { return entries("/proc/self/task"); }
int fdCount() { return entries("/proc/self/fd"); }

qint64 residentKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    const QRegularExpression rss(QStringLiteral("VmRSS:\\s+(\\d+)"));
    return rss.match(QString::fromLatin1(status.readAll())).captured(1).toLongLong();
}

bool isRoot() { return geteuid() == 0; }

// Files this process holds open under `dir`: the runner's temporary files are unnamed
// (O_TMPFILE), so they show here while being written but never in a listing.
int openFilesUnder(const QString &dir)
{
    int n = 0;
    for (const QString &fd : QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)) {
        char target[4096];
        const QByteArray link = QFile::encodeName(QStringLiteral("/proc/self/fd/") + fd);
        const ssize_t len = readlink(link.constData(), target, sizeof target - 1);
        if (len > 0 && QFile::decodeName(QByteArray(target, int(len))).startsWith(dir + QLatin1Char('/')))
            ++n;
    }
    return n;
}

// A tmpfs mounted on a directory for one test (needs root), unmounted when it goes.
class TmpfsMount
{
public:
    TmpfsMount(const QString &dir, const QString &options) : m_dir(dir)
    {
        QProcess p;
        p.start(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                          options, QStringLiteral("tmpfs"), dir});
        m_ok = p.waitForFinished(10000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
        m_why = QString::fromLocal8Bit(p.readAllStandardError()).trimmed();
        if (!m_ok && m_why.isEmpty())
            m_why = p.errorString();
    }
    ~TmpfsMount()
    {
        if (m_ok)
            QProcess::execute(QStringLiteral("umount"), {QStringLiteral("-l"), m_dir});
    }
    bool ok() const { return m_ok; }
    QString why() const { return m_why; }

private:
    QString m_dir;
    bool m_ok = false;
    QString m_why;
};

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

CliResult taskline(const QStringList &arguments, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                   const QString &workingDirectory = {})
{
    QProcess p;
    p.setProcessEnvironment(env);
    if (!workingDirectory.isEmpty())
        p.setWorkingDirectory(workingDirectory);
    p.start(QStringLiteral(TASKLINE_BINARY_DIR "/app/taskline"), arguments);
    if (!p.waitForFinished(120000))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QStringList listing(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
}
} // namespace

class TestRunFaults : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    // A directory no one can write to: a read-only tmpfs as root (chmod does not stop root),
    // else a directory without write permission. Null when neither can be had.
    std::unique_ptr<TmpfsMount> readOnlyDir(const QString &dir, QString *skip)
    {
        QDir().mkpath(dir);
        if (isRoot()) {
            auto mount = std::make_unique<TmpfsMount>(dir, QStringLiteral("ro,size=64k"));
            if (!mount->ok())
                *skip = QStringLiteral("cannot mount a read-only tmpfs: ") + mount->why();
            return mount;
        }
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        return nullptr;
    }

    // A directory that refuses writes: read-only, or (`full`) a tmpfs of `size` ("256k").
    // Returns the mount to keep until the end (null for a chmod'ed directory), or sets
    // `skip` to why such a directory cannot be made here.
    std::unique_ptr<TmpfsMount> badDirectory(const QString &dir, bool full, const QString &size,
                                             QString *skip)
    {
        if (!full)
            return readOnlyDir(dir, skip);
        QDir().mkpath(dir);
        if (!isRoot()) {
            *skip = QStringLiteral("a full directory needs a small tmpfs, which only root can mount");
            return nullptr;
        }
        auto mount = std::make_unique<TmpfsMount>(dir, QStringLiteral("size=") + size);
        if (!mount->ok())
            *skip = QStringLiteral("cannot mount a small tmpfs: ") + mount->why();
        return mount;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        useTestSettings(m_dir, QStringLiteral("tst_runfaults"));
        // Idle threads of Qt's global pool (predictions, loads) otherwise linger for 30 s and
        // would pass for leaked workers.
        QThreadPool::globalInstance()->setExpiryTimeout(100);
    }

    // A hook that throws in the attempts `throwing` of every task; retries follow the spec.
    void throwsInAttempts_data()
    {
        QTest::addColumn<QList<int>>("throwing");
        QTest::addColumn<int>("retries");
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("succeeds");
        for (const TaskKind kind : {TaskKind::Cpu, TaskKind::Io, TaskKind::File}) {
            const QByteArray k = kindName(kind).toLatin1();
            QTest::newRow(QByteArray(k + ": first attempt, no retries").constData()) << QList<int>{0} << 0 << int(kind) << false;
            QTest::newRow(QByteArray(k + ": first attempt, then a retry succeeds").constData()) << QList<int>{0} << 2 << int(kind) << true;
            QTest::newRow(QByteArray(k + ": first and second, third succeeds").constData()) << QList<int>{0, 1} << 2 << int(kind) << true;
            QTest::newRow(QByteArray(k + ": every attempt").constData()) << QList<int>{0, 1, 2, 3} << 3 << int(kind) << false;
            QTest::newRow(QByteArray(k + ": only a retry that never comes").constData()) << QList<int>{1} << 1 << int(kind) << true;
        }
    }

    void throwsInAttempts()
    {
        QFETCH(QList<int>, throwing);
        QFETCH(int, retries);
        QFETCH(int, kind);
        QFETCH(bool, succeeds);
        TaskSpec t = spec("t", TaskKind(kind), 1, 6);
        t.retries = quint32(retries);
        t.retryDelayMs = 2;
        if (TaskKind(kind) == TaskKind::File)
            t.bytes = 4096;
        const PlanPtr plan = planOf({t, spec("after", TaskKind::Io, 1, 1, {QStringLiteral("t")})}, 3);
        QTemporaryDir temp;
        Run run(plan, configOf(plan));
        run.setTemporaryDirectory(temp.path());
        // Several exception types, so each attempt's message is its own.
        run.setAttemptHook([throwing](quint32 task, quint32 attempt) {
            if (task >= 6 || !throwing.contains(int(attempt)))
                return;
            if (attempt % 2 == 0)
                throw std::runtime_error("attempt " + std::to_string(attempt) + " threw");
            throw int(attempt);
        });
        const Trace trace = runToEnd(run);
        const auto records = byTask(trace);
        for (quint32 task = 0; task < 6; ++task) {
            const auto &rs = records[task];
            int firstOk = 0;
            while (throwing.contains(firstOk))
                ++firstOk;
            const int expected = succeeds ? firstOk + 1 : retries + 1;
            QCOMPARE(int(rs.size()), expected);
            for (int a = 0; a < int(rs.size()); ++a) {
                QCOMPARE(int(rs[size_t(a)].attempt), a);
                const bool threw = throwing.contains(a);
                QCOMPARE(rs[size_t(a)].status, threw ? AttemptStatus::Failed : AttemptStatus::Ok);
                if (threw) {
                    const QString error = trace.error(rs[size_t(a)]);
                    QVERIFY2(error.contains(a % 2 == 0 ? QStringLiteral("attempt %1 threw").arg(a)
                                                       : QStringLiteral("threw int %1").arg(a)),
                             qPrintable(error));
                }
            }
        }
        QCOMPARE(records[6].back().status, succeeds ? AttemptStatus::Ok : AttemptStatus::Skipped);
        QVERIFY(listing(temp.path()).isEmpty());
    }

    // Cancel while the run waits for something: it stops within a fraction of the wait, every
    // record so far is kept, the rest are cancelled, nothing is left on disk.
    void cancelDuring_data()
    {
        QTest::addColumn<QString>("what");
        QTest::newRow("a retry delay") << "retry delay";
        QTest::newRow("file I/O") << "file";
        QTest::newRow("a timer") << "timer";
        QTest::newRow("a blocking wait") << "io";
        QTest::newRow("computation") << "cpu";
    }

    void cancelDuring()
    {
        QFETCH(QString, what);
        QTemporaryDir temp;
        TaskSpec t;
        if (what == QLatin1String("retry delay")) {
            t = spec("t", TaskKind::Io, 1);
            t.retries = 3;
            t.retryDelayMs = 30000;
        } else if (what == QLatin1String("file")) {
            t = spec("t", TaskKind::File, 0);
            t.bytes = qint64(1) << 30; // 1 GiB: long enough to be caught writing
        } else {
            t = spec("t", kindFromName(what).value_or(TaskKind::Cpu), 30000);
        }
        const PlanPtr plan = planOf({t, spec("next", TaskKind::Io, 1, 1, {QStringLiteral("t")})}, 2);
        Run run(plan, configOf(plan));
        run.setTemporaryDirectory(temp.path());
        if (what == QLatin1String("retry delay"))
            run.setAttemptHook([](quint32 task, quint32 attempt) {
                if (task == 0 && attempt == 0)
                    throw std::runtime_error("first attempt fails");
            });
        QSignalSpy finished(&run, &Run::finished);
        run.start();
        if (what == QLatin1String("retry delay"))
            QTRY_VERIFY_WITH_TIMEOUT(!run.trace().records.isEmpty(), 10000); // in the delay now
        else if (what == QLatin1String("file"))
            QTRY_VERIFY_WITH_TIMEOUT(openFilesUnder(temp.path()) > 0, 10000); // writing now
        else
            QTest::qWait(100);
        QVERIFY(run.isRunning());
        QElapsedTimer clock;
        clock.start();
        run.cancel();
        QVERIFY(finished.count() == 1 || finished.wait(10000));
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
        const auto records = byTask(run.trace());
        QCOMPARE(records[0].back().status, AttemptStatus::Cancelled);
        QVERIFY(!records[1].empty());
        QVERIFY(records[1].back().status == AttemptStatus::Cancelled ||
                records[1].back().status == AttemptStatus::Skipped);
        if (what == QLatin1String("retry delay")) {
            QCOMPARE(records[0].front().status, AttemptStatus::Failed);
            QCOMPARE(run.trace().error(records[0].front()), QStringLiteral("first attempt fails"));
        }
        QVERIFY2(listing(temp.path()).isEmpty(), qPrintable(listing(temp.path()).join(QLatin1Char(' '))));
        QCOMPARE(openFilesUnder(temp.path()), 0);
    }

    // Attempts whose timeout equals their duration: each ends once, as ok or timed_out,
    // whichever won, and the run's counts add up.
    void timeoutRacesCompletion_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("io") << int(TaskKind::Io);
        QTest::newRow("cpu") << int(TaskKind::Cpu);
        QTest::newRow("timer") << int(TaskKind::Timer);
    }

    void timeoutRacesCompletion()
    {
        QFETCH(int, kind);
        TaskSpec t = spec("t", TaskKind(kind), 2, 300);
        t.timeoutMs = 2;
        t.retries = 1;
        const PlanPtr plan = planOf({t, spec("join", TaskKind::Io, 0, 1, {QStringLiteral("t")})}, 4);
        Run run(plan, configOf(plan));
        const Trace trace = runToEnd(run);
        const auto records = byTask(trace);
        int ok = 0, timedOut = 0;
        for (quint32 task = 0; task < 300; ++task) {
            const auto &rs = records[task];
            QVERIFY(!rs.empty() && rs.size() <= 2);
            for (size_t a = 0; a < rs.size(); ++a) {
                QCOMPARE(int(rs[a].attempt), int(a));
                QVERIFY(rs[a].status == AttemptStatus::Ok || rs[a].status == AttemptStatus::TimedOut);
                if (rs[a].status == AttemptStatus::TimedOut)
                    QVERIFY2(trace.error(rs[a]).contains(QStringLiteral("timed out")), qPrintable(trace.error(rs[a])));
                QVERIFY(rs[a].endNs >= rs[a].startNs);
                if (a + 1 < rs.size())
                    QCOMPARE(rs[a].status, AttemptStatus::TimedOut); // only a timeout retries
            }
            (rs.back().status == AttemptStatus::Ok ? ok : timedOut) += 1;
        }
        QCOMPARE(ok + timedOut, 300);
        const Metrics m = computeMetrics(trace);
        QCOMPARE(m.count(AttemptStatus::Ok) - (records[300].back().status == AttemptStatus::Ok), qint64(ok));
    }

    // `file` tasks in a temporary directory that is full or read-only fail with the OS's reason.
    void fileTasksInABadTemporaryDirectory_data()
    {
        QTest::addColumn<bool>("full");
        QTest::addColumn<QString>("reason");
        QTest::newRow("full") << true << "No space left on device";
        QTest::newRow("read-only") << false << (isRoot() ? "Read-only file system" : "Permission denied");
    }

    void fileTasksInABadTemporaryDirectory()
    {
        QFETCH(bool, full);
        QFETCH(QString, reason);
        const QString dir = m_dir.filePath(full ? QStringLiteral("full") : QStringLiteral("readonly"));
        QString skip;
        const auto mount = badDirectory(dir, full, QStringLiteral("256k"), &skip);
        if (!skip.isEmpty())
            QSKIP(qPrintable(skip));
        const PlanPtr plan = planOf({spec("save", TaskKind::File, 0, 4), spec("ok", TaskKind::Io, 1, 2)}, 2);
        Run run(plan, configOf(plan));
        run.setTemporaryDirectory(dir);
        const Trace trace = runToEnd(run);
        const auto records = byTask(trace);
        for (quint32 task = 0; task < 4; ++task) {
            QCOMPARE(records[task].back().status, AttemptStatus::Failed);
            const QString error = trace.error(records[task].back());
            QVERIFY2(error.contains(reason), qPrintable(error));
            QVERIFY2(error.contains(dir), qPrintable(error));
        }
        QCOMPARE(records[4].back().status, AttemptStatus::Ok);
        QVERIFY2(listing(dir).isEmpty(), qPrintable(listing(dir).join(QLatin1Char(' '))));
        if (!mount)
            QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }

    // `taskline run --trace/--csv/--image` into a read-only or full directory: exit 3, the
    // reason on stderr, and no file (not even a partial or temporary one) left there.
    void exportToABadLocation_data()
    {
        QTest::addColumn<bool>("full");
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("name");
        for (const bool full : {false, true}) {
            const QByteArray where = full ? "full: " : "read-only: ";
            QTest::newRow(QByteArray(where + "--trace").constData()) << full << "--trace" << "out.json";
            QTest::newRow(QByteArray(where + "--csv").constData()) << full << "--csv" << "out.csv";
            QTest::newRow(QByteArray(where + "--image png").constData()) << full << "--image" << "out.png";
            QTest::newRow(QByteArray(where + "--image svg").constData()) << full << "--image" << "out.svg";
        }
    }

    void exportToABadLocation()
    {
        QFETCH(bool, full);
        QFETCH(QString, option);
        QFETCH(QString, name);
        const QString dir = m_dir.filePath(QStringLiteral("export-%1").arg(full ? QStringLiteral("full") : QStringLiteral("ro")));
        QString skip;
        const auto mount = badDirectory(dir, full, QStringLiteral("8k"), &skip);
        if (!skip.isEmpty())
            QSKIP(qPrintable(skip));
        if (full) {
            // Fill it but for a few bytes, so the export fails part way.
            QFile filler(dir + QStringLiteral("/filler"));
            QVERIFY(filler.open(QIODevice::WriteOnly));
            filler.write(QByteArray(8192 - 100, 'x'));
            filler.close();
        }
        const QStringList before = listing(dir);
        const QString scenario = writeFile(m_dir, QStringLiteral("export.json"),
                                           R"({"taskline": 1, "threads": 4, "tasks": [{"id": "a", "kind": "io", "duration_ms": 0.1, "count": 400}]})");
        const QString out = dir + QLatin1Char('/') + name;
        // Under ASan: Qt's PNG writer leaks its row pointers when libpng fails a write.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (full)
            env.insert(QStringLiteral("LSAN_OPTIONS"),
                       QStringLiteral("suppressions=" TASKLINE_SOURCE_DIR "/tests/lsan.supp"));
        const CliResult r = taskline({QStringLiteral("run"), scenario, option, out}, env);
        const QStringList after = listing(dir);
        if (!mount)
            QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QVERIFY2(r.exitCode == 3, r.err.constData());
        QVERIFY2(r.err.contains(out.toUtf8()) || r.err.contains(dir.toUtf8()), r.err.constData());
        QCOMPARE(after, before);
    }

    // Closing the window while a run is busy: no crash, the workers are joined, the temporary
    // files of `file` tasks are removed.
    void closingTheWindowDuringARun()
    {
        QTemporaryDir temp;
        const QByteArray oldTmp = qgetenv("TMPDIR");
        qputenv("TMPDIR", QFile::encodeName(temp.path()));
        const int threadsBefore = threadCount();
        {
            auto window = makeWindow();
            window->show();
            const QString path = writeFile(m_dir, QStringLiteral("busy.json"), R"({"taskline": 1, "threads": 4, "tasks": [
                {"id": "save", "kind": "file", "bytes": 1073741824, "count": 2},
                {"id": "wait", "kind": "io", "duration_ms": 30000, "count": 2},
                {"id": "spin", "kind": "cpu", "duration_ms": 30000},
                {"id": "tick", "kind": "timer", "duration_ms": 30000}]})");
            QVERIFY(window->openFile(path));
            window->startRun();
            QTRY_VERIFY_WITH_TIMEOUT(openFilesUnder(temp.path()) > 0, 20000); // files being written
            QVERIFY(window->isRunning());
            QElapsedTimer clock;
            clock.start();
            window->close();
            window.reset();
            QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
        }
        if (oldTmp.isNull())
            qunsetenv("TMPDIR");
        else
            qputenv("TMPDIR", oldTmp);
        QVERIFY2(listing(temp.path()).isEmpty(), qPrintable(listing(temp.path()).join(QLatin1Char(' '))));
        QCOMPARE(openFilesUnder(temp.path()), 0);
        // The run's pool threads are gone (Qt's own may linger a moment).
        QTRY_VERIFY_WITH_TIMEOUT(threadCount() <= threadsBefore, 10000);
    }

    // 1,000 runs in a row: no thread, file descriptor or temporary file outlives its run, and
    // memory stays flat once warmed up.
    void thousandRunsBackToBack()
    {
        QTemporaryDir temp;
        TaskSpec save = spec("save", TaskKind::File, 0, 2);
        save.bytes = 4096;
        TaskSpec flaky = spec("flaky", TaskKind::Io, 0, 2, {QStringLiteral("a")});
        flaky.failRate = 0.5;
        flaky.retries = 1;
        const PlanPtr plan = planOf({spec("a", TaskKind::Cpu, 0, 4), flaky, save,
                                     spec("c", TaskKind::Timer, 0, 1, {QStringLiteral("flaky")})},
                                    4);
        auto runOnce = [&](int i) {
            RunConfig config = configOf(plan);
            config.seed = quint64(i);
            Run run(plan, config);
            run.setTemporaryDirectory(temp.path());
            const Trace trace = runToEnd(run);
            return trace.records.size() >= plan->taskCount();
        };
        for (int i = 0; i < 20; ++i) // warm up: Qt's own threads and caches
            QVERIFY(runOnce(i));
        const int threads = threadCount();
        const int fds = fdCount();
        const qint64 rssKb = residentKb();
        const int runs = 1000;
        for (int i = 0; i < runs; ++i)
            QVERIFY(runOnce(i));
        QTRY_VERIFY_WITH_TIMEOUT(threadCount() <= threads, 10000);
        QCOMPARE(fdCount(), fds);
        QVERIFY(listing(temp.path()).isEmpty());
        const qint64 grownKb = residentKb() - rssKb;
        if (!Instrumented) // sanitizers keep freed memory in quarantine
            QVERIFY2(grownKb < 32 * 1024, qPrintable(QStringLiteral("grew by %1 kB").arg(grownKb)));
        qInfo("%d runs: %d threads, %d fds before and after; resident size grew by %lld kB", runs,
              threads, fds, grownKb);
    }

    // A million tasks run to completion with every record kept.
    void millionTasks()
    {
        const quint32 count = 1000000;
        const PlanPtr plan = planOf({spec("t", TaskKind::Io, 0, count)}, 4);
        QCOMPARE(plan->taskCount(), qsizetype(count));
        QElapsedTimer clock;
        clock.start();
        Run run(plan, configOf(plan));
        const Trace trace = runToEnd(run, 600000);
        QCOMPARE(trace.records.size(), qsizetype(count));
        std::vector<bool> seen(count, false);
        for (const AttemptRecord &r : trace.records) {
            QVERIFY(!seen[r.task]);
            seen[r.task] = true;
            if (r.status != AttemptStatus::Ok)
                QFAIL(qPrintable(QStringLiteral("task %1 ended %2").arg(r.task).arg(statusName(r.status))));
        }
        qInfo("%u tasks ran in %lld ms", count, clock.elapsed());
    }

    // Ids with dots are valid and ids with slashes are not; neither ever becomes a path:
    // `file` tasks write into the system temporary directory (TMPDIR) and nowhere else.
    void idsNeverBecomePaths()
    {
        const CliResult invalid = taskline({QStringLiteral("validate"),
                                            writeFile(m_dir, QStringLiteral("slash.json"),
                                                      R"({"taskline": 1, "tasks": [{"id": "../../etc/x", "kind": "file", "bytes": 10}]})")});
        QCOMPARE(invalid.exitCode, 2);
        QVERIFY2(invalid.err.contains("not a valid id because of '/'"), invalid.err.constData());

        QTemporaryDir work, temp, scenarioDir;
        const QString scenario = writeFile(scenarioDir, QStringLiteral("dots.json"),
                                           R"({"taskline": 1, "threads": 2, "tasks": [
            {"id": "..", "kind": "file", "bytes": 65536},
            {"id": "...etc.passwd", "kind": "file", "bytes": 65536, "count": 2},
            {"id": "-rf", "kind": "io", "duration_ms": 1, "after": [".."]}]})");
        const QString csv = work.filePath(QStringLiteral("out.csv"));
        QTemporaryDir runtime;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TMPDIR"), temp.path());
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime.path()); // else Qt makes one in TMPDIR
        const CliResult ok = taskline({QStringLiteral("run"), scenario, QStringLiteral("--csv"), csv}, env, work.path());
        QVERIFY2(ok.exitCode == 0, ok.err.constData());
        QCOMPARE(listing(work.path()), QStringList{QStringLiteral("out.csv")});
        QCOMPARE(listing(scenarioDir.path()), QStringList{QStringLiteral("dots.json")});
        QCOMPARE(listing(temp.path()), QStringList{});

        // Proof that the files went to TMPDIR: make it read-only and see the tasks fail there.
        QString skip;
        const auto mount = readOnlyDir(temp.path(), &skip);
        if (!skip.isEmpty())
            QSKIP(qPrintable(skip));
        const CliResult failed = taskline({QStringLiteral("run"), scenario, QStringLiteral("--csv"), csv}, env, work.path());
        if (!mount)
            QFile::setPermissions(temp.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QVERIFY2(failed.exitCode == 0, failed.err.constData());
        QFile rows(csv);
        QVERIFY(rows.open(QIODevice::ReadOnly));
        const QByteArray text = rows.readAll();
        QVERIFY2(text.contains(QByteArray("cannot create a temporary file in " + QFile::encodeName(temp.path()))), text.constData());
        QCOMPARE(listing(work.path()), QStringList{QStringLiteral("out.csv")});
        QCOMPARE(listing(scenarioDir.path()), QStringList{QStringLiteral("dots.json")});
    }
};

QTEST_MAIN(TestRunFaults)
#include "tst_runfaults.moc"
