#pragma once

#include <QString>

namespace Taskline {

/*! Why a scenario was rejected: the file, the place in it and a message that says how to fix it. */
struct ScenarioError
{
    QString file;      // path as the user gave it; empty for a scenario built in memory
    QString place;     // "tasks[3].duration_ms", "tasks", "" for the whole document
    QString taskId;    // id of the task concerned, when there is one
    int line = 0;      // 1-based; 0 when unknown
    int column = 0;    // 1-based; 0 when unknown
    bool io = false;   // the file could not be read (exit 3), rather than being invalid (exit 2)
    QString message;   // a whole sentence that names the place, e.g.
                       // `unknown key "duraton_ms" in tasks[0] ("a"); did you mean "duration_ms"?`

    /*! "file:line:column: message", leaving out what is unknown. */
    QString text() const
    {
        QString prefix = file;
        if (line > 0) {
            prefix += (prefix.isEmpty() ? QString() : QStringLiteral(":")) + QString::number(line);
            if (column > 0)
                prefix += QLatin1Char(':') + QString::number(column);
        }
        return prefix.isEmpty() ? message : prefix + QStringLiteral(": ") + message;
    }
};

} // namespace Taskline
