// The scenario editor in the window: an invalid edit blocks Run with the loader's message,
// Save writes what loads back identically, the prediction follows the edits, and unsaved edits
// are asked about before they are lost.

#include "editortestdata.h"
#include "mainwindow.h"
#include "run.h"
#include "runcontroller.h"
#include "scenarioeditor.h"
#include "scenariorules.h"
#include "scenariotablemodel.h"
#include "timelineview.h"
#include "widgettestsupport.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Taskline;
using namespace Taskline::TestSupport;
using M = ScenarioTableModel;

class TestScenarioEditorWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void invalidEditShowsMessage_data();
    void invalidEditShowsMessage();
    void saveLoadIdentity_data();
    void saveLoadIdentity();
    void invalidScenarioIsNotSaved();
    void predictionFollowsEdits();
    void unsavedPromptOnOpen();
    void unsavedPromptOnClose();
    void redCellIsPainted();
    void shortcutsUndoAndRedo();
    void dropAsksFirst();
    void lockedDuringRun();
    void saveTakesWhatIsTyped();
    void lockedDuringImport();
    void labelEditKeepsRunAndZoom_data();
    void labelEditKeepsRunAndZoom();

private:
    QTemporaryDir m_dir;
    QString m_small;
};

void TestScenarioEditorWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    useTestSettings(m_dir, QStringLiteral("tst_scenarioeditorwindow"));
    m_small = writeFile(m_dir, QStringLiteral("small.json"), SmallScenario);
}

void TestScenarioEditorWindow::init()
{
    QSettings().clear();
}

void TestScenarioEditorWindow::invalidEditShowsMessage_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("column");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<int>("badRow");
    QTest::addColumn<int>("badColumn");
    QTest::addColumn<QString>("says");

    QTest::newRow("negative duration") << 1 << int(M::Duration) << QVariant(-1) << 1
                                       << int(M::Duration) << "between 0 and 3600000, got -1";
    QTest::newRow("a cycle") << 0 << int(M::After) << QVariant(QStringLiteral("notify")) << 0
                             << int(M::After) << "dependency cycle";
    QTest::newRow("a duplicate id") << 3 << int(M::Id) << QVariant(QStringLiteral("fetch")) << 3
                                    << int(M::Id) << "duplicate id \u0022fetch\u0022";
    QTest::newRow("after naming no task") << 1 << int(M::After) << QVariant(QStringLiteral("fetc"))
                                          << 1 << int(M::After) << "did you mean";
    QTest::newRow("an id with a space")
        << 1 << int(M::Id) << QVariant(QStringLiteral("a b")) << 1 << int(M::Id) << "a space";
    QTest::newRow("bytes on a cpu task")
        << 1 << int(M::Bytes) << QVariant(10) << 1 << int(M::Bytes) << "applies only to kind";
    QTest::newRow("a file without bytes") << 1 << int(M::Kind) << QVariant(QStringLiteral("file"))
                                          << 1 << int(M::Bytes) << "needs \u0022bytes\u0022";
    QTest::newRow("jitter above 1")
        << 0 << int(M::Jitter) << QVariant(1.5) << 0 << int(M::Jitter) << "between 0 and 1";
    QTest::newRow("retries above 100")
        << 2 << int(M::Retries) << QVariant(101) << 2 << int(M::Retries) << "between 0 and 100";
}

void TestScenarioEditorWindow::invalidEditShowsMessage()
{
    QFETCH(int, row);
    QFETCH(int, column);
    QFETCH(QVariant, value);
    QFETCH(int, badRow);
    QFETCH(int, badColumn);
    QFETCH(QString, says);

    ErrorLog log;
    auto window = makeWindow(&log);
    window->show();
    QVERIFY(window->openFile(m_small));
    QVERIFY(waitForPrediction(*window));
    QAction *run = action(*window, "actionRun");
    QVERIFY(run->isEnabled());
    ScenarioEditor *editor = window->scenarioEditor();
    M *model = editor->model();

    QVERIFY(model->setData(model->index(row, column), value));
    // The loader's own message, on the cell, under the table and in the status bar.
    const auto expected = validateScenario(editor->scenario());
    QVERIFY(expected);
    QVERIFY2(expected->message.contains(says), qPrintable(expected->message));
    QCOMPARE(model->firstError()->message, expected->message);
    const QModelIndex bad = model->index(badRow, badColumn);
    QCOMPARE(bad.data(M::ErrorRole).toString(), expected->message);
    QCOMPARE(bad.data(Qt::ToolTipRole).toString(), expected->message);
    QVERIFY(bad.data(Qt::BackgroundRole).isValid());
    QVERIFY2(editor->messageText().contains(expected->message), qPrintable(editor->messageText()));
    QVERIFY(!run->isEnabled());
    QVERIFY2(window->statusText().contains(QStringLiteral("Cannot run")),
             qPrintable(window->statusText()));
    QVERIFY(run->toolTip().contains(expected->message));
    window->startRun(); // F5 or a script: still nothing runs
    QVERIFY(!window->isRunning());
    // Never lost: the edit stays in the editor, and undo makes it runnable again.
    QCOMPARE(editor->scenario().tasks.size(), 4);
    editor->undoAction()->trigger();
    QVERIFY(!model->firstError());
    QVERIFY(run->isEnabled());
    QVERIFY(bad.data(M::ErrorRole).toString().isEmpty());
    QTRY_VERIFY2(!window->statusText().contains(QStringLiteral("Cannot run")),
                 qPrintable(window->statusText()));
    QVERIFY(log.messages.isEmpty());
}

void TestScenarioEditorWindow::saveLoadIdentity_data()
{
    QTest::addColumn<QString>("path");
    for (const QString &file : exampleFiles())
        QTest::newRow(qPrintable(QFileInfo(file).fileName())) << file;
}

void TestScenarioEditorWindow::saveLoadIdentity()
{
    QFETCH(QString, path);
    ErrorLog log;
    auto window = makeWindow(&log);
    QVERIFY(window->openFile(path));
    ScenarioEditor *editor = window->scenarioEditor();
    const Scenario loaded = editor->scenario();
    QCOMPARE(loaded, readBack(path));

    // As loaded, then after an edit of every kind of field of the first task.
    const QString copy = m_dir.filePath(QStringLiteral("copy-") + QFileInfo(path).fileName());
    QVERIFY(window->saveTo(copy));
    QCOMPARE(readBack(copy), loaded);
    M *model = editor->model();
    model->setData(model->index(0, M::Start), 12.25);
    model->setData(model->index(0, M::Jitter), 0.125);
    model->setData(model->index(0, M::Timeout), 9000);
    model->setData(model->index(0, M::Shape), QStringLiteral("ramp-down"));
    model->setData(model->index(0, M::Error), QStringLiteral("said \u0022no\u0022"));
    model->setName(loaded.name + QStringLiteral(" (edited)"));
    model->setSeed(Q_UINT64_C(9007199254740993)); // beyond a double's integers
    QVERIFY2(!model->firstError(), qPrintable(model->firstError()->message));
    QVERIFY(window->isWindowModified());
    QVERIFY(window->saveTo(copy));
    QVERIFY(!window->isWindowModified());
    QCOMPARE(window->currentFile(), copy);
    QCOMPARE(readBack(copy), editor->scenario());

    // And the window opens it back as it was saved.
    const Scenario saved = editor->scenario();
    QVERIFY(window->openFile(copy));
    QCOMPARE(window->scenarioEditor()->scenario(), saved);
    QVERIFY(log.messages.isEmpty());
}

void TestScenarioEditorWindow::invalidScenarioIsNotSaved()
{
    ErrorLog log;
    auto window = makeWindow(&log);
    QVERIFY(window->openFile(m_small));
    M *model = window->scenarioEditor()->model();
    model->setData(model->index(1, M::Duration), -1);
    const QString path = m_dir.filePath(QStringLiteral("never.json"));
    QVERIFY(!window->saveTo(path));
    QVERIFY(!QFile::exists(path));
    QCOMPARE(log.messages.size(), 1);
    QVERIFY2(log.messages[0].contains(QStringLiteral("tasks[1].duration_ms")),
             qPrintable(log.messages[0]));
    QVERIFY(window->isWindowModified()); // still there, still unsaved

    // Ctrl+S, or Save in the prompt, refuses the same way: nothing opens, nothing is lost.
    QVERIFY(!window->save());
    window->setUnsavedPrompt([](const QString &) { return MainWindow::UnsavedChoice::Save; });
    QVERIFY(!window->openDemo());
    QCOMPARE(log.messages.size(), 3);
    QCOMPARE(window->currentFile(), m_small);
    QCOMPARE(window->scenarioEditor()->scenario().tasks[1].durationMs, -1.0);
    QCOMPARE(readBack(m_small), smallScenario());
}

void TestScenarioEditorWindow::predictionFollowsEdits()
{
    auto window = makeWindow();
    window->show();
    QVERIFY(window->openFile(m_small));
    QVERIFY(waitForPrediction(*window));
    const double before = window->runController()->prediction()->metrics.makespanMs;
    M *model = window->scenarioEditor()->model();

    // Several quick edits settle into one new plan, predicted before any run.
    QSignalSpy shown(window.get(), &MainWindow::predictionShown);
    model->setData(model->index(1, M::Duration), 40);
    model->setData(model->index(1, M::Duration), 60);
    model->setData(model->index(2, M::Weight), 3);
    QVERIFY(shown.wait(WindowTimeoutMs));
    const PlanPtr plan = window->plan();
    QCOMPARE(plan->scenario(), window->scenarioEditor()->scenario());
    QCOMPARE(window->runController()->prediction()->trace.plan, plan);
    const double after = window->runController()->prediction()->metrics.makespanMs;
    QVERIFY2(after >= before + 55, qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
    QVERIFY(!window->isRunning());

    // A thread count typed in the editor becomes the toolbar's, and the prediction's.
    shown.clear();
    model->setThreads(1);
    QVERIFY(shown.wait(WindowTimeoutMs));
    QCOMPARE(window->runController()->config().threads, 1);

    // What runs is what the editor shows, even before the edit settled.
    model->setData(model->index(1, M::Duration), 1);
    QVERIFY(runAndWait(*window));
    QCOMPARE(window->runController()->run()->trace().plan->scenario(),
             window->scenarioEditor()->scenario());
}

void TestScenarioEditorWindow::unsavedPromptOnOpen()
{
    ErrorLog log;
    auto window = makeWindow(&log);
    QStringList asked;
    MainWindow::UnsavedChoice answer = MainWindow::UnsavedChoice::Cancel;
    window->setUnsavedPrompt([&](const QString &name) {
        asked.append(name);
        return answer;
    });
    const QString other = writeFile(m_dir, QStringLiteral("other.json"), SmallScenario);
    QVERIFY(window->openFile(m_small));
    QVERIFY(window->openFile(other)); // nothing edited: no question
    QVERIFY(asked.isEmpty());

    M *model = window->scenarioEditor()->model();
    model->setData(model->index(1, M::Duration), 33);
    QVERIFY(window->isWindowModified());
    QVERIFY(window->windowTitle().contains(QStringLiteral("[*]")));
    const Scenario edited = window->scenarioEditor()->scenario();

    // Cancel: nothing opens, the edits stay.
    QVERIFY(!window->openFile(m_small));
    QCOMPARE(asked, QStringList{QStringLiteral("Editor test")});
    QCOMPARE(window->scenarioEditor()->scenario(), edited);
    QCOMPARE(window->currentFile(), other);
    QVERIFY(window->isWindowModified());
    QVERIFY(!window->openDemo()); // an example asks too
    QCOMPARE(asked.size(), 2);

    // Save: written to its file, then the other one opens.
    answer = MainWindow::UnsavedChoice::Save;
    QVERIFY(window->openFile(m_small));
    QCOMPARE(readBack(other), edited);
    QCOMPARE(window->currentFile(), m_small);
    QVERIFY(!window->isWindowModified());

    // Discard: the edits go.
    model->setData(model->index(1, M::Duration), 44);
    answer = MainWindow::UnsavedChoice::Discard;
    QVERIFY(window->openFile(other));
    QCOMPARE(window->scenarioEditor()->scenario(), edited);
    QCOMPARE(readBack(m_small), smallScenario());
    QCOMPARE(asked.size(), 4);
    QVERIFY(log.messages.isEmpty());
}

void TestScenarioEditorWindow::unsavedPromptOnClose()
{
    auto window = makeWindow();
    int asked = 0;
    window->setUnsavedPrompt([&](const QString &) {
        ++asked;
        return asked == 1 ? MainWindow::UnsavedChoice::Cancel : MainWindow::UnsavedChoice::Discard;
    });
    window->show();
    QVERIFY(window->openFile(m_small));
    M *model = window->scenarioEditor()->model();
    model->setName(QStringLiteral("Changed"));
    QVERIFY(!window->close());
    QVERIFY(window->isVisible());
    QCOMPARE(asked, 1);
    QVERIFY(window->close());
    QCOMPARE(asked, 2);
}

void TestScenarioEditorWindow::redCellIsPainted()
{
    auto window = makeWindow();
    window->resize(1400, 900);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QVERIFY(window->openFile(m_small));
    QVERIFY(waitForPrediction(*window));
    M *model = window->scenarioEditor()->model();
    model->setData(model->index(1, M::Duration), -1);
    QTableView *table = window->scenarioEditor()->table();
    table->clearSelection();
    table->setCurrentIndex(model->index(0, M::Id));
    const QRect cell = table->visualRect(model->index(1, M::Duration));
    QVERIFY(!cell.isEmpty());
    const QImage image = table->viewport()->grab().toImage();
    const QColor inside = image.pixelColor(cell.left() + 4, cell.center().y());
    QVERIFY2(inside.red() > 200 && inside.green() < 230 && inside.blue() < 230,
             qPrintable(inside.name()));
    // For a look by eye: TASKLINE_EDITOR_PNG=/tmp/editor.png (and editor-after.png beside it).
    if (const QString out = qEnvironmentVariable("TASKLINE_EDITOR_PNG"); !out.isEmpty()) {
        QTest::qWait(300); // the plots replot from the event loop
        window->grab().save(out);
        model->setData(model->index(1, M::Duration), 2);
        model->setData(model->index(0, M::After), QStringLiteral("notify"));
        table->setCurrentIndex(model->index(2, M::After));
        table->edit(table->currentIndex());
        QTest::qWait(300);
        window->scenarioEditor()->grab().save(
            QString(out).replace(QLatin1String(".png"), QLatin1String("-after.png")));
    }
}

void TestScenarioEditorWindow::shortcutsUndoAndRedo()
{
    auto window = makeWindow();
    window->show();
    QVERIFY(window->openFile(m_small));
    window->activateWindow();
    if (!QTest::qWaitForWindowActive(window.get()))
        QSKIP("the platform does not activate windows: no shortcuts");
    M *model = window->scenarioEditor()->model();
    model->setData(model->index(0, M::Count), 9);
    const Scenario edited = window->scenarioEditor()->scenario();
    window->timelineView()->setFocus(); // shortcuts of the window, wherever the focus is
    QTest::keyClick(window.get(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(window->scenarioEditor()->scenario(), smallScenario());
    QVERIFY(!window->isWindowModified());
    QTest::keyClick(window.get(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(window->scenarioEditor()->scenario(), edited);
    QVERIFY(window->isWindowModified());
    // The Edit menu holds them, named after what they would undo.
    QAction *undo = action(*window, "actionUndo");
    QVERIFY(undo->text().contains(QStringLiteral("count")));
}

void TestScenarioEditorWindow::dropAsksFirst()
{
    auto window = makeWindow();
    int asked = 0;
    window->setUnsavedPrompt([&](const QString &) {
        ++asked;
        return MainWindow::UnsavedChoice::Cancel;
    });
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    const QString other = writeFile(m_dir, QStringLiteral("dropped.json"), SmallScenario);
    QVERIFY(window->openFile(m_small));
    M *model = window->scenarioEditor()->model();
    model->setData(model->index(0, M::Count), 9);
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(other)});
    const QPoint at = window->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window.get(), &drop);
    QCOMPARE(asked, 1);
    QCOMPARE(window->currentFile(), m_small);
    QCOMPARE(window->scenarioEditor()->scenario().tasks[0].count, 9u);
}

void TestScenarioEditorWindow::lockedDuringRun()
{
    const QString slow = writeFile(m_dir, QStringLiteral("slow.json"), R"({
      "taskline": 1, "threads": 1,
      "tasks": [{"id": "wait", "kind": "io", "duration_ms": 200, "count": 20}]
    })");
    auto window = makeWindow();
    window->show();
    QVERIFY(window->openFile(slow));
    ScenarioEditor *editor = window->scenarioEditor();
    editor->model()->setName(QStringLiteral("Slow"));
    QSignalSpy finished(window.get(), &MainWindow::runFinished);
    window->startRun();
    QVERIFY(window->isRunning());
    QCOMPARE(editor->table()->editTriggers(), QAbstractItemView::NoEditTriggers);
    QVERIFY(!action(*window, "actionAddTask")->isEnabled());
    QVERIFY(!action(*window, "actionUndo")->isEnabled());
    QVERIFY2(editor->messageText().contains(QStringLiteral("runs")),
             qPrintable(editor->messageText()));
    window->cancelRun();
    // Cancelling may finish the run at once, when every attempt is back already.
    QVERIFY(finished.count() == 1 || finished.wait(WindowTimeoutMs));
    QVERIFY(editor->table()->editTriggers() != QAbstractItemView::NoEditTriggers);
    QVERIFY(action(*window, "actionAddTask")->isEnabled());
    QVERIFY(action(*window, "actionUndo")->isEnabled());
    // The run was of the edited scenario, and its records stay until the next edit.
    QCOMPARE(window->runController()->run()->trace().plan->scenario().name, QStringLiteral("Slow"));
}

void TestScenarioEditorWindow::saveTakesWhatIsTyped()
{
    ErrorLog log;
    auto window = makeWindow(&log);
    window->show();
    const QString path = writeFile(m_dir, QStringLiteral("typed.json"), SmallScenario);
    QVERIFY(window->openFile(path));
    QTableView *table = window->scenarioEditor()->table();
    const QModelIndex duration = table->model()->index(1, M::Duration);
    table->setCurrentIndex(duration);
    table->edit(duration);
    QWidget *editor = table->indexWidget(duration);
    QVERIFY(editor);
    QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(editor, QStringLiteral("77")); // no Enter: Ctrl+S comes first
    QVERIFY(window->save());
    QCOMPARE(readBack(path).tasks[1].durationMs, 77.0);
    QVERIFY(!window->isWindowModified());
    QVERIFY(log.messages.isEmpty());
}

void TestScenarioEditorWindow::lockedDuringImport()
{
    const QString trace = writeFile(m_dir, QStringLiteral("import.json"), R"({"traceEvents": [
      {"ph": "X", "name": "a", "pid": 1, "tid": 1, "ts": 0, "dur": 10},
      {"ph": "X", "name": "b", "pid": 1, "tid": 2, "ts": 5, "dur": 20}]})");
    ErrorLog log;
    auto window = makeWindow(&log);
    int asked = 0;
    window->setUnsavedPrompt([&](const QString &) {
        ++asked;
        return MainWindow::UnsavedChoice::Discard;
    });
    window->show();
    QVERIFY(window->openFile(m_small));
    ScenarioEditor *editor = window->scenarioEditor();
    M *model = editor->model();
    model->setData(model->index(0, M::Count), 9);
    Scenario edited = editor->scenario();

    // Asked once, when the import starts; then nothing can be edited until it ends.
    QVERIFY(window->openFile(trace));
    QCOMPARE(asked, 1);
    QVERIFY(window->isImporting());
    const auto locked = [&] {
        QCOMPARE(editor->table()->editTriggers(), QAbstractItemView::NoEditTriggers);
        QVERIFY(!(model->flags(model->index(0, M::Count)) & Qt::ItemIsEditable));
        QVERIFY(editor->findChild<QLineEdit *>(QStringLiteral("scenarioNameEdit"))->isReadOnly());
        QVERIFY(!action(*window, "actionAddTask")->isEnabled());
        QVERIFY(!action(*window, "actionUndo")->isEnabled());
        QVERIFY2(editor->messageText().contains(QStringLiteral("trace")),
                 qPrintable(editor->messageText()));
        // Edits that reach the model anyway are refused, not lost later.
        QVERIFY(!model->setData(model->index(0, M::Count), 5));
        model->setName(QStringLiteral("Lost"));
        QCOMPARE(editor->scenario(), edited);
    };
    locked();
    QVERIFY(QTest::currentTestFailed() == false);

    // Cancelled: the edits are there to go on with.
    window->cancelRun();
    QVERIFY(!window->isImporting());
    QVERIFY(editor->table()->editTriggers() != QAbstractItemView::NoEditTriggers);
    QVERIFY(action(*window, "actionUndo")->isEnabled());
    QVERIFY(!editor->messageText().contains(QStringLiteral("trace")));
    QCOMPARE(editor->scenario(), edited);
    QVERIFY(window->isWindowModified());
    QVERIFY(model->setData(model->index(0, M::Count), 7));
    edited = editor->scenario();

    // Finished: the trace replaces the scenario, as agreed when it started.
    QSignalSpy loaded(window.get(), &MainWindow::traceLoaded);
    QVERIFY(window->openFile(trace));
    QCOMPARE(asked, 2);
    locked();
    QVERIFY(!QTest::currentTestFailed());
    QVERIFY(loaded.count() == 1 || loaded.wait(WindowTimeoutMs));
    QVERIFY(window->shownTrace());
    QVERIFY(!editor->hasScenario());

    // A scenario opened during an import wins, and is editable.
    QVERIFY(window->openFile(trace));
    QVERIFY(window->isImporting());
    QVERIFY(window->openFile(m_small));
    QVERIFY(!window->isImporting());
    QVERIFY(editor->hasScenario());
    QVERIFY(editor->isEditable());
    QVERIFY(model->setData(model->index(0, M::Count), 3));
    QVERIFY(!editor->messageText().contains(QStringLiteral("trace")));
    QVERIFY(log.messages.isEmpty());
}

void TestScenarioEditorWindow::labelEditKeepsRunAndZoom_data()
{
    QTest::addColumn<QString>("field");
    QTest::newRow("name") << "scenarioNameEdit";
    QTest::newRow("description") << "scenarioDescriptionEdit";
}

void TestScenarioEditorWindow::labelEditKeepsRunAndZoom()
{
    QFETCH(QString, field);
    auto window = makeWindow();
    window->resize(1400, 900);
    window->show();
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    QVERIFY(window->openFile(m_small));
    QVERIFY(waitForPrediction(*window));
    QVERIFY(runAndWait(*window));
    const Run *run = window->runController()->run();
    const qsizetype records = run->trace().records.size();
    QVERIFY(records > 0);
    TimelineView *view = window->timelineView();
    view->setVisibleRangeMs(1, 3);
    const QPair<double, double> zoom = view->visibleRangeMs();
    const PlanPtr before = window->plan();

    QSignalSpy shown(window.get(), &MainWindow::predictionShown);
    auto *edit = window->findChild<QLineEdit *>(field);
    QVERIFY(edit);
    edit->setFocus();
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(edit, QStringLiteral("Renamed"));
    QTest::keyClick(edit, Qt::Key_Return);
    QVERIFY(window->isWindowModified());
    // Once the edit settled, the next run is of the renamed scenario; nothing else moved.
    QTRY_VERIFY_WITH_TIMEOUT(window->plan() != before, WindowTimeoutMs);
    QCOMPARE(window->plan()->scenario(), window->scenarioEditor()->scenario());
    QCOMPARE(window->runController()->run(), run);
    QCOMPARE(run->trace().records.size(), records);
    QCOMPARE(view->trace().records.size(), records); // the measured trace is still shown
    QCOMPARE(view->visibleRangeMs(), zoom);
    QVERIFY(shown.isEmpty()); // not predicted again
    if (field == QLatin1String("scenarioNameEdit")) {
        QVERIFY2(view->title().startsWith(QStringLiteral("Renamed")), qPrintable(view->title()));
        QVERIFY(window->windowTitle().contains(QStringLiteral("Renamed")));
    }
    QVERIFY(view->title().contains(QStringLiteral(" makespan "))); // the measured one

    // Undone: the same, back.
    window->scenarioEditor()->undoAction()->trigger();
    QVERIFY(!window->isWindowModified());
    QTRY_COMPARE_WITH_TIMEOUT(window->plan()->scenario(), smallScenario(), WindowTimeoutMs);
    QCOMPARE(window->runController()->run(), run);
    QCOMPARE(view->visibleRangeMs(), zoom);
    QVERIFY(shown.isEmpty());
}

QTEST_MAIN(TestScenarioEditorWindow)
#include "tst_scenarioeditorwindow.moc"
