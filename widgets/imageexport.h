#pragma once

#include <QString>

#include <optional>

class QCustomPlot;

namespace Taskline {

class TimelineView;

struct ImageOptions
{
    int width = 1600; // logical pixels
    int height = 900;
    double scale = 1.0; // device pixel ratio of PNG output
};

/*!
 * Writes the view's title line, timeline, f(t) and legend to `path` as PNG, SVG
 * (QSvgGenerator) or PDF, chosen by the suffix. Atomic (QSaveFile): on failure nothing is left
 * at `path` and the reason is returned; nullopt on success.
 */
std::optional<QString> exportImage(TimelineView &view, const QString &path,
                                   const ImageOptions &options = {});

/*! The same for any plot (the sweep plot), laid out at the image's size; `title` names the SVG
 *  or PDF document. */
std::optional<QString> exportPlotImage(QCustomPlot *plot, const QString &path,
                                       const ImageOptions &options, const QString &title);

} // namespace Taskline
