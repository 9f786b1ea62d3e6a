#include "sweep.h"

#include "predictor.h"
#include "run.h"

#include <QRegularExpression>

#include <algorithm>

namespace Taskline {

int Sweep::recommendedThreads(double tolerance) const
{
    if (points.isEmpty())
        return 0;
    double best = points.constFirst().predictedMs;
    for (const SweepPoint &p : points)
        best = std::min(best, p.predictedMs);
    for (const SweepPoint &p : points) { // ascending threads: the first within reach
        if (p.predictedMs <= best * (1 + tolerance))
            return p.threads;
    }
    return points.constLast().threads;
}

namespace {
QString msText(double ms)
{
    return QString::number(ms, 'f', ms < 10 ? 2 : 1) + QStringLiteral(" ms");
}

QString threadsText(int n)
{
    return n == 1 ? QStringLiteral("1 thread") : QStringLiteral("%1 threads").arg(n);
}
} // namespace

QString Sweep::recommendationText() const
{
    const int recommended = recommendedThreads();
    if (recommended <= 0)
        return {};
    const SweepPoint *rec = nullptr;
    const SweepPoint *best = nullptr;
    for (const SweepPoint &p : points) {
        if (p.threads == recommended)
            rec = &p;
        if (!best || p.predictedMs < best->predictedMs)
            best = &p;
    }
    QString text = QStringLiteral("Recommended: %1. Predicted makespan %2, %3x the speed of 1 "
                                  "thread")
                       .arg(threadsText(recommended), msText(rec->predictedMs))
                       .arg(rec->predictedSpeedup, 0, 'f', 2);
    if (best->threads != recommended) {
        text += QStringLiteral("; within 5% of the best (%1 on %2), so more threads buy little.")
                    .arg(msText(best->predictedMs), threadsText(best->threads));
    } else if (recommended == points.constLast().threads && points.size() > 1) {
        text += QStringLiteral("; the most threads swept are still the fastest: try more.");
    } else {
        text += QStringLiteral(", the best of the counts swept.");
    }
    return text;
}

bool Sweep::hasMeasurements() const
{
    return std::any_of(points.cbegin(), points.cend(),
                       [](const SweepPoint &p) { return p.measuredMs.has_value(); });
}

void Sweep::setMeasured(qsizetype index, std::optional<double> ms)
{
    if (index < 0 || index >= points.size())
        return;
    points[index].measuredMs = ms;
    updateSpeedups();
}

void Sweep::updateSpeedups()
{
    // Measured speedups are over the measured single thread when there is one, else over the
    // predicted one: a sweep of 2..8 still has a base.
    std::optional<double> measuredOne;
    for (const SweepPoint &p : std::as_const(points)) {
        if (p.threads == 1 && p.measuredMs)
            measuredOne = p.measuredMs;
    }
    const double measuredBase = measuredOne.value_or(predictedOneMs);
    for (SweepPoint &p : points) {
        p.predictedSpeedup = p.predictedMs > 0 ? predictedOneMs / p.predictedMs : 1.0;
        if (p.measuredMs)
            p.measuredSpeedup = *p.measuredMs > 0 ? measuredBase / *p.measuredMs : 1.0;
        else
            p.measuredSpeedup.reset();
    }
}

namespace {

std::optional<int> threadCount(const QString &text)
{
    static const QRegularExpression digits(QStringLiteral("^\\d{1,4}$"));
    if (!digits.match(text).hasMatch())
        return std::nullopt;
    const int n = text.toInt();
    if (n < 1 || n > MaxSweepThreads)
        return std::nullopt;
    return n;
}

} // namespace

std::variant<QList<int>, QString> parseThreadList(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return QStringLiteral("the thread list is empty; write counts like 1,2,4,8 or a range "
                              "like 1..8");
    const auto badCount = [&](const QString &part) {
        return QStringLiteral("\"%1\" in \"%2\" is not a thread count; use whole numbers from 1 "
                              "to %3, like 1,2,4,8 or 1..8")
            .arg(part, trimmed)
            .arg(MaxSweepThreads);
    };
    QList<int> threads;
    const QStringList parts = trimmed.split(QLatin1Char(','));
    for (const QString &raw : parts) {
        const QString part = raw.trimmed();
        if (part.isEmpty())
            return QStringLiteral("an empty entry in \"%1\"; remove the extra comma")
                .arg(trimmed);
        const qsizetype dots = part.indexOf(QLatin1String(".."));
        if (dots < 0) {
            const std::optional<int> n = threadCount(part);
            if (!n)
                return badCount(part);
            threads.append(*n);
            continue;
        }
        const QString fromText = part.left(dots).trimmed();
        const QString toText = part.mid(dots + 2).trimmed();
        const std::optional<int> from = threadCount(fromText);
        const std::optional<int> to = threadCount(toText);
        if (!from)
            return badCount(fromText.isEmpty() ? part : fromText);
        if (!to)
            return badCount(toText.isEmpty() ? part : toText);
        if (*from > *to)
            return QStringLiteral("the range \"%1\" runs backwards; write %2..%3")
                .arg(part)
                .arg(*to)
                .arg(*from);
        for (int n = *from; n <= *to; ++n)
            threads.append(n);
    }
    std::sort(threads.begin(), threads.end());
    threads.erase(std::unique(threads.begin(), threads.end()), threads.end());
    return threads;
}

QString threadListText(const QList<int> &threads)
{
    QStringList parts;
    for (qsizetype i = 0; i < threads.size();) {
        qsizetype j = i;
        while (j + 1 < threads.size() && threads[j + 1] == threads[j] + 1)
            ++j;
        if (j - i >= 2) {
            parts.append(QStringLiteral("%1..%2").arg(threads[i]).arg(threads[j]));
        } else {
            for (qsizetype k = i; k <= j; ++k)
                parts.append(QString::number(threads[k]));
        }
        i = j + 1;
    }
    return parts.join(QLatin1Char(','));
}

Sweep predictSweep(const PlanPtr &plan, const RunConfig &config, const QList<int> &threads)
{
    Sweep sweep;
    sweep.config = config;
    sweep.config.mode = RunMode::Pool; // a sweep varies the pool; sequential has one worker
    QList<int> counts = threads;
    std::sort(counts.begin(), counts.end());
    counts.erase(std::unique(counts.begin(), counts.end()), counts.end());
    const bool hasOne = !counts.isEmpty() && counts.constFirst() == 1;
    QList<int> predicted = counts;
    if (!hasOne)
        predicted.prepend(1);
    const QList<double> makespans = predictMakespans(plan, sweep.config, predicted);
    sweep.predictedOneMs = makespans.value(0);
    for (qsizetype i = 0; i < counts.size(); ++i) {
        SweepPoint p;
        p.threads = counts[i];
        p.predictedMs = makespans.value(i + (hasOne ? 0 : 1));
        sweep.points.append(p);
    }
    sweep.updateSpeedups();
    return sweep;
}

SweepRun::SweepRun(PlanPtr plan, Sweep sweep, QObject *parent)
    : QObject(parent), m_plan(std::move(plan)), m_sweep(std::move(sweep))
{
}

SweepRun::~SweepRun() = default; // ~Run cancels and waits for its workers

void SweepRun::start()
{
    if (m_started)
        return;
    m_started = true;
    startNext();
}

void SweepRun::cancel()
{
    if (!isRunning())
        return;
    m_cancelled = true;
    if (m_run && m_run->isRunning())
        m_run->cancel(); // finished() follows from onRunFinished()
    else if (!m_run || m_run->isFinished())
        QMetaObject::invokeMethod(this, &SweepRun::startNext, Qt::QueuedConnection);
}

void SweepRun::startNext()
{
    if (m_finished)
        return;
    if (m_run) {
        // Called after the last run's finished(): let it go from the event loop.
        disconnect(m_run.get(), nullptr, this, nullptr);
        Run *old = m_run.release();
        old->setParent(this); // deleted with this object at the latest
        old->deleteLater();
    }
    if (m_cancelled || m_next >= m_sweep.points.size() || !m_plan) {
        m_finished = true;
        Q_EMIT finished(m_cancelled);
        return;
    }
    const int index = m_next;
    RunConfig config = m_sweep.config;
    config.threads = m_sweep.points[index].threads;
    m_run = std::make_unique<Run>(m_plan, config);
    if (!m_tempDir.isEmpty())
        m_run->setTemporaryDirectory(m_tempDir);
    const int runs = int(m_sweep.points.size());
    const qint64 total = m_plan->taskCount();
    connect(m_run.get(), &Run::progress, this,
            [this, index, runs](qint64 done, qint64 all, qint64) {
                Q_EMIT progress(index, runs, done, all);
            });
    connect(m_run.get(), &Run::finished, this, &SweepRun::onRunFinished);
    Q_EMIT progress(index, runs, 0, total);
    m_run->start();
}

void SweepRun::onRunFinished(const Trace &trace)
{
    const int index = m_next++;
    if (!m_cancelled) {
        const double ms = trace.makespanNs() / 1e6;
        m_sweep.setMeasured(index, ms);
        Q_EMIT pointMeasured(index, ms);
    }
    // Not from inside the Run's own signal: the next run starts from the event loop.
    QMetaObject::invokeMethod(this, &SweepRun::startNext, Qt::QueuedConnection);
}

} // namespace Taskline
