#pragma once

// qcustomplot.h uses the `signals`/`slots` keywords and `foreach`, which the project turns off
// (QT_NO_KEYWORDS, QT_NO_FOREACH). Include it through this header, in .cpp files only.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define foreach(variable, container) for (variable : container)
#include <qcustomplot.h>
#undef foreach
#undef slots
#undef signals
