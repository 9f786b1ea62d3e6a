#include "jsonoutput.h"

#include "metrics.h"
#include "trace.h"

#include <QJsonDocument>

#include <limits>

namespace Taskline::Cli {

namespace {
QJsonObject percentilesJson(const Percentiles &p)
{
    return {{QStringLiteral("p50"), p.p50},
            {QStringLiteral("p95"), p.p95},
            {QStringLiteral("p99"), p.p99},
            {QStringLiteral("max"), p.max}};
}
} // namespace

QJsonObject metricsJson(const Trace &trace, const Metrics &m)
{
    QJsonObject status;
    for (int s = 0; s < AttemptStatusCount; ++s)
        status.insert(statusName(AttemptStatus(s)), double(m.status[std::size_t(s)]));
    const QString name = trace.plan ? trace.plan->scenario().name : QString();
    return {
        {QStringLiteral("scenario"), name},
        {QStringLiteral("threads"), trace.config.threads},
        {QStringLiteral("mode"), modeName(trace.config.mode)},
        {QStringLiteral("seed"), trace.config.seed <= quint64(std::numeric_limits<qint64>::max())
                                     ? QJsonValue(qint64(trace.config.seed))
                                     : QJsonValue(double(trace.config.seed))},
        {QStringLiteral("tasks"), double(m.tasks)},
        {QStringLiteral("attempts"), double(m.attempts)},
        {QStringLiteral("makespan_ms"), m.makespanMs},
        {QStringLiteral("status"), status},
        {QStringLiteral("parallelism"), m.parallelism},
        {QStringLiteral("utilization"), m.utilization},
        {QStringLiteral("throughput_per_s"), m.throughputPerS},
        {QStringLiteral("wait_ms"), percentilesJson(m.waitMs)},
        {QStringLiteral("latency_ms"), percentilesJson(m.latencyMs)}};
}

QByteArray toLine(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace Taskline::Cli
