#include <QDir>
#include <QFile>
#include <QTest>

// Replays the fuzz targets' seed corpus (tests/fuzz/corpus/), which holds every input the
// fuzzers ever found a fault with, in every build: the regression test of what they found.
// A broken property aborts with the target's own message, as under the fuzzer.
extern "C" int fuzzScenario(const uint8_t *data, size_t size);
extern "C" int fuzzTrace(const uint8_t *data, size_t size);

class TestFuzzCorpus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replay_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("trace");
        for (const bool trace : {false, true}) {
            const QDir dir(QStringLiteral(TASKLINE_SOURCE_DIR "/tests/fuzz/corpus/") +
                           (trace ? QStringLiteral("trace") : QStringLiteral("scenario")));
            const QStringList files = dir.entryList(QDir::Files, QDir::Name);
            QVERIFY2(files.size() >= 5, qPrintable(dir.path()));
            for (const QString &f : files)
                QTest::newRow(qPrintable(dir.dirName() + QLatin1Char('/') + f)) << dir.filePath(f) << trace;
        }
    }

    void replay()
    {
        QFETCH(QString, path);
        QFETCH(bool, trace);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray data = file.readAll();
        const auto *bytes = reinterpret_cast<const uint8_t *>(data.constData());
        QCOMPARE(trace ? fuzzTrace(bytes, size_t(data.size())) : fuzzScenario(bytes, size_t(data.size())), 0);
    }
};

QTEST_GUILESS_MAIN(TestFuzzCorpus)
#include "tst_fuzzcorpus.moc"
