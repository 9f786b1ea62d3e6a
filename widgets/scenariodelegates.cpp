#include "scenariodelegates.h"

#include "scenario.h"
#include "scenariorules.h"
#include "scenariotablemodel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QSpinBox>

#include <cmath>
#include <limits>

namespace Taskline {

namespace {
using M = ScenarioTableModel;

constexpr int Decimals = 3;

QStringList namesOf(int column)
{
    QStringList names;
    if (column == M::Kind) {
        for (int i = 0; i < TaskKindCount; ++i)
            names.append(kindName(TaskKind(i)));
    } else {
        for (auto s :
             {TaskShape::Flat, TaskShape::RampUp, TaskShape::RampDown, TaskShape::Triangle})
            names.append(shapeName(s));
    }
    return names;
}

// The ids of every other task, in table order: what `after` may name.
QStringList otherIds(const QModelIndex &index)
{
    QStringList ids;
    const QAbstractItemModel *model = index.model();
    for (int r = 0; r < model->rowCount(); ++r) {
        const QString id = model->index(r, M::Id).data(Qt::EditRole).toString();
        if (r != index.row() && !id.isEmpty() && !ids.contains(id))
            ids.append(id);
    }
    return ids;
}

QString estimateText()
{
    return ScenarioDelegate::tr("estimate");
}

// The duration of a file task: "estimate" (its minimum, one step below 0) may also be typed,
// from its first letter on.
class EstimateSpinBox : public QDoubleSpinBox
{
public:
    using QDoubleSpinBox::QDoubleSpinBox;

    QValidator::State validate(QString &text, int &pos) const override
    {
        const QString t = text.trimmed();
        if (!t.isEmpty() && specialValueText().startsWith(t, Qt::CaseInsensitive))
            return t.size() == specialValueText().size() ? QValidator::Acceptable
                                                         : QValidator::Intermediate;
        return QDoubleSpinBox::validate(text, pos);
    }
    double valueFromText(const QString &text) const override
    {
        if (text.trimmed().compare(specialValueText(), Qt::CaseInsensitive) == 0)
            return minimum();
        return QDoubleSpinBox::valueFromText(text);
    }
};

QWidget *numberEditor(QWidget *parent, int column, bool estimate)
{
    const auto range = taskFieldRange(M::columnKey(column));
    if (!range)
        return nullptr;
    // 0 means "none" for a timeout and for the bytes of a task that is not a file.
    const bool noneAtZero = column == M::Timeout || column == M::Bytes;
    const double min = noneAtZero ? 0 : range->min;
    if (range->integer) {
        auto *spin = new QSpinBox(parent);
        spin->setRange(int(qMax<double>(min, std::numeric_limits<int>::min())),
                       int(qMin<double>(range->max, std::numeric_limits<int>::max())));
        if (noneAtZero)
            spin->setSpecialValueText(ScenarioDelegate::tr("none"));
        return spin;
    }
    auto *spin = estimate ? new EstimateSpinBox(parent) : new QDoubleSpinBox(parent);
    spin->setDecimals(Decimals);
    spin->setRange(estimate ? -1 : min, range->max);
    if (estimate) {
        spin->setSpecialValueText(estimateText());
        spin->setToolTip(ScenarioDelegate::tr("duration_ms in milliseconds; \"%1\" (type it, or "
                                              "step below 0): estimated from the bytes")
                             .arg(estimateText()));
    }
    if (range->max <= 1)
        spin->setSingleStep(0.05); // jitter, fail rate
    else if (column != M::Weight)
        spin->setSingleStep(10); // milliseconds
    if (noneAtZero)
        spin->setSpecialValueText(ScenarioDelegate::tr("none"));
    return spin;
}

double rounded(double value)
{
    const double scale = std::pow(10.0, Decimals);
    return std::round(value * scale) / scale;
}
} // namespace

ScenarioDelegate::ScenarioDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

QWidget *ScenarioDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                        const QModelIndex &index) const
{
    switch (index.column()) {
    case M::Kind:
    case M::Shape: {
        auto *combo = new QComboBox(parent);
        combo->addItems(namesOf(index.column()));
        return combo;
    }
    case M::After: {
        auto *list = new QListWidget(parent);
        list->setObjectName(QStringLiteral("afterEditor"));
        list->setToolTip(tr("Check the tasks this one waits for (Space toggles, Enter keeps)"));
        return list;
    }
    case M::Id: {
        // Checked as it is typed: the red frame shows before Enter, and nothing is edited
        // until then (one undo step per commit, not per keystroke).
        QWidget *editor = QStyledItemDelegate::createEditor(parent, option, index);
        auto *line = qobject_cast<QLineEdit *>(editor);
        const auto *model = qobject_cast<const M *>(index.model());
        if (line && model) {
            const QPersistentModelIndex at(index);
            connect(line, &QLineEdit::textEdited, line, [line, model, at](const QString &text) {
                const QString error = at.isValid() ? model->typedValueError(at, text) : QString();
                line->setProperty("invalid", !error.isEmpty());
                line->setToolTip(error);
                line->setStyleSheet(error.isEmpty()
                                        ? QString()
                                        : QStringLiteral("QLineEdit { border: 2px solid "
                                                         "rgb(200, 0, 0); }"));
            });
        }
        return editor;
    }
    case M::Error:
        return QStyledItemDelegate::createEditor(parent, option, index);
    default:
        // A file task's duration may be left to the model.
        if (QWidget *editor =
                numberEditor(parent, index.column(), index.data(M::EstimateRole).toInt() > 0))
            return editor;
        return QStyledItemDelegate::createEditor(parent, option, index);
    }
}

void ScenarioDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    const QVariant value = index.data(Qt::EditRole);
    if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        combo->setCurrentIndex(combo->findText(value.toString()));
    } else if (auto *list = qobject_cast<QListWidget *>(editor)) {
        const QStringList after = value.toStringList();
        QStringList names = otherIds(index);
        for (const QString &a : after) {
            if (!names.contains(a))
                names.append(a); // names no task: kept, checked, until unchecked
        }
        list->clear();
        for (const QString &name : std::as_const(names)) {
            auto *item = new QListWidgetItem(name, list);
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
            item->setCheckState(after.contains(name) ? Qt::Checked : Qt::Unchecked);
        }
        list->setCurrentRow(0);
    } else if (auto *spin = qobject_cast<QSpinBox *>(editor)) {
        spin->setValue(int(value.toLongLong()));
    } else if (auto *spin = qobject_cast<QDoubleSpinBox *>(editor)) {
        spin->setValue(index.data(M::EstimateRole).toInt() == 2 ? spin->minimum()
                                                                : value.toDouble());
    } else {
        QStyledItemDelegate::setEditorData(editor, index);
    }
}

void ScenarioDelegate::setModelData(QWidget *editor, QAbstractItemModel *model,
                                    const QModelIndex &index) const
{
    if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        model->setData(index, combo->currentText());
    } else if (auto *list = qobject_cast<QListWidget *>(editor)) {
        // Entries still checked keep their order; newly checked ones follow in table order.
        const QStringList before = index.data(Qt::EditRole).toStringList();
        QStringList checked;
        for (int i = 0; i < list->count(); ++i) {
            if (list->item(i)->checkState() == Qt::Checked)
                checked.append(list->item(i)->text());
        }
        QStringList after;
        for (const QString &b : before) {
            if (checked.contains(b) && !after.contains(b))
                after.append(b);
        }
        for (const QString &c : std::as_const(checked)) {
            if (!after.contains(c))
                after.append(c);
        }
        model->setData(index, after);
    } else if (auto *spin = qobject_cast<QSpinBox *>(editor)) {
        spin->interpretText();
        model->setData(index, qlonglong(spin->value()));
    } else if (auto *spin = qobject_cast<QDoubleSpinBox *>(editor)) {
        spin->interpretText();
        const int estimate = index.data(M::EstimateRole).toInt();
        if (estimate > 0 && spin->value() == spin->minimum()) {
            if (estimate == 1)
                model->setData(index, QString()); // empty: estimate it from the bytes
            return;
        }
        // The spin box shows 3 decimals: an untouched 0.0001 must stay 0.0001.
        const double old = index.data(Qt::EditRole).toDouble();
        if (estimate == 2 || spin->value() != rounded(old))
            model->setData(index, spin->value());
    } else {
        QStyledItemDelegate::setModelData(editor, model, index);
    }
}

void ScenarioDelegate::updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                                            const QModelIndex &index) const
{
    auto *list = qobject_cast<QListWidget *>(editor);
    if (!list) {
        QStyledItemDelegate::updateEditorGeometry(editor, option, index);
        return;
    }
    // A list needs more than a row's height: drop it down from the cell.
    const int rowHeight = qMax(list->sizeHintForRow(0), option.rect.height());
    const int rows = qBound(1, list->count(), 8);
    QRect r = option.rect;
    r.setWidth(qMax(r.width(), 180));
    r.setHeight(rows * rowHeight + 2 * list->frameWidth() + 2);
    editor->setGeometry(r);
}

void ScenarioDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    QStyledItemDelegate::paint(painter, option, index);
    if (index.data(M::ErrorRole).toString().isEmpty())
        return;
    painter->save();
    painter->setPen(QPen(QColor(200, 0, 0), 2));
    painter->setBrush(Qt::NoBrush);
    painter->drawRect(option.rect.adjusted(1, 1, -1, -1));
    painter->restore();
}

} // namespace Taskline
