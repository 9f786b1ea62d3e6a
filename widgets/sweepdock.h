#pragma once

#include "plan.h"
#include "scenario.h"
#include "sweep.h"

#include <QDockWidget>
#include <QFutureWatcher>

#include <memory>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace Taskline {

class SweepPlot;

/*!
 * The pool-size sweep dock (SPEC section 7): a thread-list field, Predict (instant, off the
 * GUI thread) and Measure (real runs one after another on the event loop, with progress and
 * Cancel), the speedup plot, the recommendation in words and a table of the points. Predicts
 * again whenever the scenario or its seed and cores change.
 */
class SweepDock : public QDockWidget
{
    Q_OBJECT

public:
    explicit SweepDock(QWidget *parent = nullptr);
    ~SweepDock() override;

    /*! The scenario to sweep (null: none) with the settings of its runs; cancels a
     *  measurement and predicts again. */
    void setPlan(PlanPtr plan, const RunConfig &config);
    const PlanPtr &plan() const { return m_plan; }

    /*! The thread list text ("1,2,4,8", "1..8"). */
    void setThreadList(const QString &text);
    QString threadList() const;

    /*! Predicts the thread list now; false (with the message shown) when it is invalid. */
    bool predict();
    /*! Runs the scenario once per thread count, one after another; false when it cannot. */
    bool measure();
    void cancelMeasure();
    bool isMeasuring() const;
    bool isPredicting() const { return m_predicting; }

    /*! The sweep shown: predicted, with what has been measured. */
    const Sweep &sweep() const { return m_sweep; }
    SweepPlot *sweepPlot() const { return m_plot; }
    QString recommendationText() const;
    QString errorText() const;

Q_SIGNALS:
    void predicted();
    void measureStarted();
    void measureFinished(bool cancelled);

private:
    std::optional<QList<int>> parsedThreads();
    void onPredicted();
    void showSweep(const Sweep &sweep);
    void fillTable();
    void updateControls();
    void onMeasureProgress(int run, int runs, qint64 done, qint64 total);
    void onMeasureFinished(bool cancelled);

    PlanPtr m_plan;
    RunConfig m_config;
    Sweep m_sweep;
    bool m_userEditedList = false;
    bool m_stale = false; // a plan arrived while hidden: predict when shown
    bool m_predicting = false;
    quint64 m_generation = 0;
    quint64 m_watchedGeneration = 0;
    QFutureWatcher<Sweep> m_watcher;
    std::unique_ptr<SweepRun> m_run;

    QLineEdit *m_threads = nullptr;
    QPushButton *m_predict = nullptr;
    QPushButton *m_measure = nullptr;
    QPushButton *m_cancel = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_recommendation = nullptr;
    SweepPlot *m_plot = nullptr;
    QTableWidget *m_table = nullptr;
};

} // namespace Taskline
