#pragma once

#include <functional>

class QObject;
class QSocketNotifier;

namespace Taskline::Cli {

/*! Turns Ctrl+C into a call of `onInterrupted` on `context`'s event loop for as long as it
 *  lives; a second Ctrl+C gets the default action (exit). */
class InterruptGuard
{
public:
    InterruptGuard(QObject *context, std::function<void()> onInterrupted);
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard &) = delete;
    InterruptGuard &operator=(const InterruptGuard &) = delete;

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Taskline::Cli
