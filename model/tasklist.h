#pragma once

#include "taskspec.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <cstring>
#include <initializer_list>
#include <iterator>
#include <string_view>

namespace Taskline {

/*!
 * The tasks of a scenario, stored compactly: a million tasks take ~80 bytes each instead of a
 * TaskSpec's ~200 plus its strings.
 *
 * Each task is one 48-byte record of its common numbers; ids and `after` names are UTF-8 in
 * one shared byte pool; fields rarely set (start, stagger, failures, retries, timeout, bytes,
 * weight, shape, error) live in a side table only for the tasks that set them. at() builds
 * an editable TaskSpec; the readers of a run (Plan, predictor, runner) use params() and the
 * accessors, which build no strings. Copies share their storage until one is changed.
 */
class TaskList
{
public:
    TaskList() = default;
    TaskList(const QList<TaskSpec> &tasks); // NOLINT: implicit, so `s.tasks = list` reads on
    TaskList(std::initializer_list<TaskSpec> tasks);

    qsizetype size() const { return m_core.size(); }
    bool isEmpty() const { return m_core.isEmpty(); }

    /*! tasks[i] as an editable value (its strings built on each call). */
    TaskSpec at(qsizetype i) const;
    const TaskSpec operator[](qsizetype i) const { return at(i); }
    TaskSpec first() const { return at(0); }
    TaskSpec last() const { return at(size() - 1); }
    QList<TaskSpec> toList() const;

    void reserve(qsizetype tasks);
    void clear();
    void append(const TaskSpec &task);
    void insert(qsizetype i, const TaskSpec &task);
    void replace(qsizetype i, const TaskSpec &task);
    void removeAt(qsizetype i) { remove(i, 1); }
    void remove(qsizetype i, qsizetype n);
    void setCount(qsizetype i, quint32 count) { m_core[i].count = count; }

    // ---- One field of tasks[i], without building a TaskSpec ----
    TaskParams params(qsizetype i) const;
    QString id(qsizetype i) const;
    QByteArrayView idUtf8(qsizetype i) const
    {
        const Core &c = m_core.at(i);
        return {m_text.constData() + c.id, qsizetype(c.idSize)};
    }
    TaskKind kind(qsizetype i) const { return m_core.at(i).kind; }
    quint32 count(qsizetype i) const { return m_core.at(i).count; }
    int priority(qsizetype i) const { return m_core.at(i).priority; }
    bool fanOut(qsizetype i) const { return m_core.at(i).flags & FanOut; }
    /*! Weight 1 and a flat shape: its f(t) contribution counts it as running. */
    bool unitWeight(qsizetype i) const
    {
        const Core &c = m_core.at(i);
        return c.extra < 0 ||
               (m_extras.at(c.extra).weight == 1.0 && m_extras.at(c.extra).shape == TaskShape::Flat);
    }
    qsizetype afterCount(qsizetype i) const { return m_core.at(i).afterSize; }
    QByteArrayView afterUtf8(qsizetype i, qsizetype k) const
    {
        const Name &n = m_after.at(m_core.at(i).after + k);
        return {m_text.constData() + n.begin, qsizetype(n.size)};
    }
    QStringList after(qsizetype i) const;
    /*! At least the sum of afterCount() over all tasks (exactly, unless tasks were replaced
     *  or removed), without a pass over them. */
    qsizetype afterBound() const { return m_after.size(); }
    QString error(qsizetype i) const;
    /*! Whether tasks[i] equals other.tasks[j], without building either. */
    bool equalAt(qsizetype i, const TaskList &other, qsizetype j) const;
    /*! How many tasks have the id `utf8`. */
    qsizetype idUses(QByteArrayView utf8) const;

    // ---- For the loader: a task read from a file, its strings as UTF-8 ----
    /*! Adds an `after` name to the task that appendUtf8() appends next. */
    void addAfterUtf8(std::string_view name)
    {
        if (m_inBatch) {
            if (Q_UNLIKELY(m_afterUsed == m_after.size()))
                growBatchRoom();
            m_batchAfter[m_afterUsed++] = addText(name);
            return;
        }
        m_after.append(addText(name));
    }
    void appendUtf8(const TaskParams &params, std::string_view id, const QString &error = {});
    /*! The same for a task whose rare fields (all but kind, duration, count, jitter and
     *  priority) keep their defaults and which has no error. */
    void appendUtf8Common(const TaskParams &params, std::string_view id);
    /*!
     * Room for a batch whose ids and `after` names take at most `textBytes` bytes in all: until
     * endBatch(), appendUtf8() and addAfterUtf8() append with no growth check per string or
     * record. Nothing but those two may be called in between, and the strings given to them
     * must have 16 readable bytes after their start (a batch's padding gives them).
     */
    void beginBatch(qsizetype textBytes);
    void endBatch();
    /*! Bytes held, for the benchmark's accounting. */
    qsizetype bytesUsed() const;

    class const_iterator
    {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = TaskSpec;
        using difference_type = qsizetype;
        using pointer = void;
        using reference = TaskSpec;

        const_iterator(const TaskList *list, qsizetype i) : m_list(list), m_i(i) {}
        TaskSpec operator*() const { return m_list->at(m_i); }
        const_iterator &operator++()
        {
            ++m_i;
            return *this;
        }
        const_iterator operator++(int)
        {
            const_iterator was = *this;
            ++m_i;
            return was;
        }
        friend bool operator==(const const_iterator &a, const const_iterator &b)
        {
            return a.m_i == b.m_i;
        }
        friend bool operator!=(const const_iterator &a, const const_iterator &b)
        {
            return a.m_i != b.m_i;
        }

    private:
        const TaskList *m_list;
        qsizetype m_i;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }
    const_iterator cbegin() const { return begin(); }
    const_iterator cend() const { return end(); }

    friend bool operator==(const TaskList &a, const TaskList &b);
    friend bool operator!=(const TaskList &a, const TaskList &b) { return !(a == b); }

private:
    enum Flag : quint8 { HasDuration = 1, FanOut = 2 };
    struct Core
    {
        double durationMs = 0;
        double jitter = 0;
        quint32 count = 1;
        qint32 priority = 0;
        quint32 id = 0; // first byte in m_text
        quint32 idSize = 0;
        quint32 after = 0; // first entry in m_after
        quint32 afterSize = 0;
        qint32 extra = -1; // in m_extras; -1: the fields there keep their defaults
        TaskKind kind = TaskKind::Cpu;
        quint8 flags = HasDuration;
    };
    struct Name
    {
        quint32 begin = 0;
        quint32 size = 0;
    };
    struct Extra
    {
        double startMs = 0;
        double staggerMs = 0;
        double failRate = 0;
        double retryDelayMs = 0;
        double timeoutMs = 0;
        double weight = 1;
        qint64 bytes = 0;
        int retries = 0;
        TaskShape shape = TaskShape::Flat;
        QString error;
    };

    QList<Core> m_core;
    QByteArray m_text; // ids and `after` names, UTF-8
    QList<Name> m_after;
    QList<Extra> m_extras;
    // Between beginBatch() and endBatch() the three arrays hold room past what is used.
    bool m_inBatch = false;
    char *m_batchText = nullptr; // m_text's bytes (none past 4 GiB: the strings go one by one)
    Core *m_batchCore = nullptr;
    Name *m_batchAfter = nullptr;
    qsizetype m_textUsed = 0;
    qsizetype m_coreUsed = 0;
    qsizetype m_afterUsed = 0;
    quint32 m_pendingAfter = 0; // first `after` entry of the task appended next
    // Left behind by replace() and remove(); compacted when it outweighs what is used.
    qsizetype m_garbage = 0;

    // The fields every task has, its id and the `after` names added since the last task.
    Core makeCommon(const TaskParams &p, std::string_view id);
    Core make(const TaskParams &p, std::string_view id, const QString &error);
    Core make(const TaskSpec &task);
    void release(const Core &c);
    void compactIfWasteful();
    Name addText(std::string_view text)
    {
        if (m_batchText) {
            const Name n{quint32(m_textUsed), quint32(text.size())};
            char *to = m_batchText + m_textUsed;
            if (text.size() <= 16) { // the batch has room for 16 bytes past its strings
                quint64 w[2];
                std::memcpy(w, text.data(), 16); // a reader's batch has padding after it
                std::memcpy(to, w, 16);
            } else {
                std::memcpy(to, text.data(), text.size());
            }
            m_textUsed += qsizetype(text.size());
            return n;
        }
        return addTextSlowly(text);
    }
    Name addTextSlowly(std::string_view text);
    void growBatchRoom();
    void pushCore(const Core &c)
    {
        if (m_inBatch) {
            if (Q_UNLIKELY(m_coreUsed == m_core.size()))
                growBatchRoom();
            m_batchCore[m_coreUsed++] = c;
            return;
        }
        m_core.append(c);
    }
    quint32 afterEnd() const { return quint32(m_inBatch ? m_afterUsed : m_after.size()); }
    static std::string_view view(const QByteArray &utf8)
    {
        return {utf8.constData(), size_t(utf8.size())};
    }
};

} // namespace Taskline
