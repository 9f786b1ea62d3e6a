// `taskline sweep`: predicted (and with --measure, measured) makespans over thread counts.

#include "cli.h"
#include "cliutil.h"
#include "commands.h"
#include "imageexport.h"
#include "interruptguard.h"
#include "jsonoutput.h"
#include "plan.h"
#include "sweep.h"
#include "sweepcsv.h"
#include "sweepplot.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

#include <unistd.h>

namespace Taskline::Cli {

namespace {

void drawProgress(int run, int runs, int threads, qint64 done, qint64 total)
{
    constexpr int Width = 24;
    const double fraction = runs > 0 ? (run + (total > 0 ? double(done) / total : 0.0)) / runs : 1;
    const int filled = std::clamp(int(Width * fraction), 0, Width);
    err() << "\r[" << QString(filled, QLatin1Char('#')) << QString(Width - filled, QLatin1Char('.'))
          << "] run " << run + 1 << "/" << runs << " (" << threads
          << (threads == 1 ? " thread" : " threads") << "): " << done << "/" << total
          << " tasks   " << Qt::flush;
}

QString ms(double value)
{
    return QString::number(value, 'f', value < 10 ? 2 : 1);
}

QString column(const QString &text, int width)
{
    return text.rightJustified(width);
}

void printTable(const QString &title, const Sweep &sweep, bool measured)
{
    QTextStream &o = out();
    o << title << "\n"
      << "pool-size sweep, " << sweep.config.cores
      << (sweep.config.cores == 1 ? " core" : " cores") << ", seed " << sweep.config.seed
      << "; speedup over 1 thread\n";
    o << column(QStringLiteral("threads"), 8) << column(QStringLiteral("predicted ms"), 14)
      << column(QStringLiteral("speedup"), 9) << column(QStringLiteral("efficiency"), 12);
    if (measured) {
        o << column(QStringLiteral("measured ms"), 13) << column(QStringLiteral("speedup"), 9)
          << column(QStringLiteral("efficiency"), 12);
    }
    o << "\n";
    const int recommended = sweep.recommendedThreads();
    for (const SweepPoint &p : sweep.points) {
        o << column(QString::number(p.threads), 8) << column(ms(p.predictedMs), 14)
          << column(QString::number(p.predictedSpeedup, 'f', 2) + QLatin1Char('x'), 9)
          << column(QString::number(100 * p.predictedEfficiency(), 'f', 0) + QLatin1Char('%'),
                    12);
        if (measured) {
            const QString none = QStringLiteral("-");
            o << column(p.measuredMs ? ms(*p.measuredMs) : none, 13)
              << column(p.measuredSpeedup
                            ? QString::number(*p.measuredSpeedup, 'f', 2) + QLatin1Char('x')
                            : none,
                        9)
              << column(p.measuredEfficiency()
                            ? QString::number(100 * *p.measuredEfficiency(), 'f', 0) +
                                  QLatin1Char('%')
                            : none,
                        12);
        }
        if (p.threads == recommended)
            o << "  <- recommended";
        o << "\n";
    }
    o << sweep.recommendationText() << Qt::endl;
}

QJsonObject sweepJson(const Plan &plan, const Sweep &sweep)
{
    QJsonArray points;
    for (const SweepPoint &p : sweep.points) {
        points.append(QJsonObject{
            {QStringLiteral("threads"), p.threads},
            {QStringLiteral("predicted_makespan_ms"), p.predictedMs},
            {QStringLiteral("measured_makespan_ms"),
             p.measuredMs ? QJsonValue(*p.measuredMs) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("speedup"), p.speedup()}});
    }
    return {{QStringLiteral("scenario"), plan.scenario().name},
            {QStringLiteral("points"), points},
            {QStringLiteral("recommended_threads"), sweep.recommendedThreads()}};
}

std::optional<QString> writeImage(const QString &path, const QSize &pixels, const QString &title,
                                  const Sweep &sweep)
{
    SweepPlot plot;
    ImageOptions size;
    size.width = pixels.width();
    size.height = pixels.height();
    plot.resize(size.width, size.height);
    plot.setTitle(title);
    plot.setSweep(sweep);
    return exportPlotImage(plot.plot(), path, size, title);
}

} // namespace

int sweepCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const OverrideOptions overrides(OverrideOptions::Seed | OverrideOptions::Cores);
    overrides.addTo(parser);
    const QCommandLineOption threads(
        QStringLiteral("threads"),
        QStringLiteral("Thread counts to sweep: a list (1,2,4,8), a range (1..8) or both."),
        QStringLiteral("LIST"));
    const QCommandLineOption measure(
        QStringLiteral("measure"),
        QStringLiteral("Also run the scenario for real once per thread count, one after another."));
    const QCommandLineOption image(
        QStringLiteral("image"),
        QStringLiteral("Write the speedup plot to OUT (.png, .svg or .pdf)."),
        QStringLiteral("OUT"));
    const QSize defaultSize(1000, 620);
    const QCommandLineOption size = sizeOption(defaultSize);
    const QCommandLineOption csv(QStringLiteral("csv"),
                                 QStringLiteral("Write one CSV row per thread count to OUT.csv."),
                                 QStringLiteral("OUT.csv"));
    const QCommandLineOption json = jsonOption();
    parser.addOptions({threads, measure, image, size, csv, json});
    if (auto code = parseArguments(parser, command("sweep"), arguments))
        return *code;
    if (!parser.isSet(threads)) {
        err() << "taskline sweep: --threads is required, e.g. --threads 1,2,4,8 or --threads 1..8"
              << Qt::endl;
        return InvalidInput;
    }
    const auto parsed = parseThreadList(parser.value(threads));
    if (const QString *error = std::get_if<QString>(&parsed)) {
        err() << "taskline sweep: --threads: " << *error << Qt::endl;
        return InvalidInput;
    }
    if (parser.isSet(image)) {
        const QString suffix = QFileInfo(parser.value(image)).suffix().toLower();
        if (suffix != QLatin1String("png") && suffix != QLatin1String("svg") &&
            suffix != QLatin1String("pdf")) {
            err() << "taskline sweep: --image " << parser.value(image)
                  << ": the name must end in .png, .svg or .pdf" << Qt::endl;
            return InvalidInput;
        }
    }
    const std::optional<QSize> imageSize =
        readImageSize(parser, size, "sweep", defaultSize, &image);
    if (!imageSize)
        return InvalidInput;
    const auto loaded = loadScenarioForCommand(parser, overrides, "sweep");
    if (const int *code = std::get_if<int>(&loaded))
        return *code;
    const auto &[path, plan, config] = std::get<LoadedScenario>(loaded);

    Sweep sweep = predictSweep(plan, config, std::get<QList<int>>(parsed));
    bool interrupted = false;
    if (parser.isSet(measure)) {
        SweepRun run(plan, sweep);
        QEventLoop loop;
        QObject::connect(&run, &SweepRun::finished, &loop, &QEventLoop::quit);
        const bool showProgress = ::isatty(STDERR_FILENO);
        if (showProgress) {
            QObject::connect(&run, &SweepRun::progress, &loop,
                             [&run](int index, int runs, qint64 done, qint64 total) {
                                 drawProgress(index, runs, run.sweep().points[index].threads,
                                              done, total);
                             });
        }
        const InterruptGuard guard(&loop, [&] {
            interrupted = true;
            run.cancel();
        });
        run.start();
        if (run.isRunning())
            loop.exec();
        if (showProgress)
            err() << Qt::endl;
        if (interrupted)
            err() << "taskline sweep: cancelled; the measured points cover the runs that finished"
                  << Qt::endl;
        sweep = run.sweep();
    }

    const QString title = scenarioTitle(*plan, path);
    std::optional<QString> writeError;
    if (parser.isSet(image))
        writeError = writeImage(parser.value(image), *imageSize,
                                title + QLatin1Char('\n') + sweep.recommendationText(), sweep);
    if (!writeError && parser.isSet(csv))
        writeError = exportSweepCsv(sweep, parser.value(csv));
    if (writeError) {
        err() << "taskline sweep: " << *writeError << Qt::endl;
        return IoError;
    }
    if (parser.isSet(json))
        out() << toLine(sweepJson(*plan, sweep)) << Qt::flush;
    else
        printTable(title, sweep, parser.isSet(measure));
    return interrupted ? Cancelled : Success;
}

} // namespace Taskline::Cli
