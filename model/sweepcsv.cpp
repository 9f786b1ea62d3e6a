#include "sweepcsv.h"

#include "atomicwrite.h"
#include "sweep.h"

#include <QIODevice>

namespace Taskline {

namespace {
QByteArray number(double v, int decimals)
{
    return QByteArray::number(v, 'f', decimals);
}

QByteArray optionalNumber(const std::optional<double> &v, int decimals)
{
    return v ? number(*v, decimals) : QByteArray();
}
} // namespace

QByteArray sweepCsv(const Sweep &sweep)
{
    QByteArray csv("threads,predicted_makespan_ms,measured_makespan_ms,predicted_speedup,"
                   "measured_speedup,predicted_efficiency,measured_efficiency,recommended\r\n");
    const int recommended = sweep.recommendedThreads();
    for (const SweepPoint &p : sweep.points) {
        csv += QByteArray::number(p.threads) + ',' + number(p.predictedMs, 3) + ',' +
               optionalNumber(p.measuredMs, 3) + ',' + number(p.predictedSpeedup, 4) + ',' +
               optionalNumber(p.measuredSpeedup, 4) + ',' + number(p.predictedEfficiency(), 4) +
               ',' + optionalNumber(p.measuredEfficiency(), 4) + ',' +
               (p.threads == recommended ? "yes" : "no") + "\r\n";
    }
    return csv;
}

std::optional<QString> exportSweepCsv(const Sweep &sweep, const QString &path)
{
    const QByteArray csv = sweepCsv(sweep);
    return writeAtomically(path, [&csv](QIODevice &device) {
        return device.write(csv) == csv.size();
    });
}

} // namespace Taskline
