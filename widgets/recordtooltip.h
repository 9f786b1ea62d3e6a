#pragma once

#include <QString>

namespace Taskline {

struct Trace;

/*! The hover text of one attempt: id, kind, attempt, lane, the four times, wait, duration,
 *  status and error (rich text). */
QString recordToolTip(const Trace &trace, int record);

} // namespace Taskline
