#pragma once

#include "customplot.h"

#include <QString>

#include <functional>

namespace Taskline {

/*!
 * A legend entry whose icon is drawn by a function: a kind swatch, a status mark, a line
 * style. The legend explains the picture, not QCustomPlot's plottables one by one.
 */
class LegendItem : public QCPAbstractLegendItem
{
    Q_OBJECT

public:
    using IconPainter = std::function<void(QCPPainter *painter, const QRectF &icon)>;

    LegendItem(QCPLegend *legend, const QString &text, IconPainter icon);
    QString text() const { return m_text; }

protected:
    void draw(QCPPainter *painter) override;
    QSize minimumOuterSizeHint() const override;

private:
    QString m_text;
    IconPainter m_icon;
};

} // namespace Taskline
