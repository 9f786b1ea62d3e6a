#pragma once

#include <QString>

#include <functional>
#include <optional>

class QIODevice;

namespace Taskline {

/*!
 * Writes `path` atomically (QSaveFile): `write` fills the device and returns false if it
 * failed. On any failure nothing is left at `path` (a file already there is untouched) and
 * the reason is returned, e.g. `cannot write "out/t.json": No such file or directory`;
 * nullopt on success.
 */
std::optional<QString> writeAtomically(const QString &path,
                                       const std::function<bool(QIODevice &device)> &write);

} // namespace Taskline
