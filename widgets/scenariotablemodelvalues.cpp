// ScenarioTableModel, part two: a task's fields as cells are shown and edited, and a value set
// on a cell turned back into a field.

#include "scenariotablemodel.h"

#include "scenariorules.h"
#include "scenariotablemodel_p.h"

#include <cmath>
#include <limits>

namespace Taskline {

using namespace ScenarioCells;

namespace {
// A number typed or set: finite, or nothing (an empty cell). JSON has no NaN or Infinity.
std::optional<double> toNumber(const QVariant &value, bool *empty)
{
    *empty = !value.isValid() || value.toString().trimmed().isEmpty();
    if (*empty)
        return 0.0;
    bool ok = false;
    const double d = value.userType() == QMetaType::QString
                         ? QLocale::c().toDouble(value.toString().trimmed(), &ok)
                         : value.toDouble(&ok);
    if (!ok || !std::isfinite(d))
        return std::nullopt;
    return d;
}

} // namespace

QVariant ScenarioTableModel::displayValue(const TaskSpec &t, int column) const
{
    switch (Column(column)) {
    case Id:
        return t.id;
    case Kind:
        return kindName(t.kind);
    case Duration:
        // A file task's estimate is the model's guess, not a value of the file.
        return t.hasDuration ? numberText(t.durationMs)
                             : QStringLiteral("~") + QString::number(t.durationMs, 'f', 2);
    case Start:
        return numberText(t.startMs);
    case Count:
        return QString::number(t.count);
    case Stagger:
        return numberText(t.staggerMs);
    case After:
        return t.after.join(QStringLiteral(", "));
    case Jitter:
        return numberText(t.jitter);
    case FailRate:
        return numberText(t.failRate);
    case Retries:
        return QString::number(t.retries);
    case RetryDelay:
        return numberText(t.retryDelayMs);
    case Timeout:
        return t.timeoutMs == 0 ? QString() : numberText(t.timeoutMs);
    case Bytes:
        return t.bytes == 0 ? QString() : QString::number(t.bytes);
    case Weight:
        return numberText(t.weight);
    case Shape:
        return shapeName(t.shape);
    case Priority:
        return QString::number(t.priority);
    case Error:
        return t.error;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ScenarioTableModel::editValue(const TaskSpec &t, int column) const
{
    switch (Column(column)) {
    case Duration:
        return t.durationMs;
    case Start:
        return t.startMs;
    case Count:
        return qlonglong(t.count);
    case Stagger:
        return t.staggerMs;
    case After:
        return t.after;
    case Jitter:
        return t.jitter;
    case FailRate:
        return t.failRate;
    case Retries:
        return t.retries;
    case RetryDelay:
        return t.retryDelayMs;
    case Timeout:
        return t.timeoutMs;
    case Bytes:
        return qlonglong(t.bytes);
    case Weight:
        return t.weight;
    case Priority:
        return t.priority;
    default:
        return displayValue(t, column);
    }
}

std::optional<TaskSpec> ScenarioTableModel::withValue(TaskSpec t, int column,
                                                      const QVariant &value) const
{
    bool empty = false;
    const std::optional<double> number =
        isNumberColumn(column) ? toNumber(value, &empty) : std::optional<double>(0.0);
    if (!number)
        return std::nullopt; // not a number at all: nothing to keep
    const double n = *number;
    // Whole-number fields hold what their type can; the rules judge the range.
    const auto whole = [&](double lo, double hi) -> std::optional<double> {
        if (empty || n != std::trunc(n))
            return std::nullopt;
        return qBound(lo, n, hi);
    };
    switch (Column(column)) {
    case Id:
        t.id = value.toString();
        break;
    case Kind: {
        const auto kind = kindFromName(value.toString());
        if (!kind)
            return std::nullopt;
        if (t.kind == TaskKind::File && *kind != TaskKind::File) {
            t.bytes = 0;          // bytes only apply to file tasks
            t.hasDuration = true; // keep the estimate as the duration
        }
        t.kind = *kind;
        break;
    }
    case Duration:
        if (empty && t.kind == TaskKind::File) {
            t.hasDuration = false;
            t.durationMs = estimatedFileMs(t.bytes);
        } else if (empty) {
            return std::nullopt;
        } else {
            t.hasDuration = true;
            t.durationMs = n;
        }
        break;
    case Start:
        t.startMs = n;
        break;
    case Count: {
        const auto c = whole(0, double(std::numeric_limits<quint32>::max()));
        if (!c)
            return std::nullopt;
        t.count = quint32(*c);
        t.fanOut = t.count != 1;
        break;
    }
    case Stagger:
        t.staggerMs = n;
        break;
    case After: {
        QStringList after;
        if (value.userType() == QMetaType::QStringList) {
            after = value.toStringList();
        } else {
            const QStringList parts = value.toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
            for (const QString &p : parts) {
                if (!p.trimmed().isEmpty())
                    after.append(p.trimmed());
            }
        }
        t.after = after;
        break;
    }
    case Jitter:
        t.jitter = n;
        break;
    case FailRate:
        t.failRate = n;
        break;
    case Retries: {
        const auto r = whole(std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
        if (!r)
            return std::nullopt;
        t.retries = int(*r);
        break;
    }
    case RetryDelay:
        t.retryDelayMs = n;
        break;
    case Timeout:
        t.timeoutMs = n; // empty: 0, no timeout
        break;
    case Bytes: {
        if (empty) {
            t.bytes = 0;
        } else {
            const auto b = whole(-9e15, 9e15);
            if (!b)
                return std::nullopt;
            t.bytes = qint64(*b);
        }
        if (!t.hasDuration)
            t.durationMs = estimatedFileMs(t.bytes); // as the loader would estimate it
        break;
    }
    case Weight:
        t.weight = n;
        break;
    case Shape: {
        const auto shape = shapeFromName(value.toString());
        if (!shape)
            return std::nullopt;
        t.shape = *shape;
        break;
    }
    case Priority: {
        const auto p = whole(std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
        if (!p)
            return std::nullopt;
        t.priority = int(*p);
        break;
    }
    case Error:
        t.error = value.toString();
        break;
    case ColumnCount:
        return std::nullopt;
    }
    return t;
}

} // namespace Taskline
