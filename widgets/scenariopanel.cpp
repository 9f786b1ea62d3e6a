#include "scenariopanel.h"

#include "chrometraceimport.h"

#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Taskline {

namespace {
enum Column { Id, Kind, Duration, Count, After, ColumnCount };

QString durationText(const TaskSpec &t)
{
    QString text = QString::number(t.durationMs, 'f', 3);
    while (text.contains(QLatin1Char('.')) &&
           (text.endsWith(QLatin1Char('0')) || text.endsWith(QLatin1Char('.'))))
        text.chop(1);
    if (!t.hasDuration)
        text = QStringLiteral("~") + text; // a file task's estimate from its bytes
    if (t.jitter > 0)
        text += QStringLiteral(" \u00b1%1%").arg(t.jitter * 100, 0, 'g', 3);
    return text;
}

QString taskTip(const TaskSpec &t)
{
    QStringList lines{QObject::tr("%1 (%2)").arg(t.id, kindName(t.kind))};
    const auto add = [&](const QString &line) { lines.append(line); };
    if (t.startMs > 0)
        add(QObject::tr("start at %1 ms").arg(t.startMs));
    if (t.staggerMs > 0)
        add(QObject::tr("copies %1 ms apart").arg(t.staggerMs));
    if (t.failRate > 0)
        add(QObject::tr("fails %1% of attempts").arg(t.failRate * 100));
    if (!t.error.isEmpty())
        add(QObject::tr("error \"%1\"").arg(t.error));
    if (t.retries > 0)
        add(QObject::tr("%1 retries, %2 ms apart").arg(t.retries).arg(t.retryDelayMs));
    if (t.timeoutMs > 0)
        add(QObject::tr("timeout %1 ms").arg(t.timeoutMs));
    if (t.bytes > 0)
        add(QObject::tr("%1 bytes").arg(QLocale().toString(t.bytes)));
    if (t.priority != 0)
        add(QObject::tr("priority %1").arg(t.priority));
    if (t.weight != 1 || t.shape != TaskShape::Flat)
        add(QObject::tr("f(t): weight %1, %2").arg(t.weight).arg(shapeName(t.shape)));
    return lines.join(QLatin1Char('\n'));
}
} // namespace

ScenarioPanel::ScenarioPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("scenarioPanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);

    m_name = new QLabel(this);
    m_name->setObjectName(QStringLiteral("scenarioName"));
    m_name->setWordWrap(true);
    m_name->setTextFormat(Qt::PlainText);
    QFont font = m_name->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.15);
    m_name->setFont(font);
    layout->addWidget(m_name);

    m_description = new QLabel(this);
    m_description->setObjectName(QStringLiteral("scenarioDescription"));
    m_description->setWordWrap(true);
    m_description->setTextFormat(Qt::PlainText);
    m_description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_description->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    layout->addWidget(m_description);

    m_settings = new QLabel(this);
    m_settings->setObjectName(QStringLiteral("scenarioSettings"));
    m_settings->setWordWrap(true);
    m_settings->setTextFormat(Qt::PlainText);
    m_settings->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_settings);

    m_tasks = new QTableWidget(0, ColumnCount, this);
    m_tasks->setObjectName(QStringLiteral("scenarioTasks"));
    m_tasks->setHorizontalHeaderLabels(
        {tr("Task"), tr("Kind"), tr("Duration (ms)"), tr("Count"), tr("After")});
    m_tasks->verticalHeader()->hide();
    m_tasks->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_tasks->verticalHeader()->setDefaultSectionSize(m_tasks->fontMetrics().height() + 6);
    m_tasks->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tasks->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tasks->setAlternatingRowColors(true);
    m_tasks->setWordWrap(false);
    m_tasks->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tasks->horizontalHeader()->setSectionResizeMode(After, QHeaderView::Stretch);
    m_tasks->horizontalHeader()->setHighlightSections(false);
    layout->addWidget(m_tasks, 1);
    clear();
}

void ScenarioPanel::clear()
{
    m_settings->setToolTip(QString());
    m_name->setText(tr("No scenario"));
    m_description->setText(tr("Open a scenario (Ctrl+O) or pick one of the examples."));
    m_settings->clear();
    m_tasks->setRowCount(0);
}

QString ScenarioPanel::nameText() const
{
    return m_name->text();
}

void ScenarioPanel::setTraceImport(const TraceImport &import, const QString &file)
{
    const Trace &trace = import.trace;
    const QLocale locale;
    const QString fileName = QFileInfo(file).fileName();
    const bool named = import.native && trace.plan && !trace.plan->scenario().name.isEmpty();
    m_name->setText(named ? trace.plan->scenario().name : fileName);
    m_description->setText(import.native ? tr("A trace exported by Taskline: the run as it was "
                                              "recorded, shown without a prediction.")
                                         : tr("A Chrome Trace Event file: its spans by lane. "
                                              "Nothing here can be run."));
    m_description->setVisible(true);
    QStringList lines{
        tr("File: %1").arg(QDir::toNativeSeparators(file)),
        tr("Events: %1    Spans: %2    Instants: %3")
            .arg(locale.toString(import.events), locale.toString(import.spans),
                 locale.toString(import.instants)),
        tr("Lanes: %1    Span names: %2")
            .arg(locale.toString(trace.lanes.size()),
                 locale.toString(trace.plan ? trace.plan->scenario().tasks.size() : 0))};
    if (!import.skipped.isEmpty()) {
        QStringList phases;
        for (auto it = import.skipped.cbegin(); it != import.skipped.cend(); ++it)
            phases.append(QStringLiteral("%1 \u00d7%2").arg(it.key(), locale.toString(it.value())));
        lines.append(tr("Skipped phases: %1").arg(phases.join(QStringLiteral(", "))));
    }
    if (import.unmatchedEnds > 0 || import.unfinished > 0 || import.invalid > 0) {
        lines.append(tr("Unmatched ends: %1    Unfinished: %2    Malformed: %3")
                         .arg(locale.toString(import.unmatchedEnds),
                              locale.toString(import.unfinished), locale.toString(import.invalid)));
    }
    // A trace with many odd events would push the span table out of the dock: the first
    // warning, all of them in the tooltip.
    constexpr qsizetype ShownWarnings = 1;
    for (qsizetype i = 0; i < qMin(import.warnings.size(), ShownWarnings); ++i)
        lines.append(tr("Warning: %1").arg(import.warnings[i]));
    if (import.warnings.size() > ShownWarnings)
        lines.append(tr("... and %1 more warnings (hover to see them all)")
                         .arg(import.warnings.size() - ShownWarnings));
    m_settings->setText(lines.join(QLatin1Char('\n')));
    m_settings->setToolTip(import.warnings.join(QLatin1Char('\n')));
    if (trace.plan)
        fillTasks(trace.plan->scenario(), import.native ? QStringList() : import.originalNames);
    else
        m_tasks->setRowCount(0);
}

void ScenarioPanel::fillTasks(const Scenario &s, const QStringList &names)
{
    // A trace may hold many distinct span names; the first few thousand say enough.
    constexpr qsizetype MaxRows = 5000;
    const QLocale locale;
    m_tasks->setRowCount(int(qMin(s.tasks.size(), MaxRows)));
    for (int r = 0; r < m_tasks->rowCount(); ++r) {
        const TaskSpec &t = s.tasks[r];
        const QString tip = taskTip(t);
        const auto set = [&](int column, const QString &text, bool number) {
            auto *item = new QTableWidgetItem(text);
            item->setToolTip(tip);
            if (number)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_tasks->setItem(r, column, item);
        };
        set(Id, r < names.size() ? names[r] : t.id, false);
        set(Kind, kindName(t.kind), false);
        set(Duration, durationText(t), true);
        set(Count, locale.toString(t.count), true);
        set(After, t.after.join(QStringLiteral(", ")), false);
    }
}

} // namespace Taskline
