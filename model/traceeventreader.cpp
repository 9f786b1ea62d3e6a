#include "traceeventreader.h"

#include "chrometrace_p.h"

#include <QHashFunctions>
#include <QtEndian>
#include <QtAlgorithms>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace Taskline::ChromeTrace {

namespace {

// An async id as a number where it is one: Chrome writes numeric ids as hex strings.
bool numericId(std::string_view text, quint64 &id)
{
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        text.remove_prefix(2);
        base = 16;
    }
    if (text.empty() || text.size() > (base == 16 ? 16u : 19u))
        return false;
    quint64 value = 0;
    for (const char c : text) {
        int digit = -1;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (base == 16 && c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else if (base == 16 && c >= 'A' && c <= 'F')
            digit = c - 'A' + 10;
        if (digit < 0)
            return false;
        value = value * quint64(base) + quint64(digit);
    }
    id = value;
    return true;
}

// The end of the JSON value starting at `begin` (an object or array), found by counting
// brackets outside strings; -1 if it does not end.
qint64 valueEnd(QByteArrayView data, qint64 begin)
{
    int depth = 0;
    bool inString = false;
    for (qint64 i = begin; i < data.size(); ++i) {
        const char c = data[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            return i + 1;
        }
    }
    return -1;
}

} // namespace

// ---- The fast path's reader: a strict JSON reader over a JsonChunks batch ----
//
// It takes less than JsonReader does, never more: what it cannot read exactly as JsonReader
// would (numbers beyond 19 digits, -0, a double beyond the fast conversion's reach that
// from_chars will not take, a lone surrogate, ...) is an error, and the caller reads the
// whole document with JsonReader instead.

namespace {

enum ByteClass : quint8 { Plain, Quote, Backslash, Control, High };

struct StringClasses
{
    std::array<quint8, 256> of{};
    constexpr StringClasses()
    {
        for (int c = 0; c < 256; ++c) {
            of[size_t(c)] = c == '"'    ? Quote
                            : c == '\\' ? Backslash
                            : c < 0x20  ? Control
                            : c >= 0x80 ? High
                                        : Plain;
        }
    }
};
constexpr StringClasses Classes;

bool isDigit(char c)
{
    return uchar(c - '0') < 10;
}

template <size_t N> int indexOf(const std::array<QByteArray, N> &names, std::string_view text)
{
    for (size_t k = 0; k < N; ++k) {
        if (QByteArrayView(text.data(), qsizetype(text.size())) == names[k])
            return int(k);
    }
    return -1;
}

const std::array<QByteArray, 4> &kindNames()
{
    static const std::array<QByteArray, 4> names = [] {
        std::array<QByteArray, 4> n;
        for (size_t k = 0; k < n.size(); ++k)
            n[k] = kindName(TaskKind(k)).toUtf8();
        return n;
    }();
    return names;
}

const std::array<QByteArray, AttemptStatusCount> &statusNames()
{
    static const std::array<QByteArray, AttemptStatusCount> names = [] {
        std::array<QByteArray, AttemptStatusCount> n;
        for (size_t k = 0; k < n.size(); ++k)
            n[k] = statusName(AttemptStatus(k)).toUtf8();
        return n;
    }();
    return names;
}

// A key compared with a literal: inlined to a load or two, where operator== calls memcmp.
template <size_t N> bool is(std::string_view key, const char (&word)[N])
{
    return key.size() == N - 1 && std::memcmp(key.data(), word, N - 1) == 0;
}

constexpr double Powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                             1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                             1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

void appendUtf8(std::string &out, quint32 code)
{
    if (code < 0x80) {
        out += char(code);
    } else if (code < 0x800) {
        out += char(0xC0 | (code >> 6));
        out += char(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += char(0xE0 | (code >> 12));
        out += char(0x80 | ((code >> 6) & 0x3F));
        out += char(0x80 | (code & 0x3F));
    } else {
        out += char(0xF0 | (code >> 18));
        out += char(0x80 | ((code >> 12) & 0x3F));
        out += char(0x80 | ((code >> 6) & 0x3F));
        out += char(0x80 | (code & 0x3F));
    }
}

} // namespace

class BatchReader
{
public:
    const char *p = nullptr;
    const char *end = nullptr;
    bool error = false;
    std::deque<std::string> unescaped; // the current element's strings that had escapes

    bool fail()
    {
        error = true;
        return false;
    }

    void ws()
    {
        // Mostly there is none: one compare (the batch has readable padding at its end).
        if (uchar(*p) > ' ')
            return;
        const char *q = p;
        while (q < end && (*q == ' ' || *q == '\n' || *q == '\r' || *q == '\t'))
            ++q;
        p = q;
    }

    // One UTF-8 sequence at p (RFC 3629: no overlong forms, surrogates or code points past
    // U+10FFFF), appended to `out` if given.
    bool utf8(std::string *out)
    {
        const auto b = [&](ptrdiff_t k) { return p + k < end ? uchar(p[k]) : 0u; };
        const uint c = b(0);
        const auto cont = [&](ptrdiff_t k) { return (b(k) & 0xC0) == 0x80; };
        int n = 0;
        if (c >= 0xC2 && c <= 0xDF)
            n = cont(1) ? 2 : 0;
        else if (c == 0xE0)
            n = b(1) >= 0xA0 && b(1) <= 0xBF && cont(2) ? 3 : 0;
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
            n = cont(1) && cont(2) ? 3 : 0;
        else if (c == 0xED)
            n = b(1) >= 0x80 && b(1) <= 0x9F && cont(2) ? 3 : 0;
        else if (c == 0xF0)
            n = b(1) >= 0x90 && b(1) <= 0xBF && cont(2) && cont(3) ? 4 : 0;
        else if (c >= 0xF1 && c <= 0xF3)
            n = cont(1) && cont(2) && cont(3) ? 4 : 0;
        else if (c == 0xF4)
            n = b(1) >= 0x80 && b(1) <= 0x8F && cont(2) && cont(3) ? 4 : 0;
        if (n == 0)
            return fail();
        if (out)
            out->append(p, size_t(n));
        p += n;
        return true;
    }

    bool hex4(quint32 &value)
    {
        if (end - p < 4)
            return fail();
        value = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = p[k];
            const int digit = isDigit(c)              ? c - '0'
                              : c >= 'a' && c <= 'f' ? c - 'a' + 10
                              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                     : -1;
            if (digit < 0)
                return fail();
            value = value * 16 + quint32(digit);
        }
        p += 4;
        return true;
    }

    // The rest of a string with escapes, from p (at a backslash); `begin` is after the quote.
    bool unescape(const char *begin, std::string_view &out)
    {
        std::string &text = unescaped.emplace_back(begin, size_t(p - begin));
        for (;;) {
            if (p >= end)
                return fail();
            const quint8 c = Classes.of[uchar(*p)];
            if (c == Plain) {
                text += *p++;
            } else if (c == Quote) {
                ++p;
                out = text;
                return true;
            } else if (c == High) {
                if (!utf8(&text))
                    return false;
            } else if (c == Control) {
                return fail();
            } else {
                if (++p >= end)
                    return fail();
                const char e = *p++;
                switch (e) {
                case '"':
                case '\\':
                case '/':
                    text += e;
                    break;
                case 'b':
                    text += '\b';
                    break;
                case 'f':
                    text += '\f';
                    break;
                case 'n':
                    text += '\n';
                    break;
                case 'r':
                    text += '\r';
                    break;
                case 't':
                    text += '\t';
                    break;
                case 'u': {
                    quint32 code = 0;
                    if (!hex4(code))
                        return false;
                    if (code >= 0xDC00 && code <= 0xDFFF)
                        return fail();
                    if (code >= 0xD800 && code <= 0xDBFF) {
                        quint32 low = 0;
                        if (end - p < 2 || p[0] != '\\' || p[1] != 'u')
                            return fail();
                        p += 2;
                        if (!hex4(low) || low < 0xDC00 || low > 0xDFFF)
                            return fail();
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                    }
                    appendUtf8(text, code);
                    break;
                }
                default:
                    return fail();
                }
            }
        }
    }

    // A string at p (its opening quote): a view into the batch, or into `unescaped`.
    bool string(std::string_view &out)
    {
        const char *begin = ++p;
        for (;;) {
            skipPlain();
            if (p >= end)
                return fail();
            switch (Classes.of[uchar(*p)]) {
            case Quote:
                out = std::string_view(begin, size_t(p - begin));
                ++p;
                return true;
            case Backslash:
                return unescape(begin, out);
            case High:
                if (!utf8(nullptr))
                    return false;
                break;
            default:
                return fail();
            }
        }
    }

    // Steps over plain string bytes, 16 at a time where it can (the batch's padding makes
    // reading past its end safe; what is found there is checked against `end`).
    void skipPlain()
    {
#if defined(__SSE2__)
        const char *q = p;
        while (q < end) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(q));
            const __m128i special =
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                          _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                             _mm_cmplt_epi8(v, _mm_set1_epi8(' '))); // and bytes >= 0x80
            const uint mask = uint(_mm_movemask_epi8(special));
            if (mask) {
                q += qCountTrailingZeroBits(mask);
                break;
            }
            q += 16;
        }
        p = q;
#else
        while (p < end && Classes.of[uchar(*p)] == Plain)
            ++p;
#endif
    }

    // Most numbers are small non-negative integers: read here without the general case's cost.
    bool number(JsonNumber &out)
    {
        const char *q = p; // a local cursor: stores through `p` would be kept in the loop
        const char *digits = q;
        quint64 value = 0;
        while (isDigit(*q)) { // stops at the batch's closing ']' at the latest
            value = value * 10 + quint64(*q - '0');
            ++q;
        }
        const qsizetype n = q - digits;
        const char c = *q;
        if (n > 0 && n <= 18 && q < end && c != '.' && (c | 0x20) != 'e' &&
            (*digits != '0' || n == 1)) {
            p = q;
            out = JsonNumber{JsonNumber::Kind::Int64, qint64(value), 0, 0};
            return true;
        }
        return anyNumber(out);
    }

    bool anyNumber(JsonNumber &out)
    {
        const char *begin = p;
        const bool negative = *p == '-';
        if (negative)
            ++p;
        const char *digits = p;
        quint64 value = 0; // wraps beyond 19 digits, which are not taken as integers
        while (isDigit(*p)) { // stops at the batch's closing ']' at the latest
            value = value * 10 + quint64(*p - '0');
            ++p;
        }
        const char *intEnd = p;
        if (intEnd == digits || (*digits == '0' && intEnd - digits > 1))
            return fail();
        if (p >= end || (*p != '.' && *p != 'e' && *p != 'E')) {
            if (intEnd - digits > 19)
                return fail(); // beyond 64 bits, or close: JsonReader's rules are subtle there
            if (!negative) {
                if (value <= quint64(std::numeric_limits<qint64>::max()))
                    out = JsonNumber{JsonNumber::Kind::Int64, qint64(value), 0, 0};
                else
                    out = JsonNumber{JsonNumber::Kind::UInt64, 0, value, 0};
                return true;
            }
            if (value == 0 || value > (quint64(1) << 63))
                return fail(); // -0, and below the qint64 range
            out = JsonNumber{JsonNumber::Kind::Int64, qint64(0 - value), 0, 0};
            return true;
        }
        const char *fracBegin = p, *fracEnd = p;
        int exponent = 0;
        if (*p == '.') {
            fracBegin = ++p;
            if (p >= end || !isDigit(*p))
                return fail();
            while (p < end && isDigit(*p))
                ++p;
            fracEnd = p;
        }
        if (p < end && (*p == 'e' || *p == 'E')) {
            ++p;
            bool negativeExponent = false;
            if (p < end && (*p == '+' || *p == '-'))
                negativeExponent = *p++ == '-';
            if (p >= end || !isDigit(*p))
                return fail();
            while (p < end && isDigit(*p)) {
                exponent = qMin(exponent * 10 + (*p - '0'), 100000);
                ++p;
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        // Exact when the digits and the power of ten are both exact doubles: one rounding.
        quint64 mantissa = value;
        int count = int(qMin<qsizetype>(intEnd - digits, 100));
        for (const char *d = fracBegin; d < fracEnd; ++d, ++count)
            mantissa = mantissa * 10 + quint64(*d - '0');
        const int scale = exponent - int(fracEnd - fracBegin);
        double real = 0;
        if (count <= 19 && mantissa <= (quint64(1) << 53) && scale >= -22 && scale <= 22) {
            real = scale < 0 ? double(mantissa) / Powers[-scale] : double(mantissa) * Powers[scale];
            real = negative ? -real : real;
        } else {
            // More than 19 digits: JsonReader (simdjson 3.0) is not always right there, and
            // the two paths must agree, so the whole document is read instead.
            if (count > 19)
                return fail();
            const auto [ptr, ec] = std::from_chars(begin, p, real);
            if (ec != std::errc() || ptr != p || !std::isfinite(real))
                return fail();
            // Underflow to zero: left to JsonReader.
            const char *mantissaEnd = fracEnd > intEnd ? fracEnd : intEnd;
            if (real == 0 && std::any_of(digits, mantissaEnd, [](char c) { return c > '0' && c <= '9'; }))
                return fail();
        }
        out = JsonNumber{JsonNumber::Kind::Double, 0, 0, real};
        return true;
    }

    bool literal(std::string_view word)
    {
        if (end - p < qsizetype(word.size()) || std::memcmp(p, word.data(), word.size()) != 0)
            return fail();
        p += word.size();
        return true;
    }

    bool skipValue()
    {
        if (p >= end)
            return fail();
        switch (*p) {
        case '"': {
            std::string_view text;
            return string(text);
        }
        case '{':
        case '[': {
            const char close = *p == '{' ? '}' : ']';
            ++p;
            ws();
            if (p < end && *p == close)
                return ++p, true;
            for (;;) {
                if (close == '}') {
                    std::string_view key;
                    if (p >= end || *p != '"' || !string(key))
                        return fail();
                    ws();
                    if (p >= end || *p != ':')
                        return fail();
                    ++p;
                    ws();
                }
                if (!skipValue())
                    return false;
                ws();
                if (p < end && *p == ',') {
                    ++p;
                    ws();
                    continue;
                }
                if (p < end && *p == close)
                    return ++p, true;
                return fail();
            }
        }
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default: {
            JsonNumber n;
            return number(n);
        }
        }
    }
};

/*! A value of a batch, with JsonValue's interface (what EventReader uses of it). */
class FastValue
{
public:
    explicit FastValue(BatchReader &reader) : r(reader), start(reader.p) {}
    FastValue(const FastValue &) = delete;

    const BatchReader &reader() const { return r; }
    bool consumed() const { return r.p != start; }

    JsonType type()
    {
        if (r.error || start >= r.end)
            return r.fail(), JsonType::Invalid;
        switch (*start) {
        case '{':
            return JsonType::Object;
        case '[':
            return JsonType::Array;
        case '"':
            return JsonType::String;
        case 't':
        case 'f':
            return JsonType::Bool;
        case 'n':
            return JsonType::Null;
        default:
            if (*start == '-' || isDigit(*start))
                return JsonType::Number;
        }
        r.fail();
        return JsonType::Invalid;
    }

    bool toString(std::string_view &out)
    {
        return !r.error && !consumed() && *start == '"' ? r.string(out) : r.fail();
    }

    bool toNumber(JsonNumber &out)
    {
        return !r.error && !consumed() && type() == JsonType::Number ? r.number(out) : r.fail();
    }

    bool toDouble(double &out)
    {
        JsonNumber n;
        if (!toNumber(n))
            return false;
        out = n.toDouble();
        return true;
    }

    bool toUInt64(quint64 &out)
    {
        JsonNumber n;
        if (!toNumber(n))
            return false;
        if (n.kind == JsonNumber::Kind::UInt64)
            out = n.uint64;
        else if (n.kind == JsonNumber::Kind::Int64 && n.int64 >= 0)
            out = quint64(n.int64);
        else
            return r.fail();
        return true;
    }

    bool toInt64(qint64 &out)
    {
        JsonNumber n;
        if (!toNumber(n))
            return false;
        if (n.kind != JsonNumber::Kind::Int64)
            return r.fail();
        out = n.int64;
        return true;
    }

    bool toBool(bool &out)
    {
        if (r.error || consumed())
            return r.fail();
        out = *start == 't';
        return r.literal(out ? "true" : "false");
    }

    bool skip() { return consumed() || r.skipValue(); }

    template <typename Visit> bool forEachField(Visit &&visit)
    {
        if (r.error || consumed() || *start != '{')
            return r.fail();
        ++r.p;
        r.ws();
        if (r.p < r.end && *r.p == '}')
            return ++r.p, true;
        for (;;) {
            std::string_view key;
            if (r.p >= r.end || *r.p != '"' || !r.string(key))
                return r.fail();
            r.ws();
            if (r.p >= r.end || *r.p != ':')
                return r.fail();
            ++r.p;
            r.ws();
            FastValue value(r);
            if (!visit(key, value) || r.error || !value.skip())
                return r.fail();
            r.ws();
            if (r.p < r.end && *r.p == ',') {
                ++r.p;
                r.ws();
                continue;
            }
            if (r.p < r.end && *r.p == '}')
                return ++r.p, true;
            return r.fail();
        }
    }

    template <typename Visit> bool forEachElement(Visit &&visit)
    {
        if (r.error || consumed() || *start != '[')
            return r.fail();
        ++r.p;
        r.ws();
        if (r.p < r.end && *r.p == ']')
            return ++r.p, true;
        for (;;) {
            FastValue value(r);
            if (!visit(value) || r.error || !value.skip())
                return r.fail();
            r.ws();
            if (r.p < r.end && *r.p == ',') {
                ++r.p;
                r.ws();
                continue;
            }
            if (r.p < r.end && *r.p == ']')
                return ++r.p, true;
            return r.fail();
        }
    }

private:
    BatchReader &r;
    const char *start;
};

size_t NameTable::Hash::operator()(std::string_view text) const noexcept
{
    return qHashBits(text.data(), text.size());
}

std::string_view NameTable::store(std::string_view text)
{
    constexpr size_t BlockBytes = 64 * 1024;
    if (text.size() > m_left) {
        const size_t size = qMax(BlockBytes, text.size());
        m_blocks.push_back(std::make_unique<char[]>(size));
        m_next = m_blocks.back().get();
        m_left = size;
    }
    std::memcpy(m_next, text.data(), text.size());
    const std::string_view stored(m_next, text.size());
    m_next += text.size();
    m_left -= text.size();
    return stored;
}

quint32 NameTable::intern(std::string_view text)
{
    if (text.empty())
        return 0;
    Cached &cached = m_cache[(text.size() * 7 + uchar(text.front()) * 31 + uchar(text.back())) & 63];
    if (cached.text.size() == text.size() &&
        std::equal(text.begin(), text.end(), cached.text.begin())) // short: no memcmp call
        return cached.index;
    auto it = m_index.find(text);
    if (it == m_index.end()) {
        const std::string_view stored = store(text);
        it = m_index.emplace(stored, quint32(m_views.size())).first;
        m_views.push_back(stored);
    }
    cached = {it->first, it->second};
    return it->second;
}

std::vector<QString> NameTable::toStrings() const
{
    std::vector<QString> strings;
    strings.reserve(m_views.size());
    for (const std::string_view v : m_views)
        strings.push_back(QString::fromUtf8(v.data(), qsizetype(v.size())));
    return strings;
}

QString typeName(JsonType type)
{
    switch (type) {
    case JsonType::Null:
        return QStringLiteral("null");
    case JsonType::Bool:
        return QStringLiteral("a boolean");
    case JsonType::Number:
        return QStringLiteral("a number");
    case JsonType::String:
        return QStringLiteral("a string");
    case JsonType::Array:
        return QStringLiteral("an array");
    case JsonType::Object:
        return QStringLiteral("an object");
    case JsonType::Invalid:
        break;
    }
    return QStringLiteral("an invalid value");
}

bool toNs(const JsonNumber &n, qint64 &ns)
{
    const double us = n.toDouble();
    if (!(std::fabs(us) <= MaxAbsMicroseconds))
        return false;
    ns = n.kind == JsonNumber::Kind::Int64 ? n.int64 * 1000 : std::llround(us * 1000.0);
    return true;
}

std::string_view splitCopy(std::string_view name, qint32 &copy)
{
    copy = -1;
    if (name.size() < 3 || name.back() != ']')
        return name;
    const size_t last = name.size() - 2; // the last digit
    size_t first = last + 1;
    while (first > 0 && name[first - 1] >= '0' && name[first - 1] <= '9' && last + 1 - first < 9)
        --first;
    // Only canonical numbers ("0", "12", not "012"), so the full name can be rebuilt exactly.
    if (first > last || first == 0 || name[first - 1] != '[' ||
        (name[first] == '0' && first != last))
        return name;
    qint32 value = 0;
    for (size_t k = first; k <= last; ++k)
        value = value * 10 + (name[k] - '0');
    copy = value;
    return name.substr(0, first - 1);
}

EventReader::EventReader(const JsonReader &reader, NameTable &names, NameTable &errors)
    : m_reader(reader), m_names(names), m_errors(errors)
{
}

EventReader::~EventReader() = default;

bool EventReader::failed(const JsonValue &) const
{
    return m_reader.hasError();
}

bool EventReader::failed(const FastValue &v) const
{
    return v.reader().error;
}

bool EventReader::read(JsonValue &event, EventFields &f)
{
    return event.forEachField([&](std::string_view key, auto &v) { return readField(key, v, f); });
}

bool EventReader::readBatch(QByteArrayView batch,
                            JsonCallback<bool(EventFields &f, JsonType type)> visit)
{
    if (!m_batch)
        m_batch = std::make_unique<BatchReader>();
    BatchReader &r = *m_batch;
    r.p = batch.data();
    r.end = batch.data() + batch.size();
    r.error = false;
    if (r.p == r.end || *r.p != '[')
        return false;
    ++r.p;
    r.ws();
    if (r.p < r.end && *r.p == ']')
        return ++r.p == r.end;
    for (;;) {
        if (!r.unescaped.empty())
            r.unescaped.clear();
        EventFields f;
        FastValue value(r);
        const JsonType type = value.type();
        if (type == JsonType::Invalid)
            return false;
        if (type == JsonType::Object) {
            if (!readFastEvent(r, f))
                return false;
        } else if (!value.skip()) {
            return false;
        }
        if (!visit(f, type))
            return false;
        r.ws();
        if (r.p < r.end && *r.p == ',') {
            ++r.p;
            r.ws();
            continue;
        }
        return r.p < r.end && *r.p == ']' && ++r.p == r.end;
    }
}

namespace {

enum class Member { Ph, Ts, Dur, Name, Cat, Pid, Tid, Args, Other };

inline Member memberOf(std::string_view key)
{
    switch (key.size()) {
    case 2:
        return is(key, "ph") ? Member::Ph : is(key, "ts") ? Member::Ts : Member::Other;
    case 3:
        switch (key[0]) {
        case 'd':
            return is(key, "dur") ? Member::Dur : Member::Other;
        case 'c':
            return is(key, "cat") ? Member::Cat : Member::Other;
        case 'p':
            return is(key, "pid") ? Member::Pid : Member::Other;
        case 't':
            return is(key, "tid") ? Member::Tid : Member::Other;
        }
        return Member::Other;
    case 4:
        return is(key, "name") ? Member::Name : is(key, "args") ? Member::Args : Member::Other;
    }
    return Member::Other;
}

// The keys readArg() looks at.
bool isArgKey(std::string_view key)
{
    switch (key.size()) {
    case 4:
        return is(key, "name") || is(key, "kind");
    case 5:
        return is(key, "error");
    case 6:
        return is(key, "status") || is(key, "end_us");
    case 7:
        return is(key, "attempt");
    case 10:
        return is(key, "task_index") || is(key, "release_us") || is(key, "enqueue_us");
    }
    return false;
}

} // namespace

// An object's members at r.p (its '{'): visit(key) reads the value or leaves it to be skipped.
template <typename Visit> bool readMembers(BatchReader &r, Visit &&visit)
{
    ++r.p; // '{'
    r.ws();
    if (r.p < r.end && *r.p == '}')
        return ++r.p, true;
    for (;;) {
        std::string_view key;
        if (r.p >= r.end || *r.p != '"' || !r.string(key))
            return r.fail();
        r.ws();
        if (r.p >= r.end || *r.p != ':')
            return r.fail();
        ++r.p;
        r.ws();
        const char *value = r.p;
        if (!visit(key) || r.error)
            return r.fail();
        if (r.p == value && !r.skipValue())
            return false;
        r.ws();
        if (r.p < r.end && *r.p == ',') {
            ++r.p;
            r.ws();
            continue;
        }
        if (r.p < r.end && *r.p == '}')
            return ++r.p, true;
        return r.fail();
    }
}

namespace {

// `"ph":` and the like as the little-endian number their bytes make.
template <size_t N> constexpr quint64 bytesOf(const char (&text)[N])
{
    quint64 value = 0;
    for (size_t k = 0; k + 1 < N; ++k)
        value |= quint64(uchar(text[k])) << (8 * k);
    return value;
}

// A compact key of an event's usual members (`"ts":`, no escape, no space before the colon)
// recognised from one 8-byte load; p moves past the colon. Other for anything else.
inline Member quickKey(const char *&p)
{
    const quint64 w = qFromLittleEndian<quint64>(p); // the batch's padding makes 8 bytes safe
    const quint64 w5 = w & 0xFFFFFFFFFFull, w6 = w & 0xFFFFFFFFFFFFull,
                  w7 = w & 0xFFFFFFFFFFFFFFull;
    Member m = Member::Other;
    int n = 0;
    if (w5 == bytesOf("\"ph\":"))
        m = Member::Ph, n = 5;
    else if (w5 == bytesOf("\"ts\":"))
        m = Member::Ts, n = 5;
    else if (w6 == bytesOf("\"dur\":"))
        m = Member::Dur, n = 6;
    else if (w6 == bytesOf("\"pid\":"))
        m = Member::Pid, n = 6;
    else if (w6 == bytesOf("\"tid\":"))
        m = Member::Tid, n = 6;
    else if (w6 == bytesOf("\"cat\":"))
        m = Member::Cat, n = 6;
    else if (w7 == bytesOf("\"name\":"))
        m = Member::Name, n = 7;
    else if (w7 == bytesOf("\"args\":"))
        m = Member::Args, n = 7;
    p += n;
    return m;
}

} // namespace

// An event object at r.p: readField()'s rules, with the members every event has read here
// without its generic steps (the others go through it). tst_tracechunks holds the two equal.
bool EventReader::readFastEvent(BatchReader &r, EventFields &f)
{
    const auto isNumber = [](char c) { return c == '-' || isDigit(c); };
    const auto member = [&](Member m, std::string_view key) {
        const char c = *r.p;
        switch (m) {
        case Member::Ph:
        case Member::Name:
        case Member::Cat: {
            if (c == '"')
                return r.string(m == Member::Ph ? f.ph : m == Member::Name ? f.name : f.cat);
            if (m == Member::Ph)
                f.bad = "\"ph\" is not a string";
            return true; // skipped
        }
        case Member::Ts:
        case Member::Dur: {
            const bool ts = m == Member::Ts;
            if (!isNumber(c)) {
                f.bad = ts ? "\"ts\" is not a number" : "\"dur\" is not a number";
                return true;
            }
            (ts ? f.hasTs : f.hasDur) = true;
            return r.number(ts ? f.ts : f.dur);
        }
        case Member::Pid:
        case Member::Tid: {
            if (!isNumber(c)) {
                FastValue value(r); // a string id, or another type left alone
                return readProcessOrThread(value, m == Member::Pid ? f.pid : f.tid);
            }
            JsonNumber n;
            if (!r.number(n))
                return false;
            const double value = n.toDouble();
            (m == Member::Pid ? f.pid : f.tid) = std::fabs(value) < 1e18 ? qint64(value) : 0;
            return true;
        }
        case Member::Args: {
            if (c != '{')
                return true; // skipped
            bool ok = true;
            const bool read = readMembers(r, [&](std::string_view arg) {
                if (!isArgKey(arg))
                    return true; // skipped
                FastValue value(r);
                return readArg(arg, value, f, ok);
            });
            f.own = f.own && ok;
            return read;
        }
        case Member::Other:
            break;
        }
        FastValue value(r);
        return readField(key, value, f);
    };

    ++r.p; // '{'
    r.ws();
    if (r.p < r.end && *r.p == '}')
        return ++r.p, true;
    for (;;) {
        std::string_view key;
        Member m = r.p < r.end ? quickKey(r.p) : Member::Other;
        if (m == Member::Other) {
            if (r.p >= r.end || *r.p != '"' || !r.string(key))
                return r.fail();
            r.ws();
            if (r.p >= r.end || *r.p != ':')
                return r.fail();
            ++r.p;
            m = memberOf(key);
        }
        r.ws();
        const char *value = r.p;
        if (!member(m, key) || r.error)
            return r.fail();
        if (r.p == value && !r.skipValue())
            return false;
        r.ws();
        if (r.p < r.end && *r.p == ',') {
            ++r.p;
            r.ws();
            continue;
        }
        if (r.p < r.end && *r.p == '}')
            return ++r.p, true;
        return r.fail();
    }
}

template <typename V> bool EventReader::readId(V &v, quint64 &id, bool &stringId)
{
    const JsonType type = v.type();
    if (type == JsonType::Number) {
        JsonNumber n;
        if (!v.toNumber(n))
            return false;
        id = n.kind == JsonNumber::Kind::UInt64  ? n.uint64
             : n.kind == JsonNumber::Kind::Int64 ? quint64(n.int64)
                                                 : quint64(std::llround(n.real));
        stringId = false;
        return true;
    }
    if (type == JsonType::String) {
        std::string_view text;
        if (!v.toString(text))
            return false;
        stringId = !numericId(text, id);
        if (stringId)
            id = m_names.intern(text);
        return true;
    }
    return true; // left unread: an id of another type is treated as absent
}

template <typename V> bool EventReader::readProcessOrThread(V &v, qint64 &out)
{
    const JsonType type = v.type();
    if (type == JsonType::Number) {
        double value = 0;
        if (!v.toDouble(value))
            return false;
        out = std::fabs(value) < 1e18 ? qint64(value) : 0;
    } else if (type == JsonType::String) {
        std::string_view text;
        if (!v.toString(text))
            return false;
        out = StringTag + m_names.intern(text);
    }
    return true;
}

template <typename V> bool EventReader::readUs(V &v, qint64 &ns, bool &ok)
{
    JsonNumber n;
    if (v.type() != JsonType::Number || !v.toNumber(n))
        return !failed(v) && (ok = false, true);
    ok = ok && toNs(n, ns);
    return true;
}

template <typename V> bool EventReader::readArgs(V &args, EventFields &f)
{
    bool ok = true;
    const bool read = args.forEachField(
        [&](std::string_view key, V &v) { return readArg(key, v, f, ok); });
    // Details that do not read back make the event an ordinary foreign one.
    f.own = f.own && ok;
    return read;
}

template <typename V> bool EventReader::readArg(std::string_view key, V &v, EventFields &f, bool &ok)
{
    {
        if (is(key, "name")) {
            if (v.type() == JsonType::String)
                return v.toString(f.argName);
        } else if (is(key, "task_index")) {
            quint64 task = 0;
            if (v.type() != JsonType::Number || !v.toUInt64(task) || task > 0xffffffffu)
                return !failed(v) && (ok = false, true);
            f.args.task = quint32(task);
            f.own = true;
        } else if (is(key, "attempt")) {
            quint64 attempt = 0;
            if (v.type() != JsonType::Number || !v.toUInt64(attempt) || attempt > 0xffff)
                return !failed(v) && (ok = false, true);
            f.args.attempt = quint16(attempt);
        } else if (is(key, "kind") || is(key, "status") || is(key, "error")) {
            std::string_view text;
            if (v.type() != JsonType::String || !v.toString(text))
                return !failed(v) && (ok = false, true);
            // The names are ASCII: compared as UTF-8 bytes, as kindFromName() and statusName()
            // would compare them as text.
            if (is(key, "kind")) {
                f.args.kind = qint8(indexOf(kindNames(), text));
            } else if (is(key, "status")) {
                f.args.status = qint8(indexOf(statusNames(), text));
            } else {
                f.args.error = m_errors.intern(text);
            }
        } else if (is(key, "release_us")) {
            return readUs(v, f.args.release, ok);
        } else if (is(key, "enqueue_us")) {
            return readUs(v, f.args.enqueue, ok);
        } else if (is(key, "end_us")) {
            f.args.hasEnd = true;
            return readUs(v, f.args.end, ok);
        }
        return true;
    }
}

template <typename V> bool EventReader::readField(std::string_view key, V &v, EventFields &f)
{
    const auto string = [&](std::string_view &out, const char *what) {
        if (v.type() != JsonType::String) {
            f.bad = what;
            return !failed(v);
        }
        return v.toString(out);
    };
    const auto number = [&](JsonNumber &out, bool &has, const char *what) {
        if (v.type() != JsonType::Number) {
            f.bad = what;
            return !failed(v);
        }
        has = true;
        return v.toNumber(out);
    };
    // Each key is one of these at most: the length picks the candidates.
    switch (key.size()) {
    case 1:
    case 2:
    case 3:
    case 4:
        break;
    default:
        return true;
    }
    if (is(key, "ph"))
        return string(f.ph, "\"ph\" is not a string");
    if (is(key, "ts"))
        return number(f.ts, f.hasTs, "\"ts\" is not a number");
    if (is(key, "dur"))
        return number(f.dur, f.hasDur, "\"dur\" is not a number");
    if (is(key, "name"))
        return v.type() == JsonType::String ? v.toString(f.name) : true;
    if (is(key, "cat"))
        return v.type() == JsonType::String ? v.toString(f.cat) : true;
    if (is(key, "pid"))
        return readProcessOrThread(v, f.pid);
    if (is(key, "tid"))
        return readProcessOrThread(v, f.tid);
    if (is(key, "id")) {
        f.hasId = true;
        return readId(v, f.id, f.stringId);
    }
    if (is(key, "id2")) {
        if (v.type() != JsonType::Object)
            return true;
        return v.forEachField([&](std::string_view scope, V &id) {
            if (!is(scope, "local") && !is(scope, "global"))
                return true;
            f.hasId = true;
            f.globalId = is(scope, "global");
            return readId(id, f.id, f.stringId);
        });
    }
    if (is(key, "s"))
        return v.type() == JsonType::String ? v.toString(f.scope) : true;
    if (is(key, "args"))
        return v.type() == JsonType::Object ? readArgs(v, f) : true;
    return true;
}

bool EventReader::readOtherData(JsonValue &object, OtherData &o)
{
    if (object.type() != JsonType::Object)
        return true;
    return object.forEachField([&](std::string_view key, JsonValue &v) {
        const JsonType type = v.type();
        if (key == ScenarioKey && type == JsonType::Object) {
            const QByteArrayView data = m_reader.data();
            const qint64 begin = v.offset();
            const qint64 end = valueEnd(data, begin);
            if (end > begin) {
                o.scenario = data.sliced(begin, end - begin).toByteArray();
                o.scenarioOffset = begin;
            }
        } else if (key == LanesKey && type == JsonType::Array) {
            o.hasLanes = true;
            return v.forEachElement([&](JsonValue &lane) {
                std::string_view text;
                if (lane.type() != JsonType::String)
                    return (o.hasLanes = false, !m_reader.hasError());
                if (!lane.toString(text))
                    return false;
                o.lanes.append(QString::fromUtf8(text.data(), qsizetype(text.size())));
                return true;
            });
        } else if (key == StringsKey && type == JsonType::Array) {
            return v.forEachElement([&](JsonValue &s) {
                std::string_view text;
                if (s.type() != JsonType::String)
                    return !m_reader.hasError();
                if (!s.toString(text))
                    return false;
                o.strings.append(QString::fromUtf8(text.data(), qsizetype(text.size())));
                return true;
            });
        } else if (key == EventLoopLaneKey && type == JsonType::Number) {
            qint64 lane = -1;
            return v.toInt64(lane) &&
                   ((o.eventLoopLane = int(qBound(qint64(-1), lane, qint64(1) << 20))), true);
        } else if ((key == "threads" || key == "cores") && type == JsonType::Number) {
            qint64 n = 0;
            if (!v.toInt64(n))
                return false;
            (key == "threads" ? o.config.threads : o.config.cores) =
                int(qBound(qint64(1), n, qint64(1) << 20));
        } else if (key == "seed" && type == JsonType::Number) {
            return v.toUInt64(o.config.seed);
        } else if (key == "mode" && type == JsonType::String) {
            std::string_view text;
            if (!v.toString(text))
                return false;
            o.config.mode = modeFromName(QString::fromUtf8(text.data(), qsizetype(text.size())))
                                .value_or(RunMode::Pool);
        } else if (key == "predicted" && type == JsonType::Bool) {
            return v.toBool(o.predicted);
        }
        return !m_reader.hasError();
    });
}

} // namespace Taskline::ChromeTrace
