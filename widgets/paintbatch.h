#pragma once

#include <QBrush>
#include <QHash>
#include <QLineF>
#include <QList>
#include <QPen>
#include <QRectF>
#include <QVector>

class QPainter;

namespace Taskline {

/*!
 * Rectangles, outlines and lines gathered by colour and drawn with one call per colour.
 * Fewer, larger calls are faster on screen and keep SVG and PDF output small: a vector file
 * gets one group per colour instead of one per span.
 */
class PaintBatch
{
public:
    void fill(const QRectF &rect, const QColor &color);
    /*! A rectangle drawn over the fills (marks on merged spans). */
    void overlay(const QRectF &rect, const QColor &color);
    /*! A rectangle filled with a pattern brush (hatching), drawn after the fills. */
    void pattern(const QRectF &rect, const QBrush &brush);
    void outline(const QRectF &rect, const QPen &pen);
    void line(const QLineF &line, const QPen &pen);
    /*! Draws fills, patterns, overlays, outlines, then lines, and empties the batch. Returns
     *  the number of primitives drawn. */
    int flush(QPainter *painter);
    bool isEmpty() const;

private:
    template <typename Item, typename Style> struct Group
    {
        QHash<quint64, int> index;
        QList<Style> styles;
        QList<QVector<Item>> items;

        QVector<Item> &at(quint64 key, const Style &style)
        {
            auto it = index.constFind(key);
            if (it == index.constEnd()) {
                it = index.insert(key, int(styles.size()));
                styles.append(style);
                items.append(QVector<Item>());
            }
            return items[*it];
        }
        void clear()
        {
            index.clear();
            styles.clear();
            items.clear();
        }
    };

    static quint64 penKey(const QPen &pen);

    Group<QRectF, QColor> m_fills;
    Group<QRectF, QColor> m_overlays;
    Group<QRectF, QPen> m_outlines;
    Group<QLineF, QPen> m_lines;
    QList<QPair<QRectF, QBrush>> m_patterns;
};

} // namespace Taskline
