#include "plan.h"

#include "seededdraw.h"
#include "suggest.h"

#include <vector>

#include <algorithm>
#include <cstring>
#include <cmath>

namespace Taskline {

namespace {
QString taskPlace(int index)
{
    return QStringLiteral("tasks[%1]").arg(index);
}

ScenarioError specError(const QString &file, const Scenario &s, int index, const QString &field,
                        const QString &what)
{
    ScenarioError e;
    e.file = file;
    e.place = taskPlace(index) + (field.isEmpty() ? QString() : QLatin1Char('.') + field);
    e.taskId = s.tasks.id(index);
    e.message = e.place + QStringLiteral(" (\"") + e.taskId + QStringLiteral("\"): ") + what;
    return e;
}

// The first and last up to 8 bytes of a text (overlapping when shorter than 16), read
// without going past it.
struct Ends
{
    quint64 head = 0;
    quint64 tail = 0;
};

Q_ALWAYS_INLINE Ends endsOf(QByteArrayView text)
{
    const char *p = text.data();
    const qsizetype n = text.size();
    Ends e;
    if (n >= 8) {
        std::memcpy(&e.head, p, 8);
        std::memcpy(&e.tail, p + n - 8, 8);
    } else if (n >= 4) {
        quint32 a, b;
        std::memcpy(&a, p, 4);
        std::memcpy(&b, p + n - 4, 4);
        e.head = a;
        e.tail = b;
    } else if (n > 0) {
        e.head = quint64(uchar(p[0])) | quint64(uchar(p[n / 2])) << 8 | quint64(uchar(p[n - 1])) << 16;
    }
    return e;
}

Q_ALWAYS_INLINE bool sameText(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    if (a.size() <= 16) {
        const Ends x = endsOf(a);
        const Ends y = endsOf(b);
        return ((x.head ^ y.head) | (x.tail ^ y.tail)) == 0;
    }
    return std::memcmp(a.data(), b.data(), size_t(a.size())) == 0;
}

// The id table's own hash: a few multiplications for an id up to 16 bytes, whatever its
// length (idHash goes byte by byte). A 64 x 64 -> 128-bit product folded in two mixes every
// byte into every bit (a plain multiplication carries low bytes' changes upwards only).
Q_ALWAYS_INLINE quint64 mix(quint64 a, quint64 b)
{
#if defined(__SIZEOF_INT128__)
    const unsigned __int128 m = (unsigned __int128)a * b;
    return quint64(m) ^ quint64(m >> 64);
#else
    const quint64 m = (a ^ (b >> 31)) * 0x9e3779b97f4a7c15ULL;
    return m ^ (m >> 32) ^ b;
#endif
}

Q_ALWAYS_INLINE quint64 slotHash(QByteArrayView text)
{
    constexpr quint64 K1 = 0x9e3779b97f4a7c15ULL;
    constexpr quint64 K2 = 0xc2b2ae3d27d4eb4fULL;
    const qsizetype n = text.size();
    const Ends e = endsOf(text);
    quint64 h = mix(e.head ^ K1, e.tail ^ K2 ^ quint64(n));
    for (qsizetype i = 8; i + 8 < n; i += 8) { // the middle of a longer id
        quint64 w;
        std::memcpy(&w, text.data() + i, 8);
        h = mix(h ^ w, K1);
    }
    return mix(h, K2);
}

// Taskline::idHash of an id given as UTF-8 (FNV-1a over its bytes when they are ASCII), here
// where a million of them are hashed: four bytes a round, ASCII checked a word at a time.
Q_ALWAYS_INLINE quint64 hashOf(QByteArrayView utf8)
{
    constexpr quint64 Prime = 0x100000001b3ULL;
    const uchar *p = reinterpret_cast<const uchar *>(utf8.data());
    const qsizetype n = utf8.size();
    quint64 h = 0xcbf29ce484222325ULL;
    quint32 high = 0;
    qsizetype i = 0;
    for (; i + 4 <= n; i += 4) {
        quint32 word;
        std::memcpy(&word, p + i, 4);
        high |= word;
        h = (h ^ p[i]) * Prime;
        h = (h ^ p[i + 1]) * Prime;
        h = (h ^ p[i + 2]) * Prime;
        h = (h ^ p[i + 3]) * Prime;
    }
    for (; i < n; ++i) {
        high |= p[i];
        h = (h ^ p[i]) * Prime;
    }
    if (Q_UNLIKELY(high & 0x80808080u))
        return Taskline::idHash(utf8); // not ASCII: the UTF-16 code units are hashed
    return h;
}

// Spec indices by id: open addressing over the ids' own bytes, no QString built per task. A
// slot holds spec + 1 and the low 32 bits of the id's slotHash (its high bits pick the slot),
// so that a probe compares ids only when those match.
class IdTable
{
public:
    explicit IdTable(const TaskList &tasks) : m_tasks(tasks)
    {
        std::size_t size = 16;
        while (size < std::size_t(tasks.size()) * 2)
            size *= 2;
        m_mask = size - 1;
        m_slots.assign(size, 0);
    }

    /*! Adds spec `spec` with the id `id` of hash `hash`; the earlier spec with its id, or -1. */
    Q_ALWAYS_INLINE qint64 insert(quint32 spec, QByteArrayView id, quint64 hash)
    {
        const quint64 tag = quint64(quint32(hash)) << 32;
        for (std::size_t at = slotOf(hash);; at = (at + 1) & m_mask) {
            const quint64 held = m_slots[at];
            if (held == 0) {
                m_slots[at] = tag | (spec + 1);
                return -1;
            }
            const quint32 other = quint32(held) - 1;
            if ((held & ~quint64(0xffffffffu)) == tag && sameText(m_tasks.idUtf8(other), id))
                return other;
        }
    }

    Q_ALWAYS_INLINE qint64 find(QByteArrayView id, quint64 hash) const
    {
        const quint64 tag = quint64(quint32(hash)) << 32;
        for (std::size_t at = slotOf(hash);; at = (at + 1) & m_mask) {
            const quint64 held = m_slots[at];
            if (held == 0)
                return -1;
            const quint32 other = quint32(held) - 1;
            if ((held & ~quint64(0xffffffffu)) == tag && sameText(m_tasks.idUtf8(other), id))
                return other;
        }
    }

    void prefetch(quint64 hash) const
    {
#if defined(__GNUC__)
        __builtin_prefetch(&m_slots[slotOf(hash)], 1);
#else
        Q_UNUSED(hash);
#endif
    }

private:
    const TaskList &m_tasks;
    std::vector<quint64> m_slots; // tag << 32 | (spec + 1); 0: empty
    std::size_t m_mask = 0;

    std::size_t slotOf(quint64 hash) const { return std::size_t(hash >> 32) & m_mask; }
};

// Finds one cycle among specs whose in-degree never reached zero, in dependency order.
QList<quint32> findCycle(const QList<quint32> &offsets, const QList<quint32> &deps,
                         const QList<quint32> &remaining)
{
    const quint32 n = quint32(offsets.size() - 1);
    // Every spec left with remaining > 0 waits for another such spec: walk "waits for" edges
    // from any of them until a spec repeats.
    QList<qint32> seenAt(n, -1);
    QList<quint32> path;
    quint32 current = 0;
    while (current < n && remaining[current] == 0)
        ++current;
    while (seenAt[current] < 0) {
        seenAt[current] = qint32(path.size());
        path.append(current);
        for (quint32 k = offsets[current]; k < offsets[current + 1]; ++k) {
            if (remaining[deps[k]] > 0) {
                current = deps[k];
                break;
            }
        }
    }
    QList<quint32> cycle = path.mid(seenAt[current]);
    std::reverse(cycle.begin(), cycle.end()); // "a waits for b" reversed: a runs before b
    // Start at the member that comes first in the file, where a reader looks first.
    std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
    return cycle;
}
} // namespace

std::variant<PlanPtr, ScenarioError> Plan::build(Scenario scenario, const QString &file)
{
    const TaskList &tasks = scenario.tasks;
    const int specs = int(tasks.size());
    if (specs == 0) {
        ScenarioError e;
        e.file = file;
        e.place = QStringLiteral("tasks");
        e.message = QStringLiteral("tasks: the scenario has no tasks; add at least one, e.g. "
                                   "{\"id\": \"a\", \"duration_ms\": 100}");
        return e;
    }

    auto plan = std::make_shared<Plan>();
    Plan &p = *plan;
    p.m_idHash.resize(specs);
    IdTable indexOf(tasks);
    quint64 *idHashes = p.m_idHash.data();
    quint64 total = 0;
    // The slots of a million ids are spread over 16 MB: each insert would wait for memory in
    // turn. Hashing Ahead ids in advance and prefetching their slots has the waits overlap.
    constexpr int Ahead = 16;
    quint64 upcoming[Ahead];
    for (int i = 0; i < qMin(Ahead, specs); ++i) {
        upcoming[i] = slotHash(tasks.idUtf8(i));
        indexOf.prefetch(upcoming[i]);
    }
    for (int i = 0; i < specs; ++i) {
        const QByteArrayView id = tasks.idUtf8(i);
        const quint64 slot = upcoming[i % Ahead];
        if (i + Ahead < specs) {
            upcoming[i % Ahead] = slotHash(tasks.idUtf8(i + Ahead));
            indexOf.prefetch(upcoming[i % Ahead]);
        }
        idHashes[i] = hashOf(id);
        const qint64 already = indexOf.insert(quint32(i), id, slot);
        if (already >= 0) {
            return specError(file, scenario, i, QStringLiteral("id"),
                             QStringLiteral("duplicate id \"%1\", already used by tasks[%2]; "
                                            "ids must be unique")
                                 .arg(tasks.id(i))
                                 .arg(already));
        }
        total += tasks.count(i);
        if (total > MaxExpandedTasks) {
            return specError(file, scenario, i, QStringLiteral("count"),
                             QStringLiteral("the scenario expands to more than %1 tasks; "
                                            "lower the counts")
                                 .arg(MaxExpandedTasks));
        }
    }

    p.m_firstTask.resize(specs + 1);
    p.m_depOffsets.resize(specs + 1);
    p.m_specOfTask.resize(qsizetype(total));
    std::vector<quint32> dependentCount(specs, 0);
    quint32 *firstTask = p.m_firstTask.data();
    quint32 *specOfTask = p.m_specOfTask.data();
    quint32 *depOffsets = p.m_depOffsets.data();
    p.m_deps.resize(tasks.afterBound()); // cut to what is used below
    quint32 *deps = p.m_deps.data();
    quint32 depCount = 0;
    quint32 next = 0;
    for (int i = 0; i < specs; ++i) {
        const quint32 count = tasks.count(i);
        firstTask[i] = next;
        std::fill(specOfTask + next, specOfTask + next + count, quint32(i));
        next += count;
        p.m_unitWeights = p.m_unitWeights && tasks.unitWeight(i);
        depOffsets[i] = depCount;
        const qsizetype afters = tasks.afterCount(i);
        for (qsizetype a = 0; a < afters; ++a) {
            const QByteArrayView name = tasks.afterUtf8(i, a);
            const qint64 found = indexOf.find(name, slotHash(name));
            if (found < 0) {
                const QString wanted = QString::fromUtf8(name);
                QStringList ids;
                ids.reserve(specs);
                for (int k = 0; k < specs; ++k)
                    ids.append(tasks.id(k));
                const QString near = closestMatch(wanted, ids);
                return specError(
                    file, scenario, i, QStringLiteral("after[%1]").arg(a),
                    QStringLiteral("\"%1\" names no task%2")
                        .arg(wanted, near.isEmpty()
                                         ? QString()
                                         : QStringLiteral("; did you mean \"%1\"?").arg(near)));
            }
            const quint32 dep = quint32(found);
            // Naming the same task twice waits for it once.
            if (std::find(deps + depOffsets[i], deps + depCount, dep) == deps + depCount) {
                deps[depCount++] = dep;
                ++dependentCount[dep];
            }
        }
    }
    p.m_deps.resize(depCount);
    firstTask[specs] = next;
    depOffsets[specs] = quint32(p.m_deps.size());

    p.m_dependentOffsets.resize(specs + 1);
    quint32 *dependentOffsets = p.m_dependentOffsets.data();
    quint32 sum = 0;
    for (int i = 0; i < specs; ++i) {
        dependentOffsets[i] = sum;
        sum += dependentCount[i];
    }
    dependentOffsets[specs] = sum;
    p.m_dependents.resize(sum);
    quint32 *dependents = p.m_dependents.data();
    std::vector<quint32> &fill = dependentCount; // reused: the next free place per spec
    std::copy(dependentOffsets, dependentOffsets + specs, fill.begin());
    for (int i = 0; i < specs; ++i) {
        for (quint32 k = depOffsets[i]; k < depOffsets[i + 1]; ++k)
            dependents[fill[deps[k]]++] = quint32(i);
    }

    // Kahn's algorithm: whatever never becomes ready sits on or behind a cycle.
    std::vector<quint32> &remaining = fill; // reused again
    std::vector<quint32> ready;
    for (int i = 0; i < specs; ++i) {
        remaining[i] = depOffsets[i + 1] - depOffsets[i];
        if (remaining[i] == 0)
            ready.push_back(quint32(i));
    }
    qsizetype done = 0;
    while (!ready.empty()) {
        const quint32 s = ready.back();
        ready.pop_back();
        ++done;
        for (quint32 k = dependentOffsets[s]; k < dependentOffsets[s + 1]; ++k) {
            if (--remaining[dependents[k]] == 0)
                ready.push_back(dependents[k]);
        }
    }
    if (done < specs) {
        const QList<quint32> remainingList(remaining.begin(), remaining.end());
        const QList<quint32> cycle = findCycle(p.m_depOffsets, p.m_deps, remainingList);
        QStringList names;
        for (quint32 s : cycle)
            names.append(QLatin1Char('"') + tasks.id(s) + QLatin1Char('"'));
        names.append(names.first());
        return specError(file, scenario, int(cycle.first()), QStringLiteral("after"),
                         QStringLiteral("dependency cycle %1; remove one of these \"after\" "
                                        "entries")
                             .arg(names.join(QStringLiteral(" -> "))));
    }

    p.m_scenario = std::move(scenario);
    return PlanPtr(std::move(plan));
}

QString Plan::taskName(quint32 task) const
{
    const quint32 s = m_specOfTask[task];
    const QString id = m_scenario.tasks.id(s);
    if (!m_scenario.tasks.fanOut(s))
        return id;
    return id + QLatin1Char('[') + QString::number(copyOf(task)) + QLatin1Char(']');
}

qint64 Plan::releaseOffsetNs(quint32 task) const
{
    const TaskParams s = spec(task);
    return std::llround((s.startMs + double(copyOf(task)) * s.staggerMs) * 1e6);
}

} // namespace Taskline
