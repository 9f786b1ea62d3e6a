#pragma once

#include <QList>
#include <QString>

namespace Taskline {

/*! A scenario built into the program (resources/scenarios, embedded with the qrc). */
struct Example
{
    QString path; // ":/scenarios/demo.json"
    QString name;
    QString description;
};

/*! The built-in scenarios, the demo first, then by name. */
QList<Example> builtInExamples();

/*! Where the built-in demo scenario is. */
QString demoScenarioPath();

} // namespace Taskline
