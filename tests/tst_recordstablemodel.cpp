#include "recordsdock.h"
#include "recordsfilter.h"
#include "recordstablemodel.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace Taskline;
using namespace Taskline::TestSupport;
using Col = RecordsTableModel::Column;

namespace {
constexpr qint64 Ms = 1000000;

TaskSpec spec(const char *id, TaskKind kind, double ms, quint32 count = 1)
{
    return taskSpec(QLatin1String(id), kind, ms, count);
}

PlanPtr testPlan()
{
    Scenario s;
    s.threads = 2;
    TaskSpec parse = spec("parse", TaskKind::Cpu, 40);
    parse.after = {QStringLiteral("fetch")};
    s.tasks = {spec("fetch", TaskKind::Io, 120, 3), parse, spec("notify", TaskKind::Timer, 30)};
    return buildPlan(s);
}

AttemptRecord record(quint32 task, TaskKind kind, qint16 lane, qint64 release, qint64 enqueue,
                     qint64 start, qint64 end, AttemptStatus status = AttemptStatus::Ok,
                     quint16 attempt = 0, quint32 error = 0)
{
    AttemptRecord r;
    r.task = task;
    r.kind = kind;
    r.lane = lane;
    r.releaseNs = release;
    r.enqueueNs = enqueue;
    r.startNs = start;
    r.endNs = end;
    r.status = status;
    r.attempt = attempt;
    r.error = error;
    return r;
}

// A small trace: fetch[0..2] on two workers, parse, two attempts of notify (the first failed),
// and one skipped task with no lane. Tasks: 0..2 fetch[k], 3 parse, 4 notify.
Trace testTrace(QList<AttemptRecord> *records = nullptr)
{
    Trace t = emptyTrace(testPlan(), 2);
    const quint32 boom = t.strings.intern(QStringLiteral("Boom: service unavailable"));
    const quint32 skip = t.strings.intern(QStringLiteral("dependency notify failed"));
    const QList<AttemptRecord> list = {
        record(0, TaskKind::Io, 0, 0, 0, 1 * Ms / 10, 120 * Ms),
        record(1, TaskKind::Io, 1, 0, 0, 2 * Ms / 10, 100 * Ms),
        record(2, TaskKind::Io, 1, 0, 0, 100 * Ms, 215 * Ms + 500000),
        record(3, TaskKind::Cpu, 0, 215 * Ms + 600000, 215 * Ms + 600000, 216 * Ms, 256 * Ms),
        record(4, TaskKind::Timer, 2, 256 * Ms, 256 * Ms, 256 * Ms, 286 * Ms, AttemptStatus::Failed,
               0, boom),
        record(4, TaskKind::Timer, 2, 290 * Ms, 290 * Ms, 290 * Ms, 320 * Ms, AttemptStatus::Ok, 1),
        record(3, TaskKind::Cpu, -1, 320 * Ms, 320 * Ms, 320 * Ms, 320 * Ms, AttemptStatus::Skipped,
               0, skip),
    };
    if (records)
        *records = list;
    else
        t.records = list;
    return t;
}

QStringList columnTexts(const QAbstractItemModel &model, int column)
{
    QStringList texts;
    for (int r = 0; r < model.rowCount(); ++r)
        texts.append(model.index(r, column).data().toString());
    return texts;
}
} // namespace

class TestRecordsTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelTester();
    void batchAppends();
    void cellText_data();
    void cellText();
    void sortValuesAreNumbers();
    void filter_data();
    void filter();
    void sort_data();
    void sort();
    void appendWhileSortedAndFiltered();
    void sortSurvivesReset();
    void bigSortedModelCatchesUp();
    void dockSelectionDoesNotLoop();
};

void TestRecordsTableModel::modelTester()
{
    RecordsTableModel model;
    RecordsFilter filter;
    filter.setRecordsModel(&model);
    QAbstractItemModelTester modelTester(&model,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester filterTester(&filter,
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.sort(RecordsTableModel::End, Qt::DescendingOrder);

    QList<AttemptRecord> records;
    Trace trace = testTrace(&records);
    model.setTrace(trace);
    model.appendRecords(records.mid(0, 3), trace.strings);
    model.appendRecords(records.mid(3), trace.strings);
    QCOMPARE(model.rowCount(), 7);
    QCOMPARE(filter.rowCount(), 7);
    filter.setFilterText(QStringLiteral("notify"));
    QCOMPARE(filter.rowCount(), 3); // two notify attempts and the skip that names it
    filter.setFilterText({});
    filter.sort(RecordsTableModel::Task, Qt::AscendingOrder);
    model.clear();
    QCOMPARE(filter.rowCount(), 0);
    model.setTrace(testTrace());
    QCOMPARE(filter.rowCount(), 7);
}

void TestRecordsTableModel::batchAppends()
{
    RecordsTableModel model;
    RecordsFilter filter;
    filter.setRecordsModel(&model);
    QList<AttemptRecord> records;
    const Trace trace = testTrace(&records);
    model.setTrace(trace);

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy proxyInserted(&filter, &QAbstractItemModel::rowsInserted);
    // Three batches, like three ticks of a run's batch timer.
    QList<AttemptRecord> many;
    for (int i = 0; i < 1000; ++i)
        many.append(records[i % records.size()]);
    model.appendRecords(many.mid(0, 400), trace.strings);
    model.appendRecords(many.mid(400, 500), trace.strings);
    model.appendRecords(many.mid(900), trace.strings);
    model.appendRecords({}, trace.strings); // an empty batch inserts nothing

    QCOMPARE(inserted.count(), 3);
    const QList<QPair<int, int>> expected = {{0, 399}, {400, 899}, {900, 999}};
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(inserted[i][1].toInt(), expected[i].first);
        QCOMPARE(inserted[i][2].toInt(), expected[i].second);
    }
    QCOMPARE(proxyInserted.count(), 3);
    QCOMPARE(model.rowCount(), 1000);
    QCOMPARE(filter.rowCount(), 1000);
}

void TestRecordsTableModel::cellText_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("text");

    QTest::newRow("number is 1-based") << 0 << int(Col::Number) << QStringLiteral("1");
    QTest::newRow("fan-out copy name") << 2 << int(Col::Task) << QStringLiteral("fetch[2]");
    QTest::newRow("single task name") << 3 << int(Col::Task) << QStringLiteral("parse");
    QTest::newRow("kind io") << 0 << int(Col::Kind) << QStringLiteral("io");
    QTest::newRow("kind timer") << 4 << int(Col::Kind) << QStringLiteral("timer");
    QTest::newRow("first attempt") << 4 << int(Col::Attempt) << QStringLiteral("0");
    QTest::newRow("retry") << 5 << int(Col::Attempt) << QStringLiteral("1");
    QTest::newRow("worker lane") << 1 << int(Col::Lane) << QStringLiteral("worker 2");
    QTest::newRow("event loop lane") << 4 << int(Col::Lane) << QStringLiteral("event loop");
    QTest::newRow("never ran: no lane") << 6 << int(Col::Lane) << QStringLiteral("-");
    QTest::newRow("status ok") << 0 << int(Col::Status) << QStringLiteral("ok");
    QTest::newRow("status failed") << 4 << int(Col::Status) << QStringLiteral("failed");
    QTest::newRow("status skipped") << 6 << int(Col::Status) << QStringLiteral("skipped");
    QTest::newRow("release") << 3 << int(Col::Release) << QStringLiteral("215.600");
    QTest::newRow("enqueue") << 3 << int(Col::Enqueue) << QStringLiteral("215.600");
    QTest::newRow("start") << 0 << int(Col::Start) << QStringLiteral("0.100");
    QTest::newRow("end") << 2 << int(Col::End) << QStringLiteral("215.500");
    QTest::newRow("wait") << 3 << int(Col::Wait) << QStringLiteral("0.400");
    QTest::newRow("wait of a task that never ran") << 6 << int(Col::Wait) << QString();
    QTest::newRow("duration") << 2 << int(Col::Duration) << QStringLiteral("115.500");
    QTest::newRow("duration of a task that never ran") << 6 << int(Col::Duration) << QString();
    QTest::newRow("error") << 4 << int(Col::Error) << QStringLiteral("Boom: service unavailable");
    QTest::newRow("no error") << 5 << int(Col::Error) << QString();
}

void TestRecordsTableModel::cellText()
{
    QFETCH(int, row);
    QFETCH(int, column);
    QFETCH(QString, text);
    RecordsTableModel model;
    model.setTrace(testTrace());
    QCOMPARE(model.columnCount(), int(Col::ColumnCount));
    QCOMPARE(model.index(row, column).data().toString(), text);
    QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
}

void TestRecordsTableModel::sortValuesAreNumbers()
{
    RecordsTableModel model;
    model.setTrace(testTrace());
    // "100.000" < "20.000" as text; the sort role and lessThan compare nanoseconds.
    QCOMPARE(model.index(1, Col::End).data(RecordsTableModel::SortRole).toLongLong(), 100 * Ms);
    QVERIFY(model.lessThan(Col::Duration, 3, 0)); // 40 ms before 119.9 ms
    QVERIFY(!model.lessThan(Col::Duration, 0, 3));
    QVERIFY(model.lessThan(Col::Duration, 6, 3)); // never ran sorts first
}

void TestRecordsTableModel::filter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("numbers"); // the "#" column of the rows that pass

    const auto list = [](const char *numbers) {
        return QString::fromLatin1(numbers).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    };
    QTest::newRow("empty: everything") << QString() << list("1 2 3 4 5 6 7");
    QTest::newRow("task id prefix") << QStringLiteral("fetch") << list("1 2 3");
    QTest::newRow("copy name") << QStringLiteral("fetch[1]") << list("2");
    QTest::newRow("case-insensitive") << QStringLiteral("PARSE") << list("4 7");
    QTest::newRow("status") << QStringLiteral("failed") << list("5 7"); // 7: its error says so
    QTest::newRow("kind") << QStringLiteral("timer") << list("5 6");
    QTest::newRow("error text") << QStringLiteral("unavailable") << list("5");
    QTest::newRow("spaces trimmed") << QStringLiteral("  skipped ") << list("7");
    QTest::newRow("no match") << QStringLiteral("nothing like it") << list("");
}

void TestRecordsTableModel::filter()
{
    QFETCH(QString, text);
    QFETCH(QStringList, numbers);
    RecordsTableModel model;
    model.setTrace(testTrace());
    RecordsFilter filter;
    filter.setRecordsModel(&model);
    filter.setFilterText(text);
    QCOMPARE(columnTexts(filter, Col::Number), numbers);
}

void TestRecordsTableModel::sort_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QStringList>("numbers");

    const auto list = [](const char *numbers) {
        return QString::fromLatin1(numbers).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    };
    QTest::newRow("unsorted: trace order") << -1 << Qt::AscendingOrder << list("1 2 3 4 5 6 7");
    QTest::newRow("number descending")
        << int(Col::Number) << Qt::DescendingOrder << list("7 6 5 4 3 2 1");
    QTest::newRow("end: numeric, not text")
        << int(Col::End) << Qt::AscendingOrder << list("2 1 3 4 5 6 7");
    QTest::newRow("duration descending")
        << int(Col::Duration) << Qt::DescendingOrder << list("1 3 2 4 6 5 7"); // ties reversed too
    QTest::newRow("task: plan order, then attempt")
        << int(Col::Task) << Qt::AscendingOrder << list("1 2 3 4 7 5 6");
    QTest::newRow("status, stable")
        << int(Col::Status) << Qt::AscendingOrder << list("1 2 3 4 6 5 7");
    QTest::newRow("lane: never ran first")
        << int(Col::Lane) << Qt::AscendingOrder << list("7 1 4 2 3 5 6");
    QTest::newRow("error text") << int(Col::Error) << Qt::AscendingOrder << list("1 2 3 4 6 5 7");
}

void TestRecordsTableModel::sort()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QStringList, numbers);
    RecordsTableModel model;
    model.setTrace(testTrace());
    RecordsFilter filter;
    filter.setRecordsModel(&model);
    filter.sort(column, order);
    QCOMPARE(columnTexts(filter, Col::Number), numbers);
}

void TestRecordsTableModel::appendWhileSortedAndFiltered()
{
    RecordsTableModel model;
    RecordsFilter filter;
    filter.setRecordsModel(&model);
    QAbstractItemModelTester tester(&filter,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.sort(Col::End, Qt::DescendingOrder);
    filter.setFilterText(QStringLiteral("io"));
    QList<AttemptRecord> records;
    const Trace trace = testTrace(&records);
    model.setTrace(trace);
    model.appendRecords(records.mid(0, 2), trace.strings);
    QCOMPARE(columnTexts(filter, Col::Number),
             (QStringList{QStringLiteral("1"), QStringLiteral("2")}));
    model.appendRecords(records.mid(2), trace.strings);
    QCOMPARE(columnTexts(filter, Col::Number),
             (QStringList{QStringLiteral("3"), QStringLiteral("1"), QStringLiteral("2")}));
}

void TestRecordsTableModel::sortSurvivesReset()
{
    RecordsTableModel model;
    RecordsFilter filter;
    filter.setRecordsModel(&model);
    filter.sort(Col::End, Qt::AscendingOrder);
    model.setTrace(testTrace());
    QCOMPARE(columnTexts(filter, Col::Number),
             QString::fromLatin1("2 1 3 4 5 6 7").split(QLatin1Char(' ')));
}

void TestRecordsTableModel::bigSortedModelCatchesUp()
{
    // Past ImmediateResortRows a batch is appended first and sorted in shortly after.
    RecordsTableModel model;
    RecordsFilter filter;
    filter.setRecordsModel(&model);
    QAbstractItemModelTester tester(&filter,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.sort(Col::Duration, Qt::DescendingOrder);
    Trace trace = testTrace();
    QList<AttemptRecord> records;
    const int n = RecordsFilter::ImmediateResortRows + 5000;
    for (int i = 0; i < n; ++i) {
        AttemptRecord r = trace.records[i % 6];
        r.endNs = r.startNs + qint64(i % 997) * 1000;
        records.append(r);
    }
    trace.records.clear();
    model.setTrace(trace);
    for (int k = 0; k < n; k += 2500)
        model.appendRecords(records.mid(k, 2500), trace.strings);
    QCOMPARE(filter.rowCount(), n);
    const auto sorted = [&] {
        for (int row = 1; row < filter.rowCount(); ++row) {
            const int a = filter.mapToSource(filter.index(row - 1, 0)).row();
            const int b = filter.mapToSource(filter.index(row, 0)).row();
            if (model.lessThan(Col::Duration, a, b))
                return false;
        }
        return true;
    };
    QTRY_VERIFY_WITH_TIMEOUT(sorted(), 5000);
}

void TestRecordsTableModel::dockSelectionDoesNotLoop()
{
    RecordsDock dock;
    dock.resize(900, 300);
    dock.recordsModel()->setTrace(testTrace());
    QSignalSpy activated(&dock, &RecordsDock::recordActivated);

    // Following a selection made elsewhere reports nothing back.
    dock.selectRecord(4);
    QCOMPARE(dock.selectedRecord(), 4);
    QCOMPARE(activated.count(), 0);

    // A click in the table reports the record, also when sorted (source row, not view row).
    dock.filterModel()->sort(Col::Number, Qt::DescendingOrder);
    QTableView *table = dock.findChild<QTableView *>(QStringLiteral("recordsTable"));
    QVERIFY(table);
    dock.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dock));
    const QModelIndex first = table->model()->index(0, Col::Task);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(first).center());
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.last().at(0).toInt(), 6); // the last record, shown first

    // Filtering keeps the selection without reporting; a selected row filtered out clears it.
    activated.clear();
    dock.filterEdit()->setText(QStringLiteral("skipped"));
    QTRY_COMPARE(dock.filterModel()->rowCount(), 1);
    QCOMPARE(dock.selectedRecord(), 6);
    dock.selectRecord(0); // filtered out: nothing to select
    QCOMPARE(dock.selectedRecord(), -1);
    QCOMPARE(activated.count(), 0);
}

QTEST_MAIN(TestRecordsTableModel)
#include "tst_recordstablemodel.moc"
