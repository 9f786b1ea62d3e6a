#include "cli.h"
#include "mainwindow.h"

#include <QApplication>
#include <QFileInfo>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <memory>
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

// The offscreen platform asks for a runtime directory a headless command never uses; its
// warning would only clutter the command's output.
QtMessageHandler g_defaultHandler = nullptr;
void quietOffscreen(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR not set")))
        return;
    if (g_defaultHandler)
        g_defaultHandler(type, context, message);
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
    // Only images need a GUI application; other commands start faster without one.
    const bool drawsImage = std::any_of(arguments.cbegin(), arguments.cend(), [](const QString &a) {
        return a == QLatin1String("--image") || a.startsWith(QLatin1String("--image="));
    });
    const bool gui = !headless || drawsImage || !window;
    // Headless commands need no display: images render offscreen when there is none.
    if (gui && (headless || !window) && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") &&
        qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        g_defaultHandler = qInstallMessageHandler(quietOffscreen);
    }
    std::unique_ptr<QCoreApplication> app;
    if (gui)
        app = std::make_unique<QApplication>(argc, argv);
    else
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("taskline"));
    QCoreApplication::setOrganizationName(QStringLiteral("Taskline"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TASKLINE_VERSION));
    if (gui) {
        QGuiApplication::setApplicationDisplayName(QStringLiteral("Taskline"));
        QGuiApplication::setDesktopFileName(QStringLiteral("taskline"));
    }

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
