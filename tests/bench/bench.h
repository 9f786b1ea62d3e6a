#pragma once

// taskline-bench: the speed figures of SPEC section 11, each beside a baseline measured in the
// same process. Figures are printed as they are measured, one line each, or as one JSON object.

#include <QElapsedTimer>
#include <QList>
#include <QString>
#include <QTemporaryDir>

#include <algorithm>
#include <functional>
#include <optional>

namespace Taskline::Bench {

struct Figure
{
    QString name;
    double value = 0;
    QString unit;
    std::optional<double> baseline; // the same work done the simple way, in `unit`
    std::optional<double> goal;     // from issue 7; printed, not part of the JSON
    bool goalIsMinimum = false;     // the value should be at least the goal (rates)
};

class Bench
{
public:
    Bench(bool quick, bool json, QString filter, QString program);

    bool quick() const { return m_quick; }
    /*! Full-size counts, or a hundredth (at least 1000) in --quick. */
    qsizetype scaled(qsizetype full) const;
    /*! "1e6" for a power of ten. */
    static QString sizeTag(qsizetype n);
    /*! Whether figures starting with `prefix` are asked for (--filter). */
    bool wants(const QString &prefix) const;
    /*! A directory for generated files, removed at exit. */
    QString tempPath(const QString &name) const { return m_dir.filePath(name); }
    /*! This executable, to measure peak memory in a fresh child process. */
    QString program() const { return m_program; }

    /*! Median of `reps` timed calls in ms, after one untimed warm-up call. */
    double medianMs(const std::function<void()> &work, int reps) const;
    /*! Repetitions for a figure: `full` normally, fewer in --quick. */
    int reps(int full) const { return m_quick ? std::min(full, 2) : full; }

    void add(Figure figure);
    /*! The --json object, printed at the end. */
    QByteArray json() const;
    int failures() const { return m_failures; }
    void fail(const QString &what);

private:
    bool m_quick;
    bool m_json;
    QString m_filter;
    QString m_program;
    QTemporaryDir m_dir;
    QList<Figure> m_figures;
    int m_failures = 0;
};

double median(QList<double> values);

/*! Peak resident memory above the process's state at the call of reset (Linux /proc). */
qint64 residentBytes();
qint64 peakResidentBytes();

// The groups of figures, each in its own file.
void benchModel(Bench &bench);    // f(t), predictor, record size
void benchLoad(Bench &bench);     // scenario and trace loading: speed and peak memory
void benchRunner(Bench &bench);   // runner dispatch and delivery
void benchTimeline(Bench &bench); // replot, build, clear, exports
void benchGui(Bench &bench);      // event-loop lag of the window during a run

/*! In a child process (--peak KIND FILE): loads FILE as KIND and prints the extra peak bytes. */
int peakChild(const QString &kind, const QString &path);

} // namespace Taskline::Bench
