#include "legenditem.h"

#include <QFontMetrics>

namespace Taskline {

LegendItem::LegendItem(QCPLegend *legend, const QString &text, IconPainter icon)
    : QCPAbstractLegendItem(legend), m_text(text), m_icon(std::move(icon))
{
    setSelectable(false);
}

void LegendItem::draw(QCPPainter *painter)
{
    const QSize iconSize = mParentLegend->iconSize();
    const QRect r = mRect;
    const QRectF icon(r.left(), r.top() + (r.height() - iconSize.height()) / 2.0, iconSize.width(),
                      iconSize.height());
    painter->save();
    m_icon(painter, icon);
    painter->restore();
    painter->setFont(mFont);
    painter->setPen(QPen(mTextColor));
    const int x = r.left() + iconSize.width() + mParentLegend->iconTextPadding();
    painter->drawText(QRect(x, r.top(), r.right() - x + 1, r.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, m_text);
}

QSize LegendItem::minimumOuterSizeHint() const
{
    const QFontMetrics metrics(mFont);
    const QSize iconSize = mParentLegend->iconSize();
    const int width =
        iconSize.width() + mParentLegend->iconTextPadding() + metrics.horizontalAdvance(m_text) + 2;
    const int height = std::max(iconSize.height(), metrics.height());
    return QSize(width, height) +
           QSize(mMargins.left() + mMargins.right(), mMargins.top() + mMargins.bottom());
}

} // namespace Taskline
