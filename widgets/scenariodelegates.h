#pragma once

#include <QStyledItemDelegate>

namespace Taskline {

/*!
 * Editors that fit each column of a ScenarioTableModel: a combo box for kind and shape, spin
 * boxes bounded by the loader's ranges (scenariorules.h) for numbers, a checkable list of the
 * other tasks for `after`, a line edit for id and error. An invalid cell gets a red frame, so
 * it stays visible when selected.
 */
class ScenarioDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit ScenarioDelegate(QObject *parent = nullptr);

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override;
    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const override;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
};

} // namespace Taskline
