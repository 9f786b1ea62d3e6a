#include "imageexport.h"

#include "customplot.h"
#include "timelineview.h"

#include <QFileInfo>
#include <QImage>
#include <QPdfWriter>
#include <QPicture>
#include <QSaveFile>
#include <QSvgGenerator>

#include <functional>

namespace Taskline {

namespace {

constexpr int MaxSide = 20000;

QString cannotWrite(const QString &path, const QString &why)
{
    return QStringLiteral("cannot write %1: %2").arg(QDir::toNativeSeparators(path), why);
}

bool writePng(QCustomPlot *plot, QIODevice *out, const ImageOptions &o)
{
    const QPixmap pixmap = plot->toPixmap(o.width, o.height, o.scale);
    return !pixmap.isNull() && pixmap.toImage().save(out, "PNG");
}

bool writeSvg(QCustomPlot *plot, QIODevice *out, const ImageOptions &o, const QString &title)
{
    QSvgGenerator svg;
    svg.setOutputDevice(out);
    svg.setSize(QSize(o.width, o.height));
    svg.setViewBox(QRect(0, 0, o.width, o.height));
    svg.setTitle(title);
    svg.setDescription(QStringLiteral("Taskline timeline and activity f(t)"));
    QCPPainter painter;
    if (!painter.begin(&svg))
        return false;
    painter.setMode(QCPPainter::pmVectorized);
    plot->toPainter(&painter, o.width, o.height);
    return painter.end();
}

bool writePdf(QCustomPlot *plot, QIODevice *out, const ImageOptions &o, const QString &title)
{
    QPdfWriter pdf(out);
    pdf.setResolution(72); // one point per logical pixel
    pdf.setPageSize(
        QPageSize(QSizeF(o.width, o.height), QPageSize::Point, QString(), QPageSize::ExactMatch));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setTitle(title);
    pdf.setCreator(QStringLiteral("Taskline"));
    QCPPainter painter;
    if (!painter.begin(&pdf))
        return false;
    painter.setMode(QCPPainter::pmVectorized);
    plot->toPainter(&painter, o.width, o.height);
    return painter.end();
}

/*! Checks the name and size, then renders with `render` into a QSaveFile. */
std::optional<QString> exportWith(const QString &path, const ImageOptions &options,
                                  const std::function<bool(QIODevice *, const QString &)> &render)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg") &&
        suffix != QLatin1String("pdf"))
        return QStringLiteral("cannot export %1: the name must end in .png, .svg or .pdf")
            .arg(QDir::toNativeSeparators(path));
    if (options.width <= 0 || options.height <= 0 || options.width > MaxSide ||
        options.height > MaxSide || !(options.scale > 0) || options.scale > 8)
        return QStringLiteral("cannot export %1: the size %2x%3 (scale %4) is out of range")
            .arg(QDir::toNativeSeparators(path))
            .arg(options.width)
            .arg(options.height)
            .arg(options.scale);

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return cannotWrite(path, file.errorString());
    const bool written = render(&file, suffix);
    if (!written || file.error() != QFileDevice::NoError) {
        const QString why = file.error() != QFileDevice::NoError
                                ? file.errorString()
                                : QStringLiteral("rendering failed");
        file.cancelWriting();
        return cannotWrite(path, why);
    }
    if (!file.commit())
        return cannotWrite(path, file.errorString());
    return std::nullopt;
}

bool writeAny(QCustomPlot *plot, QIODevice *out, const QString &suffix, const ImageOptions &o,
              const QString &title)
{
    if (suffix == QLatin1String("png"))
        return writePng(plot, out, o);
    if (suffix == QLatin1String("svg"))
        return writeSvg(plot, out, o, title);
    return writePdf(plot, out, o, title);
}

} // namespace

std::optional<QString> exportImage(TimelineView &view, const QString &path,
                                   const ImageOptions &options)
{
    return exportWith(path, options, [&](QIODevice *out, const QString &suffix) {
        QCustomPlot *plot = view.plot();
        {
            // A first pass lays the plot out at the image's size, so that row labels, ticks
            // and the f(t) bins of the real pass fit the image, not the widget.
            QPicture scratch;
            QCPPainter painter(&scratch);
            plot->toPainter(&painter, options.width, options.height);
        }
        view.updateActivity();
        view.syncLegend();
        const bool written = writeAny(plot, out, suffix, options, view.title());
        // Rendering laid the plot out at the image's size: lay it out for the widget again
        // now (hit tests use the layout), and repaint it from the event loop, which the
        // export does not need to wait for.
        for (const auto phase : {QCPLayoutElement::upPreparation, QCPLayoutElement::upMargins,
                                 QCPLayoutElement::upLayout})
            plot->plotLayout()->update(phase);
        view.updateActivity();
        plot->replot(QCustomPlot::rpQueuedReplot);
        return written;
    });
}

std::optional<QString> exportPlotImage(QCustomPlot *plot, const QString &path,
                                       const ImageOptions &options, const QString &title)
{
    return exportWith(path, options, [&](QIODevice *out, const QString &suffix) {
        const bool written = writeAny(plot, out, suffix, options, title);
        plot->replot();
        return written;
    });
}

} // namespace Taskline
