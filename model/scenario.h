#pragma once

#include "tasklist.h"

#include <QMetaType>
#include <QString>

#include <optional>

namespace Taskline {

/*! A whole scenario file (format version 1). */
struct Scenario
{
    QString name;
    QString description;
    int threads = 0;           // 0: not given, the machine's ideal thread count
    RunMode mode = RunMode::Pool;
    quint64 seed = 1;
    TaskList tasks;

    /*! Workers a run of this scenario uses: 1 in sequential mode, else threads or the ideal count. */
    int workerCount() const;

    friend bool operator==(const Scenario &a, const Scenario &b);
    friend bool operator!=(const Scenario &a, const Scenario &b) { return !(a == b); }
};

/*! What a run or a prediction uses: the scenario's settings with command-line overrides applied. */
struct RunConfig
{
    int threads = 1;           // pool workers (1 in sequential mode)
    int cores = 1;             // cores the cpu tasks share (predictor)
    RunMode mode = RunMode::Pool;
    quint64 seed = 1;

    friend bool operator==(const RunConfig &a, const RunConfig &b)
    {
        return a.threads == b.threads && a.cores == b.cores && a.mode == b.mode && a.seed == b.seed;
    }
};

/*! Overrides given on the command line or in the window; unset fields keep the scenario's. */
struct RunOverrides
{
    std::optional<int> threads;
    std::optional<int> cores;
    std::optional<RunMode> mode;
    std::optional<quint64> seed;

    RunConfig resolve(const Scenario &scenario) const;
};

} // namespace Taskline

Q_DECLARE_METATYPE(Taskline::Scenario)
