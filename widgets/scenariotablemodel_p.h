#pragma once

// Private to the scenario table model's two files: how a number is shown, which columns hold
// numbers.

#include "scenariotablemodel.h"

#include <QLocale>
#include <QString>

namespace Taskline::ScenarioCells {

inline QString numberText(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

inline bool isNumberColumn(int column)
{
    using M = ScenarioTableModel;
    return column != M::Id && column != M::Kind && column != M::After && column != M::Shape &&
           column != M::Error;
}

} // namespace Taskline::ScenarioCells
