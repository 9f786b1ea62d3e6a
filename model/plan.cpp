#include "plan.h"

#include "seededdraw.h"
#include "suggest.h"

#include <QHash>

#include <algorithm>
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
    e.taskId = s.tasks[index].id;
    e.message = e.place + QStringLiteral(" (\"") + e.taskId + QStringLiteral("\"): ") + what;
    return e;
}

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
    const int specs = int(scenario.tasks.size());
    if (specs == 0) {
        ScenarioError e;
        e.file = file;
        e.place = QStringLiteral("tasks");
        e.message = QStringLiteral("tasks: the scenario has no tasks; add at least one, e.g. "
                                   "{\"id\": \"a\", \"duration_ms\": 100}");
        return e;
    }

    QHash<QString, quint32> indexOf;
    indexOf.reserve(specs);
    quint64 total = 0;
    for (int i = 0; i < specs; ++i) {
        const TaskSpec &t = scenario.tasks[i];
        const auto it = indexOf.constFind(t.id);
        if (it != indexOf.constEnd()) {
            return specError(file, scenario, i, QStringLiteral("id"),
                             QStringLiteral("duplicate id \"%1\", already used by tasks[%2]; "
                                            "ids must be unique")
                                 .arg(t.id)
                                 .arg(*it));
        }
        indexOf.insert(t.id, quint32(i));
        total += t.count;
        if (total > MaxExpandedTasks) {
            return specError(file, scenario, i, QStringLiteral("count"),
                             QStringLiteral("the scenario expands to more than %1 tasks; "
                                            "lower the counts")
                                 .arg(MaxExpandedTasks));
        }
    }

    auto plan = std::make_shared<Plan>();
    Plan &p = *plan;
    p.m_firstTask.resize(specs + 1);
    p.m_idHash.resize(specs);
    p.m_depOffsets.resize(specs + 1);
    p.m_specOfTask.resize(qsizetype(total));
    QList<quint32> dependentCount(specs, 0);
    quint32 next = 0;
    for (int i = 0; i < specs; ++i) {
        const TaskSpec &t = scenario.tasks[i];
        p.m_firstTask[i] = next;
        std::fill(p.m_specOfTask.begin() + next, p.m_specOfTask.begin() + next + t.count,
                  quint32(i));
        next += t.count;
        p.m_idHash[i] = Taskline::idHash(t.id);
        p.m_unitWeights = p.m_unitWeights && t.weight == 1.0 && t.shape == TaskShape::Flat;
        p.m_depOffsets[i] = quint32(p.m_deps.size());
        for (int a = 0; a < t.after.size(); ++a) {
            const QString &name = t.after[a];
            const auto it = indexOf.constFind(name);
            if (it == indexOf.constEnd()) {
                const QString near =
                    closestMatch(name, QStringList(indexOf.keyBegin(), indexOf.keyEnd()));
                return specError(
                    file, scenario, i, QStringLiteral("after[%1]").arg(a),
                    QStringLiteral("\"%1\" names no task%2")
                        .arg(name, near.isEmpty()
                                       ? QString()
                                       : QStringLiteral("; did you mean \"%1\"?").arg(near)));
            }
            const quint32 dep = *it;
            // Naming the same task twice waits for it once.
            if (std::find(p.m_deps.begin() + p.m_depOffsets[i], p.m_deps.end(), dep) ==
                p.m_deps.end()) {
                p.m_deps.append(dep);
                ++dependentCount[dep];
            }
        }
    }
    p.m_firstTask[specs] = next;
    p.m_depOffsets[specs] = quint32(p.m_deps.size());

    p.m_dependentOffsets.resize(specs + 1);
    quint32 sum = 0;
    for (int i = 0; i < specs; ++i) {
        p.m_dependentOffsets[i] = sum;
        sum += dependentCount[i];
    }
    p.m_dependentOffsets[specs] = sum;
    p.m_dependents.resize(sum);
    QList<quint32> fill(p.m_dependentOffsets.begin(), p.m_dependentOffsets.end() - 1);
    for (int i = 0; i < specs; ++i) {
        for (quint32 k = p.m_depOffsets[i]; k < p.m_depOffsets[i + 1]; ++k)
            p.m_dependents[fill[p.m_deps[k]]++] = quint32(i);
    }

    // Kahn's algorithm: whatever never becomes ready sits on or behind a cycle.
    QList<quint32> remaining(specs);
    QList<quint32> ready;
    for (int i = 0; i < specs; ++i) {
        remaining[i] = p.depCount(quint32(i));
        if (remaining[i] == 0)
            ready.append(quint32(i));
    }
    qsizetype done = 0;
    while (!ready.isEmpty()) {
        const quint32 s = ready.takeLast();
        ++done;
        for (const quint32 *d = p.dependentsBegin(s); d != p.dependentsEnd(s); ++d) {
            if (--remaining[*d] == 0)
                ready.append(*d);
        }
    }
    if (done < specs) {
        const QList<quint32> cycle = findCycle(p.m_depOffsets, p.m_deps, remaining);
        QStringList names;
        for (quint32 s : cycle)
            names.append(QLatin1Char('"') + scenario.tasks[s].id + QLatin1Char('"'));
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
    const TaskSpec &s = spec(task);
    if (!s.fanOut)
        return s.id;
    return s.id + QLatin1Char('[') + QString::number(copyOf(task)) + QLatin1Char(']');
}

qint64 Plan::releaseOffsetNs(quint32 task) const
{
    const TaskSpec &s = spec(task);
    return std::llround((s.startMs + double(copyOf(task)) * s.staggerMs) * 1e6);
}

} // namespace Taskline
