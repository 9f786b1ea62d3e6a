// ScenarioTableModel, part one: the table, its edits as undo steps, and their validation.

#include "scenariotablemodel.h"

#include "scenariocommands.h"
#include "scenariorules.h"
#include "scenariotablemodel_p.h"

#include <QColor>
#include <QLocale>
#include <QRegularExpression>
#include <QUndoStack>

#include <array>
#include <cmath>
#include <limits>

namespace Taskline {

using namespace ScenarioCells;

namespace {
struct ColumnInfo
{
    const char *key;
    const char *title;
    const char *meaning;
};

// In the order of enum Column.
constexpr std::array<ColumnInfo, ScenarioTableModel::ColumnCount> Columns = {{
    {"id", "id", "unique; letters, digits, '_', '.' and '-'"},
    {"kind", "kind", "cpu computes, io blocks a worker, timer holds none, file writes bytes"},
    {"duration_ms", "duration\n(ms)",
     "how long an attempt takes; for a file task, empty: estimated from the bytes"},
    {"start_ms", "start\n(ms)", "release offset from the run's start"},
    {"count", "count", "fan-out: copies id[0]..id[n-1]"},
    {"stagger_ms", "stagger\n(ms)", "copy k is released at start + k * stagger"},
    {"after", "after", "the tasks this one waits for (all copies of a counted one)"},
    {"jitter", "jitter", "coefficient of variation of the duration"},
    {"fail_rate", "fail\nrate", "chance an attempt fails"},
    {"retries", "retries", "new attempts after a failure or a timeout"},
    {"retry_delay_ms", "retry\ndelay (ms)", "wait before a retry"},
    {"timeout_ms", "timeout\n(ms)", "empty: no timeout"},
    {"bytes", "bytes", "file tasks only: the size written, read back and checked"},
    {"weight", "weight", "height of the task's function in f(t)"},
    {"shape", "shape", "shape of the task's function in f(t)"},
    {"priority", "priority", "higher runs first when workers are busy"},
    {"error", "error", "the message of a failed attempt"},
}};

constexpr quint64 cellKey(int row, int column)
{
    return quint64(quint32(row)) << 32 | quint32(column);
}

QString rangeHint(int column)
{
    const auto range = taskFieldRange(QString::fromLatin1(Columns[column].key));
    if (!range)
        return {};
    return QStringLiteral(" (%1%2 to %3)")
        .arg(range->minExclusive ? QStringLiteral("above ") : QString(), numberText(range->min),
             numberText(range->max));
}
} // namespace

ScenarioTableModel::ScenarioTableModel(QObject *parent)
    : QAbstractTableModel(parent), m_undo(new QUndoStack(this))
{
    m_undo->setObjectName(QStringLiteral("scenarioUndoStack"));
    validate();
}

ScenarioTableModel::~ScenarioTableModel() = default;

void ScenarioTableModel::setScenario(const Scenario &scenario)
{
    beginResetModel();
    m_scenario = scenario;
    validate();
    endResetModel();
    m_undo->clear(); // also marks it clean
    Q_EMIT settingsChanged();
}

int ScenarioTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_scenario.tasks.size());
}

int ScenarioTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ScenarioTableModel::columnKey(int column)
{
    return column >= 0 && column < ColumnCount ? QLatin1String(Columns[column].key) : QString();
}

int ScenarioTableModel::columnOfPlace(const QString &place)
{
    // "duration_ms", "tasks[2].duration_ms", "tasks[2].after[0]", "tasks[2]" (the id's row).
    static const QRegularExpression pattern(
        QStringLiteral("^(?:tasks\\[\\d+\\])?\\.?([a-z_]*)(?:\\[\\d+\\])?$"));
    const QRegularExpressionMatch m = pattern.match(place);
    if (!m.hasMatch())
        return -1;
    const QString key = m.captured(1);
    if (key.isEmpty())
        return place.startsWith(QLatin1String("tasks[")) ? int(Id) : -1;
    for (int c = 0; c < ColumnCount; ++c) {
        if (key == QLatin1String(Columns[c].key))
            return c;
    }
    return -1;
}

QVariant ScenarioTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TaskSpec &t = m_scenario.tasks[index.row()];
    const int column = index.column();
    const auto error = m_cellErrors.constFind(cellKey(index.row(), column));
    const bool invalid = error != m_cellErrors.constEnd();
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(t, column);
    case Qt::EditRole:
        return editValue(t, column);
    case ErrorRole:
        return invalid ? *error : QString();
    case KeyRole:
        return columnKey(column);
    case EstimateRole:
        return column != Duration || t.kind != TaskKind::File ? 0 : t.hasDuration ? 1 : 2;
    case Qt::ToolTipRole:
        if (invalid)
            return *error;
        return QStringLiteral("%1: %2%3")
            .arg(columnKey(column), QLatin1String(Columns[column].meaning), rangeHint(column));
    case Qt::BackgroundRole:
        return invalid ? QVariant(QColor(255, 214, 214)) : QVariant();
    case Qt::ForegroundRole:
        if (invalid)
            return QColor(150, 0, 0); // dark on light red: readable in light and dark themes
        if (column == Duration && !t.hasDuration)
            return QColor(Qt::darkGray);
        return {};
    case Qt::TextAlignmentRole:
        return isNumberColumn(column) ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    default:
        return {};
    }
}

QVariant ScenarioTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole && section >= 0 && section < rowCount())
            return section; // as in the loader's places: tasks[0]
        return {};
    }
    if (section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole)
        return tr(Columns[section].title);
    if (role == Qt::ToolTipRole) {
        return QStringLiteral("\"%1\": %2%3")
            .arg(columnKey(section), QLatin1String(Columns[section].meaning), rangeHint(section));
    }
    if (role == KeyRole)
        return columnKey(section);
    return {};
}

Qt::ItemFlags ScenarioTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    const Qt::ItemFlags flags = Qt::ItemIsSelectable | Qt::ItemIsEnabled;
    return m_readOnly ? flags : flags | Qt::ItemIsEditable;
}

bool ScenarioTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || m_readOnly ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const int row = index.row();
    const TaskSpec &before = m_scenario.tasks[row];
    const std::optional<TaskSpec> task = withValue(before, index.column(), value);
    if (!task)
        return false;
    if (*task == before)
        return true;
    const QString what = tr("Edit %1 of \"%2\"").arg(columnKey(index.column()), before.id);
    if (index.column() == Id) {
        edit(ScenarioEdits::renamed(m_scenario, row, task->id),
             tr("Rename \"%1\" to \"%2\"").arg(before.id, task->id));
        return true;
    }
    Scenario after = m_scenario;
    after.tasks.replace(row, *task);
    edit(after, what);
    return true;
}

QString ScenarioTableModel::typedValueError(const QModelIndex &index, const QVariant &value) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int column = index.column();
    const std::optional<TaskSpec> task = withValue(m_scenario.tasks[row], column, value);
    if (!task)
        return tr("not a value of %1").arg(columnKey(column));
    if (const auto e = checkTaskFields(*task, row); e && columnOfPlace(e->place) == column)
        return e->message;
    if (column == Id) {
        const QByteArray id = task->id.toUtf8();
        for (int i = 0; i < rowCount(); ++i) {
            if (i != row && m_scenario.tasks.idUtf8(i) == id)
                return tr("duplicate id \"%1\", already used by tasks[%2]; ids must be unique")
                    .arg(task->id)
                    .arg(i);
        }
    }
    return {};
}

void ScenarioTableModel::setName(const QString &name)
{
    Scenario after = m_scenario;
    after.name = name;
    edit(after, tr("Edit the name"));
}

void ScenarioTableModel::setDescription(const QString &description)
{
    Scenario after = m_scenario;
    after.description = description;
    edit(after, tr("Edit the description"));
}

void ScenarioTableModel::setThreads(int threads)
{
    Scenario after = m_scenario;
    after.threads = threads;
    edit(after, tr("Edit threads"), 1); // stepping the spin box is one edit
}

void ScenarioTableModel::setMode(RunMode mode)
{
    Scenario after = m_scenario;
    after.mode = mode;
    edit(after, tr("Edit the mode"));
}

void ScenarioTableModel::setSeed(quint64 seed)
{
    Scenario after = m_scenario;
    after.seed = seed;
    edit(after, tr("Edit the seed"));
}

int ScenarioTableModel::addTask(int row)
{
    if (row < 0 || row > rowCount())
        row = rowCount();
    edit(ScenarioEdits::withNewTask(m_scenario, row), tr("Add a task"));
    return row;
}

int ScenarioTableModel::duplicateTask(int row)
{
    if (row < 0 || row >= rowCount())
        return -1;
    edit(ScenarioEdits::withDuplicate(m_scenario, row),
         tr("Duplicate \"%1\"").arg(m_scenario.tasks[row].id));
    return row + 1;
}

void ScenarioTableModel::removeTasks(const QList<int> &rows)
{
    QList<int> valid;
    for (int r : rows) {
        if (r >= 0 && r < rowCount())
            valid.append(r);
    }
    if (valid.isEmpty())
        return;
    edit(ScenarioEdits::withoutTasks(m_scenario, valid),
         valid.size() == 1 ? tr("Remove \"%1\"").arg(m_scenario.tasks[valid.first()].id)
                           : tr("Remove %1 tasks").arg(valid.size()));
}

void ScenarioTableModel::edit(const Scenario &after, const QString &text, int mergeId)
{
    if (m_readOnly || after == m_scenario)
        return;
    m_undo->push(new ScenarioEditCommand(this, m_scenario, after, text, mergeId));
}

void ScenarioTableModel::apply(const Scenario &scenario)
{
    const bool settings = scenario.name != m_scenario.name ||
                          scenario.description != m_scenario.description ||
                          scenario.threads != m_scenario.threads ||
                          scenario.mode != m_scenario.mode || scenario.seed != m_scenario.seed;
    const TaskList from = m_scenario.tasks; // shares its storage
    const TaskList &to = scenario.tasks;
    const int oldRows = int(from.size());
    const int newRows = int(to.size());
    if (oldRows != newRows) {
        // Rows differ in one stretch (tasks added or removed there; a removal may also have
        // rewritten `after` lists further on): remove the old stretch, insert the new one.
        const int common = qMin(oldRows, newRows);
        int prefix = 0;
        while (prefix < common && from.equalAt(prefix, to, prefix))
            ++prefix;
        int suffix = 0;
        while (suffix < common - prefix &&
               from.equalAt(oldRows - 1 - suffix, to, newRows - 1 - suffix))
            ++suffix;
        if (oldRows - prefix - suffix > 0) {
            beginRemoveRows({}, prefix, oldRows - suffix - 1);
            TaskList kept = from;
            kept.remove(prefix, oldRows - prefix - suffix);
            m_scenario.tasks = kept;
            m_cellErrors.clear(); // rows moved; validate() below refills it
            endRemoveRows();
        }
        if (newRows - prefix - suffix > 0) {
            beginInsertRows({}, prefix, newRows - suffix - 1);
            m_scenario.tasks = to;
            m_cellErrors.clear();
            endInsertRows();
        }
    }
    m_scenario = scenario;
    validate();
    if (newRows > 0) // the errors of any cell may have changed with any edit
        Q_EMIT dataChanged(index(0, 0), index(newRows - 1, ColumnCount - 1));
    if (settings)
        Q_EMIT settingsChanged();
    Q_EMIT scenarioEdited();
}

void ScenarioTableModel::validate()
{
    // Exactly validateScenario()'s order, so the first error here is the loader's first; but
    // every task's fields are checked, to mark every invalid cell.
    m_cellErrors.clear();
    m_plan.reset();
    m_settingsError = checkScenarioFields(m_scenario);
    m_firstError = m_settingsError;
    const auto mark = [this](const ScenarioError &e, int row) {
        const int column = columnOfPlace(e.place);
        if (row >= 0 && column >= 0)
            m_cellErrors.insert(cellKey(row, column), e.message);
    };
    for (int i = 0; i < m_scenario.tasks.size(); ++i) {
        if (auto e = checkTaskFields(m_scenario.tasks[i], i)) {
            mark(*e, i);
            if (!m_firstError)
                m_firstError = std::move(e);
        }
    }
    if (m_firstError)
        return;
    auto built = Plan::build(m_scenario);
    if (auto *e = std::get_if<ScenarioError>(&built)) {
        static const QRegularExpression row(QStringLiteral("^tasks\\[(\\d+)\\]"));
        const QRegularExpressionMatch m = row.match(e->place);
        mark(*e, m.hasMatch() ? m.captured(1).toInt() : -1);
        m_firstError = std::move(*e);
        return;
    }
    m_plan = std::get<PlanPtr>(std::move(built));
}

} // namespace Taskline
