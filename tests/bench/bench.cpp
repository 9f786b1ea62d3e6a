#include "bench.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cmath>
#include <cstdio>

namespace Taskline::Bench {

Bench::Bench(bool quick, bool json, QString filter, QString program)
    : m_quick(quick), m_json(json), m_filter(std::move(filter)), m_program(std::move(program))
{
}

qsizetype Bench::scaled(qsizetype full) const
{
    return m_quick ? std::max<qsizetype>(1000, full / 100) : full;
}

QString Bench::sizeTag(qsizetype n)
{
    int exponent = 0;
    qsizetype m = n;
    while (m >= 10 && m % 10 == 0) {
        m /= 10;
        ++exponent;
    }
    return m == 1 ? QStringLiteral("1e%1").arg(exponent) : QString::number(n);
}

bool Bench::wants(const QString &prefix) const
{
    return m_filter.isEmpty() || prefix.startsWith(m_filter) || m_filter.startsWith(prefix);
}

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double Bench::medianMs(const std::function<void()> &work, int reps) const
{
    work(); // warm-up: caches, lazy initialisation, first-touch page faults
    QList<double> times;
    for (int i = 0; i < reps; ++i) {
        QElapsedTimer timer;
        timer.start();
        work();
        times.append(double(timer.nsecsElapsed()) / 1e6);
    }
    return median(times);
}

namespace {

QString number(double v)
{
    if (v != 0 && (std::abs(v) >= 1e6 || std::abs(v) < 0.01))
        return QString::number(v, 'g', 3);
    return QString::number(v, 'f', std::abs(v) >= 100 ? 0 : std::abs(v) >= 10 ? 1 : 2);
}

std::optional<double> ratioOf(const Figure &f)
{
    if (!f.baseline || *f.baseline == 0)
        return std::nullopt;
    return f.value / *f.baseline;
}

} // namespace

void Bench::add(Figure figure)
{
    if (!m_filter.isEmpty() && !figure.name.startsWith(m_filter))
        return;
    if (!m_json) {
        QString line =
            figure.name.leftJustified(30) + QLatin1Char(' ') +
            QString(number(figure.value) + QLatin1Char(' ') + figure.unit).leftJustified(16);
        if (figure.goal)
            line +=
                QString(QStringLiteral("goal ") +
                        QLatin1String(figure.goalIsMinimum ? ">= " : "<= ") + number(*figure.goal))
                    .leftJustified(16);
        else
            line += QString().leftJustified(16);
        if (figure.baseline)
            line += QStringLiteral("baseline %1 %2, ratio %3")
                        .arg(number(*figure.baseline), figure.unit, number(*ratioOf(figure)));
        std::printf("%s\n", qPrintable(line.trimmed()));
        std::fflush(stdout);
    }
    m_figures.append(std::move(figure));
}

void Bench::fail(const QString &what)
{
    ++m_failures;
    std::fprintf(stderr, "taskline-bench: %s\n", qPrintable(what));
}

QByteArray Bench::json() const
{
    QJsonArray figures;
    for (const Figure &f : m_figures) {
        const std::optional<double> ratio = ratioOf(f);
        figures.append(QJsonObject{
            {QStringLiteral("name"), f.name},
            {QStringLiteral("value"), f.value},
            {QStringLiteral("unit"), f.unit},
            {QStringLiteral("baseline"), f.baseline ? QJsonValue(*f.baseline) : QJsonValue()},
            {QStringLiteral("ratio"), ratio ? QJsonValue(*ratio) : QJsonValue()},
        });
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("figures"), figures}})
        .toJson(QJsonDocument::Compact);
}

namespace {

qint64 statusKb(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace

qint64 residentBytes()
{
    return statusKb("VmRSS") * 1024;
}

qint64 peakResidentBytes()
{
    return statusKb("VmHWM") * 1024;
}

} // namespace Taskline::Bench
