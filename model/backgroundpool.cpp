#include "backgroundpool.h"

#include <QThread>
#include <QThreadPool>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace Taskline {

namespace {
struct BackgroundPool : QThreadPool
{
    BackgroundPool()
    {
        setObjectName(QStringLiteral("taskline background"));
        setMaxThreadCount(QThread::idealThreadCount());
        // Work comes in bursts (a file opened, an edit, a run): an idle thread ends after a
        // few seconds instead of Qt's 30, so a window left alone holds none.
        setExpiryTimeout(3000);
    }
};
Q_GLOBAL_STATIC(BackgroundPool, pool)
} // namespace

QThreadPool *backgroundPool()
{
    return pool();
}

void enterBackground()
{
#ifdef Q_OS_LINUX
    thread_local bool lowered = false;
    if (lowered || !pool()->contains(QThread::currentThread()))
        return;
    lowered = true;
    lowerThreadPriority();
#endif
}

void lowerThreadPriority()
{
#ifdef Q_OS_LINUX
    // Per thread on Linux: setpriority with a thread id changes only that thread.
    constexpr int Nice = 5;
    const auto tid = id_t(syscall(SYS_gettid));
    if (getpriority(PRIO_PROCESS, tid) < Nice)
        setpriority(PRIO_PROCESS, tid, Nice);
#endif
}

} // namespace Taskline
