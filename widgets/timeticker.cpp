#include "timeticker.h"

#include <QFontMetrics>

#include <algorithm>
#include <cmath>

namespace Taskline {

namespace {

const QString Micro = QStringLiteral("\u00b5s");

struct Unit
{
    double ms;
    QString name;
};

Unit unitFor(double magnitudeMs)
{
    if (magnitudeMs < 1)
        return {0.001, Micro};
    if (magnitudeMs < 2000)
        return {1, QStringLiteral("ms")};
    return {1000, QStringLiteral("s")};
}

// Decimals that show every multiple of `step` exactly: 0.25 needs 2, 0.025 needs 3.
int decimalsFor(double step)
{
    if (!(step > 0))
        return 0;
    for (int d = 0; d < 6; ++d) {
        const double v = step * std::pow(10.0, d);
        if (std::abs(v - std::round(v)) < 1e-6 * std::max(1.0, v))
            return d;
    }
    return 6;
}

} // namespace

QString timeText(double ms)
{
    const double a = std::abs(ms);
    if (a == 0)
        return QStringLiteral("0 ms");
    const Unit unit = a < 1      ? Unit{0.001, Micro}
                      : a < 1000 ? Unit{1, QStringLiteral("ms")}
                                 : Unit{1000, QStringLiteral("s")};
    const double v = ms / unit.ms;
    // Three significant digits: 850 µs, 12.3 ms, 1.25 s.
    const int decimals = std::abs(v) >= 100 ? 0 : std::abs(v) >= 10 ? 1 : 2;
    return QString::number(v, 'f', decimals) + QLatin1Char(' ') + unit.name;
}

double TimeTicker::getTickStep(const QCPRange &range)
{
    if (m_axis && m_axis->axisRect())
        setTickCount(std::max(2, m_axis->axisRect()->width() / 110));
    const double step = QCPAxisTicker::getTickStep(range);
    const Unit unit = unitFor(std::max(std::abs(range.lower), std::abs(range.upper)));
    m_unitMs = unit.ms;
    m_unit = unit.name;
    m_decimals = decimalsFor(step / unit.ms);
    return step;
}

QString TimeTicker::getTickLabel(double tick, const QLocale &, QChar, int)
{
    double v = tick / m_unitMs;
    if (std::abs(v) < 1e-9)
        v = 0; // no "-0"
    return QString::number(v, 'f', m_decimals) + QLatin1Char(' ') + m_unit;
}

QVector<double> RowTicker::createTickVector(double tickStep, const QCPRange &range)
{
    const QVector<double> all = QCPAxisTickerText::createTickVector(tickStep, range);
    if (!m_axis || !m_axis->axisRect() || m_axis->axisRect()->height() <= 0 || range.size() <= 0)
        return all;
    const double pixelsPerUnit = m_axis->axisRect()->height() / range.size();
    const double labelUnits = (QFontMetrics(m_axis->tickLabelFont()).height() + 2) / pixelsPerUnit;
    QVector<double> ticks;
    for (const double t : all) {
        if (ticks.isEmpty() || t - ticks.constLast() >= labelUnits)
            ticks.append(t);
    }
    return ticks;
}

} // namespace Taskline
