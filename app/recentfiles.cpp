#include "recentfiles.h"

#include <QFileInfo>
#include <QSettings>

namespace Taskline {

namespace {
const QString Key = QStringLiteral("recentFiles");
}

QStringList RecentFiles::files()
{
    const QStringList stored = QSettings().value(Key).toStringList();
    QStringList existing;
    for (const QString &path : stored) {
        if (QFileInfo::exists(path) && !existing.contains(path))
            existing.append(path);
    }
    if (existing != stored)
        store(existing);
    return existing;
}

void RecentFiles::add(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = QSettings().value(Key).toStringList();
    list.removeAll(absolute);
    list.prepend(absolute);
    store(list);
}

void RecentFiles::remove(const QString &path)
{
    QStringList list = QSettings().value(Key).toStringList();
    list.removeAll(QFileInfo(path).absoluteFilePath());
    store(list);
}

void RecentFiles::store(const QStringList &files)
{
    QSettings().setValue(Key, files.mid(0, MaxFiles));
}

} // namespace Taskline
