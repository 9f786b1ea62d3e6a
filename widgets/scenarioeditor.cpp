#include "scenarioeditor.h"

#include "plan.h"
#include "scenariodelegates.h"
#include "scenariotablemodel.h"

#include <QAction>
#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QStyle>
#include <QTableView>
#include <QThread>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

#include <limits>

namespace Taskline {

namespace {
QIcon themeIcon(const QWidget *w, const char *name, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QLatin1String(name), w->style()->standardIcon(fallback));
}
} // namespace

ScenarioEditor::ScenarioEditor(QWidget *parent)
    : QWidget(parent), m_model(new ScenarioTableModel(this))
{
    setObjectName(QStringLiteral("scenarioEditor"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 4);
    layout->setSpacing(4);

    m_toolBar = new QToolBar(this);
    m_toolBar->setObjectName(QStringLiteral("scenarioToolBar"));
    m_toolBar->setIconSize(QSize(16, 16));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    createActions();
    layout->addWidget(m_toolBar);
    createFields();

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("scenarioTable"));
    m_table->setModel(m_model);
    m_table->setItemDelegate(new ScenarioDelegate(m_table));
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                             QAbstractItemView::AnyKeyPressed | QAbstractItemView::SelectedClicked);
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table, 1);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("scenarioMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_message);

    connect(m_model, &ScenarioTableModel::settingsChanged, this, &ScenarioEditor::showSettings);
    connect(m_model, &ScenarioTableModel::scenarioEdited, this, [this] {
        showMessage();
        updateActions();
        Q_EMIT scenarioEdited();
    });
    connect(m_model->undoStack(), &QUndoStack::cleanChanged, this,
            [this](bool clean) { Q_EMIT modifiedChanged(!clean); });
    connect(m_model->undoStack(), &QUndoStack::indexChanged, this, &ScenarioEditor::updateActions);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ScenarioEditor::updateActions);
    // The message of the cell under the cursor, else the first one.
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ScenarioEditor::showMessage);
    clear();
}

ScenarioEditor::~ScenarioEditor()
{
    // The stack says "clean" once more as it is destroyed, to a window being destroyed too.
    disconnect(m_model->undoStack(), nullptr, this, nullptr);
}

void ScenarioEditor::createActions()
{
    m_addAction =
        new QAction(themeIcon(this, "list-add", QStyle::SP_FileDialogNewFolder), tr("Add"), this);
    m_addAction->setObjectName(QStringLiteral("actionAddTask"));
    m_addAction->setShortcut(Qt::CTRL | Qt::Key_N);
    m_addAction->setToolTip(tr("Add a task under the current one (Ctrl+N)"));
    connect(m_addAction, &QAction::triggered, this, &ScenarioEditor::addTask);

    m_duplicateAction = new QAction(themeIcon(this, "edit-copy", QStyle::SP_FileDialogDetailedView),
                                    tr("Duplicate"), this);
    m_duplicateAction->setObjectName(QStringLiteral("actionDuplicateTask"));
    m_duplicateAction->setShortcut(Qt::CTRL | Qt::Key_D);
    m_duplicateAction->setToolTip(tr("Copy the current task under a new id (Ctrl+D)"));
    connect(m_duplicateAction, &QAction::triggered, this, &ScenarioEditor::duplicateTask);

    m_removeAction =
        new QAction(themeIcon(this, "list-remove", QStyle::SP_TrashIcon), tr("Remove"), this);
    m_removeAction->setObjectName(QStringLiteral("actionRemoveTask"));
    m_removeAction->setShortcut(QKeySequence::Delete);
    m_removeAction->setToolTip(tr("Remove the selected tasks; \"after\" entries naming them go "
                                  "too (Del)"));
    connect(m_removeAction, &QAction::triggered, this, &ScenarioEditor::removeTasks);

    // Own actions rather than QUndoStack's, which would re-enable themselves during a run.
    QUndoStack *stack = m_model->undoStack();
    m_undoAction =
        new QAction(themeIcon(this, "edit-undo", QStyle::SP_ArrowBack), tr("&Undo"), this);
    m_undoAction->setObjectName(QStringLiteral("actionUndo"));
    m_undoAction->setShortcut(QKeySequence::Undo);
    connect(m_undoAction, &QAction::triggered, stack, &QUndoStack::undo);
    m_redoAction =
        new QAction(themeIcon(this, "edit-redo", QStyle::SP_ArrowForward), tr("&Redo"), this);
    m_redoAction->setObjectName(QStringLiteral("actionRedo"));
    m_redoAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    connect(m_redoAction, &QAction::triggered, stack, &QUndoStack::redo);

    // Task shortcuts act in the editor only: Del elsewhere in the window removes nothing.
    for (QAction *a : {m_addAction, m_duplicateAction, m_removeAction}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
        m_toolBar->addAction(a);
    }
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_undoAction);
    m_toolBar->addAction(m_redoAction);
}

void ScenarioEditor::createFields()
{
    auto *form = new QFormLayout;
    form->setContentsMargins(2, 0, 2, 0);
    form->setVerticalSpacing(3);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("scenarioNameEdit"));
    m_name->setPlaceholderText(tr("shown in the window and reports"));
    form->addRow(tr("&Name"), m_name);
    m_description = new QLineEdit(this);
    m_description->setObjectName(QStringLiteral("scenarioDescriptionEdit"));
    m_description->setPlaceholderText(tr("what this scenario shows"));
    form->addRow(tr("&Description"), m_description);

    auto *settings = new QHBoxLayout;
    settings->setSpacing(6);
    m_threads = new QSpinBox(this);
    m_threads->setObjectName(QStringLiteral("scenarioThreadsSpin"));
    m_threads->setRange(0, 256);
    m_threads->setSpecialValueText(
        tr("auto (%1)").arg(qMax(1, QThread::idealThreadCount()))); // 0: not given
    m_threads->setToolTip(tr("threads: the pool size, 1 to 256; auto: this machine's ideal "
                             "thread count"));
    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("scenarioModeCombo"));
    m_mode->addItem(modeName(RunMode::Pool), int(RunMode::Pool));
    m_mode->addItem(modeName(RunMode::Sequential), int(RunMode::Sequential));
    m_mode->setToolTip(tr("mode: pool, or sequential (one worker, every task in turn)"));
    m_seed = new QLineEdit(this);
    m_seed->setObjectName(QStringLiteral("scenarioSeedEdit"));
    m_seed->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,20}")), m_seed));
    m_seed->setToolTip(
        tr("seed: fixes jitter and failures, 0 to %1").arg(std::numeric_limits<quint64>::max()));
    auto *threadsLabel = new QLabel(tr("&Threads"), this);
    threadsLabel->setBuddy(m_threads);
    auto *modeLabel = new QLabel(tr("&Mode"), this);
    modeLabel->setBuddy(m_mode);
    auto *seedLabel = new QLabel(tr("S&eed"), this);
    seedLabel->setBuddy(m_seed);
    settings->addWidget(threadsLabel);
    settings->addWidget(m_threads);
    settings->addWidget(modeLabel);
    settings->addWidget(m_mode);
    settings->addWidget(seedLabel);
    settings->addWidget(m_seed, 1);
    form->addRow(settings);
    static_cast<QVBoxLayout *>(layout())->addLayout(form);

    connect(m_name, &QLineEdit::editingFinished, this,
            [this] { m_model->setName(m_name->text()); });
    connect(m_description, &QLineEdit::editingFinished, this,
            [this] { m_model->setDescription(m_description->text()); });
    connect(m_threads, &QSpinBox::valueChanged, m_model, &ScenarioTableModel::setThreads);
    connect(m_mode, &QComboBox::activated, this,
            [this] { m_model->setMode(RunMode(m_mode->currentData().toInt())); });
    connect(m_seed, &QLineEdit::editingFinished, this, [this] {
        bool ok = false;
        const quint64 seed = m_seed->text().toULongLong(&ok);
        if (ok)
            m_model->setSeed(seed);
        else
            showSettings(); // beyond 64 bits: back to the seed it has
    });
}

void ScenarioEditor::setScenario(const Scenario &scenario, const QString &file)
{
    m_file = file;
    m_loaded = true;
    m_model->setScenario(scenario);
    m_table->resizeColumnsToContents();
    for (int c = 0; c < m_model->columnCount(); ++c) {
        // A long `after` list or error message should not push the other columns away.
        m_table->setColumnWidth(c, qBound(48, m_table->columnWidth(c), 220));
    }
    setEnabled(true);
    showSettings();
    showMessage();
    updateActions();
}

void ScenarioEditor::clear()
{
    m_file.clear();
    m_loaded = false;
    m_model->setScenario(Scenario{});
    showSettings();
    m_message->setText(tr("No scenario: open one (Ctrl+O) or pick one of the examples."));
    setEnabled(false);
    updateActions();
}

const Scenario &ScenarioEditor::scenario() const
{
    return m_model->scenario();
}

QString ScenarioEditor::nameText() const
{
    const QString name = scenario().name;
    if (!name.isEmpty())
        return name;
    return m_file.isEmpty() ? tr("Untitled") : QFileInfo(m_file).fileName();
}

bool ScenarioEditor::isModified() const
{
    return !m_model->undoStack()->isClean();
}

void ScenarioEditor::markSaved(const QString &file)
{
    m_file = file;
    m_model->undoStack()->setClean();
}

QString ScenarioEditor::messageText() const
{
    return m_message->text();
}

QUndoStack *ScenarioEditor::undoStack() const
{
    return m_model->undoStack();
}

void ScenarioEditor::commitOpenEditor()
{
    if (QWidget *open = m_table->indexWidget(m_table->currentIndex()))
        Q_EMIT m_table->itemDelegate()->commitData(open); // the view calls setModelData
    // A field being typed in commits when it loses focus; these do not wait for that.
    if (m_name->hasFocus())
        m_model->setName(m_name->text());
    if (m_description->hasFocus())
        m_model->setDescription(m_description->text());
}

void ScenarioEditor::setEditable(bool editable, const QString &reason)
{
    const bool changed = editable != m_editable;
    m_editable = editable;
    m_lockReason = editable ? QString() : reason;
    if (!editable) {
        // What was typed was taken before the lock (a run or an import commits first); an
        // editor left open would only take keystrokes the model refuses.
        if (QWidget *open = m_table->indexWidget(m_table->currentIndex()))
            Q_EMIT m_table->itemDelegate()->closeEditor(open, QAbstractItemDelegate::NoHint);
    }
    m_model->setReadOnly(!editable);
    m_table->setEditTriggers(
        editable ? QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                       QAbstractItemView::AnyKeyPressed | QAbstractItemView::SelectedClicked
                 : QAbstractItemView::NoEditTriggers);
    for (QWidget *w : {static_cast<QWidget *>(m_threads), static_cast<QWidget *>(m_mode)})
        w->setEnabled(editable);
    for (QLineEdit *e : {m_name, m_description, m_seed})
        e->setReadOnly(!editable);
    if (changed && editable)
        showSettings(); // text typed into a locked field was refused
    showMessage();
    updateActions();
}

void ScenarioEditor::showSettings()
{
    const Scenario &s = scenario();
    const QSignalBlocker b1(m_name), b2(m_description), b3(m_threads), b4(m_mode), b5(m_seed);
    if (m_name->text() != s.name)
        m_name->setText(s.name);
    if (m_description->text() != s.description)
        m_description->setText(s.description);
    m_description->setCursorPosition(0);
    m_threads->setValue(s.threads);
    m_mode->setCurrentIndex(m_mode->findData(int(s.mode)));
    m_seed->setText(QString::number(s.seed));
}

void ScenarioEditor::showMessage()
{
    if (!m_loaded)
        return;
    const std::optional<ScenarioError> &first = m_model->firstError();
    QPalette palette = this->palette();
    if (!m_editable && !m_lockReason.isEmpty()) {
        m_message->setText(m_lockReason);
        m_message->setPalette(palette);
        return;
    }
    if (!first) {
        const QLocale locale;
        const PlanPtr &plan = m_model->plan();
        m_message->setText(tr("%1 tasks, %2 after fan-out; every field valid.")
                               .arg(locale.toString(scenario().tasks.size()),
                                    locale.toString(plan ? plan->taskCount() : 0)));
        m_message->setPalette(palette);
        return;
    }
    // The message of the current cell when it has one: that is what the user looks at.
    QString text = m_table->currentIndex().data(ScenarioTableModel::ErrorRole).toString();
    if (text.isEmpty())
        text = first->message;
    const int more = m_model->errorCount() - 1;
    if (more > 0)
        text += tr(" (%n more invalid field(s))", nullptr, more);
    m_message->setText(text);
    palette.setColor(QPalette::WindowText, QColor(190, 0, 0));
    m_message->setPalette(palette);
}

void ScenarioEditor::updateActions()
{
    const bool on = m_loaded && m_editable;
    const bool row = currentRow() >= 0;
    m_addAction->setEnabled(on);
    m_duplicateAction->setEnabled(on && row);
    m_removeAction->setEnabled(on && row);
    const QUndoStack *stack = m_model->undoStack();
    m_undoAction->setEnabled(on && stack->canUndo());
    m_redoAction->setEnabled(on && stack->canRedo());
    // The menu says what would be undone; the dock's toolbar button stays short.
    m_undoAction->setText(stack->canUndo() ? tr("&Undo %1").arg(stack->undoText()) : tr("&Undo"));
    m_redoAction->setText(stack->canRedo() ? tr("&Redo %1").arg(stack->redoText()) : tr("&Redo"));
    m_undoAction->setIconText(tr("Undo"));
    m_redoAction->setIconText(tr("Redo"));
    m_undoAction->setToolTip(m_undoAction->text().remove(QLatin1Char('&')) + tr(" (Ctrl+Z)"));
    m_redoAction->setToolTip(m_redoAction->text().remove(QLatin1Char('&')) + tr(" (Ctrl+Shift+Z)"));
}

void ScenarioEditor::select(const QModelIndex &index)
{
    // Only this cell: the view's own setCurrentIndex() would add to the selection while the
    // Ctrl of Ctrl+D is held, and the next Del would remove both tasks.
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_table->scrollTo(index);
}

int ScenarioEditor::currentRow() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void ScenarioEditor::addTask()
{
    if (!m_loaded || !m_editable)
        return;
    const int current = currentRow();
    const int row = m_model->addTask(current < 0 ? m_model->rowCount() : current + 1);
    const QModelIndex id = m_model->index(row, ScenarioTableModel::Id);
    select(id);
    m_table->setFocus();
}

void ScenarioEditor::duplicateTask()
{
    if (!m_loaded || !m_editable || currentRow() < 0)
        return;
    const int column = m_table->currentIndex().column();
    const int row = m_model->duplicateTask(currentRow());
    select(m_model->index(row, column));
}

void ScenarioEditor::removeTasks()
{
    if (!m_loaded || !m_editable)
        return;
    QList<int> rows;
    const QModelIndexList selected = m_table->selectionModel()->selectedIndexes();
    for (const QModelIndex &i : selected) {
        if (!rows.contains(i.row()))
            rows.append(i.row());
    }
    if (rows.isEmpty() && currentRow() >= 0)
        rows.append(currentRow());
    const int first = rows.isEmpty() ? -1 : *std::min_element(rows.cbegin(), rows.cend());
    m_model->removeTasks(rows);
    if (m_model->rowCount() > 0 && first >= 0)
        select(m_model->index(qMin(first, m_model->rowCount() - 1), 0));
}

} // namespace Taskline
