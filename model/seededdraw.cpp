#include "seededdraw.h"

#include "scenario.h"

#include <cmath>

namespace Taskline {

namespace {
quint64 splitmix64(quint64 x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// A uniform in [0, 1) from the attempt's key and a stream number.
double uniform(quint64 key, quint64 stream)
{
    return double(splitmix64(key ^ splitmix64(stream)) >> 11) * 0x1.0p-53;
}

constexpr double Pi = 3.14159265358979323846;
} // namespace

quint64 idHash(QStringView id)
{
    quint64 h = 0xcbf29ce484222325ULL;
    for (QChar c : id) {
        h ^= c.unicode();
        h *= 0x100000001b3ULL;
    }
    return h;
}

quint64 idHash(QByteArrayView utf8)
{
    const char *p = utf8.data();
    const qsizetype n = utf8.size();
    uchar high = 0;
    quint64 h = 0xcbf29ce484222325ULL;
    for (qsizetype i = 0; i < n; ++i) {
        high |= uchar(p[i]);
        h ^= uchar(p[i]);
        h *= 0x100000001b3ULL;
    }
    if (high >= 0x80) // not ASCII: hash the UTF-16 code units, as above
        return idHash(QStringView(QString::fromUtf8(utf8)));
    return h;
}

AttemptDraw drawAttempt(quint64 seed, quint64 idHash, quint32 copy, quint32 attempt,
                        const TaskParams &spec)
{
    const quint64 key =
        splitmix64(splitmix64(seed) ^ splitmix64(idHash ^ (quint64(copy) << 32 | attempt)));
    AttemptDraw draw;
    double ms = spec.durationMs;
    if (spec.jitter > 0 && ms > 0) {
        const double sigma2 = std::log1p(spec.jitter * spec.jitter);
        const double u1 = 1.0 - uniform(key, 1); // (0, 1]
        const double u2 = uniform(key, 2);
        const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * Pi * u2);
        ms *= std::exp(std::sqrt(sigma2) * z - sigma2 / 2.0);
    }
    draw.durationNs = std::llround(ms * 1e6);
    draw.fails = spec.failRate > 0 && uniform(key, 3) < spec.failRate;
    return draw;
}

} // namespace Taskline
