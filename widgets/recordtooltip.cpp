#include "recordtooltip.h"

#include "timeticker.h"
#include "trace.h"

namespace Taskline {

namespace {

QString at(qint64 ns)
{
    return QString::number(double(ns) / 1e6, 'f', 3) + QStringLiteral(" ms");
}

QString row(const QString &name, const QString &value)
{
    return QStringLiteral("<tr><td style=\"padding-right:10px\">") + name +
           QStringLiteral("</td><td>") + value + QStringLiteral("</td></tr>");
}

} // namespace

QString recordToolTip(const Trace &trace, int record)
{
    if (record < 0 || record >= trace.records.size())
        return {};
    const AttemptRecord &r = trace.records[record];
    QString lane = QStringLiteral("never ran");
    if (r.ran())
        lane = r.lane < trace.lanes.size() ? trace.lanes[r.lane]
                                           : QStringLiteral("lane %1").arg(r.lane + 1);
    QString status = statusName(r.status);
    const QString error = trace.error(r);
    if (!error.isEmpty())
        status += QStringLiteral(": ") + error.toHtmlEscaped();
    if (r.status != AttemptStatus::Ok)
        status = QStringLiteral("<b>") + status + QStringLiteral("</b>");

    QString html =
        QStringLiteral("<b>") + trace.taskName(r).toHtmlEscaped() + QStringLiteral("</b>");
    if (trace.predicted)
        html += QStringLiteral(" <i>(predicted)</i>");
    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"0\">");
    html += row(QStringLiteral("kind"), kindName(r.kind));
    html += row(QStringLiteral("attempt"),
                r.attempt == 0 ? QStringLiteral("1")
                               : QStringLiteral("%1 (retry %2)").arg(r.attempt + 1).arg(r.attempt));
    html += row(QStringLiteral("lane"), lane.toHtmlEscaped());
    html += row(QStringLiteral("release"), at(r.releaseNs));
    html += row(QStringLiteral("enqueue"), at(r.enqueueNs));
    html += row(QStringLiteral("start"), at(r.startNs));
    html += row(QStringLiteral("end"), at(r.endNs));
    if (r.ran()) {
        html += row(QStringLiteral("wait"), timeText(double(r.waitNs()) / 1e6));
        html += row(QStringLiteral("duration"), timeText(double(r.durationNs()) / 1e6));
    }
    html += row(QStringLiteral("status"), status);
    html += QStringLiteral("</table>");
    return html;
}

} // namespace Taskline
