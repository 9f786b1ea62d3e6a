#include "taskbatchreader_p.h"

#include "plan.h"
#include "scenariorules.h"
#include "scenariorules_p.h"

#include <array>
#include <charconv>
#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace Taskline {

using namespace Rules;

namespace {

constexpr quint32 bit(Field f)
{
    return 1u << int(f);
}

constexpr quint64 SpaceBits = (1ull << ' ') | (1ull << '\n') | (1ull << '\r') | (1ull << '\t');

struct ByteClasses
{
    std::array<bool, 256> plain{}; // in a string: printable ASCII but '"' and '\'
    std::array<bool, 256> id{};    // in an id: [A-Za-z0-9_.-]
    constexpr ByteClasses()
    {
        for (int c = 0; c < 256; ++c) {
            plain[size_t(c)] = c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
            id[size_t(c)] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
        }
    }
};
constexpr ByteClasses Classes;

// A short text and its closing quote, matched with two 8-byte compares: batches have padding
// after them (JsonChunks::Padding), so 16 bytes can always be read.
struct Literal
{
    quint64 text[2] = {0, 0};
    quint64 mask[2] = {0, 0};
    int size = 0; // with the quote

    static Literal of(std::string_view text)
    {
        Literal l;
        const std::string quoted = std::string(text) + '"';
        l.size = int(quoted.size());
        Q_ASSERT(l.size <= 16);
        char bytes[16] = {};
        char ones[16] = {};
        std::memcpy(bytes, quoted.data(), quoted.size());
        std::memset(ones, 0xff, quoted.size());
        std::memcpy(l.text, bytes, 16);
        std::memcpy(l.mask, ones, 16);
        return l;
    }

    bool at(const char *p) const
    {
        quint64 w[2];
        std::memcpy(w, p, 16);
        return (((w[0] ^ text[0]) & mask[0]) | ((w[1] ^ text[1]) & mask[1])) == 0;
    }
};

// The task keys by first letter, each with its rule: a key is found with one or two literal
// compares, never a walk through the names.
class KeyTable
{
public:
    struct Key
    {
        Literal literal;
        Field field;
        Rule rule;
    };

    KeyTable()
    {
        for (int f = 0; f < FieldCount; ++f) {
            const Rule &r = rule(Field(f));
            m_keys[size_t(f)] = Key{Literal::of(r.key), Field(f), r};
            const uchar first = uchar(r.key.front());
            Q_ASSERT(m_count[first] < MaxPerLetter);
            m_byFirst[first][size_t(m_count[first]++)] = qint8(f);
        }
        for (int k = 0; k < TaskKindCount; ++k)
            m_kinds[size_t(k)] = Literal::of(kindName(TaskKind(k)).toStdString());
        for (int s = 0; s < 4; ++s)
            m_shapes[size_t(s)] = Literal::of(shapeName(TaskShape(s)).toStdString());
    }

    /*! The key starting at p (just past its opening quote), p moved past its closing quote. */
    Q_ALWAYS_INLINE const Key *find(const char *&p) const
    {
        const uchar first = uchar(*p);
        if (Q_LIKELY(m_count[first] == 1)) { // most letters begin one key
            const Key &k = m_keys[size_t(m_byFirst[first][0])];
            if (!k.literal.at(p))
                return nullptr;
            p += k.literal.size;
            return &k;
        }
        for (int i = 0; i < m_count[first]; ++i) {
            const Key &k = m_keys[size_t(m_byFirst[first][size_t(i)])];
            if (k.literal.at(p)) {
                p += k.literal.size;
                return &k;
            }
        }
        return nullptr;
    }

    /*! The kind or shape named at p (just past the opening quote); -1 for none. */
    Q_ALWAYS_INLINE int name(const char *&p, Field field) const
    {
        const Literal *names = field == Field::Kind ? m_kinds.data() : m_shapes.data();
        const int n = field == Field::Kind ? TaskKindCount : 4;
        for (int i = 0; i < n; ++i) {
            if (names[i].at(p)) {
                p += names[i].size;
                return i;
            }
        }
        return -1;
    }

private:
    static constexpr int MaxPerLetter = 4;
    std::array<Key, FieldCount> m_keys{};
    std::array<std::array<qint8, MaxPerLetter>, 256> m_byFirst{};
    std::array<quint8, 256> m_count{};
    std::array<Literal, TaskKindCount> m_kinds{};
    std::array<Literal, 4> m_shapes{};
};

// p is just past the opening quote. Escapes, control characters and non-ASCII bytes are left
// to the general parser.
Q_ALWAYS_INLINE bool readString(const char *&p, const char *end, std::string_view &out)
{
    const char *start = p;
#if defined(__SSE2__)
    // 16 bytes at a time (the padding after a batch makes the reads safe).
    while (p < end) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
        const __m128i escape = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
        const __m128i low = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)); // and every byte >= 0x80
        const int stops = _mm_movemask_epi8(_mm_or_si128(quote, _mm_or_si128(escape, low)));
        if (stops != 0) {
            p += __builtin_ctz(unsigned(stops));
            break;
        }
        p += 16;
    }
#else
    while (p < end && Classes.plain[uchar(*p)])
        ++p;
#endif
    if (p >= end || *p != '"')
        return false;
    out = std::string_view(start, size_t(p - start));
    ++p;
    return true;
}

// An id ([A-Za-z0-9_.-]+) and its closing quote, p just past the opening quote; anything else
// (an empty id, an escape, any other byte) is the general parser's.
Q_ALWAYS_INLINE bool readId(const char *&p, const char *end, std::string_view &out)
{
    const char *start = p;
#if defined(__SSE2__)
    // x in [lo, lo + n) as one signed compare: (x - lo - 128) < n - 128.
    const auto in = [](__m128i v, char lo, char n) {
        return _mm_cmplt_epi8(_mm_sub_epi8(v, _mm_set1_epi8(char(lo + 128))),
                              _mm_set1_epi8(char(n - 128)));
    };
    while (p < end) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const __m128i letter = in(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 26);
        const __m128i digit = in(v, '0', 10);
        const __m128i punct = _mm_or_si128(
            _mm_cmpeq_epi8(v, _mm_set1_epi8('_')),
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')), _mm_cmpeq_epi8(v, _mm_set1_epi8('-'))));
        const unsigned stops =
            ~unsigned(_mm_movemask_epi8(_mm_or_si128(letter, _mm_or_si128(digit, punct)))) & 0xffffu;
        if (stops != 0) {
            p += __builtin_ctz(stops);
            break;
        }
        p += 16;
    }
#else
    while (p < end && Classes.id[uchar(*p)])
        ++p;
#endif
    if (p >= end || *p != '"' || p == start)
        return false;
    out = std::string_view(start, size_t(p - start));
    ++p;
    return true;
}

constexpr double Powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                             1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                             1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

Q_ALWAYS_INLINE bool isDigit(char c)
{
    return unsigned(c - '0') < 10;
}

// A number in JSON's grammar. The common short decimals are computed exactly (a mantissa below
// 2^53 and a power of ten up to 10^22 give a correctly rounded quotient, as simdjson's is);
// the rest goes through from_chars, also correctly rounded. The batch ends with ']', so the
// digit loops stop inside it.
Q_ALWAYS_INLINE bool readDouble(const char *&p, const char *end, double &out)
{
    const char *start = p;
    const bool negative = *p == '-';
    p += negative;
    const char *first = p;
    quint64 mantissa = 0;
    while (isDigit(*p))
        mantissa = mantissa * 10 + quint64(*p++ - '0');
    qsizetype digits = p - first;
    if (digits == 0 || (*first == '0' && digits > 1))
        return false;
    if (*p == '.') {
        const char *dot = ++p;
        while (isDigit(*p))
            mantissa = mantissa * 10 + quint64(*p++ - '0');
        const qsizetype fraction = p - dot;
        if (fraction == 0)
            return false;
        digits += fraction;
        if (Q_LIKELY(digits <= 15 && (*p | 0x20) != 'e')) {
            const double value = double(mantissa) / Powers[fraction];
            out = negative ? -value : value;
            return true;
        }
    } else if (Q_LIKELY(digits <= 15 && (*p | 0x20) != 'e')) {
        const double value = double(mantissa);
        out = negative ? -value : value;
        return true;
    }
    if ((*p | 0x20) == 'e') {
        ++p;
        if (*p == '+' || *p == '-')
            ++p;
        if (!isDigit(*p))
            return false;
        while (isDigit(*p))
            ++p;
    }
    if (p > end)
        return false;
    const auto [ptr, ec] = std::from_chars(start, p, out);
    return ec == std::errc() && ptr == p;
}

// Digits only, as an integer rule's value is usually written; 2.0 or 1e3 go the general way.
Q_ALWAYS_INLINE bool readInteger(const char *&p, qint64 &out)
{
    const bool negative = *p == '-';
    p += negative;
    const char *first = p;
    qint64 value = 0;
    while (isDigit(*p) && p - first < 18)
        value = value * 10 + (*p++ - '0');
    if (p == first || (*first == '0' && p - first > 1))
        return false;
    if (isDigit(*p) || *p == '.' || (*p | 0x20) == 'e')
        return false;
    out = negative ? -value : value;
    return true;
}

Q_ALWAYS_INLINE bool inRange(const Rule &r, double value)
{
    return (r.minExclusive ? value > r.min : value >= r.min) && value <= r.max;
}

// JSON's white space, the common single space or none first. The batch ends with ']', so the
// loop stops inside it.
// Returns where the white space ends (a pointer, not a reference: the caller's cursor stays
// in a register).
Q_NEVER_INLINE const char *skipMoreSpace(const char *p)
{
#if defined(__SSE2__)
    // 16 bytes at a time: a line break and an indent between two tasks is one step.
    for (;;) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const __m128i space = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))));
        const unsigned other = ~unsigned(_mm_movemask_epi8(space)) & 0xffffu;
        if (other != 0)
            return p + __builtin_ctz(other);
        p += 16;
    }
#else
    while (uchar(*p) <= ' ' && (SpaceBits >> uchar(*p) & 1))
        ++p;
    return p;
#endif
}

Q_ALWAYS_INLINE void skipSpace(const char *&p)
{
    if (*p == ' ')
        ++p;
    if (Q_UNLIKELY(uchar(*p) <= ' '))
        p = skipMoreSpace(p);
}

// The fields that send a task to TaskList's side table when set to other than their default.
constexpr quint32 RareFields = bit(Field::StartMs) | bit(Field::StaggerMs) | bit(Field::FailRate) |
                               bit(Field::Error) | bit(Field::Retries) | bit(Field::RetryDelayMs) |
                               bit(Field::TimeoutMs) | bit(Field::Bytes) | bit(Field::Weight) |
                               bit(Field::Shape);

} // namespace

bool TaskBatchReader::read(QByteArrayView batch)
{
    const char *p = batch.data();
    const char *end = p + batch.size();
    // The loops below stop at the final ']' without checking `end` at every byte.
    if (batch.size() < 2 || *p != '[' || end[-1] != ']')
        return false;
    ++p;
    m_tasks.beginBatch(batch.size()); // the batch's strings cannot outnumber its bytes
    struct EndBatch
    {
        TaskList &tasks;
        ~EndBatch() { tasks.endBatch(); }
    } endBatch{m_tasks};
    for (;;) {
        skipSpace(p);
        if (!readTask(p, end))
            return false;
        if (Q_UNLIKELY(*p != ','))
            skipSpace(p);
        if (*p == ',') {
            ++p;
            continue;
        }
        if (*p == ']' && p + 1 == end)
            return true;
        return false;
    }
}

bool TaskBatchReader::readTask(const char *&cursor, const char *end)
{
    static const KeyTable keys;
    // A local cursor, never passed by address to a call that is not inlined: the caller's,
    // a reference, would be stored and reloaded around every write of a byte (a char may
    // alias it).
    const char *p = cursor;
    if (*p != '{')
        return false;
    ++p;
    TaskParams t;
    std::string_view id, error;
    quint32 seen = 0;
    for (;;) {
        skipSpace(p);
        if (*p != '"')
            return false;
        ++p;
        const KeyTable::Key *key = keys.find(p);
        if (!key || (seen & bit(key->field)))
            return false;
        seen |= bit(key->field);
        if (*p == ':') { // the common "key": value
            ++p;
        } else {
            skipSpace(p);
            if (*p != ':')
                return false;
            ++p;
        }
        skipSpace(p);
        const Rule &r = key->rule;
        double number = 0;
        qint64 integer = 0;
        switch (r.type) { // the value's type first: one copy of each reader
        case Type::Number:
            if (!readDouble(p, end, number) || !inRange(r, number))
                return false;
            break;
        case Type::Integer:
            if (!readInteger(p, integer) || !inRange(r, double(integer)))
                return false;
            break;
        default:
            break;
        }
        switch (key->field) {
        case Field::Id:
            if (*p != '"')
                return false;
            ++p;
            if (!readId(p, end, id))
                return false;
            break;
        case Field::Kind:
        case Field::Shape: {
            if (*p != '"')
                return false;
            ++p;
            const int value = keys.name(p, key->field);
            if (value < 0)
                return false;
            if (key->field == Field::Kind)
                t.kind = TaskKind(value);
            else
                t.shape = TaskShape(value);
            break;
        }
        case Field::After:
            if (*p != '[')
                return false;
            ++p;
            skipSpace(p);
            if (*p == ']') {
                ++p;
                break;
            }
            for (;;) {
                std::string_view name;
                if (*p != '"')
                    return false;
                ++p;
                if (!readString(p, end, name))
                    return false;
                m_tasks.addAfterUtf8(name);
                skipSpace(p);
                if (*p == ']') {
                    ++p;
                    break;
                }
                if (*p != ',')
                    return false;
                ++p;
                skipSpace(p);
            }
            break;
        case Field::Error:
            if (*p != '"')
                return false;
            ++p;
            if (!readString(p, end, error))
                return false;
            break;
        case Field::DurationMs:
            t.durationMs = number;
            break;
        case Field::StartMs:
            t.startMs = number;
            break;
        case Field::StaggerMs:
            t.staggerMs = number;
            break;
        case Field::Jitter:
            t.jitter = number;
            break;
        case Field::FailRate:
            t.failRate = number;
            break;
        case Field::RetryDelayMs:
            t.retryDelayMs = number;
            break;
        case Field::TimeoutMs:
            t.timeoutMs = number;
            break;
        case Field::Weight:
            t.weight = number;
            break;
        case Field::Count:
            t.count = quint32(integer);
            break;
        case Field::Retries:
            t.retries = int(integer);
            break;
        case Field::Bytes:
            t.bytes = integer;
            break;
        case Field::Priority:
            t.priority = int(integer);
            break;
        }
        if (Q_UNLIKELY(*p != ',' && *p != '}'))
            skipSpace(p);
        if (*p == ',') {
            ++p;
            continue;
        }
        if (*p == '}')
            break;
        return false;
    }
    ++p;
    if (p > end)
        return false;
    cursor = p;

    // TaskParser::finish's checks; a task that fails one is the general parser's to explain.
    if (!(seen & bit(Field::Id)))
        return false;
    if (t.kind == TaskKind::File) {
        if (!(seen & bit(Field::Bytes)))
            return false;
        if (!(seen & bit(Field::DurationMs))) {
            t.hasDuration = false;
            t.durationMs = estimatedFileMs(t.bytes);
        }
    } else if ((seen & bit(Field::Bytes)) || !(seen & bit(Field::DurationMs))) {
        return false;
    }
    t.fanOut = (seen & bit(Field::Count)) != 0;
    m_expanded += t.count;
    if (m_expanded > MaxExpandedTasks)
        return false;
    if (Q_LIKELY(!(seen & RareFields))) {
        m_tasks.appendUtf8Common(t, id);
        return true;
    }
    m_tasks.appendUtf8(t, id,
                       error.empty() ? QString()
                                     : QString::fromLatin1(error.data(), qsizetype(error.size())));
    return true;
}

} // namespace Taskline
