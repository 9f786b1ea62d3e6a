#include "jsonchunks.h"

#include <QFile>
#include <QFileInfo>
#include <QtAlgorithms>

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace Taskline {

namespace {

constexpr char ByteOrderMark[] = "\xEF\xBB\xBF";

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

// Where the quotes, backslashes and brackets are among 64 bytes, one bit each.
struct Masks
{
    quint64 quote = 0;
    quint64 backslash = 0;
    quint64 bracket = 0;
};

Masks masksOf(const char *p)
{
    Masks m;
#if defined(__SSE2__)
    const auto add = [&](int k) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + 16 * k));
        const auto bits = [](__m128i eq) { return quint64(uint(_mm_movemask_epi8(eq))); };
        // '[' ']' and '{' '}' differ from each other only in bit 5 (0x5B 0x5D, 0x7B 0x7D).
        const __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
        m.quote |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8('"'))) << (16 * k);
        m.backslash |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))) << (16 * k);
        m.bracket |= bits(_mm_or_si128(_mm_cmpeq_epi8(folded, _mm_set1_epi8('{')),
                                       _mm_cmpeq_epi8(folded, _mm_set1_epi8('}'))))
                     << (16 * k);
    };
    add(0);
    add(1);
    add(2);
    add(3);
#else
    for (int k = 0; k < 64; ++k) {
        const char c = p[k];
        const quint64 bit = quint64(1) << k;
        m.quote |= c == '"' ? bit : 0;
        m.backslash |= c == '\\' ? bit : 0;
        m.bracket |= c == '{' || c == '}' || c == '[' || c == ']' ? bit : 0;
    }
#endif
    return m;
}

} // namespace

// A batch handed from the producer to the consumer: the buffer it lies in goes with it, and
// comes back to the producer's pool when the consumer asks for the next one.
struct JsonChunksBatch
{
    std::vector<char> buffer;
    qsizetype from = 0; // "[e1,e2]" is buffer[from, from + size)
    qsizetype size = 0;
    qint64 offset = -1; // in the document
    qint64 count = 0;   // elements handed out with this one
};

/*
 * Two sides. The PRODUCER reads the document and scans it for the elements' ends (prefix(),
 * scanElements(), ...: every field from `key` to `count` below is its own); it runs on a
 * thread of its own when the document is larger than a chunk, so that the next batch is read
 * and scanned while the consumer parses this one, and otherwise inline in next(). The
 * CONSUMER is the caller of next(). They meet only under `mutex`: the queue of batches ready,
 * the pool of free buffers, the end (after the last batch), and the stop request.
 */
struct JsonChunksPrivate
{
    // Last: the array has ended, its last batch is still to be handed out.
    enum class Stage { Closed, Prefix, Elements, Last, Done, Failed };
    // Buffers in flight: one the consumer reads, one ready in the queue, one being filled.
    static constexpr int MaxBuffers = 3;

    QByteArray key;
    qsizetype chunkBytes = JsonChunks::DefaultChunkBytes;
    Stage stage = Stage::Closed;
    QString why;
    bool rootArray = false;

    // The source: a file, or memory read chunk by chunk the same way.
    QFile file;
    bool fromFile = false;
    QByteArrayView data;
    qsizetype dataPos = 0;
    bool eof = false;

    // Everything but the array's elements: the prefix is read into it first and scanned there.
    QByteArray rest;
    qsizetype restSize = 0; // rest without its padding, once done
    bool bomChecked = false;
    qsizetype prefixScan = 0;
    int depth = 0; // absolute, while in the prefix
    bool inString = false;
    bool escape = false;
    enum class KeyState { ExpectKey, InKey, AfterKey, ExpectValue, InValue } keyState =
        KeyState::ExpectKey;
    qsizetype keyStart = 0;
    bool keyMatched = false;

    // The chunk buffer: buf[0] is kept free for the '[' of a batch; text is [1, len).
    std::vector<char> buf;
    qsizetype capacity = 0; // text bytes a buffer holds (grown for a large element)
    qsizetype len = 1;
    qsizetype scan = 1;
    qint64 base = 0; // document offset of buf[1]
    // Element scanner state.
    int edepth = 0; // depth inside the current element; 0 between elements
    enum class Between { First, AfterComma, AfterElement } between = Between::First;
    qsizetype elemStart = -1;  // the element in progress
    qsizetype firstStart = -1; // the first element of the batch being gathered
    qsizetype lastEnd = -1;    // just past the last complete element
    std::array<quint64, JsonChunks::MaxDepth / 64 + 1> arrays{}; // bit set: '[' at that depth
    qint64 count = 0;

    // Shared, under `mutex`.
    std::mutex mutex;
    std::condition_variable ready;  // the consumer waits: a batch queued, or the end
    std::condition_variable space;  // the producer waits: a buffer free, or stop
    std::deque<JsonChunksBatch> queue;
    std::vector<std::vector<char>> pool; // free buffers
    int buffers = 1;                     // buffers in flight or free (the producer holds one)
    bool ended = false;                  // the producer is done: stage is Done or Failed
    std::atomic<bool> stop{false};       // the consumer is gone: also read without the lock

    // The consumer's side.
    std::thread producer;
    bool started = false;
    bool threaded = false;
    Stage outcome = Stage::Closed; // Done or Failed once next() returned false at the end
    JsonChunksBatch held;                   // the batch handed out last
    bool heldRootArray = false;
    qint64 documentBytes = -1;

    ~JsonChunksPrivate()
    {
        if (producer.joinable()) {
            {
                std::lock_guard<std::mutex> lock(mutex);
                stop.store(true, std::memory_order_relaxed);
            }
            space.notify_all();
            producer.join();
        }
    }

    bool fail(const QString &message)
    {
        stage = Stage::Failed;
        why = message;
        buf = {};
        rest = {};
        return false;
    }

    /*! Up to `max` bytes from the source into `to`; 0 at the end (eof set), -1 on an error. */
    qint64 read(char *to, qint64 max)
    {
        if (stop.load(std::memory_order_relaxed))
            return -1; // nobody waits for the rest: end as soon as possible
        if (eof || max <= 0)
            return 0;
        qint64 n = 0;
        if (fromFile) {
            n = file.read(to, max);
            if (n < 0)
                return -1;
        } else {
            n = qMin<qint64>(max, data.size() - dataPos);
            if (n > 0) // an empty view may have no data pointer at all
                std::memcpy(to, data.data() + dataPos, size_t(n));
            dataPos += n;
        }
        if (n == 0)
            eof = true;
        return n;
    }

    bool readIntoRest()
    {
        const qsizetype old = rest.size();
        rest.resize(old + chunkBytes);
        const qint64 n = read(rest.data() + old, chunkBytes);
        rest.resize(old + qMax<qint64>(n, 0));
        if (n < 0)
            return fail(QStringLiteral("read error"));
        if (!bomChecked && (rest.size() >= 3 || eof)) {
            bomChecked = true;
            if (rest.startsWith(ByteOrderMark))
                rest.remove(0, 3);
        }
        return true;
    }

    bool prefix();
    void startElements(qsizetype arrayOpen);
    bool scanElements();
    void carryInto(std::vector<char> &to);
    bool readMore();
    bool finish(qsizetype suffixFrom);
    bool takeBuffer(std::vector<char> &to);
    bool publish(bool more);
    bool end();
    bool produce();
    void run();
};

// Scans the document up to the '[' of the array; true once found (stage Elements).
bool JsonChunksPrivate::prefix()
{
    while (!bomChecked) {
        if (!readIntoRest())
            return false;
    }
    for (;;) {
        const char *text = rest.constData();
        const qsizetype size = rest.size();
        for (qsizetype i = prefixScan; i < size; ++i) {
            const char c = text[i];
            if (inString) {
                if (escape) {
                    escape = false;
                } else if (c == '\\') {
                    escape = true;
                } else if (c == '"') {
                    inString = false;
                    if (depth == 1 && keyState == KeyState::InKey) {
                        keyMatched = QByteArrayView(text + keyStart, i - keyStart) == key;
                        keyState = KeyState::AfterKey;
                    }
                }
                continue;
            }
            if (isSpace(c))
                continue;
            if (depth == 0) { // the root value
                if (c == '[') {
                    rootArray = true;
                    startElements(i);
                    return true;
                }
                if (c != '{')
                    return fail(QStringLiteral("the root is neither an object nor an array"));
                depth = 1;
                keyState = KeyState::ExpectKey;
                continue;
            }
            if (depth == 1 && keyState == KeyState::ExpectValue) {
                if (keyMatched) {
                    if (c != '[')
                        return fail(QStringLiteral("the key's value is not an array"));
                    startElements(i);
                    return true;
                }
                keyState = KeyState::InValue;
            }
            switch (c) {
            case '"':
                inString = true;
                if (depth == 1 && keyState == KeyState::ExpectKey) {
                    keyState = KeyState::InKey;
                    keyStart = i + 1;
                }
                break;
            case '{':
            case '[':
                if (++depth > JsonChunks::MaxDepth)
                    return fail(QStringLiteral("nested too deeply"));
                break;
            case '}':
            case ']':
                if (--depth == 0)
                    return fail(QStringLiteral("no array under the key"));
                break;
            case ',':
                if (depth == 1)
                    keyState = KeyState::ExpectKey;
                break;
            case ':':
                if (depth == 1 && keyState == KeyState::AfterKey)
                    keyState = KeyState::ExpectValue;
                break;
            default:
                break;
            }
        }
        prefixScan = size;
        if (eof)
            return fail(QStringLiteral("the document ends before the array"));
        if (!readIntoRest())
            return false;
    }
}

// The array opens at rest[arrayOpen]: what follows moves to the chunk buffer.
void JsonChunksPrivate::startElements(qsizetype arrayOpen)
{
    const qsizetype after = rest.size() - arrayOpen - 1;
    capacity = qMax(chunkBytes, after);
    buf.assign(size_t(capacity + 2 + JsonChunks::Padding), '\0');
    std::memcpy(buf.data() + 1, rest.constData() + arrayOpen + 1, size_t(after));
    len = 1 + after;
    scan = 1;
    base = arrayOpen + 1;
    rest.truncate(arrayOpen + 1);
    rest.squeeze();
    stage = Stage::Elements;
}

// Scans buf[scan, len): false on a failure or at the array's end (stage Last or Done). Inside
// an element it looks at 64 bytes at a time: quotes, backslashes and brackets as bit masks,
// strings as the prefix XOR of their quotes, so only the brackets outside strings are visited
// one by one; between elements it walks the few separator bytes.
bool JsonChunksPrivate::scanElements()
{
    const char *b = buf.data();
    qsizetype i = scan;
    const qsizetype end = len;
    while (i < end) {
        if (edepth > 0) {
            const qsizetype n = qMin<qsizetype>(64, end - i);
            const quint64 valid = n == 64 ? ~quint64(0) : (quint64(1) << n) - 1;
            Masks m = masksOf(b + i); // reads 64 bytes: the buffer has the padding for it
            m.quote &= valid;
            m.backslash &= valid;
            if (m.backslash || escape) {
                // Escaped characters are rare: find them one backslash at a time.
                quint64 escaped = escape ? 1 : 0;
                for (quint64 bs = m.backslash; bs; bs &= bs - 1) {
                    const uint k = qCountTrailingZeroBits(bs);
                    if (!(escaped >> k & 1) && k < 63) // at 63: carried in `escape` below
                        escaped |= quint64(1) << (k + 1);
                }
                const int last = int(n) - 1;
                escape = (m.backslash >> last & 1) && !(escaped >> last & 1);
                m.quote &= ~escaped;
            }
            quint64 strings = m.quote; // prefix XOR: bit k set inside a string
            strings ^= strings << 1;
            strings ^= strings << 2;
            strings ^= strings << 4;
            strings ^= strings << 8;
            strings ^= strings << 16;
            strings ^= strings << 32;
            if (inString)
                strings = ~strings;
            inString = strings >> 63 & 1;
            quint64 brackets = m.bracket & ~strings & valid;
            const qsizetype blockEnd = i + n;
            qsizetype next = blockEnd; // where the next block starts
            while (brackets) {
                const uint k = qCountTrailingZeroBits(brackets);
                brackets &= brackets - 1;
                const char c = b[i + k];
                if (c == '{' || c == '[') {
                    if (edepth >= JsonChunks::MaxDepth)
                        return fail(QStringLiteral("nested too deeply"));
                    quint64 &word = arrays[size_t(edepth / 64)];
                    const quint64 bit = quint64(1) << (edepth % 64);
                    word = c == '[' ? word | bit : word & ~bit;
                    ++edepth;
                    continue;
                }
                --edepth;
                const bool isArray = arrays[size_t(edepth / 64)] >> (edepth % 64) & 1;
                if (isArray != (c == ']'))
                    return fail(QStringLiteral("mismatched brackets"));
                if (edepth > 0)
                    continue;
                // An element ends: its separator and the next element's start are mostly in
                // this block too, and its masks still hold (no quotes in between).
                lastEnd = i + k + 1;
                elemStart = -1;
                between = Between::AfterElement;
                ++count;
                qsizetype pos = lastEnd;
                while (pos < blockEnd && (isSpace(b[pos]) || b[pos] == ',')) {
                    if (b[pos] == ',') {
                        if (between != Between::AfterElement)
                            return fail(QStringLiteral("a comma without an element before it"));
                        between = Between::AfterComma;
                    }
                    ++pos;
                }
                if (pos == blockEnd || (b[pos] != '{' && b[pos] != '[')) {
                    // Between elements past this block, or the array's end: walked below.
                    inString = false;
                    escape = false;
                    next = pos;
                    break;
                }
                if (between != Between::AfterComma)
                    return fail(QStringLiteral("no comma between elements"));
                elemStart = pos;
                if (firstStart < 0)
                    firstStart = pos;
                arrays[0] = b[pos] == '[' ? 1 : 0;
                edepth = 1;
                const uint at = uint(pos - i); // the new element's bracket: no longer to visit
                brackets &= at == 63 ? 0 : ~((quint64(2) << at) - 1);
            }
            i = next;
            continue;
        }
        // Between elements.
        const char c = b[i];
        if (isSpace(c)) {
            ++i;
        } else if (c == '{' || c == '[') {
            if (between == Between::AfterElement)
                return fail(QStringLiteral("no comma between elements"));
            elemStart = i;
            if (firstStart < 0)
                firstStart = i;
            arrays[0] = c == '[' ? 1 : 0;
            edepth = 1;
            inString = false;
            escape = false;
            ++i;
        } else if (c == ',') {
            if (between != Between::AfterElement)
                return fail(QStringLiteral("a comma without an element before it"));
            between = Between::AfterComma;
            ++i;
        } else if (c == ']') {
            if (between == Between::AfterComma)
                return fail(QStringLiteral("a comma before the array's end"));
            scan = i;
            return finish(i);
        } else {
            return fail(QStringLiteral("an element is not an object or an array"));
        }
    }
    scan = end;
    return true;
}

// The array ended at buf[suffixFrom]: the rest of the document goes to rest.
bool JsonChunksPrivate::finish(qsizetype suffixFrom)
{
    rest.append(buf.data() + suffixFrom, len - suffixFrom);
    while (!eof) {
        if (!readIntoRest())
            return false;
    }
    restSize = rest.size();
    rest.append(QByteArray(JsonChunks::Padding, '\0'));
    stage = lastEnd > 0 ? Stage::Last : Stage::Done;
    return false;
}

// Keeps the element in progress (from buf) at to[1]: `to` is buf itself when nothing was
// handed out of it, or a free buffer that takes over from buf after it is.
void JsonChunksPrivate::carryInto(std::vector<char> &to)
{
    const qsizetype keepFrom = elemStart >= 0 ? elemStart : len;
    const qsizetype kept = len - keepFrom;
    if (kept * 2 > capacity) // one element fills the buffer: make room for more of it
        capacity *= 2;
    const size_t size = size_t(capacity + 2 + JsonChunks::Padding);
    if (&to == &buf) {
        if (keepFrom > 1)
            std::memmove(buf.data() + 1, buf.data() + keepFrom, size_t(kept));
        if (buf.size() < size)
            buf.resize(size);
    } else {
        if (to.size() < size)
            to.resize(size);
        if (kept > 0)
            std::memcpy(to.data() + 1, buf.data() + keepFrom, size_t(kept));
    }
    base += keepFrom - 1;
    len = 1 + kept;
    scan = len;
    elemStart = elemStart >= 0 ? 1 : -1;
    firstStart = elemStart;
    lastEnd = -1;
}

// Fills buf after what it holds.
bool JsonChunksPrivate::readMore()
{
    const qint64 n = read(buf.data() + len, capacity - (len - 1));
    if (n < 0)
        return fail(QStringLiteral("read error"));
    len += n;
    return true;
}

// A free buffer (waits for the consumer to give one back when all are in flight); false when
// the consumer is gone.
bool JsonChunksPrivate::takeBuffer(std::vector<char> &to)
{
    std::unique_lock<std::mutex> lock(mutex);
    space.wait(lock, [&] {
        return stop.load(std::memory_order_relaxed) || !pool.empty() || buffers < MaxBuffers;
    });
    if (stop.load(std::memory_order_relaxed))
        return false;
    if (!pool.empty()) {
        to = std::move(pool.back());
        pool.pop_back();
    } else {
        ++buffers;
    }
    return true;
}

// Hands out buf[firstStart, lastEnd) as a batch; `more`: the array goes on, so the element in
// progress moves to a free buffer, which is then filled.
bool JsonChunksPrivate::publish(bool more)
{
    std::vector<char> next;
    if (more) {
        if (!takeBuffer(next))
            return fail(QStringLiteral("stopped"));
    }
    JsonChunksBatch batch;
    batch.from = firstStart - 1;
    batch.size = lastEnd - firstStart + 2;
    batch.offset = base + firstStart - 1;
    batch.count = count;
    buf[size_t(firstStart - 1)] = '[';
    buf[size_t(lastEnd)] = ']'; // a separator, or the padding: the element in progress is after
    if (more)
        carryInto(next);
    batch.buffer = std::move(buf);
    buf = std::move(next);
    {
        std::lock_guard<std::mutex> lock(mutex);
        queue.push_back(std::move(batch));
    }
    ready.notify_one();
    return !more || readMore();
}

// After the last batch: the stage (Done or Failed) is final.
bool JsonChunksPrivate::end()
{
    {
        std::lock_guard<std::mutex> lock(mutex);
        ended = true;
    }
    ready.notify_one();
    return false;
}

// Queues the next batch, or the end; false after the end.
bool JsonChunksPrivate::produce()
{
    if (stage == Stage::Prefix && !prefix())
        return end();
    if (stage != Stage::Elements)
        return end();
    for (;;) {
        if (!scanElements() && stage != Stage::Last)
            return end();
        if (stage == Stage::Last) {
            publish(false);
            stage = Stage::Done;
            return end();
        }
        if (lastEnd > 0)
            return publish(true) || end();
        if (eof) {
            fail(QStringLiteral("the document ends inside the array"));
            return end();
        }
        carryInto(buf);
        if (!readMore())
            return end();
    }
}

void JsonChunksPrivate::run()
{
    while (produce()) {
    }
}

JsonChunks::JsonChunks(QByteArrayView arrayKey, qsizetype chunkBytes)
    : d(std::make_unique<JsonChunksPrivate>())
{
    d->key = arrayKey.toByteArray();
    d->chunkBytes = qMax<qsizetype>(chunkBytes, 1);
}

JsonChunks::~JsonChunks() = default;

bool JsonChunks::openFile(const QString &path)
{
    if (QFileInfo(path).isDir())
        return false;
    d->file.setFileName(path);
    if (!d->file.open(QIODevice::ReadOnly))
        return false;
    if (d->file.isSequential()) { // a pipe: the caller's fallback could not read it again
        d->file.close();
        return false;
    }
    d->fromFile = true;
    d->documentBytes = d->file.size();
    d->stage = JsonChunksPrivate::Stage::Prefix;
    return true;
}

void JsonChunks::openData(QByteArrayView data)
{
    d->data = data;
    d->fromFile = false;
    d->documentBytes = data.size();
    d->stage = JsonChunksPrivate::Stage::Prefix;
}

bool JsonChunks::next(QByteArrayView &batch)
{
    using Stage = JsonChunksPrivate::Stage;
    if (d->outcome != Stage::Closed)
        return false; // ended before
    if (!d->started) {
        if (d->stage != Stage::Prefix)
            return false; // not opened
        d->started = true;
        // A document of one chunk has nothing to read while the consumer parses.
        d->threaded = d->documentBytes > d->chunkBytes;
        if (d->threaded)
            d->producer = std::thread([p = d.get()] { p->run(); });
    }
    std::unique_lock<std::mutex> lock(d->mutex);
    if (!d->held.buffer.empty()) { // the last batch is done with: its buffer is free again
        d->pool.push_back(std::move(d->held.buffer));
        d->held.buffer = {};
        d->space.notify_one();
    }
    if (d->threaded) {
        d->ready.wait(lock, [&] { return !d->queue.empty() || d->ended; });
    } else {
        while (d->queue.empty() && !d->ended) {
            lock.unlock();
            d->produce();
            lock.lock();
        }
    }
    if (d->queue.empty()) { // the end: everything the producer wrote is the consumer's now
        d->outcome = d->stage == Stage::Done ? Stage::Done : Stage::Failed;
        d->heldRootArray = d->rootArray;
        lock.unlock();
        if (d->producer.joinable())
            d->producer.join();
        return false;
    }
    d->held = std::move(d->queue.front());
    d->queue.pop_front();
    d->heldRootArray = d->rootArray; // written before the first batch was queued
    lock.unlock();
    batch = QByteArrayView(d->held.buffer.data() + d->held.from, d->held.size);
    return true;
}

bool JsonChunks::failed() const
{
    return d->outcome == JsonChunksPrivate::Stage::Failed;
}

QString JsonChunks::failure() const
{
    return failed() ? d->why : QString();
}

bool JsonChunks::rootIsArray() const
{
    return d->heldRootArray;
}

QByteArrayView JsonChunks::rest() const
{
    if (d->outcome != JsonChunksPrivate::Stage::Done)
        return {};
    return QByteArrayView(d->rest.constData(), d->restSize);
}

qint64 JsonChunks::documentSize() const
{
    return d->documentBytes;
}

qint64 JsonChunks::elementCount() const
{
    return d->outcome != JsonChunksPrivate::Stage::Closed ? d->count : d->held.count;
}

qint64 JsonChunks::batchOffset() const
{
    return d->held.offset;
}

qsizetype JsonChunks::bufferBytes() const
{
    return qsizetype(d->held.buffer.size());
}

} // namespace Taskline
