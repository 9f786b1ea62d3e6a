#include "widgettestsupport.h"

#include "mainwindow.h"
#include "runcontroller.h"

#include <QAction>
#include <QCoreApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>

namespace Taskline::TestSupport {

std::unique_ptr<MainWindow> makeWindow(ErrorLog *log)
{
    auto window = std::make_unique<MainWindow>();
    if (log) {
        window->setErrorReporter([log](const QString &title, const QString &message) {
            log->titles.append(title);
            log->messages.append(message);
        });
    }
    return window;
}

QAction *action(MainWindow &window, const char *name)
{
    return window.findChild<QAction *>(QLatin1String(name));
}

bool waitForPrediction(MainWindow &window)
{
    if (window.runController()->prediction())
        return true;
    QSignalSpy shown(&window, &MainWindow::predictionShown);
    return shown.wait(WindowTimeoutMs);
}

bool openTraceAndWait(MainWindow &window, const QString &path)
{
    QSignalSpy loaded(&window, &MainWindow::traceLoaded);
    if (!window.openFile(path) || !window.isImporting())
        return false;
    return loaded.wait(WindowTimeoutMs);
}

bool runAndWait(MainWindow &window)
{
    QSignalSpy finished(&window, &MainWindow::runFinished);
    window.startRun();
    return finished.count() == 1 || finished.wait(WindowTimeoutMs);
}

void useTestSettings(const QTemporaryDir &dir, const QString &applicationName)
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       dir.filePath(QStringLiteral("config")));
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                       dir.filePath(QStringLiteral("config")));
    QCoreApplication::setOrganizationName(QStringLiteral("TasklineTest"));
    QCoreApplication::setApplicationName(applicationName);
}

EventLoopGaps::EventLoopGaps()
{
    m_ticker.setTimerType(Qt::PreciseTimer);
    m_ticker.setInterval(10);
    QObject::connect(&m_ticker, &QTimer::timeout, &m_ticker, [this] {
        const qint64 now = m_clock.nsecsElapsed();
        gapsNs.append(now - m_last);
        m_last = now;
    });
}

void EventLoopGaps::start()
{
    m_clock.start();
    m_ticker.start();
}

void EventLoopGaps::stop()
{
    m_ticker.stop();
}

} // namespace Taskline::TestSupport
