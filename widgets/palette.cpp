#include "palette.h"

#include "customplot.h"

#include <QPalette>

#include <algorithm>

namespace Taskline {

TimelinePalette TimelinePalette::light()
{
    TimelinePalette p;
    p.dark = false;
    p.background = QColor(0xffffff);
    p.plotBackground = QColor(0xffffff);
    p.rowStripe = QColor(0xf3f5f8);
    p.text = QColor(0x1f2430);
    p.mutedText = QColor(0x5f6673);
    p.grid = QColor(0xe3e6eb);
    p.axis = QColor(0x8a919c);
    p.kinds = {QColor(0x2f6fd0), QColor(0xe8912d), QColor(0x1f9e6e), QColor(0x8b55c7)};
    p.mixed = QColor(0x6f7a8c);
    p.statuses = {QColor(0x1f2430), QColor(0xd32f2f), QColor(0xc2185b), QColor(0x6b7280),
                  QColor(0x8792a2)};
    p.selection = QColor(0x111418);
    p.predicted = QColor(0x30343b);
    p.workers = QColor(0xb3261e);
    return p;
}

TimelinePalette TimelinePalette::darkPalette()
{
    TimelinePalette p;
    p.dark = true;
    p.background = QColor(0x1e2024);
    p.plotBackground = QColor(0x1e2024);
    p.rowStripe = QColor(0x25282d);
    p.text = QColor(0xe6e8eb);
    p.mutedText = QColor(0xa3a9b3);
    p.grid = QColor(0x34383e);
    p.axis = QColor(0x6f7782);
    p.kinds = {QColor(0x5b9cf0), QColor(0xf2a54a), QColor(0x3cc48d), QColor(0xb58be8)};
    p.mixed = QColor(0x9aa3b2);
    p.statuses = {QColor(0xe6e8eb), QColor(0xff5a52), QColor(0xf06292), QColor(0x9aa1ab),
                  QColor(0x7d8794)};
    p.selection = QColor(0xffe066);
    p.predicted = QColor(0xe6e8eb);
    p.workers = QColor(0xff6b61);
    return p;
}

TimelinePalette TimelinePalette::forPalette(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128 ? darkPalette() : light();
}

QColor TimelinePalette::fade(const QColor &color, double amount) const
{
    const double a = std::clamp(amount, 0.0, 1.0);
    const auto mix = [a](int from, int to) { return int(from + (to - from) * a + 0.5); };
    return QColor(mix(plotBackground.red(), color.red()),
                  mix(plotBackground.green(), color.green()),
                  mix(plotBackground.blue(), color.blue()));
}

void applyAxisPalette(QCPAxis *axis, const TimelinePalette &p, const QFont &font)
{
    axis->setBasePen(QPen(p.axis, 1));
    axis->setTickPen(QPen(p.axis, 1));
    axis->setSubTickPen(QPen(p.axis, 1));
    axis->setTickLabelColor(p.text);
    axis->setLabelColor(p.mutedText);
    axis->setTickLabelFont(font);
    axis->setLabelFont(font);
    axis->grid()->setPen(QPen(p.grid, 1));
    axis->grid()->setZeroLinePen(QPen(p.grid, 1));
}

} // namespace Taskline
