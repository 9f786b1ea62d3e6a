#include "dependencyarrows.h"

#include "customplot.h"
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
}

void DependencyArrows::setColor(const QColor &color)
{
    m_color = color;
    for (QCPItemLine *line : std::as_const(m_lines))
        line->setPen(QPen(color, 1.5));
}

void DependencyArrows::add(const SpanPlottable &spans, double fromMs, int fromRecord, double toMs,
                           int toRecord)
{
    const double fromValue = spans.recordValue(fromRecord);
    const double toValue = spans.recordValue(toRecord);
    if (std::isnan(fromValue) || std::isnan(toValue))
        return;
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
}

} // namespace Taskline
