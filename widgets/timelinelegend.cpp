#include "timelinelegend.h"

#include "customplot.h"
#include "legenditem.h"

namespace Taskline {

bool LegendState::add(const QList<AttemptRecord> &records, bool taskRows)
{
    const LegendState before = *this;
    for (const AttemptRecord &r : records) {
        kinds[std::size_t(r.kind)] = true;
        if (r.status != AttemptStatus::Ok && (r.ran() || taskRows))
            statuses[std::size_t(r.status)] = true;
        if (taskRows && r.ran() && r.enqueueNs < r.startNs)
            waits = true;
    }
    return !(before == *this);
}

LegendState LegendState::of(const Trace &measured, const Trace &predicted, bool taskRows)
{
    LegendState state;
    state.add(measured.records, taskRows);
    state.prediction = !predicted.records.isEmpty();
    if (state.prediction) {
        for (const AttemptRecord &r : predicted.records)
            state.kinds[std::size_t(r.kind)] = true;
    }
    return state;
}

namespace {

void swatch(QCPPainter *p, const QRectF &r, const QColor &fill, const QPen &border)
{
    p->setAntialiasing(false);
    p->fillRect(r, fill);
    p->setPen(border);
    p->setBrush(Qt::NoBrush);
    p->drawRect(r.adjusted(0.5, 0.5, -0.5, -0.5));
}

} // namespace

void fillLegend(QCPLegend *legend, const LegendState &state, const TimelinePalette &palette,
                bool predictionVisible, bool workersLine)
{
    legend->clearItems();
    const TimelinePalette p = palette;
    const auto add = [legend](const QString &text, LegendItem::IconPainter icon) {
        legend->addItem(new LegendItem(legend, text, std::move(icon)));
    };
    for (int k = 0; k < TaskKindCount; ++k) {
        if (!state.kinds[std::size_t(k)])
            continue;
        const QColor c = p.kind(TaskKind(k));
        add(kindName(TaskKind(k)), [c](QCPPainter *painter, const QRectF &r) {
            swatch(painter, r, c, QPen(c.darker(135), 1));
        });
    }
    if (state.mixed) {
        const QColor c = p.mixed;
        add(QStringLiteral("mixed kinds"), [c](QCPPainter *painter, const QRectF &r) {
            swatch(painter, r, c, QPen(c.darker(135), 1));
        });
    }
    const QColor neutral = p.fade(p.mutedText, 0.35);
    const auto hatched = [&](AttemptStatus s, Qt::BrushStyle style, const QString &text) {
        const QColor c = p.status(s);
        add(text, [c, neutral, style](QCPPainter *painter, const QRectF &r) {
            swatch(painter, r, neutral, Qt::NoPen);
            painter->fillRect(r, QBrush(c, style));
            painter->setPen(QPen(c, 2));
            painter->drawRect(r.adjusted(1, 1, -1, -1));
        });
    };
    if (state.statuses[std::size_t(AttemptStatus::Failed)])
        hatched(AttemptStatus::Failed, Qt::BDiagPattern, QStringLiteral("failed"));
    if (state.statuses[std::size_t(AttemptStatus::TimedOut)])
        hatched(AttemptStatus::TimedOut, Qt::DiagCrossPattern, QStringLiteral("timed out"));
    if (state.statuses[std::size_t(AttemptStatus::Cancelled)]) {
        const QColor c = p.status(AttemptStatus::Cancelled);
        add(QStringLiteral("cancelled"), [c, p](QCPPainter *painter, const QRectF &r) {
            swatch(painter, r, p.fade(c, 0.3), QPen(c, 1, Qt::DashLine));
        });
    }
    if (state.statuses[std::size_t(AttemptStatus::Skipped)]) {
        const QColor c = p.status(AttemptStatus::Skipped);
        add(QStringLiteral("skipped"), [c](QCPPainter *painter, const QRectF &r) {
            const QPointF m = r.center();
            painter->setAntialiasing(true);
            painter->setPen(QPen(c, 1.6));
            painter->drawLine(m + QPointF(-4, -4), m + QPointF(4, 4));
            painter->drawLine(m + QPointF(-4, 4), m + QPointF(4, -4));
        });
    }
    if (state.waits) {
        const QColor c = p.fade(p.mutedText, 0.6);
        add(QStringLiteral("queue wait"), [c, neutral](QCPPainter *painter, const QRectF &r) {
            painter->fillRect(QRectF(r.left(), r.center().y() - 1, r.width() * 0.6, 2), c);
            painter->fillRect(
                QRectF(r.left() + r.width() * 0.6, r.top(), r.width() * 0.4, r.height()),
                neutral.darker(120));
        });
    }
    if ((state.prediction && predictionVisible) || state.baseline) {
        const QColor c = p.mutedText;
        add(state.baseline ? QStringLiteral("baseline run") : QStringLiteral("predicted"),
            [c, p](QCPPainter *painter, const QRectF &r) {
                swatch(painter, r, p.fade(c, 0.22), QPen(p.fade(c, 0.6), 1, Qt::DashLine));
            });
    }
    if (state.baseline) {
        const QColor line = p.baselineLine();
        add(QStringLiteral("baseline f(t)"), [line](QCPPainter *painter, const QRectF &r) {
            painter->setPen(QPen(line, 1.6, Qt::DashDotLine));
            painter->drawLine(QPointF(r.left(), r.center().y()),
                              QPointF(r.right(), r.center().y()));
        });
    }
    if (state.prediction && predictionVisible) {
        const QColor line = p.predicted;
        add(QStringLiteral("predicted f(t)"), [line](QCPPainter *painter, const QRectF &r) {
            painter->setPen(QPen(line, 1.6));
            painter->drawLine(QPointF(r.left(), r.center().y()),
                              QPointF(r.right(), r.center().y()));
        });
    }
    if (workersLine) {
        const QColor c = p.workers;
        add(QStringLiteral("workers (P)"), [c](QCPPainter *painter, const QRectF &r) {
            painter->setPen(QPen(c, 1.4, Qt::DashLine));
            painter->drawLine(QPointF(r.left(), r.center().y()),
                              QPointF(r.right(), r.center().y()));
        });
    }
}

} // namespace Taskline
