#include "dependencyarrows.h"

#include "customplot.h"
#include "skipcause.h"
#include "timelineplottable.h"
#include "trace.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <vector>

namespace Taskline {

void DependencyArrows::clear()
{
    for (QCPItemLine *line : std::as_const(m_lines))
        m_plot->removeItem(line);
    m_lines.clear();
    m_failureLines.clear();
    if (m_label)
        m_plot->removeItem(m_label);
    m_label = nullptr;
}

QString DependencyArrows::failureText() const
{
    return m_label ? m_label->text() : QString();
}

void DependencyArrows::setFailureColor(const QColor &color)
{
    m_failureColor = color;
    for (QCPItemLine *line : std::as_const(m_failureLines))
        line->setPen(QPen(color, 2.5));
    if (m_label) {
        m_label->setColor(color);
        m_label->setPen(QPen(color, 1));
    }
}

void DependencyArrows::setColor(const QColor &color)
{
    m_color = color;
    for (QCPItemLine *line : std::as_const(m_lines)) {
        if (!m_failureLines.contains(line))
            line->setPen(QPen(color, 1.5));
    }
}

QCPItemLine *DependencyArrows::add(const SpanPlottable &spans, double fromMs, int fromRecord, double toMs,
                           int toRecord)
{
    const double fromValue = spans.recordValue(fromRecord);
    const double toValue = spans.recordValue(toRecord);
    if (std::isnan(fromValue) || std::isnan(toValue))
        return nullptr;
    auto *line = new QCPItemLine(m_plot);
    line->setClipAxisRect(m_rect);
    for (QCPItemPosition *p : {line->start, line->end}) {
        p->setAxes(m_rect->axis(QCPAxis::atBottom), m_rect->axis(QCPAxis::atLeft));
        p->setAxisRect(m_rect);
    }
    line->start->setCoords(fromMs, fromValue);
    line->end->setCoords(toMs, toValue);
    line->setPen(QPen(m_color, 1.5));
    line->setHead(QCPLineEnding(QCPLineEnding::esSpikeArrow, 9, 11));
    line->setSelectable(false);
    m_lines.append(line);
    return line;
}

void DependencyArrows::show(const Trace &trace, const SpanPlottable &spans, int record,
                            const QColor &color)
{
    clear();
    m_color = color;
    if (!trace.plan || record < 0 || record >= trace.records.size())
        return;
    const Plan &plan = *trace.plan;
    const AttemptRecord &selected = trace.records[record];
    if (selected.task >= plan.taskCount())
        return;
    const quint32 spec = plan.specOf(selected.task);

    // Which specs matter: 1 = waited for, 2 = waiting.
    std::vector<quint8> role(plan.specCount(), 0);
    for (const quint32 *d = plan.depsBegin(spec); d != plan.depsEnd(spec); ++d)
        role[*d] |= 1;
    for (const quint32 *d = plan.dependentsBegin(spec); d != plan.dependentsEnd(spec); ++d)
        role[*d] |= 2;

    // The last attempt of each copy waited for, the first attempt of each waiting copy.
    QHash<quint32, int> last, first;
    for (qsizetype i = 0; i < trace.records.size(); ++i) {
        const AttemptRecord &r = trace.records[i];
        if (r.task >= plan.taskCount())
            continue;
        const quint8 rl = role[plan.specOf(r.task)];
        if (rl & 1) {
            auto it = last.find(r.task);
            if (it == last.end() || trace.records[*it].attempt <= r.attempt)
                last.insert(r.task, int(i));
        }
        if (rl & 2) {
            auto it = first.find(r.task);
            if (it == first.end() || trace.records[*it].attempt > r.attempt)
                first.insert(r.task, int(i));
        }
    }

    const double selectedStart = selected.releaseNs / 1e6;
    const double selectedEnd = selected.endNs / 1e6;
    for (quint32 s = 0; s < plan.specCount(); ++s) {
        if (!role[s])
            continue;
        if (role[s] & 1) {
            QList<int> copies;
            for (auto it = last.cbegin(); it != last.cend(); ++it)
                if (plan.specOf(it.key()) == s)
                    copies.append(*it);
            // The latest to finish gated the release: those first.
            std::sort(copies.begin(), copies.end(), [&](int a, int b) {
                return trace.records[a].endNs > trace.records[b].endNs;
            });
            for (qsizetype k = 0; k < copies.size() && k < MaxPerSpec; ++k)
                add(spans, trace.records[copies[k]].endNs / 1e6, copies[k], selectedStart, record);
        }
        if (role[s] & 2) {
            QList<int> copies;
            for (auto it = first.cbegin(); it != first.cend(); ++it)
                if (plan.specOf(it.key()) == s)
                    copies.append(*it);
            std::sort(copies.begin(), copies.end(), [&](int a, int b) {
                return trace.records[a].releaseNs < trace.records[b].releaseNs;
            });
            for (qsizetype k = 0; k < copies.size() && k < MaxPerSpec; ++k)
                add(spans, selectedEnd, record, trace.records[copies[k]].releaseNs / 1e6,
                    copies[k]);
        }
    }
    showFailures(trace, spans, record);
}

void DependencyArrows::showFailures(const Trace &trace, const SpanPlottable &spans, int record)
{
    const QList<DependencyLink> chain = skipChain(trace, record);
    const QList<DependencyLink> links =
        chain.isEmpty() ? skipsCausedBy(trace, record) : chain;
    if (links.isEmpty())
        return;
    // A skipped task never ran: its mark is at the moment it was skipped (start == end).
    for (qsizetype i = 0; i < links.size() && m_failureLines.size() < MaxFailureLinks; ++i) {
        const AttemptRecord &from = trace.records[links[i].from];
        const AttemptRecord &to = trace.records[links[i].to];
        if (QCPItemLine *line =
                add(spans, from.endNs / 1e6, links[i].from, to.startNs / 1e6, links[i].to)) {
            line->setPen(QPen(m_failureColor, 2.5));
            m_failureLines.append(line);
        }
    }

    const int root = chain.isEmpty() ? record : chain.constFirst().from;
    const AttemptRecord &r = trace.records[root];
    const QString what =
        r.status == AttemptStatus::TimedOut ? QStringLiteral("timed out") : QStringLiteral("failed");
    QString failure = trace.taskName(r) + QLatin1Char(' ') + what;
    if (const QString error = trace.error(r); !error.isEmpty())
        failure += QStringLiteral(" (\u201c%1\u201d)").arg(error.left(60));
    QString text;
    if (!chain.isEmpty()) {
        text = QStringLiteral("%1 was skipped because %2")
                   .arg(trace.taskName(trace.records[record]), failure);
        if (chain.size() > 1)
            text += QStringLiteral(", %1 steps back").arg(chain.size());
    } else {
        const qsizetype n = links.size();
        text = QStringLiteral("%1: %2 %3 skipped because of it")
                   .arg(failure, n >= 10000 ? QStringLiteral("10000+") : QString::number(n),
                        n == 1 ? QStringLiteral("task") : QStringLiteral("tasks"));
    }
    m_label = new QCPItemText(m_plot);
    m_label->setClipAxisRect(m_rect);
    m_label->setClipToAxisRect(true);
    m_label->position->setAxisRect(m_rect);
    m_label->position->setAxes(m_rect->axis(QCPAxis::atBottom), m_rect->axis(QCPAxis::atLeft));
    const double value = spans.recordValue(root);
    if (std::isnan(value)) {
        m_label->position->setType(QCPItemPosition::ptAxisRectRatio);
        m_label->position->setCoords(0.01, 0.01);
        m_label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    } else {
        m_label->position->setType(QCPItemPosition::ptPlotCoords);
        m_label->position->setCoords(r.endNs / 1e6, value);
        // Towards the middle of the view, so that it is not cut off at an edge.
        const bool rightHalf = r.endNs / 1e6 > m_rect->axis(QCPAxis::atBottom)->range().center();
        m_label->setPositionAlignment((rightHalf ? Qt::AlignRight : Qt::AlignLeft) |
                                      Qt::AlignBottom);
    }
    m_label->setText(text);
    m_label->setColor(m_failureColor);
    m_label->setPen(QPen(m_failureColor, 1));
    QColor background = m_labelBackground;
    background.setAlpha(225);
    m_label->setBrush(background);
    m_label->setPadding(QMargins(4, 2, 4, 2));
    m_label->setSelectable(false);
}

} // namespace Taskline
