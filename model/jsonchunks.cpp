#include "jsonchunks.h"

#include <QFile>
#include <QFileInfo>

#include <array>
#include <cstring>
#include <vector>

namespace Taskline {

namespace {

constexpr char ByteOrderMark[] = "\xEF\xBB\xBF";

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

// Bytes the element scanner can step over without a look: in a string, all but '"' and '\';
// outside strings, all but quotes and brackets.
struct ByteClasses
{
    std::array<bool, 256> plainInString{};
    std::array<bool, 256> plainOutside{};
    constexpr ByteClasses()
    {
        for (int c = 0; c < 256; ++c) {
            plainInString[size_t(c)] = c != '"' && c != '\\';
            plainOutside[size_t(c)] = c != '"' && c != '{' && c != '}' && c != '[' && c != ']';
        }
    }
};
constexpr ByteClasses Classes;

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

// Scans buf[scan, len): false on a failure or at the array's end (stage Last or Done).
bool JsonChunksPrivate::scanElements()
{
    char *b = buf.data();
    qsizetype i = scan;
    const qsizetype end = len;
    while (i < end) {
        if (inString) {
            if (escape) {
                escape = false;
                ++i;
                continue;
            }
            while (i < end && Classes.plainInString[uchar(b[i])])
                ++i;
            if (i == end)
                break;
            if (b[i] == '\\')
                escape = true;
            else
                inString = false;
            ++i;
            continue;
        }
        if (edepth > 0) {
            while (i < end && Classes.plainOutside[uchar(b[i])])
                ++i;
            if (i == end)
                break;
            const char c = b[i++];
            if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (edepth >= JsonChunks::MaxDepth)
                    return fail(QStringLiteral("nested too deeply"));
                quint64 &word = arrays[size_t(edepth / 64)];
                const quint64 bit = quint64(1) << (edepth % 64);
                word = c == '[' ? word | bit : word & ~bit;
                ++edepth;
            } else {
                --edepth;
                const bool isArray = arrays[size_t(edepth / 64)] >> (edepth % 64) & 1;
                if (isArray != (c == ']'))
                    return fail(QStringLiteral("mismatched brackets"));
                if (edepth == 0) {
                    lastEnd = i;
                    elemStart = -1;
                    between = Between::AfterElement;
                    ++count;
                }
            }
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
