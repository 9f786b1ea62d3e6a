#include "examples.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace Taskline {

QString demoScenarioPath()
{
    return QStringLiteral(":/scenarios/demo.json");
}

QList<Example> builtInExamples()
{
    QList<Example> examples;
    const QDir dir(QStringLiteral(":/scenarios"));
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files);
    for (const QString &file : files) {
        QFile f(dir.filePath(file));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        // Only the name and description for the menu; the loader validates when one is opened.
        const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
        Example e;
        e.path = dir.filePath(file);
        e.name = o.value(QLatin1String("name")).toString(file);
        e.description = o.value(QLatin1String("description")).toString();
        examples.append(e);
    }
    const QString demo = demoScenarioPath();
    std::sort(examples.begin(), examples.end(), [&](const Example &a, const Example &b) {
        if ((a.path == demo) != (b.path == demo))
            return a.path == demo;
        return a.name.localeAwareCompare(b.name) < 0;
    });
    return examples;
}

} // namespace Taskline
