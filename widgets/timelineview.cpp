#include "timelineview.h"

#include "activityplot.h"
#include "customplot.h"
#include "dependencyarrows.h"
#include "timelinelegend.h"
#include "timelineplot.h"
#include "timelineplottable.h"
#include "timeticker.h"

#include <QEvent>
#include <QHash>
#include <QRubberBand>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace Taskline {

namespace {

constexpr int ReplotIntervalMs = 33; // live updates: at most ~30 replots a second
// Live replots take at most about a fifth of the GUI thread's time: when the cores are busy
// a replot takes longer, and the next one waits longer, but never more than this.
constexpr qint64 LiveReplotShare = 5;
constexpr qint64 MaxLiveReplotIntervalMs = 300;
// Room a live range is given when records pass its end, as a share of its length: the range
// then stays for a while, and with it the axes and the predicted f(t), which is recomputed
// (every predicted record) whenever the range changes.
constexpr double LiveHeadroom = 0.25;

} // namespace

TimelineView::TimelineView(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_plot = new TimelinePlot(this);
    m_plot->setObjectName(QStringLiteral("timelinePlot"));
    layout->addWidget(m_plot);
    m_rubberBand = new QRubberBand(QRubberBand::Rectangle, m_plot);
    setUpPlot();

    m_replotTimer.setSingleShot(true);
    m_replotTimer.setInterval(ReplotIntervalMs);
    connect(&m_replotTimer, &QTimer::timeout, this, &TimelineView::replotNow);

    m_palette = TimelinePalette::forPalette(palette());
    applyPalette();
    rebuildLayouts();
    fit();
}

TimelineView::~TimelineView() = default;

void TimelineView::setUpPlot()
{
    m_plot->plotLayout()->clear();
    m_plot->setNoAntialiasingOnDrag(true);
    m_plot->setMinimumSize(320, 240);

    m_timelineRect = new QCPAxisRect(m_plot);
    m_activityRect = new QCPAxisRect(m_plot);
    m_legend = new QCPLegend;
    m_titleElement = new QCPTextElement(m_plot);
    QCPLayoutGrid *grid = m_plot->plotLayout();
    // The legend as wide as its entries, centred: spacers on both sides take the rest.
    auto *legendRow = new QCPLayoutGrid;
    grid->addElement(0, 0, legendRow);
    legendRow->addElement(0, 0, new QCPLayoutElement(m_plot));
    legendRow->addElement(0, 1, m_legend);
    legendRow->addElement(0, 2, new QCPLayoutElement(m_plot));
    legendRow->setColumnStretchFactors({1.0, 0.001, 1.0});
    legendRow->setColumnSpacing(0);
    grid->addElement(1, 0, m_timelineRect);
    grid->addElement(2, 0, m_activityRect);
    grid->setRowSpacing(2);
    m_legend->setLayer(QStringLiteral("legend"));
    m_legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_legend->setWrap(12);
    m_legend->setIconSize(18, 11);
    m_legend->setIconTextPadding(6);
    m_legend->setColumnSpacing(18);
    m_legend->setRowSpacing(2);
    m_legend->setMargins(QMargins(8, 2, 8, 2));
    m_legend->setVisible(true);
    QFont titleFont = font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_titleElement->setFont(titleFont);
    m_titleElement->setMargins(QMargins(8, 6, 8, 0));
    m_titleElement->setLayer(QStringLiteral("legend"));

    auto *margins = new QCPMarginGroup(m_plot);
    for (QCPAxisRect *rect : {m_timelineRect, m_activityRect}) {
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
        rect->setupFullAxesBox(false);
        rect->axis(QCPAxis::atTop)->setVisible(false);
        rect->axis(QCPAxis::atRight)->setVisible(false);
        QCPAxis *x = rect->axis(QCPAxis::atBottom);
        x->setTicker(QSharedPointer<QCPAxisTicker>(new TimeTicker(x)));
        x->grid()->setSubGridVisible(false);
        x->setSubTicks(false);
    }
    // Room on the right for the last time label, centred on its tick.
    m_timelineRect->setMinimumMargins(QMargins(8, 4, 30, 4));
    m_activityRect->setMinimumMargins(QMargins(8, 4, 30, 4));
    m_timelineRect->axis(QCPAxis::atBottom)->setTickLabels(false);
    m_timelineRect->axis(QCPAxis::atBottom)->setTickLength(0, 0);
    QCPAxis *rowsAxis = m_timelineRect->axis(QCPAxis::atLeft);
    rowsAxis->setTicker(QSharedPointer<QCPAxisTicker>(new RowTicker(rowsAxis)));
    rowsAxis->setRangeReversed(true);
    rowsAxis->setTickLength(0, 0);
    rowsAxis->setSubTicks(false);
    rowsAxis->grid()->setVisible(false);
    rowsAxis->setBasePen(Qt::NoPen);
    QCPAxis *fAxis = m_activityRect->axis(QCPAxis::atLeft);
    fAxis->setLabel(QStringLiteral("running tasks f(t)"));
    fAxis->setSubTicks(false);
    m_activityRect->axis(QCPAxis::atBottom)->setLabel(QStringLiteral("time since the start"));

    grid->setRowStretchFactors({0.001, 3.0, 1.0});
    m_activityRect->setMinimumSize(0, 90);

    // Ghosts first: drawn behind the measured spans, and they paint the row stripes.
    m_ghosts = new SpanPlottable(m_timelineRect->axis(QCPAxis::atBottom), rowsAxis);
    m_ghosts->setGhost(true);
    m_ghosts->setStripes(true);
    m_spans = new SpanPlottable(m_timelineRect->axis(QCPAxis::atBottom), rowsAxis);
    m_spans->setUnderlay(m_ghosts); // one image for both on screen and in PNGs
    // Everything is on the main layer, in the order made here: the timeline's axis rect (its
    // background), its grids and axes, the other rect's, then the spans (ghosts first).
    m_spans->setBackgroundBelow(true);
    m_activity = std::make_unique<ActivityPlot>(m_plot, m_activityRect);
    m_activity->setTraces(&m_trace, &m_prediction);
    m_arrows = std::make_unique<DependencyArrows>(m_plot, m_timelineRect);
    m_placeholder = new QCPItemText(m_plot);
    m_placeholder->setClipAxisRect(m_timelineRect);
    m_placeholder->position->setAxisRect(m_timelineRect);
    m_placeholder->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_placeholder->position->setCoords(0.5, 0.5);
    m_placeholder->setText(QStringLiteral("Nothing to show yet: run a scenario or open a trace."));

    QCPAxis *top = m_timelineRect->axis(QCPAxis::atBottom);
    QCPAxis *bottom = m_activityRect->axis(QCPAxis::atBottom);
    connect(top, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
            [this, bottom](const QCPRange &range) {
                bottom->setRange(range);
                onRangeChanged();
            });
    connect(bottom, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
            [top](const QCPRange &range) { top->setRange(range); });
    connect(m_plot, &QCustomPlot::beforeReplot, this, &TimelineView::onBeforeReplot);
    connect(m_plot, &QCustomPlot::afterReplot, this, [this] {
        if (syncLegend())
            m_plot->replot(QCustomPlot::rpQueuedReplot);
    });
    connect(m_plot, &QCustomPlot::mousePress, this, &TimelineView::onMousePress);
    connect(m_plot, &QCustomPlot::mouseMove, this, &TimelineView::onMouseMove);
    connect(m_plot, &QCustomPlot::mouseRelease, this, &TimelineView::onMouseRelease);
    connect(m_plot, &QCustomPlot::mouseWheel, this, &TimelineView::onWheel);
    m_plot->setMouseTracking(true);
}

QCustomPlot *TimelineView::plot() const
{
    return m_plot;
}

int TimelineView::arrowCount() const
{
    return m_arrows->count();
}

int TimelineView::failureArrowCount() const
{
    return m_arrows->failureCount();
}

QString TimelineView::failureText() const
{
    return m_arrows->failureText();
}

void TimelineView::setTrace(const Trace &trace)
{
    m_trace = trace;
    m_live = false;
    m_selected = -1;
    m_spans->setSelectedRecord(-1);
    m_arrows->clear();
    rebuildLayouts(false); // the ghosts stay: a run starts over the same prediction
    fit();
}

void TimelineView::appendRecords(const QList<AttemptRecord> &records)
{
    if (records.isEmpty())
        return;
    m_trace.records.append(records);
    m_live = true;
    m_layout.update(m_trace);
    m_activityDirty = true;
    if (m_legendState.add(records, m_rows == Rows::Tasks))
        rebuildLegend();
    // Rows and their heights change only when a row or a sub-row appears.
    if (m_layout.rowCount() > m_bands.rowCount() ||
        m_layout.subRowCounts() != m_bands.subRows.mid(0, m_layout.rowCount()))
        rebuildBands();
    scheduleLiveReplot();
}

void TimelineView::appendRecords(const QList<AttemptRecord> &records, const StringTable &strings)
{
    if (strings.size() != m_trace.strings.size())
        m_trace.strings = strings; // interned strings only grow: the size tells what changed
    appendRecords(records);
}

const Trace &TimelineView::trace() const
{
    return m_trace;
}

void TimelineView::endLiveRun()
{
    m_live = false;
    if (!m_userZoomed)
        fit();
}

void TimelineView::setPrediction(const Trace &prediction)
{
    m_prediction = prediction;
    rebuildLayouts();
    if (!m_userZoomed)
        fit();
    else
        scheduleReplot();
}

void TimelineView::setPredictionVisible(bool visible)
{
    if (m_predictionVisible == visible)
        return;
    m_predictionVisible = visible;
    rebuildBands();
    m_activity->setTraces(&m_trace, m_predictionVisible ? &m_prediction : nullptr);
    rebuildLegend();
    m_activityDirty = true;
    scheduleReplot();
}

bool TimelineView::isPredictionVisible() const
{
    return m_predictionVisible;
}

void TimelineView::setRows(Rows rows)
{
    if (m_rows == rows)
        return;
    m_rows = rows;
    rebuildLayouts();
    setSelectedRecord(m_selected);
}

TimelineView::Rows TimelineView::rows() const
{
    return m_rows;
}

void TimelineView::setTitle(const QString &title)
{
    m_title = title;
    updateTitle();
    scheduleReplot();
}

QString TimelineView::title() const
{
    return m_title;
}

void TimelineView::updateTitle()
{
    QCPLayoutGrid *grid = m_plot->plotLayout();
    const bool shown = grid->hasElement(0, 0) && grid->element(0, 0) == m_titleElement;
    m_titleElement->setText(m_title);
    if (m_title.isEmpty() && shown) {
        grid->take(m_titleElement);
        grid->simplify();
    } else if (!m_title.isEmpty() && !shown) {
        grid->insertRow(0);
        grid->addElement(0, 0, m_titleElement);
    }
    grid->setRowStretchFactors(m_title.isEmpty() ? QList<double>{0.001, 3.0, 1.0}
                                                 : QList<double>{0.001, 0.001, 3.0, 1.0});
}

void TimelineView::rebuildLayouts(bool ghosts)
{
    const RowGrouping grouping = m_rows == Rows::Tasks ? RowGrouping::Tasks : RowGrouping::Lanes;
    m_layout = RowLayout(m_trace, grouping);
    if (ghosts) {
        m_ghostLayout = RowLayout(ghostTrace(), grouping);
        // The predicted f(t) is kept until its trace changes.
        m_activity->setTraces(&m_trace, m_predictionVisible ? &m_prediction : nullptr);
    }
    const bool mixed = m_legendState.mixed;
    m_legendState = LegendState::of(m_trace, m_prediction, m_rows == Rows::Tasks);
    m_legendState.mixed = mixed;
    m_legendState.baseline = isBaselineShown();
    rebuildBands();
    rebuildLegend();
    m_activityDirty = true;
}

void TimelineView::rebuildBands()
{
    QStringList names = m_layout.rowNames();
    QList<int> subRows = m_layout.subRowCounts();
    QList<int> ghostRows;
    const bool ghosts = isBaselineShown() || (m_predictionVisible && !m_prediction.records.isEmpty());
    if (ghosts) {
        // Predicted rows go where the measured row of the same name is.
        QHash<QString, int> index;
        for (qsizetype i = 0; i < names.size(); ++i)
            index.insert(names[i], int(i));
        for (int g = 0; g < m_ghostLayout.rowCount(); ++g) {
            const QString name = m_ghostLayout.rowName(g);
            int band = index.value(name, -1);
            if (band < 0) {
                band = int(names.size());
                names.append(name);
                subRows.append(0);
                index.insert(name, band);
            }
            ghostRows.append(band);
            subRows[band] = std::max(subRows[band], m_ghostLayout.subRowCount(g));
        }
    }
    m_bands = RowBands::fromSubRows(subRows);
    // A measured row with no spans yet keeps the predicted height: rows don't jump.
    m_bands.subRows = m_layout.subRowCounts();
    m_bands.subRows.resize(names.size(), 0);
    m_spans->setSource(&m_trace, &m_layout, &m_bands);
    m_ghosts->setSource(&ghostTrace(), &m_ghostLayout, &m_bands);
    m_ghosts->setRowMap(ghosts ? ghostRows : QList<int>(m_ghostLayout.rowCount(), -1));
    m_ghosts->setSpansShown(ghosts);
    m_spans->setWaitsShown(m_rows == Rows::Tasks);
    m_ghosts->setWaitsShown(m_rows == Rows::Tasks);

    auto ticker = m_timelineRect->axis(QCPAxis::atLeft)->ticker().dynamicCast<RowTicker>();
    QMap<double, QString> ticks;
    const QFontMetrics metrics(m_timelineRect->axis(QCPAxis::atLeft)->tickLabelFont());
    for (int row = 0; row < m_bands.rowCount(); ++row)
        ticks.insert(m_bands.centre(row), metrics.elidedText(names[row], Qt::ElideMiddle, 180));
    ticker->setTicks(ticks);
    m_timelineRect->axis(QCPAxis::atLeft)->setRange(0, std::max(1.0, m_bands.total));
    m_placeholder->setVisible(m_trace.records.isEmpty() && m_prediction.records.isEmpty());

    const Trace &source = m_trace.plan || m_prediction.records.isEmpty() ? m_trace : m_prediction;
    m_activity->setWorkers(source.plan ? source.config.threads : 0);
    m_activity->setBaseline(isBaselineShown() ? &m_baseline : nullptr);
}

bool TimelineView::syncLegend()
{
    const bool mixed = m_spans->lastDrewMixed();
    if (mixed == m_legendState.mixed)
        return false;
    m_legendState.mixed = mixed;
    rebuildLegend();
    return true;
}

void TimelineView::rebuildLegend()
{
    fillLegend(m_legend, m_legendState, m_palette, m_predictionVisible, m_activity->workers() > 0);
    m_legend->setVisible(m_legend->itemCount() > 0);
}

void TimelineView::applyPalette()
{
    const TimelinePalette &p = m_palette;
    m_plot->setBackground(p.background);
    for (QCPAxisRect *rect : {m_timelineRect, m_activityRect}) {
        rect->setBackground(p.plotBackground);
        for (QCPAxis *axis : rect->axes())
            applyAxisPalette(axis, p, font());
    }
    // Rows have labels, not ticks; the timeline's time axis has grid lines, not ticks.
    m_timelineRect->axis(QCPAxis::atLeft)->setBasePen(Qt::NoPen);
    m_timelineRect->axis(QCPAxis::atLeft)->setTickPen(Qt::NoPen);
    m_timelineRect->axis(QCPAxis::atBottom)->setTickPen(Qt::NoPen);
    m_legend->setBrush(p.background);
    m_legend->setBorderPen(Qt::NoPen);
    m_legend->setTextColor(p.text);
    m_legend->setFont(font());
    m_titleElement->setTextColor(p.text);
    m_placeholder->setColor(p.mutedText);
    m_spans->setTimelinePalette(p);
    m_ghosts->setTimelinePalette(p);
    m_activity->setTimelinePalette(p);
    m_arrows->setColor(p.selection);
    m_arrows->setFailureColor(p.status(AttemptStatus::Failed));
    m_arrows->setLabelBackground(p.plotBackground);
    rebuildLegend();
}

void TimelineView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        m_palette = TimelinePalette::forPalette(palette());
        applyPalette();
        scheduleReplot();
    }
    QWidget::changeEvent(event);
}

QPair<double, double> TimelineView::dataRangeMs() const
{
    double from = 0;
    double to = 0;
    if (m_layout.spanCount() > 0) {
        from = std::min(from, m_layout.firstNs() / 1e6);
        to = std::max(to, m_layout.lastNs() / 1e6);
    }
    if ((m_predictionVisible || isBaselineShown()) && m_ghostLayout.spanCount() > 0) {
        from = std::min(from, m_ghostLayout.firstNs() / 1e6);
        to = std::max(to, m_ghostLayout.lastNs() / 1e6);
    }
    if (to <= from)
        to = from + 1;
    return {from, to};
}

QPair<double, double> TimelineView::fitRangeMs() const
{
    const auto [from, to] = dataRangeMs();
    return {from, to + (to - from) * 0.02};
}

void TimelineView::fit()
{
    const auto [from, to] = fitRangeMs();
    m_timelineRect->axis(QCPAxis::atBottom)->setRange(from, to);
    m_userZoomed = false;
    scheduleReplot();
}

void TimelineView::fitLive()
{
    const auto [from, to] = fitRangeMs();
    QCPAxis *axis = m_timelineRect->axis(QCPAxis::atBottom);
    if (!m_live) {
        axis->setRange(from, to);
        return;
    }
    // The range stays while it holds the data with no more than its headroom to spare.
    const QCPRange shown = axis->range();
    const double room = (to - from) * LiveHeadroom;
    if (shown.lower == from && shown.upper >= to && shown.upper <= to + room)
        return;
    axis->setRange(from, shown.upper < to ? to + room : to);
}

QPair<double, double> TimelineView::visibleRangeMs() const
{
    const QCPRange r = m_timelineRect->axis(QCPAxis::atBottom)->range();
    return {r.lower, r.upper};
}

void TimelineView::setVisibleRangeMs(double fromMs, double toMs)
{
    if (!(toMs > fromMs))
        return;
    m_userZoomed = true;
    m_timelineRect->axis(QCPAxis::atBottom)->setRange(fromMs, toMs);
    scheduleReplot();
}

void TimelineView::setSelectedRecord(int index)
{
    m_selected = index >= 0 && index < m_trace.records.size() ? index : -1;
    m_spans->setSelectedRecord(m_selected);
    m_arrows->show(m_trace, *m_spans, m_selected, m_palette.selection);
    scheduleReplot();
}

int TimelineView::selectedRecord() const
{
    return m_selected;
}

void TimelineView::scheduleReplot()
{
    // Whatever the user did shows soon, even when a live replot was put off for longer.
    if (!m_replotTimer.isActive() || m_replotTimer.remainingTime() > ReplotIntervalMs)
        m_replotTimer.start(ReplotIntervalMs);
}

void TimelineView::scheduleLiveReplot()
{
    if (m_replotTimer.isActive())
        return;
    const qint64 sinceMs = m_sinceReplot.isValid() ? m_sinceReplot.elapsed() : 0;
    const qint64 waitMs = LiveReplotShare * m_lastReplotNs / 1000000 - sinceMs;
    m_replotTimer.start(int(std::clamp<qint64>(waitMs, ReplotIntervalMs, MaxLiveReplotIntervalMs)));
}

void TimelineView::replotNow()
{
    m_sinceReplot.start();
    if (!m_userZoomed)
        fitLive();
    m_plot->replot(QCustomPlot::rpQueuedRefresh);
    m_lastReplotNs = m_sinceReplot.nsecsElapsed();
}

void TimelineView::onRangeChanged()
{
    m_activityDirty = true;
    const auto [from, to] = visibleRangeMs();
    Q_EMIT visibleRangeChanged(from, to);
}

void TimelineView::onBeforeReplot()
{
    updateActivity();
}

void TimelineView::updateActivity(int width)
{
    // For another width, the axis rect is as much narrower than it as it is than the plot now.
    const int rect = m_activityRect->width();
    const int margins = rect > 0 ? m_plot->viewport().width() - rect : 100;
    const int rectWidth = width > 0 ? std::max(1, width - margins) : std::max(1, rect);
    // f(t) walks every record: only a change of data, range or width is worth it.
    if (!m_activityDirty && rectWidth == m_activityWidth)
        return;
    const auto [from, to] = visibleRangeMs();
    m_activity->update(from, to, rectWidth);
    m_activityWidth = rectWidth;
    m_activityDirty = false;
}

} // namespace Taskline
