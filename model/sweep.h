#pragma once

#include "plan.h"
#include "scenario.h"
#include "trace.h"

#include <QList>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <variant>

namespace Taskline {

class Run;

/*! The largest thread count a sweep may ask for (the scenario format's limit). */
constexpr int MaxSweepThreads = 256;

/*! One pool size of a sweep (SPEC sections 6 and 9). */
struct SweepPoint
{
    int threads = 1;
    double predictedMs = 0;
    std::optional<double> measuredMs;
    double predictedSpeedup = 0;            // T_pred(1) / T_pred(P)
    std::optional<double> measuredSpeedup;  // T_meas(1) / T_meas(P), T_pred(1) if 1 not measured

    double predictedEfficiency() const { return threads > 0 ? predictedSpeedup / threads : 0; }
    std::optional<double> measuredEfficiency() const
    {
        if (!measuredSpeedup || threads <= 0)
            return std::nullopt;
        return *measuredSpeedup / threads;
    }
    /*! The speedup a script sees: measured when measured, else predicted. */
    double speedup() const { return measuredSpeedup.value_or(predictedSpeedup); }

    friend bool operator==(const SweepPoint &a, const SweepPoint &b)
    {
        return a.threads == b.threads && a.predictedMs == b.predictedMs &&
               a.measuredMs == b.measuredMs && a.predictedSpeedup == b.predictedSpeedup &&
               a.measuredSpeedup == b.measuredSpeedup;
    }
};

/*!
 * A pool-size sweep of one plan: a predicted makespan per thread count (other settings from
 * `config`, always in pool mode), measured makespans where runs were made, speedups over one
 * thread and the recommended thread count.
 */
struct Sweep
{
    RunConfig config;           // seed and cores of every point; threads unused
    double predictedOneMs = 0;  // T_pred(1), the predicted speedup's base, even if 1 is not swept
    QList<SweepPoint> points;   // ascending threads

    /*! The smallest thread count whose predicted makespan is within `tolerance` (5%) of the
     *  best predicted makespan; 0 without points. */
    int recommendedThreads(double tolerance = 0.05) const;
    bool hasMeasurements() const;
    /*! The recommendation in words, e.g. "4 threads: predicted 305 ms, within 5% of the best
     *  (302 ms on 8 threads); more threads buy little." Empty without points. */
    QString recommendationText() const;
    /*! Sets (or with nullopt clears) point `index`'s measured makespan; recomputes speedups. */
    void setMeasured(qsizetype index, std::optional<double> ms);
    /*! Recomputes every speedup from the makespans. */
    void updateSpeedups();

    friend bool operator==(const Sweep &a, const Sweep &b)
    {
        return a.config == b.config && a.predictedOneMs == b.predictedOneMs &&
               a.points == b.points;
    }
};

/*!
 * Parses a list of thread counts: "1,2,4,8", a range "2..8", or both mixed ("1,2,4..6").
 * Counts run from 1 to MaxSweepThreads; the result is sorted and without repeats. On error the
 * message names the bad part and the fix.
 */
std::variant<QList<int>, QString> parseThreadList(const QString &text);

/*! "1,2,4..8": the shortest text parseThreadList() reads back as `threads`. */
QString threadListText(const QList<int> &threads);

/*! Predicts `plan` for each thread count (sorted, unique; pool mode): fast, no runs. */
Sweep predictSweep(const PlanPtr &plan, const RunConfig &config, const QList<int> &threads);

/*!
 * Measures a sweep: runs the plan once per thread count, one after another, on the event loop
 * of the thread it lives on (the window stays responsive). Emits each measured point as it
 * comes, progress as runs and tasks, and finished() once, also after cancel().
 */
class SweepRun : public QObject
{
    Q_OBJECT

public:
    SweepRun(PlanPtr plan, Sweep sweep, QObject *parent = nullptr);
    ~SweepRun() override;

    void setTemporaryDirectory(const QString &directory) { m_tempDir = directory; }
    /*! Starts the first run; once only. */
    void start();
    /*! Cancels the run in progress and makes no more; its point stays unmeasured. */
    void cancel();
    bool isRunning() const { return m_started && !m_finished; }
    bool isCancelled() const { return m_cancelled; }
    /*! The sweep with what has been measured so far. */
    const Sweep &sweep() const { return m_sweep; }

Q_SIGNALS:
    void pointMeasured(int index, double makespanMs);
    /*! `run` of `runs` (0-based, the one in progress), with its tasks done of its total. */
    void progress(int run, int runs, qint64 doneTasks, qint64 totalTasks);
    void finished(bool cancelled);

private:
    void startNext();
    void onRunFinished(const Trace &trace);

    PlanPtr m_plan;
    Sweep m_sweep;
    QString m_tempDir;
    std::unique_ptr<Run> m_run;
    int m_next = 0;
    bool m_started = false;
    bool m_finished = false;
    bool m_cancelled = false;
};

} // namespace Taskline

Q_DECLARE_METATYPE(Taskline::Sweep)
