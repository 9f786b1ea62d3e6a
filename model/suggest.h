#pragma once

#include <QString>
#include <QStringList>

namespace Taskline {

/*! The candidate nearest to `word` by edit distance, if near enough to be a likely typo; else "". */
QString closestMatch(QStringView word, const QStringList &candidates);

} // namespace Taskline
