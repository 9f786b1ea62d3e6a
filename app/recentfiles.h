#pragma once

#include <QStringList>

namespace Taskline {

/*! The recently opened scenario files, newest first, kept in QSettings ("recentFiles"). */
class RecentFiles
{
public:
    static constexpr int MaxFiles = 10;

    /*! The files that still exist; missing ones are dropped from the settings too. */
    static QStringList files();
    /*! Puts `path` (made absolute) first. */
    static void add(const QString &path);
    static void remove(const QString &path);

private:
    static void store(const QStringList &files);
};

} // namespace Taskline
