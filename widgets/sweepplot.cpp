#include "sweepplot.h"

#include "customplot.h"

#include <QEvent>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace Taskline {

namespace {
constexpr double MarkerSize = 8;

QString threadsText(int n)
{
    return n == 1 ? QStringLiteral("1 thread") : QStringLiteral("%1 threads").arg(n);
}
} // namespace

SweepPlot::SweepPlot(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("sweepPlot"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(QStringLiteral("sweepCustomPlot"));
    m_plot->setMinimumSize(260, 180);
    layout->addWidget(m_plot);

    QCPAxis *x = m_plot->xAxis;
    QCPAxis *y = m_plot->yAxis;
    x->setLabel(tr("threads (pool size)"));
    y->setLabel(tr("speedup over 1 thread"));
    x->setSubTicks(false);
    y->setSubTicks(false);

    // Drawn in this order: the ideal behind, the measured points on top.
    m_ideal = m_plot->addGraph(x, y);
    m_ideal->setName(tr("ideal (speedup = threads)"));
    m_predicted = m_plot->addGraph(x, y);
    m_predicted->setName(tr("predicted"));
    m_measured = m_plot->addGraph(x, y);
    m_measured->setName(tr("measured"));
    m_measured->setLineStyle(QCPGraph::lsNone);

    m_recommendedLine = new QCPItemStraightLine(m_plot);
    m_recommendedLine->setClipToAxisRect(true);
    m_recommendedLabel = new QCPItemText(m_plot);
    m_recommendedLabel->position->setTypeX(QCPItemPosition::ptPlotCoords);
    m_recommendedLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_recommendedLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_recommendedLabel->setPadding(QMargins(5, 3, 5, 3));
    m_recommendedLabel->setClipToAxisRect(false);

    m_placeholder = new QCPItemText(m_plot);
    m_placeholder->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_placeholder->position->setCoords(0.5, 0.5);
    m_placeholder->setText(tr("No sweep yet: open a scenario and press Predict."));

    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignLeft | Qt::AlignTop);

    m_palette = TimelinePalette::forPalette(palette());
    applyPalette();
    rebuild();
}

void SweepPlot::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        m_palette = TimelinePalette::forPalette(palette());
        applyPalette();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
    QWidget::changeEvent(event);
}

void SweepPlot::applyPalette()
{
    const TimelinePalette &p = m_palette;
    m_plot->setBackground(p.background);
    m_plot->axisRect()->setBackground(p.plotBackground);
    for (QCPAxis *axis : {m_plot->xAxis, m_plot->yAxis})
        applyAxisPalette(axis, p, font());
    const QColor predicted = p.kind(TaskKind::Cpu);
    const QColor measured = p.kind(TaskKind::Io);
    m_ideal->setPen(QPen(p.mutedText, 1.2, Qt::DashLine));
    m_predicted->setPen(QPen(predicted, 2));
    m_predicted->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(predicted, 1.5), p.plotBackground, 6));
    m_measured->setPen(QPen(measured, 2));
    m_measured->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssDisc, QPen(measured.darker(130), 1), measured,
                        MarkerSize + 1));
    m_recommendedLine->setPen(QPen(p.kind(TaskKind::File), 1.5, Qt::DotLine));
    m_recommendedLabel->setColor(p.kind(TaskKind::File).darker(p.dark ? 80 : 120));
    QFont bold = font();
    bold.setBold(true);
    m_recommendedLabel->setFont(bold);
    m_recommendedLabel->setBrush(p.fade(p.background, 0.85));
    m_placeholder->setColor(p.mutedText);
    m_placeholder->setFont(font());
    m_plot->legend->setBrush(p.fade(p.background, 0.9));
    m_plot->legend->setBorderPen(QPen(p.grid, 1));
    m_plot->legend->setTextColor(p.text);
    m_plot->legend->setFont(font());
}

void SweepPlot::setSweep(const Sweep &sweep)
{
    m_sweep = sweep;
    rebuild();
}

void SweepPlot::setTitle(const QString &title)
{
    m_title = title;
    QCPLayoutGrid *grid = m_plot->plotLayout();
    auto *element = grid->rowCount() > 1 ? qobject_cast<QCPTextElement *>(grid->element(0, 0))
                                         : nullptr;
    if (title.isEmpty()) {
        if (element) {
            grid->remove(element);
            grid->simplify();
        }
    } else {
        if (!element) {
            grid->insertRow(0);
            element = new QCPTextElement(m_plot);
            QFont titleFont = font();
            titleFont.setBold(true);
            titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
            element->setFont(titleFont);
            element->setTextColor(m_palette.text);
            element->setMargins(QMargins(8, 6, 8, 0));
            grid->addElement(0, 0, element);
        }
        element->setText(title);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void SweepPlot::rebuild()
{
    const QList<SweepPoint> &points = m_sweep.points;
    QVector<double> threads, predicted, measuredThreads, measured;
    double top = 1;
    for (const SweepPoint &p : points) {
        threads.append(p.threads);
        predicted.append(p.predictedSpeedup);
        top = std::max(top, p.predictedSpeedup);
        if (p.measuredSpeedup) {
            measuredThreads.append(p.threads);
            measured.append(*p.measuredSpeedup);
            top = std::max(top, *p.measuredSpeedup);
        }
    }
    m_predicted->setData(threads, predicted, true);
    m_measured->setData(measuredThreads, measured, true);
    const int lo = points.isEmpty() ? 1 : points.constFirst().threads;
    const int hi = points.isEmpty() ? 8 : points.constLast().threads;
    m_ideal->setData(QVector<double>{double(lo), double(hi)}, QVector<double>{double(lo), double(hi)},
                     true);
    m_placeholder->setVisible(points.isEmpty());
    m_measured->removeFromLegend();
    if (!measured.isEmpty())
        m_measured->addToLegend();

    // The ideal may climb far above what the pool reaches: show up to twice the best speedup,
    // so the measured and predicted curves keep most of the height.
    const double yTop = std::max(top * 1.2, std::min(double(hi), top * 2.0));
    m_plot->yAxis->setRange(0, yTop);
    const double pad = std::max(0.5, (hi - lo) * 0.04);
    m_plot->xAxis->setRange(lo - pad, hi + pad);

    // Integer thread ticks: the swept counts themselves when few, else a round step.
    if (points.size() <= 12 && !points.isEmpty()) {
        auto ticker = QSharedPointer<QCPAxisTickerText>::create();
        for (const SweepPoint &p : points)
            ticker->addTick(p.threads, QString::number(p.threads));
        m_plot->xAxis->setTicker(ticker);
    } else {
        auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
        ticker->setTickStep(std::max(1.0, std::pow(2.0, std::floor(std::log2((hi - lo) / 8.0 + 1)))));
        ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
        m_plot->xAxis->setTicker(ticker);
    }

    const int recommended = m_sweep.recommendedThreads();
    m_recommendedLine->setVisible(recommended > 0);
    m_recommendedLabel->setVisible(recommended > 0);
    if (recommended > 0) {
        m_recommendedLine->point1->setCoords(recommended, 0);
        m_recommendedLine->point2->setCoords(recommended, 1);
        m_recommendedLabel->setText(tr("recommended: %1").arg(threadsText(recommended)));
        // Label to the right of the line, or to its left near the right edge.
        const bool nearRight = hi > lo && double(recommended - lo) / (hi - lo) > 0.6;
        m_recommendedLabel->setPositionAlignment((nearRight ? Qt::AlignRight : Qt::AlignLeft) |
                                                 Qt::AlignBottom);
        m_recommendedLabel->position->setCoords(recommended, 0.97);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace Taskline
