#include "chrometraceimport.h"
#include "cli.h"
#include "cliutil.h"
#include "commands.h"
#include "imageexport.h"
#include "jsonoutput.h"
#include "timelineview.h"

#include <QFileInfo>
#include <QJsonObject>

namespace Taskline::Cli {

namespace {

constexpr int LanesListed = 12;

QString ms(double value)
{
    return QString::number(value, 'f', value < 10 ? 3 : 1) + QStringLiteral(" ms");
}

QString imageTitle(const TraceImport &t, const QString &path)
{
    const double makespanMs = double(t.trace.makespanNs()) / 1e6;
    if (t.native) {
        const Scenario &s = t.trace.plan->scenario();
        const int threads = t.trace.config.threads;
        return QStringLiteral("%1  -  %2 %3, %4 mode  -  makespan %5%6")
            .arg(s.name.isEmpty() ? QFileInfo(path).fileName() : s.name)
            .arg(threads)
            .arg(threads == 1 ? QStringLiteral("thread") : QStringLiteral("threads"))
            .arg(modeName(t.trace.config.mode), ms(makespanMs),
                 t.trace.predicted ? QStringLiteral(" (predicted)") : QString());
    }
    return QStringLiteral("%1  -  %2 spans on %3 lanes  -  %4")
        .arg(QFileInfo(path).fileName())
        .arg(t.spans)
        .arg(t.trace.lanes.size())
        .arg(ms(makespanMs));
}

QJsonObject summaryJson(const TraceImport &t)
{
    QJsonObject skipped;
    for (auto it = t.skipped.cbegin(); it != t.skipped.cend(); ++it)
        skipped.insert(it.key(), double(it.value()));
    return {{QStringLiteral("events"), double(t.events)},
            {QStringLiteral("spans"), double(t.spans)},
            {QStringLiteral("lanes"), int(t.trace.lanes.size())},
            {QStringLiteral("skipped"), skipped},
            {QStringLiteral("instants"), double(t.instants)},
            {QStringLiteral("invalid"), double(t.invalid)},
            {QStringLiteral("unmatched_ends"), double(t.unmatchedEnds)},
            {QStringLiteral("unfinished"), double(t.unfinished)}};
}

void printHuman(const TraceImport &t, const QString &path, const QString &image)
{
    QTextStream &o = out();
    const Trace &trace = t.trace;
    o << QFileInfo(path).fileName()
      << (t.native ? QStringLiteral(": a Taskline trace of \"%1\"%2")
                         .arg(trace.plan->scenario().name,
                              trace.predicted ? QStringLiteral(" (predicted)") : QString())
                   : QStringLiteral(": a Chrome trace"))
      << "\n";
    o << "  events       " << t.events << " (" << t.spans << " spans, " << t.instants
      << " instants";
    if (t.invalid > 0)
        o << ", " << t.invalid << " malformed";
    o << ")\n";
    if (!t.skipped.isEmpty()) {
        QStringList parts;
        for (auto it = t.skipped.cbegin(); it != t.skipped.cend(); ++it)
            parts.append(QStringLiteral("%1 \"%2\"").arg(it.value()).arg(it.key()));
        o << "  skipped      " << parts.join(QStringLiteral(", ")) << "\n";
    }
    if (t.unmatchedEnds > 0 || t.unfinished > 0) {
        o << "  unmatched    " << t.unmatchedEnds << " ends without a begin, " << t.unfinished
          << " begins without an end\n";
    }
    o << "  time         " << ms(double(trace.makespanNs()) / 1e6);
    if (t.offsetUs != 0)
        o << " (0 is " << QString::number(t.offsetUs, 'f', 3) << " us in the file)";
    o << "\n  tasks        " << trace.plan->specCount() << " names\n";

    std::vector<qint64> perLane(size_t(trace.lanes.size()), 0);
    for (const AttemptRecord &r : trace.records) {
        if (r.lane >= 0 && r.lane < trace.lanes.size())
            ++perLane[size_t(r.lane)];
    }
    o << "  lanes        " << trace.lanes.size() << "\n";
    for (qsizetype i = 0; i < trace.lanes.size() && i < LanesListed; ++i)
        o << "    " << trace.lanes[i] << "  (" << perLane[size_t(i)] << ")\n";
    if (trace.lanes.size() > LanesListed)
        o << "    ... and " << (trace.lanes.size() - LanesListed) << " more\n";
    if (!image.isEmpty())
        o << "  image        " << image << "\n";
    o << Qt::flush;
}

} // namespace

int renderCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption image(QStringLiteral("image"),
                                   QStringLiteral("Draw the timeline to OUT: .png, .svg or .pdf."),
                                   QStringLiteral("OUT"));
    ImageOptions options;
    const QSize defaultSize(options.width, options.height);
    const QCommandLineOption size = sizeOption(defaultSize);
    const QCommandLineOption json = jsonOption();
    parser.addOptions({image, size, json});
    if (auto code = parseArguments(parser, command("render"), arguments))
        return *code;

    const std::optional<QSize> sizeGiven =
        readImageSize(parser, size, "render", defaultSize, &image);
    if (!sizeGiven)
        return InvalidInput;
    options.width = sizeGiven->width();
    options.height = sizeGiven->height();
    const QString imagePath = parser.value(image);
    if (parser.isSet(image)) {
        const QString suffix = QFileInfo(imagePath).suffix().toLower();
        if (suffix != QLatin1String("png") && suffix != QLatin1String("svg") &&
            suffix != QLatin1String("pdf")) {
            err() << "taskline render: --image must end in .png, .svg or .pdf, got \"" << imagePath
                  << "\"" << Qt::endl;
            return InvalidInput;
        }
    }

    const QString path = parser.positionalArguments().constFirst();
    const TraceImportResult result = importChromeTrace(path);
    if (const auto *error = std::get_if<ScenarioError>(&result))
        return reportError(*error);
    const TraceImport &imported = std::get<TraceImport>(result);
    for (const QString &warning : imported.warnings)
        err() << "taskline render: " << path << ": " << warning << "\n";
    err() << Qt::flush;

    if (parser.isSet(image)) {
        TimelineView view;
        view.resize(options.width, options.height);
        view.setTrace(imported.trace);
        view.setTitle(imageTitle(imported, path));
        view.fit();
        if (const std::optional<QString> failure = exportImage(view, imagePath, options)) {
            err() << "taskline render: " << *failure << Qt::endl;
            return IoError;
        }
    }
    if (parser.isSet(json))
        out() << toLine(summaryJson(imported)) << Qt::flush;
    else
        printHuman(imported, path, imagePath);
    return Success;
}

} // namespace Taskline::Cli
