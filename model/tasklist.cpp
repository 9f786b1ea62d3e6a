#include "tasklist.h"

#include <cstring>
#include <limits>
#include <stdexcept>

namespace Taskline {

namespace {
QString fromUtf8(QByteArrayView text)
{
    return QString::fromUtf8(text.data(), text.size());
}
} // namespace

TaskList::TaskList(const QList<TaskSpec> &tasks)
{
    reserve(tasks.size());
    for (const TaskSpec &t : tasks)
        append(t);
}

TaskList::TaskList(std::initializer_list<TaskSpec> tasks)
{
    reserve(qsizetype(tasks.size()));
    for (const TaskSpec &t : tasks)
        append(t);
}

TaskSpec TaskList::at(qsizetype i) const
{
    TaskSpec t;
    static_cast<TaskParams &>(t) = params(i);
    t.id = id(i);
    t.after = after(i);
    t.error = error(i);
    return t;
}

QList<TaskSpec> TaskList::toList() const
{
    QList<TaskSpec> all;
    all.reserve(size());
    for (qsizetype i = 0; i < size(); ++i)
        all.append(at(i));
    return all;
}

TaskParams TaskList::params(qsizetype i) const
{
    const Core &c = m_core.at(i);
    TaskParams p;
    p.kind = c.kind;
    p.durationMs = c.durationMs;
    p.hasDuration = c.flags & HasDuration;
    p.count = c.count;
    p.fanOut = c.flags & FanOut;
    p.jitter = c.jitter;
    p.priority = c.priority;
    if (c.extra >= 0) {
        const Extra &x = m_extras.at(c.extra);
        p.startMs = x.startMs;
        p.staggerMs = x.staggerMs;
        p.failRate = x.failRate;
        p.retries = x.retries;
        p.retryDelayMs = x.retryDelayMs;
        p.timeoutMs = x.timeoutMs;
        p.bytes = x.bytes;
        p.weight = x.weight;
        p.shape = x.shape;
    }
    return p;
}

QString TaskList::id(qsizetype i) const
{
    return fromUtf8(idUtf8(i));
}

QStringList TaskList::after(qsizetype i) const
{
    QStringList names;
    const qsizetype n = afterCount(i);
    names.reserve(n);
    for (qsizetype k = 0; k < n; ++k)
        names.append(fromUtf8(afterUtf8(i, k)));
    return names;
}

QString TaskList::error(qsizetype i) const
{
    const Core &c = m_core.at(i);
    return c.extra >= 0 ? m_extras.at(c.extra).error : QString();
}

void TaskList::reserve(qsizetype tasks)
{
    m_core.reserve(tasks);
    m_after.reserve(tasks);
    m_text.reserve(tasks * 32); // an id and one `after` name of ~16 characters each
}

void TaskList::clear()
{
    *this = TaskList();
}

void TaskList::beginBatch(qsizetype textBytes)
{
    m_inBatch = true;
    m_coreUsed = m_core.size();
    m_afterUsed = m_after.size();
    growBatchRoom();
    m_textUsed = m_text.size();
    // Past 4 GiB the strings go one by one, so that addTextSlowly() says what is wrong.
    const qsizetype room = textBytes + 16; // addText() writes 16 bytes for a shorter string
    if (quint64(m_textUsed) + quint64(room) > std::numeric_limits<quint32>::max())
        return;
    m_text.resize(m_textUsed + room); // grows geometrically; the new bytes stay untouched
    m_batchText = m_text.data();
}

void TaskList::growBatchRoom()
{
    // A few thousand default records at a time, overwritten while they are still in the cache.
    constexpr qsizetype Step = 4096;
    if (m_coreUsed + Step > m_core.size()) {
        m_core.resize(m_coreUsed + Step);
        m_batchCore = m_core.data();
    }
    if (m_afterUsed + Step > m_after.size()) {
        m_after.resize(m_afterUsed + Step);
        m_batchAfter = m_after.data();
    }
}

void TaskList::endBatch()
{
    if (!m_inBatch)
        return;
    m_inBatch = false;
    m_core.resize(m_coreUsed);
    m_after.resize(m_afterUsed);
    m_batchCore = nullptr;
    m_batchAfter = nullptr;
    if (m_batchText) {
        m_text.resize(m_textUsed);
        m_batchText = nullptr;
    }
}

TaskList::Name TaskList::addTextSlowly(std::string_view text)
{
    const qsizetype begin = m_text.size();
    if (quint64(begin) + text.size() > std::numeric_limits<quint32>::max())
        throw std::length_error("the task ids take more than 4 GiB");
    // resize and copy: QByteArray::append goes through the general insert()
    m_text.resize(begin + qsizetype(text.size()));
    if (!text.empty())
        std::memcpy(m_text.data() + begin, text.data(), text.size());
    return Name{quint32(begin), quint32(text.size())};
}

inline TaskList::Core TaskList::makeCommon(const TaskParams &p, std::string_view id)
{
    Core c;
    c.durationMs = p.durationMs;
    c.jitter = p.jitter;
    c.count = p.count;
    c.priority = p.priority;
    const Name idName = addText(id);
    c.id = idName.begin;
    c.idSize = idName.size;
    const quint32 afters = afterEnd();
    c.after = m_pendingAfter;
    c.afterSize = afters - m_pendingAfter;
    m_pendingAfter = afters;
    c.kind = p.kind;
    c.flags = quint8((p.hasDuration ? HasDuration : 0) | (p.fanOut ? FanOut : 0));
    return c;
}

TaskList::Core TaskList::make(const TaskParams &p, std::string_view id, const QString &error)
{
    Core c = makeCommon(p, id);
    const TaskParams defaults;
    if (p.startMs != defaults.startMs || p.staggerMs != defaults.staggerMs ||
        p.failRate != defaults.failRate || p.retries != defaults.retries ||
        p.retryDelayMs != defaults.retryDelayMs || p.timeoutMs != defaults.timeoutMs ||
        p.bytes != defaults.bytes || p.weight != defaults.weight || p.shape != defaults.shape ||
        !error.isEmpty()) {
        Extra x;
        x.startMs = p.startMs;
        x.staggerMs = p.staggerMs;
        x.failRate = p.failRate;
        x.retries = p.retries;
        x.retryDelayMs = p.retryDelayMs;
        x.timeoutMs = p.timeoutMs;
        x.bytes = p.bytes;
        x.weight = p.weight;
        x.shape = p.shape;
        x.error = error;
        c.extra = qint32(m_extras.size());
        m_extras.append(std::move(x));
    }
    return c;
}

TaskList::Core TaskList::make(const TaskSpec &task)
{
    m_pendingAfter = quint32(m_after.size());
    for (const QString &name : task.after)
        addAfterUtf8(view(name.toUtf8()));
    return make(task, view(task.id.toUtf8()), task.error);
}

void TaskList::appendUtf8(const TaskParams &params, std::string_view id, const QString &error)
{
    pushCore(make(params, id, error));
}

void TaskList::appendUtf8Common(const TaskParams &p, std::string_view id)
{
    pushCore(makeCommon(p, id));
}

void TaskList::append(const TaskSpec &task)
{
    m_core.append(make(task));
}

void TaskList::insert(qsizetype i, const TaskSpec &task)
{
    m_core.insert(i, make(task));
}

void TaskList::release(const Core &c)
{
    m_garbage += c.idSize + c.afterSize * qsizetype(sizeof(Name));
    for (quint32 k = 0; k < c.afterSize; ++k)
        m_garbage += m_after.at(c.after + k).size;
    if (c.extra >= 0)
        m_garbage += qsizetype(sizeof(Extra));
}

void TaskList::replace(qsizetype i, const TaskSpec &task)
{
    release(m_core.at(i));
    m_core[i] = make(task);
    compactIfWasteful();
}

void TaskList::remove(qsizetype i, qsizetype n)
{
    for (qsizetype k = i; k < i + n; ++k)
        release(m_core.at(k));
    m_core.remove(i, n);
    compactIfWasteful();
}

void TaskList::compactIfWasteful()
{
    if (m_garbage < 4096 || m_garbage < bytesUsed() / 2)
        return;
    TaskList fresh;
    fresh.reserve(size());
    for (qsizetype i = 0; i < size(); ++i) {
        const Core &c = m_core.at(i);
        for (quint32 k = 0; k < c.afterSize; ++k) {
            const QByteArrayView name = afterUtf8(i, qsizetype(k));
            fresh.addAfterUtf8(std::string_view(name.data(), size_t(name.size())));
        }
        const QByteArrayView id = idUtf8(i);
        fresh.appendUtf8(params(i), std::string_view(id.data(), size_t(id.size())), error(i));
    }
    *this = std::move(fresh);
}

qsizetype TaskList::bytesUsed() const
{
    return m_core.size() * qsizetype(sizeof(Core)) + m_text.size() +
           m_after.size() * qsizetype(sizeof(Name)) + m_extras.size() * qsizetype(sizeof(Extra));
}

bool operator==(const TaskList &a, const TaskList &b)
{
    if (a.size() != b.size())
        return false;
    if (a.m_core.isSharedWith(b.m_core) && a.m_text.isSharedWith(b.m_text) &&
        a.m_after.isSharedWith(b.m_after) && a.m_extras.isSharedWith(b.m_extras))
        return true;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (!a.equalAt(i, b, i))
            return false;
    }
    return true;
}

bool TaskList::equalAt(qsizetype i, const TaskList &other, qsizetype j) const
{
    if (idUtf8(i) != other.idUtf8(j) || params(i) != other.params(j) ||
        afterCount(i) != other.afterCount(j) || error(i) != other.error(j))
        return false;
    for (qsizetype k = 0; k < afterCount(i); ++k) {
        if (afterUtf8(i, k) != other.afterUtf8(j, k))
            return false;
    }
    return true;
}

qsizetype TaskList::idUses(QByteArrayView utf8) const
{
    qsizetype uses = 0;
    for (qsizetype i = 0; i < size(); ++i)
        uses += idUtf8(i) == utf8 ? 1 : 0;
    return uses;
}

} // namespace Taskline
