#include "atomicwrite.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace Taskline {

std::optional<QString> writeAtomically(const QString &path,
                                       const std::function<bool(QIODevice &)> &write)
{
    const auto failure = [&](const QString &reason) {
        return QStringLiteral("cannot write \"%1\": %2")
            .arg(QDir::toNativeSeparators(path), reason);
    };
    if (path.isEmpty())
        return failure(QStringLiteral("no file name"));
    const QFileInfo info(path);
    if (info.isDir())
        return failure(QStringLiteral("it is a directory"));
    if (!info.absoluteDir().exists())
        return failure(QStringLiteral("the directory \"%1\" does not exist")
                           .arg(QDir::toNativeSeparators(info.absolutePath())));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failure(file.errorString());
    if (!write(file) || file.error() != QFileDevice::NoError) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return failure(reason.isEmpty() ? QStringLiteral("write error") : reason);
    }
    if (!file.commit())
        return failure(file.errorString());
    return std::nullopt;
}

} // namespace Taskline
