#include "customplot.h"
#include "imageexport.h"
#include "plan.h"
#include "pngencoder.h"
#include "predictor.h"
#include "testsupport.h"
#include "timelineview.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImageReader>
#include <QRandomGenerator>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

using namespace Taskline;
using namespace Taskline::TestSupport;

namespace {

Trace demoTrace()
{
    Scenario s = scenarioOf(
        {taskSpec(QStringLiteral("fetch"), TaskKind::Io, 120, 8),
         taskSpec(QStringLiteral("parse"), TaskKind::Cpu, 40, 1, {QStringLiteral("fetch")})});
    s.name = QStringLiteral("export test");
    return predict(buildPlan(s), runConfig(4, 4));
}

} // namespace

class TestImageExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void png_data();
    void png();
    void pngEncoder_data();
    void pngEncoder();
    void svg();
    void pdf();
    void failureLeavesNothing_data();
    void failureLeavesNothing();
    void millionSpans_data();
    void millionSpans();

private:
    QTemporaryDir m_dir;
    TimelineView m_view;
};

void TestImageExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_view.resize(900, 500);
    m_view.setTrace(demoTrace());
    m_view.setTitle(QStringLiteral("export test  -  4 threads"));
}

void TestImageExport::png_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<double>("scale");

    QTest::newRow("1600x900 at 1x") << 1600 << 900 << 1.0;
    QTest::newRow("800x450 at 2x") << 800 << 450 << 2.0;
    QTest::newRow("small 400x300") << 400 << 300 << 1.0;
}

void TestImageExport::png()
{
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(double, scale);
    const QString path = m_dir.filePath(QStringLiteral("out.png"));
    const auto error = exportImage(m_view, path, {width, height, scale});
    QVERIFY2(!error, qPrintable(error.value_or(QString())));
    QImageReader reader(path);
    QCOMPARE(reader.format(), QByteArray("png"));
    const QImage image = reader.read();
    QCOMPARE(image.size(), QSize(int(width * scale), int(height * scale)));
    // Not blank: the spans' colours are in there.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    QVERIFY(colours.size() > 5);
}

void TestImageExport::pngEncoder_data()
{
    QTest::addColumn<QString>("content");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("random pixels") << "random" << 97 << 41;
    QTest::newRow("bands") << "bands" << 300 << 200;
    QTest::newRow("one pixel") << "random" << 1 << 1;
    QTest::newRow("transparent: Qt's writer instead") << "alpha" << 20 << 10;
}

// Any opaque image comes back from a PNG reader pixel for pixel; one with transparency is
// left to QImageWriter (empty result).
void TestImageExport::pngEncoder()
{
    QFETCH(QString, content);
    QFETCH(int, width);
    QFETCH(int, height);
    QImage image(width, height,
                 content == QLatin1String("alpha") ? QImage::Format_ARGB32 : QImage::Format_RGB32);
    QRandomGenerator rng(7);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            if (content == QLatin1String("bands"))
                image.setPixel(x, y,
                               (y / 10) % 2 ? qRgb(x % 3 * 100, 40, 200) : qRgb(255, 255, 255));
            else if (content == QLatin1String("alpha"))
                image.setPixel(x, y, qRgba(10, 20, 30, x * 10));
            else
                image.setPixel(x, y, 0xff000000u | rng.generate());
        }
    }
    const QByteArray png = encodePng(image);
    if (content == QLatin1String("alpha")) {
        QVERIFY(png.isEmpty());
        return;
    }
    QVERIFY(png.startsWith("\x89PNG"));
    QImage back;
    QVERIFY(back.loadFromData(png, "PNG"));
    QCOMPARE(back.convertToFormat(QImage::Format_RGB32), image);
}

void TestImageExport::svg()
{
    const QString path = m_dir.filePath(QStringLiteral("out.svg"));
    const auto error = exportImage(m_view, path, {1200, 700, 1.0});
    QVERIFY2(!error, qPrintable(error.value_or(QString())));
    QSvgRenderer renderer(path);
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.viewBox(), QRect(0, 0, 1200, 700));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray svg = file.readAll();
    QVERIFY(svg.contains("export test"));   // the title line
    QVERIFY(svg.contains("running tasks")); // f(t) is there
    QVERIFY(svg.contains("worker 1"));      // row labels
}

void TestImageExport::pdf()
{
    const QString path = m_dir.filePath(QStringLiteral("out.pdf"));
    const auto error = exportImage(m_view, path, {1200, 700, 1.0});
    QVERIFY2(!error, qPrintable(error.value_or(QString())));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(5).startsWith("%PDF-"));
    QVERIFY(file.size() > 1000);
}

void TestImageExport::failureLeavesNothing_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");

    QTest::newRow("missing directory") << "no/such/dir/out.png"
                                       << "cannot write";
    QTest::newRow("a file where a directory should be") << "blocker/out.svg"
                                                        << "cannot write";
    QTest::newRow("unknown suffix") << "out.gif"
                                    << ".png, .svg or .pdf";
}

void TestImageExport::failureLeavesNothing()
{
    QFETCH(QString, path);
    QFETCH(QString, reason);
    QFile blocker(m_dir.filePath(QStringLiteral("blocker")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const QStringList before =
        QDir(m_dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);

    const QString full = m_dir.filePath(path);
    const auto error = exportImage(m_view, full, {800, 600, 1.0});
    QVERIFY(error);
    QVERIFY2(error->contains(reason), qPrintable(*error));
    QVERIFY2(error->contains(QDir::toNativeSeparators(full)), qPrintable(*error));
    QVERIFY(!QFileInfo::exists(full));
    QCOMPARE(QDir(m_dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), before);
}

void TestImageExport::millionSpans_data()
{
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<qint64>("limit");

    QTest::newRow("svg") << "svg" << qint64(100 * 1024);
    QTest::newRow("pdf") << "pdf" << qint64(400 * 1024);
    QTest::newRow("png") << "png" << qint64(2 * 1024 * 1024);
}

void TestImageExport::millionSpans()
{
    QFETCH(QString, suffix);
    QFETCH(qint64, limit);
    static const Trace big = syntheticTrace(1000000);
    TimelineView view;
    view.resize(1600, 900);
    view.setTrace(big);
    view.setTitle(QStringLiteral("10^6 spans"));

    const QString path = m_dir.filePath(QStringLiteral("million.") + suffix);
    QElapsedTimer timer;
    timer.start();
    const auto error = exportImage(view, path, {1600, 900, 1.0});
    const qint64 ms = timer.elapsed();
    QVERIFY2(!error, qPrintable(error.value_or(QString())));
    const qint64 size = QFileInfo(path).size();
    qInfo("10^6 spans as %s: %lld KB in %lld ms", qPrintable(suffix), size / 1024, ms);
    const QString keep = qEnvironmentVariable("TASKLINE_TEST_IMAGES");
    if (!keep.isEmpty()) {
        QFile::remove(keep + QStringLiteral("/million.") + suffix);
        QFile::copy(path, keep + QStringLiteral("/million.") + suffix);
    }
    QVERIFY2(size < limit, qPrintable(QString::number(size)));
}

QTEST_MAIN(TestImageExport)
#include "tst_imageexport.moc"
