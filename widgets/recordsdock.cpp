#include "recordsdock.h"

#include "recordsfilter.h"
#include "recordstablemodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

#include <utility>

namespace Taskline {

RecordsDock::RecordsDock(QWidget *parent)
    : QDockWidget(tr("Records"), parent), m_model(new RecordsTableModel(this)),
      m_filter(new RecordsFilter(this))
{
    setObjectName(QStringLiteral("recordsDock"));
    m_filter->setRecordsModel(m_model);

    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);

    auto *bar = new QHBoxLayout;
    m_filterEdit = new QLineEdit(content);
    m_filterEdit->setObjectName(QStringLiteral("recordsFilterEdit"));
    m_filterEdit->setPlaceholderText(tr("Filter by task id, status, kind or error"));
    m_filterEdit->setClearButtonEnabled(true);
    m_count = new QLabel(content);
    m_count->setObjectName(QStringLiteral("recordsCountLabel"));
    bar->addWidget(m_filterEdit, 1);
    bar->addWidget(m_count);
    layout->addLayout(bar);

    m_table = new QTableView(content);
    m_table->setObjectName(QStringLiteral("recordsTable"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setCornerButtonEnabled(false);
    m_table->verticalHeader()->hide();
    // Fixed row heights: the view never measures 10^5 rows.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    // Unsorted (trace order) until the user clicks a header.
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_table->setSortingEnabled(true);
    const QFontMetrics fm = m_table->fontMetrics();
    const auto widthFor = [&](const QString &sample) { return fm.horizontalAdvance(sample) + 16; };
    // Wide enough for the header and a typical value, no wider: all columns fit at 1400 px.
    const QString number = QStringLiteral("00000.000");
    const QString samples[RecordsTableModel::Error] = {QStringLiteral("000000"),
                                                       QStringLiteral("compute[0000]"),
                                                       QStringLiteral("timer"),
                                                       QString(),
                                                       QStringLiteral("event loop"),
                                                       QStringLiteral("cancelled"),
                                                       number,
                                                       number,
                                                       number,
                                                       number,
                                                       number,
                                                       number};
    for (int c = 0; c < RecordsTableModel::Error; ++c) {
        const QString header = m_model->headerData(c, Qt::Horizontal).toString();
        m_table->setColumnWidth(c, qMax(widthFor(header), widthFor(samples[c])));
    }
    layout->addWidget(m_table, 1);
    setWidget(content);

    m_filterTimer.setSingleShot(true);
    m_filterTimer.setInterval(120); // one refilter per pause in typing, not per key
    connect(m_filterEdit, &QLineEdit::textChanged, &m_filterTimer, qOverload<>(&QTimer::start));
    connect(&m_filterTimer, &QTimer::timeout, this, [this] {
        // Keep the selection across the refilter; the rest of the window keeps its own.
        const int record = selectedRecord();
        const bool was = std::exchange(m_following, true);
        m_filter->setFilterText(m_filterEdit->text());
        selectRecord(record);
        m_following = was;
    });

    // Counted at once, not later: whoever looks right after a batch or the final trace (the
    // runFinished handlers, a screenshot) must see the count of the rows shown. Both models:
    // a batch the filter rejects changes the total only.
    for (QAbstractItemModel *model : {static_cast<QAbstractItemModel *>(m_model),
                                      static_cast<QAbstractItemModel *>(m_filter)}) {
        connect(model, &QAbstractItemModel::rowsInserted, this, &RecordsDock::updateCount);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &RecordsDock::updateCount);
        connect(model, &QAbstractItemModel::modelReset, this, &RecordsDock::updateCount);
        connect(model, &QAbstractItemModel::layoutChanged, this, &RecordsDock::updateCount);
    }
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RecordsDock::onSelectionChanged);
    updateCount();
}

void RecordsDock::selectRecord(int record)
{
    const bool was = std::exchange(m_following, true);
    QItemSelectionModel *selection = m_table->selectionModel();
    const QModelIndex proxyIndex = record >= 0 && record < m_model->rowCount()
                                       ? m_filter->mapFromSource(m_model->index(record, 0))
                                       : QModelIndex();
    if (proxyIndex.isValid()) {
        selection->setCurrentIndex(proxyIndex,
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_table->scrollTo(proxyIndex, QAbstractItemView::EnsureVisible);
    } else {
        selection->clear();
    }
    m_following = was;
}

int RecordsDock::selectedRecord() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return -1;
    return m_filter->mapToSource(rows.constFirst()).row();
}

void RecordsDock::onSelectionChanged()
{
    if (m_following)
        return;
    Q_EMIT recordActivated(selectedRecord());
}

void RecordsDock::updateCount()
{
    const int total = m_model->rowCount();
    const int shown = m_filter->rowCount();
    const QLocale locale;
    if (total == 0)
        m_count->setText(tr("No records yet: press Run (F5)"));
    else if (shown == total)
        m_count->setText(tr("%1 attempts, times in ms").arg(locale.toString(total)));
    else
        m_count->setText(tr("%1 of %2 attempts, times in ms")
                             .arg(locale.toString(shown), locale.toString(total)));
}

} // namespace Taskline
