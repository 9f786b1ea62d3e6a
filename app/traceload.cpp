#include "traceload.h"

#include <QFile>

namespace Taskline {

TraceLoad loadTraceFile(const QString &path)
{
    TraceLoad load;
    load.path = path;
    load.result = importChromeTrace(path);
    if (const auto *import = std::get_if<TraceImport>(&load.result)) {
        load.metrics = computeMetrics(import->trace);
        QList<double> durations;
        durations.reserve(import->trace.records.size());
        for (const AttemptRecord &r : import->trace.records) {
            if (r.ran())
                durations.append(double(r.durationNs()) / 1e6);
        }
        load.durationsMs = percentiles(durations);
    }
    return load;
}

bool isTraceFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    return looksLikeChromeTrace(file.read(1024));
}

} // namespace Taskline
