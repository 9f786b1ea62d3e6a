#include "paintbatch.h"

#include <QPainter>

namespace Taskline {

quint64 PaintBatch::penKey(const QPen &pen)
{
    return quint64(pen.color().rgba()) | (quint64(pen.style()) << 32) |
           (quint64(pen.widthF() * 4) << 40);
}

void PaintBatch::fill(const QRectF &rect, const QColor &color)
{
    m_fills.at(color.rgba(), color).append(rect);
}

void PaintBatch::overlay(const QRectF &rect, const QColor &color)
{
    m_overlays.at(color.rgba(), color).append(rect);
}

void PaintBatch::pattern(const QRectF &rect, const QBrush &brush)
{
    m_patterns.append({rect, brush});
}

void PaintBatch::outline(const QRectF &rect, const QPen &pen)
{
    m_outlines.at(penKey(pen), pen).append(rect);
}

void PaintBatch::line(const QLineF &line, const QPen &pen)
{
    m_lines.at(penKey(pen), pen).append(line);
}

bool PaintBatch::isEmpty() const
{
    return m_fills.styles.isEmpty() && m_overlays.styles.isEmpty() && m_patterns.isEmpty() &&
           m_outlines.styles.isEmpty() && m_lines.styles.isEmpty();
}

int PaintBatch::flush(QPainter *painter)
{
    int drawn = 0;
    painter->save();
    painter->setPen(Qt::NoPen);
    for (qsizetype i = 0; i < m_fills.styles.size(); ++i) {
        painter->setBrush(m_fills.styles[i]);
        painter->drawRects(m_fills.items[i]);
        drawn += int(m_fills.items[i].size());
    }
    for (const auto &[rect, brush] : std::as_const(m_patterns)) {
        painter->setBrush(brush);
        painter->drawRect(rect);
        ++drawn;
    }
    for (qsizetype i = 0; i < m_overlays.styles.size(); ++i) {
        painter->setBrush(m_overlays.styles[i]);
        painter->drawRects(m_overlays.items[i]);
        drawn += int(m_overlays.items[i].size());
    }
    painter->setBrush(Qt::NoBrush);
    for (qsizetype i = 0; i < m_outlines.styles.size(); ++i) {
        painter->setPen(m_outlines.styles[i]);
        painter->drawRects(m_outlines.items[i]);
        drawn += int(m_outlines.items[i].size());
    }
    painter->setRenderHint(QPainter::Antialiasing, true);
    for (qsizetype i = 0; i < m_lines.styles.size(); ++i) {
        painter->setPen(m_lines.styles[i]);
        painter->drawLines(m_lines.items[i]);
        drawn += int(m_lines.items[i].size());
    }
    painter->restore();
    m_fills.clear();
    m_overlays.clear();
    m_outlines.clear();
    m_lines.clear();
    m_patterns.clear();
    return drawn;
}

} // namespace Taskline
