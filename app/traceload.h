#pragma once

#include "chrometraceimport.h"
#include "metrics.h"

#include <QString>

namespace Taskline {

/*! A trace file read off the GUI thread with the figures the window shows for it. */
struct TraceLoad
{
    QString path;
    TraceImportResult result; // the import or the importer's error
    Metrics metrics;          // of the imported trace, when it loaded
    Percentiles durationsMs;  // end - start of every span that ran
};

/*! Imports `path` and computes its figures; safe to call from any thread. */
TraceLoad loadTraceFile(const QString &path);

/*! Whether the first KB of `path` looks like a Chrome trace; false if it cannot be read. */
bool isTraceFile(const QString &path);

} // namespace Taskline
