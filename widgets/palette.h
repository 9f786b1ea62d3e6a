#pragma once

#include "scenario.h"
#include "trace.h"

#include <QColor>

#include <array>

class QCPAxis;
class QFont;
class QPalette;

namespace Taskline {

/*! The colours of the timeline and the activity plot: light by default, dark on a dark
 *  system palette. Kinds get hues that differ clearly; red is kept for failures. */
struct TimelinePalette
{
    bool dark = false;
    QColor background;     // around the plots
    QColor plotBackground; // inside the axis rects
    QColor rowStripe;      // every other row
    QColor text;
    QColor mutedText;
    QColor grid;
    QColor axis;
    std::array<QColor, TaskKindCount> kinds;
    QColor mixed; // merged spans where no kind has most of the time
    std::array<QColor, AttemptStatusCount> statuses; // ok unused: a span's kind colour
    QColor selection; // outline of the selected span, dependency arrows
    QColor predicted; // predicted f(t)
    QColor workers;   // the P reference line

    static TimelinePalette light();
    static TimelinePalette darkPalette();
    /*! Dark when the window colour of `palette` is dark. */
    static TimelinePalette forPalette(const QPalette &palette);

    QColor kind(TaskKind k) const { return kinds[std::size_t(k)]; }
    QColor status(AttemptStatus s) const { return statuses[std::size_t(s)]; }
    /*! `color` faded towards the plot background: 0 is the background, 1 the full colour. */
    QColor fade(const QColor &color, double amount) const;
    /*! The baseline run's f(t) line: apart from the kinds, the prediction and failures. */
    QColor baselineLine() const { return dark ? QColor(0xf0c36b) : QColor(0xa0700a); }
};

/*! Gives a plot axis the palette's pens and text colours, `font` for its labels: the timeline,
 *  the activity plot and the sweep plot look alike. */
void applyAxisPalette(QCPAxis *axis, const TimelinePalette &palette, const QFont &font);

} // namespace Taskline
