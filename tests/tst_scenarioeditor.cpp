// The scenario editor on its own: its table model (model tester, every kind of edit, undo and
// redo back to the identical scenario) and its editing by keyboard. In the window:
// tst_scenarioeditorwindow.cpp.

#include "editortestdata.h"
#include "scenarioeditor.h"
#include "scenarioloader.h"
#include "scenariorules.h"
#include "scenariotablemodel.h"
#include "widgettestsupport.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace Taskline;
using namespace Taskline::TestSupport;
using M = ScenarioTableModel;

namespace {
// Opens the editor of the cell, types `text` over what it holds and presses Enter.
void typeInto(QTableView *table, const QModelIndex &index, const QString &text)
{
    table->setFocus();
    table->setCurrentIndex(index);
    QTest::keyClick(table, Qt::Key_F2);
    QWidget *editor = QApplication::focusWidget();
    QVERIFY(editor && editor != table);
    if (!qobject_cast<QComboBox *>(editor))
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(editor, text);
    QTest::keyClick(editor, Qt::Key_Return);
    // The delegate commits from the event loop, once the editor had the key.
    QTRY_VERIFY(!table->indexWidget(index));
}
} // namespace

class TestScenarioEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void modelTester_data();
    void modelTester();
    void editThroughModel_data();
    void editThroughModel();
    void editWithKeystrokes_data();
    void editWithKeystrokes();
    void afterWithKeystrokes();
    void settingsWithKeystrokes();
    void taskShortcuts();
    void fileDurationEstimate();
    void fileDurationEstimateWithKeystrokes();
    void idCheckedAsTyped_data();
    void idCheckedAsTyped();
    void renameFollowsAfter();
    void addDuplicateRemove();
    void undoRedoRoundTrip();

private:
    QTemporaryDir m_dir;
    QString m_small;
};

void TestScenarioEditor::initTestCase()
{
    QVERIFY(m_dir.isValid());
    useTestSettings(m_dir, QStringLiteral("tst_scenarioeditor"));
    m_small = writeFile(m_dir, QStringLiteral("small.json"), SmallScenario);
}

void TestScenarioEditor::init()
{
    QSettings().clear();
}

void TestScenarioEditor::modelTester_data()
{
    QTest::addColumn<QString>("path");
    for (const QString &file : exampleFiles())
        QTest::newRow(qPrintable(QFileInfo(file).fileName())) << file;
}

void TestScenarioEditor::modelTester()
{
    QFETCH(QString, path);
    M model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setScenario(readBack(path));
    QVERIFY(model.rowCount() > 0);
    QVERIFY(!model.firstError());
    // Rows come and go and every cell changes under the tester's eyes.
    model.addTask(0);
    model.duplicateTask(1);
    model.setData(model.index(0, M::Duration), -5.0);
    model.removeTasks({0, model.rowCount() - 1});
    model.undoStack()->undo();
    model.undoStack()->undo();
    model.undoStack()->redo();
    model.undoStack()->setIndex(0);
    QCOMPARE(model.scenario(), readBack(path));
}

void TestScenarioEditor::editThroughModel_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("column");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("shown");

    QTest::newRow("kind") << 1 << int(M::Kind) << QVariant(QStringLiteral("io")) << "io";
    QTest::newRow("duration") << 1 << int(M::Duration) << QVariant(12.5) << "12.5";
    QTest::newRow("duration as text")
        << 1 << int(M::Duration) << QVariant(QStringLiteral("7")) << "7";
    QTest::newRow("file duration given") << 3 << int(M::Duration) << QVariant(10) << "10";
    QTest::newRow("start") << 0 << int(M::Start) << QVariant(100) << "100";
    QTest::newRow("count") << 0 << int(M::Count) << QVariant(8) << "8";
    QTest::newRow("stagger") << 0 << int(M::Stagger) << QVariant(2.5) << "2.5";
    QTest::newRow("after as a list")
        << 2 << int(M::After) << QVariant(QStringList{QStringLiteral("fetch")}) << "fetch";
    QTest::newRow("after as text")
        << 2 << int(M::After) << QVariant(QStringLiteral("fetch, parse")) << "fetch, parse";
    QTest::newRow("jitter") << 1 << int(M::Jitter) << QVariant(0.4) << "0.4";
    QTest::newRow("fail rate") << 1 << int(M::FailRate) << QVariant(0.1) << "0.1";
    QTest::newRow("retries") << 1 << int(M::Retries) << QVariant(2) << "2";
    QTest::newRow("retry delay") << 2 << int(M::RetryDelay) << QVariant(30) << "30";
    QTest::newRow("timeout") << 1 << int(M::Timeout) << QVariant(500) << "500";
    QTest::newRow("no timeout") << 3 << int(M::Timeout) << QVariant(QString()) << "";
    QTest::newRow("bytes") << 3 << int(M::Bytes) << QVariant(1000000) << "1000000";
    QTest::newRow("weight") << 1 << int(M::Weight) << QVariant(2) << "2";
    QTest::newRow("shape") << 1 << int(M::Shape) << QVariant(QStringLiteral("triangle"))
                           << "triangle";
    QTest::newRow("priority") << 1 << int(M::Priority) << QVariant(-3) << "-3";
    QTest::newRow("error") << 1 << int(M::Error) << QVariant(QStringLiteral("boom")) << "boom";
}

void TestScenarioEditor::editThroughModel()
{
    QFETCH(int, row);
    QFETCH(int, column);
    QFETCH(QVariant, value);
    QFETCH(QString, shown);
    M model;
    const Scenario before = smallScenario();
    model.setScenario(before);
    QSignalSpy edited(&model, &M::scenarioEdited);
    QVERIFY(model.setData(model.index(row, column), value));
    QCOMPARE(model.index(row, column).data().toString(), shown);
    QCOMPARE(edited.count(), 1);
    QCOMPARE(model.undoStack()->count(), 1);
    QVERIFY(!model.firstError());
    QVERIFY(!validateScenario(model.scenario()));
    // Only the task edited changed, and undo gives back the very scenario.
    const Scenario after = model.scenario();
    for (int r = 0; r < before.tasks.size(); ++r)
        QCOMPARE(after.tasks[r] == before.tasks[r], r != row);
    model.undoStack()->undo();
    QCOMPARE(model.scenario(), before);
    model.undoStack()->redo();
    QCOMPARE(model.scenario(), after);
}

void TestScenarioEditor::editWithKeystrokes_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("shown");

    QTest::newRow("duration in a spin box") << 1 << int(M::Duration) << "250"
                                            << "250";
    QTest::newRow("count") << 0 << int(M::Count) << "6"
                           << "6";
    QTest::newRow("fail rate") << 2 << int(M::FailRate) << "0.25"
                               << "0.25";
    QTest::newRow("retries") << 2 << int(M::Retries) << "7"
                             << "7";
    QTest::newRow("kind in a combo box") << 1 << int(M::Kind) << "t"
                                         << "timer";
    QTest::newRow("shape") << 1 << int(M::Shape) << "r"
                           << "ramp-up";
    QTest::newRow("error in a line edit") << 2 << int(M::Error) << "lost"
                                          << "lost";
    QTest::newRow("id") << 2 << int(M::Id) << "ping"
                        << "ping";
}

void TestScenarioEditor::editWithKeystrokes()
{
    QFETCH(int, row);
    QFETCH(int, column);
    QFETCH(QString, typed);
    QFETCH(QString, shown);
    ScenarioEditor editor;
    editor.setScenario(smallScenario(), m_small);
    editor.resize(900, 400);
    editor.show();
    editor.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&editor));
    typeInto(editor.table(), editor.model()->index(row, column), typed);
    QCOMPARE(editor.model()->index(row, column).data().toString(), shown);
    QCOMPARE(editor.undoStack()->count(), 1);
    QVERIFY(editor.isModified());
    // Ctrl+Z on the editor's own undo action takes it back.
    editor.undoAction()->trigger();
    QCOMPARE(editor.scenario(), smallScenario());
    QVERIFY(!editor.isModified());
}

void TestScenarioEditor::afterWithKeystrokes()
{
    ScenarioEditor editor;
    editor.setScenario(smallScenario(), m_small);
    editor.resize(900, 400);
    editor.show();
    editor.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&editor));
    QTableView *table = editor.table();
    table->setFocus();
    table->setCurrentIndex(editor.model()->index(2, M::After)); // notify: after parse
    QTest::keyClick(table, Qt::Key_F2);
    auto *list = qobject_cast<QListWidget *>(QApplication::focusWidget());
    QVERIFY(list);
    // The other tasks, in table order, the ones waited for checked.
    QCOMPARE(list->count(), 3);
    QCOMPARE(list->item(0)->text(), QStringLiteral("fetch"));
    QCOMPARE(list->item(1)->checkState(), Qt::Checked);
    QTest::keyClick(list, Qt::Key_Space); // check fetch
    QTest::keyClick(list, Qt::Key_Down);
    QTest::keyClick(list, Qt::Key_Space); // uncheck parse
    QTest::keyClick(list, Qt::Key_Return);
    QTRY_VERIFY(!table->indexWidget(table->currentIndex()));
    QCOMPARE(editor.scenario().tasks[2].after, QStringList{QStringLiteral("fetch")});
    QCOMPARE(editor.undoStack()->count(), 1);
}

void TestScenarioEditor::settingsWithKeystrokes()
{
    ScenarioEditor editor;
    editor.setScenario(smallScenario(), m_small);
    editor.show();
    editor.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&editor));
    const auto type = [&](const char *name, const QString &text, Qt::Key done) {
        auto *field = editor.findChild<QWidget *>(QLatin1String(name));
        QVERIFY(field);
        field->setFocus();
        QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(field, text);
        QTest::keyClick(field, done);
    };
    type("scenarioNameEdit", QStringLiteral("Typed name"), Qt::Key_Return);
    type("scenarioThreadsSpin", QStringLiteral("12"), Qt::Key_Tab);
    type("scenarioSeedEdit", QStringLiteral("42"), Qt::Key_Return);
    auto *mode = editor.findChild<QComboBox *>(QStringLiteral("scenarioModeCombo"));
    mode->setFocus();
    QTest::keyClick(mode, Qt::Key_Down);
    const Scenario &s = editor.scenario();
    QCOMPARE(s.name, QStringLiteral("Typed name"));
    QCOMPARE(s.threads, 12);
    QCOMPARE(s.seed, quint64(42));
    QCOMPARE(s.mode, RunMode::Sequential);
    // "1" then "12" in the spin box is one edit, not two.
    QCOMPARE(editor.undoStack()->count(), 4);
    editor.undoStack()->setIndex(0);
    QCOMPARE(editor.scenario(), smallScenario());
    QCOMPARE(editor.findChild<QLineEdit *>(QStringLiteral("scenarioNameEdit"))->text(),
             QStringLiteral("Editor test"));
}

void TestScenarioEditor::taskShortcuts()
{
    ScenarioEditor editor;
    editor.setScenario(smallScenario(), m_small);
    editor.show();
    editor.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&editor));
    QTableView *table = editor.table();
    table->setFocus();
    table->setCurrentIndex(editor.model()->index(2, M::Id));
    QTest::keyClick(table, Qt::Key_D, Qt::ControlModifier);
    QCOMPARE(editor.scenario().tasks[3].id, QStringLiteral("notify-2"));
    QCOMPARE(table->currentIndex().row(), 3);
    QTest::keyClick(table, Qt::Key_N, Qt::ControlModifier);
    QCOMPARE(editor.scenario().tasks[4].id, QStringLiteral("task"));
    QCOMPARE(table->currentIndex().row(), 4);
    // Each Del removes the current task only: what Ctrl+N and Ctrl+D selected is one row.
    QTest::keyClick(table, Qt::Key_Delete);
    QCOMPARE(editor.model()->rowCount(), 5);
    QTest::keyClick(table, Qt::Key_Delete);
    QCOMPARE(editor.model()->rowCount(), 4);
    QCOMPARE(editor.undoStack()->count(), 4);
    editor.undoStack()->setIndex(0);
    QCOMPARE(editor.scenario(), smallScenario());
}

void TestScenarioEditor::fileDurationEstimate()
{
    M model;
    model.setScenario(smallScenario());
    const QModelIndex duration = model.index(3, M::Duration);
    QVERIFY2(duration.data().toString().startsWith(QLatin1Char('~')),
             qPrintable(duration.data().toString()));
    QVERIFY(model.setData(duration, 10));
    QVERIFY(model.scenario().tasks[3].hasDuration);
    // More bytes: an estimate follows them, as the loader's would; a given duration does not.
    QVERIFY(model.setData(model.index(3, M::Bytes), 5000000));
    QCOMPARE(model.scenario().tasks[3].durationMs, 10.0);
    QVERIFY(model.setData(duration, QString()));
    QCOMPARE(model.scenario().tasks[3].durationMs, estimatedFileMs(5000000));
    QVERIFY(!model.scenario().tasks[3].hasDuration);
    // A file task turned cpu keeps its duration and loses its bytes.
    QVERIFY(model.setData(model.index(3, M::Kind), QStringLiteral("cpu")));
    QCOMPARE(model.scenario().tasks[3].bytes, 0);
    QVERIFY(model.scenario().tasks[3].hasDuration);
    QVERIFY(!model.firstError());
    model.undoStack()->setIndex(0);
    QCOMPARE(model.scenario(), smallScenario());
}

void TestScenarioEditor::fileDurationEstimateWithKeystrokes()
{
    ScenarioEditor editor;
    editor.setScenario(smallScenario(), m_small);
    editor.resize(900, 400);
    editor.show();
    editor.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&editor));
    QTableView *table = editor.table();
    const QModelIndex duration = editor.model()->index(3, M::Duration); // save: a file task
    const auto task = [&] { return editor.scenario().tasks[3]; };
    const double estimate = task().durationMs;

    // The spin box of an estimated duration says so.
    table->setFocus();
    table->setCurrentIndex(duration);
    QTest::keyClick(table, Qt::Key_F2);
    auto *spin = qobject_cast<QDoubleSpinBox *>(QApplication::focusWidget());
    QVERIFY(spin);
    QCOMPARE(spin->text(), QStringLiteral("estimate"));
    QTest::keyClick(spin, Qt::Key_Return); // unchanged: no edit
    QTRY_VERIFY(!table->indexWidget(duration));
    QCOMPARE(editor.undoStack()->count(), 0);

    typeInto(table, duration, QStringLiteral("12"));
    QVERIFY(task().hasDuration);
    QCOMPARE(task().durationMs, 12.0);
    // Back to the estimate: typed, or stepped down below 0.
    typeInto(table, duration, QStringLiteral("estimate"));
    QVERIFY(!task().hasDuration);
    QCOMPARE(task().durationMs, estimate);
    QCOMPARE(duration.data().toString().at(0), QLatin1Char('~'));
    typeInto(table, duration, QStringLiteral("0"));
    QVERIFY(task().hasDuration);
    table->setCurrentIndex(duration);
    QTest::keyClick(table, Qt::Key_F2);
    spin = qobject_cast<QDoubleSpinBox *>(QApplication::focusWidget());
    QVERIFY(spin);
    QTest::keyClick(spin, Qt::Key_Down);
    QCOMPARE(spin->text(), QStringLiteral("estimate"));
    QTest::keyClick(spin, Qt::Key_Return);
    QTRY_VERIFY(!table->indexWidget(duration));
    QVERIFY(!task().hasDuration);

    // Each is one undo step.
    QCOMPARE(editor.undoStack()->count(), 4);
    editor.undoAction()->trigger();
    QCOMPARE(task().durationMs, 0.0);
    editor.undoStack()->setIndex(0);
    QCOMPARE(editor.scenario(), smallScenario());

    // A cpu task's duration has no estimate to go back to.
    table->setCurrentIndex(editor.model()->index(1, M::Duration));
    QTest::keyClick(table, Qt::Key_F2);
    spin = qobject_cast<QDoubleSpinBox *>(QApplication::focusWidget());
    QVERIFY(spin);
    QVERIFY(spin->specialValueText().isEmpty());
    QCOMPARE(spin->minimum(), 0.0);
    QTest::keyClick(spin, Qt::Key_Escape);
}

void TestScenarioEditor::idCheckedAsTyped_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("says"); // empty: valid
    QTest::newRow("another task's id") << "fetch"
                                       << "duplicate id";
    QTest::newRow("empty") << ""
                           << "id";
    QTest::newRow("a new id") << "fetch2"
                              << "";
    QTest::newRow("its own id") << "notify"
                                << "";
}

void TestScenarioEditor::idCheckedAsTyped()
{
    QFETCH(QString, typed);
    QFETCH(QString, says);
    ScenarioEditor editor;
    editor.setScenario(smallScenario(), m_small);
    editor.resize(900, 400);
    editor.show();
    editor.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&editor));
    QTableView *table = editor.table();
    const QModelIndex id = editor.model()->index(2, M::Id); // notify
    table->setFocus();
    table->setCurrentIndex(id);
    QTest::keyClick(table, Qt::Key_F2);
    auto *line = qobject_cast<QLineEdit *>(QApplication::focusWidget());
    QVERIFY(line);
    QTest::keyClick(line, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(line, Qt::Key_Backspace);
    QTest::keyClicks(line, typed);
    // Before Enter: the frame and the message, and nothing edited yet.
    QCOMPARE(line->property("invalid").toBool(), !says.isEmpty());
    QCOMPARE(line->styleSheet().contains(QStringLiteral("border")), !says.isEmpty());
    QVERIFY2(line->toolTip().contains(says), qPrintable(line->toolTip()));
    QCOMPARE(editor.undoStack()->count(), 0);
    QCOMPARE(editor.scenario(), smallScenario());
    // Enter commits it as one step; the cell then says what the editor said.
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_VERIFY(!table->indexWidget(id));
    QCOMPARE(editor.scenario().tasks[2].id, typed);
    QCOMPARE(editor.undoStack()->count(), typed == QLatin1String("notify") ? 0 : 1);
    QCOMPARE(id.data(M::ErrorRole).toString().isEmpty(), says.isEmpty());
}

void TestScenarioEditor::renameFollowsAfter()
{
    M model;
    model.setScenario(smallScenario());
    QVERIFY(model.setData(model.index(1, M::Id), QStringLiteral("decode")));
    const Scenario &s = model.scenario();
    QCOMPARE(s.tasks[1].id, QStringLiteral("decode"));
    QCOMPARE(s.tasks[2].after, QStringList{QStringLiteral("decode")});
    QCOMPARE(s.tasks[3].after, QStringList{QStringLiteral("decode")});
    QVERIFY(!model.firstError());
    QCOMPARE(model.undoStack()->count(), 1); // one step, and one undo
    model.undoStack()->undo();
    QCOMPARE(model.scenario(), smallScenario());
}

void TestScenarioEditor::addDuplicateRemove()
{
    ScenarioEditor editor;
    editor.setScenario(smallScenario(), m_small);
    M *model = editor.model();
    editor.table()->setCurrentIndex(model->index(1, M::Duration));
    editor.duplicateTask();
    QCOMPARE(model->rowCount(), 5);
    QCOMPARE(editor.scenario().tasks[2].id, QStringLiteral("parse-2"));
    QCOMPARE(editor.scenario().tasks[2].durationMs, 2.0);
    editor.duplicateTask(); // a copy of the copy: parse-3, not parse-2-2
    QCOMPARE(editor.scenario().tasks[3].id, QStringLiteral("parse-3"));
    editor.addTask();
    QCOMPARE(model->rowCount(), 7);
    QCOMPARE(editor.scenario().tasks[4].id, QStringLiteral("task"));
    QVERIFY(!model->firstError());

    // Removing parse drops the `after` entries naming it.
    editor.table()->clearSelection();
    editor.table()->setCurrentIndex(model->index(1, M::Id));
    editor.removeTasks();
    QCOMPARE(model->rowCount(), 6);
    for (const TaskSpec &t : editor.scenario().tasks)
        QVERIFY2(!t.after.contains(QStringLiteral("parse")), qPrintable(t.id));
    QVERIFY(!model->firstError());
    QCOMPARE(editor.undoStack()->count(), 4);
    editor.undoStack()->setIndex(0);
    QCOMPARE(editor.scenario(), smallScenario());
}

void TestScenarioEditor::undoRedoRoundTrip()
{
    M model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setScenario(smallScenario());
    QList<Scenario> states{model.scenario()};
    const auto step = [&] { states.append(model.scenario()); };
    model.setName(QStringLiteral("Renamed"));
    step();
    model.setDescription(QStringLiteral("Other words"));
    step();
    model.setThreads(3);
    model.setThreads(4); // one spin box, stepped twice: one step
    step();
    model.setMode(RunMode::Sequential);
    step();
    model.setSeed(Q_UINT64_C(18446744073709551615));
    step();
    model.setData(model.index(0, M::Id), QStringLiteral("get"));
    step();
    model.setData(model.index(3, M::Kind), QStringLiteral("cpu")); // drops the bytes
    step();
    model.addTask(2);
    step();
    model.duplicateTask(0);
    step();
    model.removeTasks({1, 3});
    step();
    QCOMPARE(model.undoStack()->count(), states.size() - 1);
    QCOMPARE(model.scenario().seed, Q_UINT64_C(18446744073709551615));
    QCOMPARE(model.scenario().threads, 4);

    for (int i = int(states.size()) - 2; i >= 0; --i) {
        model.undoStack()->undo();
        QCOMPARE(model.scenario(), states[i]);
    }
    QVERIFY(model.undoStack()->isClean());
    for (int i = 1; i < states.size(); ++i) {
        model.undoStack()->redo();
        QCOMPARE(model.scenario(), states[i]);
    }
}

QTEST_MAIN(TestScenarioEditor)
#include "tst_scenarioeditor.moc"
