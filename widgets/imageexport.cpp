#include "imageexport.h"

#include "customplot.h"
#include "pngencoder.h"
#include "timelineview.h"

#include <QBuffer>
#include <QFileInfo>
#include <QImage>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSvgGenerator>

#include <cmath>
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
    if (pixmap.isNull())
        return false;
    const QImage image = pixmap.toImage();
    const QByteArray png = encodePng(image); // fast, opaque images only
    if (png.isEmpty())
        return image.save(out, "PNG");
    return out->write(png) == png.size();
}

/*!
 * QSvgGenerator opens a group with every style at each change of painter state, drawn into or
 * not, writes each rectangle as an element and coordinates with all their digits. Compacted
 * here without changing the picture: empty groups, identity transforms and the font attributes
 * of groups without text go; a run of rectangles filled alike and not stroked becomes one
 * path; path coordinates keep a tenth of a pixel. A big timeline's SVG shrinks by a third.
 */
QString tenth(double v)
{
    return QString::number(std::round(v * 10) / 10);
}

bool isDigit(QChar c)
{
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}

/*! `number` (-?digits[.digits]) rounded to a tenth as tenth() writes it, by its digits:
 *  converting every coordinate to a double and back cost more than drawing it. */
void appendTenth(QString &out, QStringView number)
{
    qsizetype i = 0;
    const bool negative = !number.isEmpty() && number[0] == QLatin1Char('-');
    i += negative;
    qint64 tenths = 0;
    qsizetype digits = 0;
    for (; i < number.size() && isDigit(number[i]); ++i, ++digits)
        tenths = tenths * 10 + (number[i].unicode() - '0');
    tenths *= 10;
    if (i < number.size() && number[i] == QLatin1Char('.')) {
        ++i;
        if (i < number.size() && isDigit(number[i]))
            tenths += number[i++].unicode() - '0';
        if (i < number.size() && isDigit(number[i]) && number[i].unicode() >= '5')
            ++tenths; // half away from zero, as std::round
        while (i < number.size() && isDigit(number[i]))
            ++i;
    }
    if (i != number.size() || digits == 0 || digits > 15) {
        out += tenth(number.toDouble()); // an exponent or something odd: the slow way
        return;
    }
    if (negative && tenths != 0)
        out += QLatin1Char('-');
    out += QString::number(tenths / 10);
    if (tenths % 10 != 0)
        out += QLatin1Char('.') + QChar(QLatin1Char(char('0' + tenths % 10)));
}

QString roundedCoordinates(QStringView values)
{
    // Every -?digits.digits rounded to a tenth; the rest as it is.
    QString out;
    out.reserve(values.size());
    qsizetype i = 0;
    while (i < values.size()) {
        const bool minus =
            values[i] == QLatin1Char('-') && i + 1 < values.size() && isDigit(values[i + 1]);
        if (!minus && !isDigit(values[i])) {
            out += values[i++];
            continue;
        }
        qsizetype j = i + minus;
        while (j < values.size() && isDigit(values[j]))
            ++j;
        if (j + 1 < values.size() && values[j] == QLatin1Char('.') && isDigit(values[j + 1])) {
            qsizetype k = j + 1;
            while (k < values.size() && isDigit(values[k]))
                ++k;
            appendTenth(out, values.mid(i, k - i));
            i = k;
        } else {
            out += values.mid(i, j - i);
            i = j;
        }
    }
    return out;
}

QString compactBody(const QString &body, bool mergeRects)
{
    static const QRegularExpression element(
        QStringLiteral("<rect x=\"([^\"]*)\" y=\"([^\"]*)\"\\s*width=\"([^\"]*)\" "
                       "height=\"([^\"]*)\"\\s*/>\\s*|( (?:d|points)=\")([^\"]*)\""));
    QString out;
    QString rects; // the path of the run of rectangles being merged
    const auto endRun = [&] {
        if (!rects.isEmpty())
            out += QLatin1String("<path d=\"") + rects + QLatin1String("\"/>\n");
        rects.clear();
    };
    qsizetype at = 0;
    for (auto it = element.globalMatch(body); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QStringView between = QStringView(body).mid(at, m.capturedStart() - at);
        if (!between.trimmed().isEmpty())
            endRun();
        if (m.hasCaptured(1) && mergeRects) {
            rects += QLatin1Char('M');
            appendTenth(rects, m.capturedView(1));
            rects += QLatin1Char(',');
            appendTenth(rects, m.capturedView(2));
            rects += QLatin1Char('h');
            const qsizetype width = rects.size();
            appendTenth(rects, m.capturedView(3));
            const QString w = rects.mid(width);
            rects += QLatin1Char('v');
            appendTenth(rects, m.capturedView(4));
            rects += QLatin1Char('h');
            if (w.startsWith(QLatin1Char('-')))
                rects += QStringView(w).mid(1);
            else if (w != QLatin1String("0"))
                rects += QLatin1Char('-') + w;
            else
                rects += w;
            rects += QLatin1Char('z');
        } else if (m.hasCaptured(1)) {
            out += between + m.capturedView();
        } else {
            out += between + m.capturedView(5) + roundedCoordinates(m.capturedView(6)) +
                   QLatin1Char('"');
        }
        at = m.capturedEnd();
    }
    endRun();
    return out + QStringView(body).mid(at);
}

QByteArray compactSvg(const QByteArray &svg)
{
    static const QRegularExpression emptyGroup(QStringLiteral("<g [^>]*>\\s*</g>\\s*"));
    static const QRegularExpression identity(
        QStringLiteral(" transform=\"matrix\\(1,0,0,1,0,0\\)\""));
    static const QRegularExpression group(QStringLiteral("<g ([^>]*)>(.*?)</g>"),
                                          QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression font(
        QStringLiteral("\\s*font-family=\"[^\"]*\" font-size=\"[^\"]*\" "
                       "font-weight=\"[^\"]*\" font-style=\"[^\"]*\"\\s*"));

    QString text = QString::fromUtf8(svg);
    text.remove(emptyGroup);
    text.remove(identity);
    QString out;
    out.reserve(text.size());
    qsizetype at = 0;
    for (auto it = group.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(at, m.capturedStart() - at);
        QString open = m.captured(1);
        const QString body = m.captured(2);
        if (!body.contains(QLatin1String("<text")))
            open.replace(font, QStringLiteral(" "));
        // Overlapping rectangles merged into one path look the same only when opaque.
        const bool merge = open.contains(QLatin1String("stroke=\"none\"")) &&
                           open.contains(QLatin1String("fill-opacity=\"1\""));
        out += QLatin1String("<g ") + open.trimmed() + QLatin1Char('>') + compactBody(body, merge) +
               QLatin1String("</g>");
        at = m.capturedEnd();
    }
    out += QStringView(text).mid(at);
    return out.toUtf8();
}

bool writeSvg(QCustomPlot *plot, QIODevice *out, const ImageOptions &o, const QString &title)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(QSize(o.width, o.height));
    svg.setViewBox(QRect(0, 0, o.width, o.height));
    svg.setTitle(title);
    svg.setDescription(QStringLiteral("Taskline timeline and activity f(t)"));
    QCPPainter painter;
    if (!painter.begin(&svg))
        return false;
    painter.setMode(QCPPainter::pmVectorized);
    plot->toPainter(&painter, o.width, o.height);
    if (!painter.end())
        return false;
    const QByteArray compact = compactSvg(buffer.data());
    return out->write(compact) == compact.size();
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

void layOut(QCustomPlot *plot)
{
    for (const auto phase :
         {QCPLayoutElement::upPreparation, QCPLayoutElement::upMargins, QCPLayoutElement::upLayout})
        plot->plotLayout()->update(phase);
}

std::optional<QString> exportImage(TimelineView &view, const QString &path,
                                   const ImageOptions &options)
{
    return exportWith(path, options, [&](QIODevice *out, const QString &suffix) {
        QCustomPlot *plot = view.plot();
        // Laid out at the image's size first (no drawing), so that row labels, ticks and the
        // f(t) bins of the real pass fit the image, not the widget.
        const QRect viewport = plot->viewport();
        plot->setViewport(QRect(0, 0, options.width, options.height));
        layOut(plot);
        plot->setViewport(viewport);
        view.updateActivity();
        view.syncLegend();
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        bool written = writeAny(plot, &buffer, suffix, options, view.title());
        if (written && view.syncLegend()) {
            // The legend names what the image shows (merged spans of mixed kinds at this
            // width): drawn again in the rare case it changed.
            buffer.buffer().clear();
            buffer.seek(0);
            written = writeAny(plot, &buffer, suffix, options, view.title());
        }
        written = written && out->write(buffer.data()) == buffer.data().size();
        // Rendering laid the plot out at the image's size: lay it out for the widget again
        // now (hit tests use the layout), and repaint it from the event loop, which the
        // export does not need to wait for.
        layOut(plot);
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
