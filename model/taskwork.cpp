#include "taskwork.h"

#include <QFile>
#include <QTemporaryFile>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <optional>
#include <ctime>
#include <stdexcept>
#include <vector>

namespace Taskline::Work {

namespace {
constexpr qint64 FileChunk = 1 << 20;

bool pastDeadline(SteadyClock::time_point deadline) { return SteadyClock::now() >= deadline; }

// The OS's words for why `file` failed. QFileDevice loses errno on a short write (a full
// disk gives "Unknown error"), so the errno right after the failing call is the fallback.
std::string reason(const QFileDevice &file, int savedErrno = 0)
{
    if (savedErrno != 0 && (file.error() == QFileDevice::NoError ||
                            file.errorString() == QLatin1String("Unknown error")))
        return std::strerror(savedErrno);
    return file.errorString().toStdString();
}
} // namespace

qint64 threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

WorkOutcome compute(qint64 cpuNs, SteadyClock::time_point deadline, Cancellation &cancel)
{
    const qint64 end = threadCpuNs() + cpuNs;
    volatile double sink = 0;
    double x = 1.0;
    // No work at all (0 ms) costs no arithmetic.
    while (cpuNs > 0) {
        // Roughly 20 us of arithmetic between clock reads: cheap checks, prompt stops.
        for (int i = 0; i < 2000; ++i)
            x = std::sqrt(x * 1.0000001 + 0.5);
        sink = sink + x;
        if (threadCpuNs() >= end)
            return WorkOutcome::Done;
        if (cancel.isCancelled())
            return WorkOutcome::Cancelled;
        if (pastDeadline(deadline))
            return WorkOutcome::TimedOut;
    }
    return WorkOutcome::Done;
}

WorkOutcome block(qint64 wallNs, SteadyClock::time_point deadline, Cancellation &cancel)
{
    const auto now = SteadyClock::now();
    const auto end = now + std::chrono::nanoseconds(wallNs);
    const bool timesOut = deadline < end;
    // A wait whose end has passed returns at once: a timed futex wait on a past deadline
    // still sleeps until the kernel's timer fires (~50-80 us), which made 0 ms tasks slow.
    if (cancel.isCancelled())
        return WorkOutcome::Cancelled;
    if ((timesOut ? deadline : end) <= now)
        return timesOut ? WorkOutcome::TimedOut : WorkOutcome::Done;
    if (cancel.waitUntil(timesOut ? deadline : end))
        return WorkOutcome::Cancelled;
    return timesOut ? WorkOutcome::TimedOut : WorkOutcome::Done;
}

WorkOutcome writeReadVerify(qint64 bytes, const QString &directory,
                            SteadyClock::time_point deadline, Cancellation &cancel)
{
    QTemporaryFile file(directory + QStringLiteral("/taskline-XXXXXX.tmp"));
    file.setAutoRemove(true); // removed whatever happens, when `file` goes out of scope
    if (!file.open())
        throw std::runtime_error("cannot create a temporary file in " + directory.toStdString()
                                 + ": " + reason(file));
    std::vector<char> chunk(std::size_t(qMin(bytes, FileChunk)));
    // A pattern that depends on the offset, so a misplaced block is caught on read-back.
    auto fill = [&chunk](qint64 offset) {
        for (std::size_t i = 0; i < chunk.size(); ++i)
            chunk[i] = char((offset + qint64(i)) * 131 >> 3);
    };
    auto interrupted = [&]() -> std::optional<WorkOutcome> {
        if (cancel.isCancelled())
            return WorkOutcome::Cancelled;
        if (pastDeadline(deadline))
            return WorkOutcome::TimedOut;
        return std::nullopt;
    };
    for (qint64 offset = 0; offset < bytes; offset += FileChunk) {
        if (auto stop = interrupted())
            return *stop;
        const qint64 n = qMin(FileChunk, bytes - offset);
        fill(offset);
        errno = 0;
        if (file.write(chunk.data(), n) != n) {
            const int error = errno;
            throw std::runtime_error("cannot write " + file.fileName().toStdString() + ": "
                                     + reason(file, error));
        }
    }
    errno = 0;
    if (!file.flush()) {
        const int error = errno;
        throw std::runtime_error("cannot write " + file.fileName().toStdString() + ": "
                                 + reason(file, error));
    }
    file.seek(0);
    std::vector<char> readBack(chunk.size());
    for (qint64 offset = 0; offset < bytes; offset += FileChunk) {
        if (auto stop = interrupted())
            return *stop;
        const qint64 n = qMin(FileChunk, bytes - offset);
        if (file.read(readBack.data(), n) != n)
            throw std::runtime_error("cannot read back " + file.fileName().toStdString() + ": "
                                     + reason(file));
        fill(offset);
        if (std::memcmp(readBack.data(), chunk.data(), std::size_t(n)) != 0)
            throw std::runtime_error("read back different bytes from "
                                     + file.fileName().toStdString());
    }
    return WorkOutcome::Done;
}

} // namespace Taskline::Work
