#pragma once

// Set-up shared by the main-window tests: a window whose errors are logged, waits for its
// asynchronous work, settings kept apart from the user's, an event-loop stall meter.

#include "testsupport.h"

#include <QElapsedTimer>
#include <QList>
#include <QStringList>
#include <QTimer>

#include <memory>

class QAction;
class QTemporaryDir;

namespace Taskline {
class MainWindow;
}

namespace Taskline::TestSupport {

/*! How long a window may take to load, predict, run or import. */
constexpr int WindowTimeoutMs = 120000;

struct ErrorLog
{
    QStringList titles;
    QStringList messages;
};

/*! A window whose errors land in `log` instead of a message box (the real one without a log). */
std::unique_ptr<MainWindow> makeWindow(ErrorLog *log = nullptr);

/*! The window's action named `name`. */
QAction *action(MainWindow &window, const char *name);

/*! Waits until the window shows the prediction of the scenario it opened. */
bool waitForPrediction(MainWindow &window);

/*! Opens a trace file and waits until it is shown. */
bool openTraceAndWait(MainWindow &window, const QString &path);

/*! Starts a run and waits until it finishes. */
bool runAndWait(MainWindow &window);

/*! Points QSettings into `dir` and names the application `applicationName`. */
void useTestSettings(const QTemporaryDir &dir, const QString &applicationName);

/*! A 10 ms ticker: the gaps between its ticks are how long the event loop was busy. */
class EventLoopGaps
{
public:
    EventLoopGaps();
    void start();
    void stop();
    qint64 elapsedNs() const { return m_clock.nsecsElapsed(); }
    QList<qint64> gapsNs; // after stop(), in tick order

private:
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    QTimer m_ticker;
};

} // namespace Taskline::TestSupport
