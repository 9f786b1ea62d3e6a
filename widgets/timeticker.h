#pragma once

#include "customplot.h"

#include <QString>

namespace Taskline {

/*! A time for people: "850 µs", "12.3 ms", "1.25 s". */
QString timeText(double ms);

/*!
 * Ticks of a time axis in milliseconds, labelled in the unit that suits the visible range
 * (µs, ms or s) with as many decimals as the step needs. About one label per 110 pixels of
 * `axis`, so labels never collide.
 */
class TimeTicker : public QCPAxisTicker
{
public:
    explicit TimeTicker(QCPAxis *axis) : m_axis(axis) {}

protected:
    double getTickStep(const QCPRange &range) override;
    QString getTickLabel(double tick, const QLocale &locale, QChar formatChar,
                         int precision) override;

private:
    QCPAxis *m_axis; // owns this ticker
    double m_unitMs = 1;
    QString m_unit;
    int m_decimals = 0;
};

/*!
 * Row names at row centres, thinned so that labels never overlap when rows are shorter than a
 * line of text.
 */
class RowTicker : public QCPAxisTickerText
{
public:
    explicit RowTicker(QCPAxis *axis) : m_axis(axis) { setSubTickCount(0); }

protected:
    QVector<double> createTickVector(double tickStep, const QCPRange &range) override;

private:
    QCPAxis *m_axis; // owns this ticker
};

} // namespace Taskline
