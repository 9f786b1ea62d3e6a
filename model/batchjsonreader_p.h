#pragma once

// Private to taskline_model, included by traceeventreader.cpp only: the fast path's reader,
// a strict JSON reader over a JsonChunks batch ("[e1,e2,...]" with readable padding after it).
//
// It takes less than JsonReader does, never more: what it cannot read exactly as JsonReader
// would (numbers beyond 19 digits, -0, a double beyond the fast conversion's reach that
// from_chars will not take, a lone surrogate, ...) is an error, and the caller reads the
// whole document with JsonReader instead.

#include <QtEndian>
#include <QtGlobal>

#include <array>
#include <charconv>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace Taskline::ChromeTrace {

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
inline constexpr StringClasses Classes;

inline bool isDigit(char c)
{
    return uchar(c - '0') < 10;
}

inline constexpr double Powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                             1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                             1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

inline void appendUtf8(std::string &out, quint32 code)
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
        // Up to 7 digits from one 8-byte load (the batch's padding makes it safe): the bytes
        // minus '0', the first that is not 0-9 found by its high nibble (adding 6 carries
        // only out of a byte that is not a digit, so never before the first such), then the
        // digits as one number by three multiplications.
        const quint64 w = qFromLittleEndian<quint64>(p) ^ 0x3030303030303030ull;
        if (const quint64 nonDigit = (w | (w + 0x0606060606060606ull)) & 0xF0F0F0F0F0F0F0F0ull) {
            const int n = int(qCountTrailingZeroBits(nonDigit) / 8);
            const char c = p[n];
            if (n > 0 && p + n < end && c != '.' && (c | 0x20) != 'e' && (*p != '0' || n == 1)) {
                quint64 d = w << (8 * (8 - n)); // leading zeros in the low bytes
                d = (d & 0x0F0F0F0F0F0F0F0Full) * 2561 >> 8;
                d = (d & 0x00FF00FF00FF00FFull) * 6553601 >> 16;
                d = (d & 0x0000FFFF0000FFFFull) * 42949672960001ull >> 32;
                p += n;
                out = JsonNumber{JsonNumber::Kind::Int64, qint64(quint32(d)), 0, 0};
                return true;
            }
        }
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

    // Past the '{' or '[' at p; false when the container is empty (then past its `close`).
    bool enter(char close)
    {
        ++p;
        ws();
        if (p < end && *p == close) {
            ++p;
            return false;
        }
        return true;
    }

    // A member's key at p and the colon after it; p is left at the value.
    bool memberKey(std::string_view &key)
    {
        if (p >= end || *p != '"' || !string(key))
            return fail();
        ws();
        if (p >= end || *p != ':')
            return fail();
        ++p;
        ws();
        return true;
    }

    // After a member or an element: past a ',' (`more`) or the container's `close` (not
    // `more`); anything else is an error.
    bool separator(char close, bool &more)
    {
        ws();
        if (p < end && *p == ',') {
            ++p;
            ws();
            more = true;
            return true;
        }
        if (p < end && *p == close) {
            ++p;
            more = false;
            return true;
        }
        return fail();
    }

    // skipValue(), with a small integer read here (skipValue is recursive: a call).
    bool skipScalarOrValue()
    {
        if (p < end && isDigit(*p)) {
            JsonNumber n;
            return number(n);
        }
        return skipValue();
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
            for (bool more = enter(close); more;) {
                std::string_view key;
                if ((close == '}' && !memberKey(key)) || !skipValue() || !separator(close, more))
                    return false;
            }
            return true;
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
        for (bool more = r.enter('}'); more;) {
            std::string_view key;
            if (!r.memberKey(key))
                return false;
            FastValue value(r);
            if (!visit(key, value) || r.error || !value.skip())
                return r.fail();
            if (!r.separator('}', more))
                return false;
        }
        return true;
    }

    template <typename Visit> bool forEachElement(Visit &&visit)
    {
        if (r.error || consumed() || *start != '[')
            return r.fail();
        for (bool more = r.enter(']'); more;) {
            FastValue value(r);
            if (!visit(value) || r.error || !value.skip())
                return r.fail();
            if (!r.separator(']', more))
                return false;
        }
        return true;
    }

private:
    BatchReader &r;
    const char *start;
};

} // namespace Taskline::ChromeTrace
