#include "cli.h"

#include <QApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const bool headless = Taskline::Cli::isCommand(arguments) || arguments.contains(QLatin1String("--help"))
        || arguments.contains(QLatin1String("-h")) || arguments.contains(QLatin1String("--version"))
        || arguments.contains(QLatin1String("-v"));
    // Headless commands need no display: images render offscreen when there is none.
    if (headless && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")
        && qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("taskline"));
    QApplication::setOrganizationName(QStringLiteral("Taskline"));
    QApplication::setApplicationVersion(QStringLiteral(TASKLINE_VERSION));
    if (arguments.size() > 1) {
        const QString first = arguments[1];
        if (first == QLatin1String("--version") || first == QLatin1String("-v")) {
            QTextStream(stdout) << "taskline " << TASKLINE_VERSION << Qt::endl;
            return 0;
        }
        if (first == QLatin1String("--help") || first == QLatin1String("-h"))
            return Taskline::Cli::run({arguments[0]});
        if (!Taskline::Cli::isCommand(arguments)) {
            // The window (`taskline [FILE]`) is not built yet; say what is available.
            QTextStream(stderr) << "taskline: unknown command \"" << first << "\"\n";
            Taskline::Cli::run({arguments[0]});
            return Taskline::Cli::InvalidInput;
        }
    }
    return Taskline::Cli::run(arguments);
}
