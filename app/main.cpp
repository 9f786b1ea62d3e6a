#include "cli.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("taskline"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TASKLINE_VERSION));
    const QStringList arguments = QCoreApplication::arguments();
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
