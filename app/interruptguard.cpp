#include "interruptguard.h"

#include <QSocketNotifier>

#include <csignal>
#include <unistd.h>

namespace Taskline::Cli {

namespace {

int g_interruptPipe[2] = {-1, -1};

void onInterrupt(int)
{
    // Async-signal-safe: only write(2). A second Ctrl+C gets the default action (exit).
    const char byte = 1;
    [[maybe_unused]] const auto n = ::write(g_interruptPipe[1], &byte, 1);
    std::signal(SIGINT, SIG_DFL);
}

} // namespace

InterruptGuard::InterruptGuard(QObject *context, std::function<void()> onInterrupted)
{
    if (::pipe(g_interruptPipe) != 0)
        return;
    m_notifier = new QSocketNotifier(g_interruptPipe[0], QSocketNotifier::Read, context);
    QObject::connect(m_notifier, &QSocketNotifier::activated, context,
                     [onInterrupted = std::move(onInterrupted)] {
                         char byte;
                         [[maybe_unused]] const auto n = ::read(g_interruptPipe[0], &byte, 1);
                         onInterrupted();
                     });
    std::signal(SIGINT, onInterrupt);
}

InterruptGuard::~InterruptGuard()
{
    std::signal(SIGINT, SIG_DFL);
    delete m_notifier;
    for (int &fd : g_interruptPipe) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
}

} // namespace Taskline::Cli
