// MainWindow, part four: the scenario editor. Its page in the scenario dock, Save and Save As,
// the prompt before unsaved edits are lost, and edits turned into a new plan and prediction.

#include "mainwindow.h"

#include "metricspanel.h"
#include "recentfiles.h"
#include "recordsdock.h"
#include "recordstablemodel.h"
#include "runcontroller.h"
#include "scenarioeditor.h"
#include "scenariopanel.h"
#include "scenariotablemodel.h"
#include "scenariowriter.h"
#include "timelineview.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>

namespace Taskline {

namespace {
// Long enough to type a number, short enough to feel live.
constexpr int EditSettleMs = 300;

// Whether `a` and `b` differ at most in their name and description.
bool onlyLabelsDiffer(const Scenario &a, Scenario b)
{
    b.name = a.name;
    b.description = a.description;
    return a == b;
}

bool isOwnFile(const QString &path)
{
    return !path.isEmpty() && !path.startsWith(QLatin1String(":/"));
}
} // namespace

void MainWindow::createEditor()
{
    m_editor = new ScenarioEditor(this);
    m_scenarioPages = new QStackedWidget(this);
    m_scenarioPages->setObjectName(QStringLiteral("scenarioPages"));
    m_scenarioPages->addWidget(m_editor);
    m_scenarioPages->addWidget(m_scenario);
    m_scenarioPages->setCurrentWidget(m_scenario); // "No scenario" until one is opened
    m_scenarioDock->setWidget(m_scenarioPages);

    m_editTimer = new QTimer(this);
    m_editTimer->setSingleShot(true);
    m_editTimer->setInterval(EditSettleMs);
    connect(m_editTimer, &QTimer::timeout, this, [this] { applyEdits(); });
    connect(m_editor, &ScenarioEditor::scenarioEdited, this, &MainWindow::onScenarioEdited);
    connect(m_editor, &ScenarioEditor::modifiedChanged, this, &MainWindow::updateTitles);
}

void MainWindow::createEditActions()
{
    m_saveAction =
        new QAction(QIcon::fromTheme(QStringLiteral("document-save")), tr("&Save Scenario"), this);
    m_saveAction->setObjectName(QStringLiteral("actionSaveScenario"));
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAction->setToolTip(tr("Save the edited scenario to its file (Ctrl+S)"));
    connect(m_saveAction, &QAction::triggered, this, &MainWindow::save);

    m_saveAsAction = new QAction(tr("Save Scenario &As..."), this);
    m_saveAsAction->setObjectName(QStringLiteral("actionSaveScenarioAs"));
    m_saveAsAction->setShortcut(QKeySequence::SaveAs);
    m_saveAsAction->setToolTip(tr("Save the edited scenario as a new file"));
    connect(m_saveAsAction, &QAction::triggered, this, &MainWindow::saveScenarioAsDialog);
}

void MainWindow::createEditMenu()
{
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("editMenu"));
    edit->addAction(m_editor->undoAction());
    edit->addAction(m_editor->redoAction());
    edit->addSeparator();
    const QStringList tasks = {QStringLiteral("actionAddTask"),
                               QStringLiteral("actionDuplicateTask"),
                               QStringLiteral("actionRemoveTask")};
    for (const QString &name : tasks) {
        if (auto *a = m_editor->findChild<QAction *>(name))
            edit->addAction(a);
    }
}

void MainWindow::setUnsavedPrompt(UnsavedPrompt prompt)
{
    m_unsavedPrompt = std::move(prompt);
}

bool MainWindow::confirmDiscardEdits()
{
    m_editor->commitOpenEditor(); // a value typed but not entered is an edit too
    if (!m_editor->hasScenario() || !m_editor->isModified())
        return true;
    const QString name = m_editor->nameText();
    UnsavedChoice choice = UnsavedChoice::Cancel;
    if (m_unsavedPrompt) {
        choice = m_unsavedPrompt(name);
    } else {
        QMessageBox box(QMessageBox::Warning, tr("Unsaved edits"),
                        tr("Save the edits of \"%1\"?").arg(name),
                        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
        box.setInformativeText(tr("They are lost otherwise."));
        box.setDefaultButton(QMessageBox::Save);
        const int answer = box.exec();
        choice = answer == QMessageBox::Save      ? UnsavedChoice::Save
                 : answer == QMessageBox::Discard ? UnsavedChoice::Discard
                                                  : UnsavedChoice::Cancel;
    }
    switch (choice) {
    case UnsavedChoice::Save:
        return save();
    case UnsavedChoice::Discard:
        return true;
    case UnsavedChoice::Cancel:
        break;
    }
    return false;
}

bool MainWindow::save()
{
    if (!m_editor->hasScenario())
        return false;
    // An example has no file of its own to write to.
    return isOwnFile(m_file) ? saveTo(m_file) : saveScenarioAsDialog();
}

bool MainWindow::saveScenarioAsDialog()
{
    if (!m_editor->hasScenario() || !canSave())
        return false;
    const QString base = isOwnFile(m_file)  ? QFileInfo(m_file).fileName()
                         : m_file.isEmpty() ? QStringLiteral("scenario.json")
                                            : QFileInfo(m_file).fileName();
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save Scenario As"), QDir(m_lastDir).filePath(base),
                                     tr("Taskline scenarios (*.json);;All files (*)"));
    return !path.isEmpty() && saveTo(path);
}

bool MainWindow::canSave()
{
    m_editor->commitOpenEditor();
    // What is saved must load: the loader would refuse an invalid scenario.
    const auto &error = m_editor->model()->firstError();
    if (error) {
        reportError(
            tr("Cannot save"),
            tr("%1 is not saved until it is valid: %2").arg(m_editor->nameText(), error->message));
    }
    return !error;
}

bool MainWindow::saveTo(const QString &path)
{
    if (!m_editor->hasScenario() || !canSave())
        return false;
    if (const std::optional<QString> error = saveScenario(m_editor->scenario(), path)) {
        reportError(tr("Save failed"), *error);
        return false;
    }
    m_file = path;
    m_lastDir = QFileInfo(path).absolutePath();
    RecentFiles::add(path);
    m_editor->markSaved(path);
    updateTitles();
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

void MainWindow::onScenarioEdited()
{
    // Run follows validity at once; the prediction once the edits settle.
    updateActions();
    updateTitles();
    if (const auto &error = m_editor->model()->firstError())
        showStatus(tr("Cannot run: %1").arg(error->message));
    m_editTimer->start();
}

bool MainWindow::applyEdits()
{
    m_editTimer->stop();
    if (!m_editor->hasScenario())
        return true;
    if (const auto &error = m_editor->model()->firstError()) {
        showStatus(tr("Cannot run: %1").arg(error->message));
        updateActions();
        return false;
    }
    const PlanPtr plan = m_editor->model()->plan();
    const PlanPtr old = m_controller->plan();
    if (old && onlyLabelsDiffer(old->scenario(), plan->scenario())) {
        // Undone back to what is planned, or only a name or description changed: nothing to
        // predict; the measured run, the prediction and the zoom stay, the titles follow.
        if (old->scenario() != plan->scenario() && !m_controller->isRunning())
            m_controller->relabel(plan);
        if (statusText().startsWith(tr("Cannot run")))
            showStatus(tr("%1 is valid. Press F5 to run.").arg(m_editor->nameText()));
        updateActions();
        updateTitles();
        return true;
    }
    if (m_controller->isRunning())
        return false; // the editor is locked during a run: not reached

    // The scenario's threads and mode become the toolbar's when the edit changed them.
    const Scenario &s = plan->scenario();
    if (!old || old->scenario().threads != s.threads || old->scenario().mode != s.mode) {
        const QSignalBlocker blockThreads(m_threads);
        const QSignalBlocker blockMode(m_mode);
        m_threads->setValue(s.threads > 0 ? s.threads : RunOverrides{}.resolve(s).threads);
        m_mode->setCurrentIndex(m_mode->findData(int(s.mode)));
        m_threads->setEnabled(s.mode == RunMode::Pool);
    }
    RunOverrides overrides;
    overrides.threads = m_threads->value();
    overrides.mode = RunMode(m_mode->currentData().toInt());

    // A measured run belongs to the scenario before the edit: back to the prediction.
    m_lastMakespanMs = -1;
    const Trace empty = emptyTrace(plan, overrides.resolve(s));
    m_progress->hide();
    m_metrics->clear();
    m_recordsDock->recordsModel()->setTrace(empty);
    m_view->setPrediction(Trace{});
    m_view->setTrace(empty);
    showStatus(tr("%1: predicting...").arg(m_editor->nameText()));
    m_controller->setOverrides(overrides);
    m_controller->setPlan(plan); // predicts off the GUI thread
    updateActions();
    updateTitles();
    return true;
}

void MainWindow::setScenarioPage(bool editor)
{
    m_scenarioPages->setCurrentWidget(editor ? static_cast<QWidget *>(m_editor) : m_scenario);
}

void MainWindow::updateEditActions()
{
    const bool editing = m_editor->hasScenario();
    m_saveAction->setEnabled(editing);
    m_saveAsAction->setEnabled(editing);
    // Edits made now would be lost: to the run's records, or to the trace replacing the
    // scenario (asked about when the import started).
    if (m_importing) {
        m_editor->setEditable(false, tr("Locked while a trace is read: it replaces this "
                                        "scenario. Cancel the import (Esc) to edit on."));
    } else if (m_controller->isRunning()) {
        m_editor->setEditable(false, tr("Locked while the scenario runs. Cancel the run "
                                        "(Esc) to edit."));
    } else {
        m_editor->setEditable(true);
    }
    const auto &error = m_editor->model()->firstError();
    m_runAction->setToolTip(editing && error
                                ? tr("Cannot run: %1").arg(error->message)
                                : tr("Run the scenario for real with these threads and mode (F5)"));
}

} // namespace Taskline
