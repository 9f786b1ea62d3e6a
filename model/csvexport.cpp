#include "csvexport.h"

#include "atomicwrite.h"
#include "bufferedwriter.h"

namespace Taskline {

namespace {

// A field as RFC 4180 wants it: quoted only when it must be.
QByteArray csvField(const QString &text)
{
    QByteArray utf8 = text.toUtf8();
    if (!utf8.contains(',') && !utf8.contains('"') && !utf8.contains('\n') && !utf8.contains('\r'))
        return utf8;
    utf8.replace("\"", "\"\"");
    return '"' + utf8 + '"';
}

void write(BufferedWriter &out, const Trace &trace)
{
    out.raw(std::string_view("task,task_index,attempt,kind,lane,status,release_ms,enqueue_ms,"
                             "start_ms,end_ms,wait_ms,duration_ms,error\r\n"));
    // Names and messages repeat over many rows: quote each once.
    QList<QByteArray> lanes;
    for (const QString &lane : trace.lanes)
        lanes.append(csvField(lane));
    QList<QByteArray> errors(trace.strings.size());
    QList<QByteArray> kinds, statuses;
    for (int k = 0; k < TaskKindCount; ++k)
        kinds.append(kindName(TaskKind(k)).toLatin1());
    for (int s = 0; s < AttemptStatusCount; ++s)
        statuses.append(statusName(AttemptStatus(s)).toLatin1());

    for (const AttemptRecord &r : trace.records) {
        out.raw(csvField(trace.taskName(r))).raw(',');
        out.unsignedInteger(r.task).raw(',').integer(r.attempt).raw(',');
        out.raw(kinds.value(int(r.kind))).raw(',');
        if (r.lane >= 0)
            out.raw(r.lane < lanes.size() ? lanes[r.lane] : QByteArray::number(r.lane));
        out.raw(',').raw(statuses.value(int(r.status))).raw(',');
        for (const qint64 ns :
             {r.releaseNs, r.enqueueNs, r.startNs, r.endNs, r.waitNs(), r.durationNs()})
            out.fixed(ns, 6).raw(',');
        if (r.error != 0 && qsizetype(r.error) < errors.size()) {
            if (errors[r.error].isEmpty())
                errors[r.error] = csvField(trace.strings.at(r.error));
            out.raw(errors[r.error]);
        }
        out.raw(std::string_view("\r\n"));
    }
}

} // namespace

bool writeCsv(const Trace &trace, QIODevice &device)
{
    BufferedWriter out(&device);
    write(out, trace);
    return out.flush();
}

QByteArray csvText(const Trace &trace)
{
    BufferedWriter out;
    write(out, trace);
    return std::move(out.buffer());
}

std::optional<QString> exportCsv(const Trace &trace, const QString &path)
{
    return writeAtomically(path, [&](QIODevice &device) { return writeCsv(trace, device); });
}

} // namespace Taskline
