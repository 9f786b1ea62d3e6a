#include "cli.h"
#include "mainwindow.h"

#include <QApplication>
#include <QFileInfo>
#include <QTextStream>
#include <QTimer>

#include <optional>

namespace {

const char WindowUsage[] = "Usage: taskline [--run] [FILE]\n"
                           "      The window, FILE loaded (the built-in demo if none);\n"
                           "      --run starts a run once it is loaded.\n\n";

struct WindowArguments
{
    QString file;
    bool runAtStart = false;
};

/*! `taskline [--run] [FILE]`, or nullopt after saying what is wrong. */
std::optional<WindowArguments> parseWindowArguments(const QStringList &arguments)
{
    WindowArguments w;
    for (const QString &a : arguments.mid(1)) {
        if (a == QLatin1String("--run")) {
            w.runAtStart = true;
        } else if (a.startsWith(QLatin1Char('-')) || !w.file.isEmpty()) {
            QTextStream(stderr) << "taskline: unexpected argument \"" << a << "\"\n\n"
                                << WindowUsage;
            return std::nullopt;
        } else {
            w.file = a;
        }
    }
    // A word that names no file and does not look like one is a mistyped command.
    if (!w.file.isEmpty() && !QFileInfo::exists(w.file) && !w.file.contains(QLatin1Char('/')) &&
        !w.file.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) {
        QTextStream(stderr) << "taskline: unknown command \"" << w.file << "\"\n\n" << WindowUsage;
        return std::nullopt;
    }
    return w;
}

} // namespace

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const bool help =
        arguments.contains(QLatin1String("--help")) || arguments.contains(QLatin1String("-h"));
    const bool version =
        arguments.contains(QLatin1String("--version")) || arguments.contains(QLatin1String("-v"));
    const bool headless = Taskline::Cli::isCommand(arguments) || help || version;
    std::optional<WindowArguments> window;
    if (!headless) {
        window = parseWindowArguments(arguments);
        if (window && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") &&
            qEnvironmentVariableIsEmpty("DISPLAY") &&
            qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
            QTextStream(stderr) << "taskline: no display for the window (neither DISPLAY nor "
                                   "WAYLAND_DISPLAY is set).\nHeadless, try: taskline run FILE "
                                   "--image timeline.png\n";
            return Taskline::Cli::InvalidInput;
        }
    }
    // Headless commands need no display: images render offscreen when there is none.
    if ((headless || !window) && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") &&
        qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("taskline"));
    QApplication::setApplicationDisplayName(QStringLiteral("Taskline"));
    QApplication::setOrganizationName(QStringLiteral("Taskline"));
    QApplication::setApplicationVersion(QStringLiteral(TASKLINE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("taskline"));

    if (Taskline::Cli::isCommand(arguments))
        return Taskline::Cli::run(arguments);
    if (version) {
        QTextStream(stdout) << "taskline " << TASKLINE_VERSION << Qt::endl;
        return 0;
    }
    if (help) {
        QTextStream(stdout) << WindowUsage << Qt::flush;
        return Taskline::Cli::run({arguments[0]});
    }
    if (!window) {
        Taskline::Cli::run({arguments[0]});
        return Taskline::Cli::InvalidInput;
    }

    Taskline::MainWindow mainWindow;
    mainWindow.show();
    const bool loaded =
        window->file.isEmpty() ? mainWindow.openDemo() : mainWindow.openFile(window->file);
    if (loaded && window->runAtStart)
        QTimer::singleShot(0, &mainWindow, &Taskline::MainWindow::startRun);
    return QApplication::exec();
}
