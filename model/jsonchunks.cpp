#include "jsonchunks.h"

#include <QFile>
#include <QFileInfo>
#include <QtAlgorithms>

#include <array>
#include <cstring>
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

struct JsonChunksPrivate
{
    // Last: the array has ended, its last batch is still to be handed out.
    enum class Stage { Closed, Prefix, Elements, Last, Done, Failed };

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
    qsizetype capacity = 0; // text bytes it holds
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
    bool handedOut = false;                                        // a batch is out: compact first
    qint64 count = 0;
    qint64 batchOffset = -1;

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
    bool compact();
    bool finish(qsizetype suffixFrom);
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

// Drops what was handed out, keeps the element in progress at buf[1], reads more.
bool JsonChunksPrivate::compact()
{
    const qsizetype keepFrom = elemStart >= 0 ? elemStart : len;
    const qsizetype kept = len - keepFrom;
    if (keepFrom > 1) {
        std::memmove(buf.data() + 1, buf.data() + keepFrom, size_t(kept));
        base += keepFrom - 1;
    }
    len = 1 + kept;
    scan = len;
    elemStart = elemStart >= 0 ? 1 : -1;
    firstStart = elemStart;
    lastEnd = -1;
    if (kept * 2 > capacity) { // one element fills the buffer: make room for more of it
        capacity *= 2;
        buf.resize(size_t(capacity + 2 + JsonChunks::Padding));
    }
    const qint64 n = read(buf.data() + len, capacity - kept);
    if (n < 0)
        return fail(QStringLiteral("read error"));
    len += n;
    return true;
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
    d->stage = JsonChunksPrivate::Stage::Prefix;
    return true;
}

void JsonChunks::openData(QByteArrayView data)
{
    d->data = data;
    d->fromFile = false;
    d->stage = JsonChunksPrivate::Stage::Prefix;
}

bool JsonChunks::next(QByteArrayView &batch)
{
    using Stage = JsonChunksPrivate::Stage;
    if (d->stage == Stage::Prefix && !d->prefix())
        return false;
    if (d->stage != Stage::Elements)
        return false;
    if (d->handedOut && !d->compact())
        return false;
    d->handedOut = false;
    for (;;) {
        if (!d->scanElements() && d->stage != Stage::Last)
            return false;
        if (d->stage == Stage::Last) {
            d->stage = Stage::Done;
            break;
        }
        if (d->lastEnd > 0)
            break;
        if (d->eof)
            return d->fail(QStringLiteral("the document ends inside the array"));
        if (!d->compact())
            return false;
    }
    char *b = d->buf.data();
    b[d->firstStart - 1] = '[';
    b[d->lastEnd] = ']';
    batch = QByteArrayView(b + d->firstStart - 1, d->lastEnd - d->firstStart + 2);
    d->batchOffset = d->base + d->firstStart - 1;
    d->handedOut = true;
    return true;
}

bool JsonChunks::failed() const
{
    return d->stage == JsonChunksPrivate::Stage::Failed;
}

QString JsonChunks::failure() const
{
    return d->why;
}

bool JsonChunks::rootIsArray() const
{
    return d->rootArray;
}

QByteArrayView JsonChunks::rest() const
{
    if (d->stage != JsonChunksPrivate::Stage::Done)
        return {};
    return QByteArrayView(d->rest.constData(), d->restSize);
}

qint64 JsonChunks::documentSize() const
{
    if (d->fromFile)
        return d->file.size();
    return d->stage == JsonChunksPrivate::Stage::Closed ? -1 : d->data.size();
}

qint64 JsonChunks::elementCount() const
{
    return d->count;
}

qint64 JsonChunks::batchOffset() const
{
    return d->batchOffset;
}

qsizetype JsonChunks::bufferBytes() const
{
    return qsizetype(d->buf.size());
}

} // namespace Taskline
