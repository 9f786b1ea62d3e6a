#pragma once

#include "palette.h"
#include "sweep.h"

#include <QWidget>

class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QCustomPlot;

namespace Taskline {

/*!
 * Speedup against threads for a pool-size sweep (SPEC section 7): the predicted curve, the
 * measured points, the ideal line (speedup = threads) and the recommended count marked with a
 * vertical line and its label. One QCustomPlot, also rendered headless by `taskline sweep
 * --image`.
 */
class SweepPlot : public QWidget
{
    Q_OBJECT

public:
    explicit SweepPlot(QWidget *parent = nullptr);

    void setSweep(const Sweep &sweep);
    const Sweep &sweep() const { return m_sweep; }
    /*! A title line over the plot (images); empty: none. */
    void setTitle(const QString &title);
    QString title() const { return m_title; }

    QCustomPlot *plot() const { return m_plot; }
    /*! The graphs, for tests: predicted speedups, measured speedups, the ideal line. */
    QCPGraph *predictedGraph() const { return m_predicted; }
    QCPGraph *measuredGraph() const { return m_measured; }
    QCPGraph *idealGraph() const { return m_ideal; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();
    void rebuild();

    QCustomPlot *m_plot = nullptr;
    QCPGraph *m_ideal = nullptr;
    QCPGraph *m_predicted = nullptr;
    QCPGraph *m_measured = nullptr;
    QCPItemStraightLine *m_recommendedLine = nullptr;
    QCPItemText *m_recommendedLabel = nullptr;
    QCPItemText *m_placeholder = nullptr;
    Sweep m_sweep;
    QString m_title;
    TimelinePalette m_palette = TimelinePalette::light();
};

} // namespace Taskline
