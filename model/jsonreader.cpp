#include "jsonreader.h"

#include <QFile>
#include <QFileInfo>

#include <simdjson.h>

#include <charconv>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace ondemand = simdjson::ondemand;

namespace Taskline {

struct JsonValueImpl
{
    ondemand::value value;     // unused for the root, which simdjson reads through the document
    const char *key = nullptr; // the member's raw key, just after its opening quote
    bool root = false;
    bool consumed = false;
};

struct JsonReaderPrivate
{
    simdjson::padded_string buffer;
    size_t begin = 0; // 3 when the file starts with a byte order mark
    size_t size = 0;
    ondemand::parser parser;
    ondemand::document doc;
    JsonError error;
    bool failed = false;
    int depth = 0;
    bool outOfMemory = false;

    const char *base() const { return buffer.data() + begin; }
    qint64 offsetOf(const char *p) const { return p ? qint64(p - base()) : -1; }
    qint64 currentOffset();
    void allocate(size_t length);
    void dropByteOrderMark();

    bool fail(simdjson::error_code code, qint64 at, const char *expected = nullptr);
    bool failWith(const QString &message, qint64 at);
};

namespace {

constexpr char ByteOrderMark[] = "\xEF\xBB\xBF";

bool isJsonSpace(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool isDelimiter(unsigned char c)
{
    return isJsonSpace(c) || c == ',' || c == ']' || c == '}';
}
bool isDigit(unsigned char c)
{
    return c >= '0' && c <= '9';
}
bool isLetter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

QString hexByte(unsigned char c)
{
    return QStringLiteral("0x") +
           QString::number(c, 16).toUpper().rightJustified(2, QLatin1Char('0'));
}

// Up to 24 characters of the token at `at`, for "found ..." in messages.
QString excerpt(const char *text, size_t size, size_t at)
{
    size_t end = at;
    if (at < size && text[at] == '"') {
        for (end = at + 1; end < size && end - at < 24 && text[end] != '"'; ++end) {
            if (text[end] == '\\')
                ++end;
        }
        end = qMin(size, end + 1);
    } else {
        while (end < size && end - at < 24 && !isDelimiter(uchar(text[end])) && text[end] != '"' &&
               text[end] != '{' && text[end] != '[' && text[end] != ':')
            ++end;
    }
    end = qMin(end, size);
    QString s = QString::fromUtf8(text + at, qsizetype(end - at));
    return end - at >= 24 ? s + QStringLiteral("...") : s;
}

/*
 * A strict, iterative JSON grammar check that finds the first error and says exactly what is
 * wrong. It runs only after simdjson has rejected a document, so it favours clear messages over
 * speed; its explicit stack makes any depth safe.
 */
class SyntaxScanner
{
public:
    SyntaxScanner(const char *text, size_t size)
        : s(reinterpret_cast<const unsigned char *>(text)), n(size)
    {
    }

    std::optional<JsonError> run()
    {
        enum class State { Value, FirstKey, Key, AfterValue };
        State state = State::Value;
        bool afterComma = false;
        skipSpace();
        if (i == n)
            return fail(0, QStringLiteral("the document is empty"));
        for (;;) {
            switch (state) {
            case State::Value:
                skipSpace();
                if (i == n)
                    return fail(i,
                                QStringLiteral("unexpected end of the document, expected a value"));
                if (s[i] == '{' || s[i] == '[') {
                    const char open = char(s[i]);
                    stack.push_back(Level{open});
                    ++i;
                    skipSpace();
                    if (i < n && s[i] == (open == '{' ? '}' : ']')) {
                        ++i;
                        stack.pop_back();
                        state = State::AfterValue;
                    } else {
                        state = open == '{' ? State::FirstKey : State::Value;
                        afterComma = false;
                    }
                    continue;
                }
                if ((s[i] == ']' || s[i] == '}') && afterComma) {
                    return fail(i, QStringLiteral("a ',' before '%1' is not allowed in JSON; "
                                                  "remove the trailing comma")
                                       .arg(QLatin1Char(char(s[i]))));
                }
                if (!scalar())
                    return error;
                state = State::AfterValue;
                continue;
            case State::FirstKey:
            case State::Key:
                skipSpace();
                if (i == n) {
                    return fail(i, QStringLiteral("unexpected end of the document, expected a "
                                                  "key in double quotes"));
                }
                if (s[i] != '"') {
                    if (s[i] == '}' && afterComma) {
                        return fail(i, QStringLiteral("a ',' before '}' is not allowed in JSON; "
                                                      "remove the trailing comma"));
                    }
                    return fail(i, QStringLiteral("expected a key in double quotes%1, found %2")
                                       .arg(state == State::FirstKey ? QStringLiteral(" or '}'")
                                                                     : QString(),
                                            found(i)));
                }
                stack.back().key = i + 1;
                if (!string())
                    return error;
                stack.back().keyLength = i - 1 - stack.back().key;
                skipSpace();
                if (i == n || s[i] != ':')
                    return fail(
                        i, QStringLiteral("expected ':' after the key, found %1").arg(found(i)));
                ++i;
                state = State::Value;
                afterComma = false;
                continue;
            case State::AfterValue:
                skipSpace();
                if (stack.empty()) {
                    if (i < n) {
                        return fail(i, QStringLiteral("unexpected %1 after the end of the document")
                                           .arg(found(i)));
                    }
                    return std::nullopt;
                }
                const bool inObject = stack.back().open == '{';
                const char close = inObject ? '}' : ']';
                if (i < n && s[i] == ',') {
                    ++i;
                    ++stack.back().index;
                    afterComma = true;
                    state = inObject ? State::Key : State::Value;
                    continue;
                }
                if (i < n && uchar(s[i]) == uchar(close)) {
                    ++i;
                    stack.pop_back();
                    continue;
                }
                return fail(i,
                            QStringLiteral("%1expected ',' or '%2' after %3%4")
                                .arg(i == n ? QStringLiteral("unexpected end of the document, ")
                                            : QString(),
                                     QString(QLatin1Char(close)),
                                     inObject ? QStringLiteral("an object member")
                                              : QStringLiteral("an array element"),
                                     i == n ? QString() : QStringLiteral(", found ") + found(i)));
            }
        }
    }

private:
    struct Level
    {
        char open;
        size_t index = 0;     // of the element, in an array
        size_t key = 0;       // of the member's key (after its quote), in an object
        size_t keyLength = 0; // 0 until the first key is read
    };

    const unsigned char *s;
    size_t n;
    size_t i = 0;
    std::vector<Level> stack; // explicit, so that any depth is safe
    std::optional<JsonError> error;

    std::optional<JsonError> fail(size_t at, const QString &message)
    {
        QString path;
        for (const Level &level : stack) {
            if (level.open == '[') {
                path += QLatin1Char('[') + QString::number(level.index) + QLatin1Char(']');
            } else if (level.keyLength > 0) {
                if (!path.isEmpty())
                    path += QLatin1Char('.');
                path += QString::fromUtf8(reinterpret_cast<const char *>(s + level.key),
                                          qsizetype(level.keyLength));
            }
        }
        error = JsonError{message, qint64(at), path};
        return error;
    }
    bool failed(size_t at, const QString &message)
    {
        fail(at, message);
        return false;
    }

    void skipSpace()
    {
        while (i < n && isJsonSpace(s[i]))
            ++i;
    }

    QString found(size_t at) const
    {
        if (at >= n)
            return QStringLiteral("the end of the document");
        const unsigned char c = s[at];
        if (c == 0xE2 && at + 2 < n && s[at + 1] == 0x80 &&
            (s[at + 2] >= 0x98 && s[at + 2] <= 0x9D))
            return QStringLiteral("a typographic quote (JSON needs plain \" quotes)");
        if (c > 0x20 && c < 0x7F)
            return QLatin1Char('\'') + QLatin1Char(char(c)) + QLatin1Char('\'');
        return QStringLiteral("byte ") + hexByte(c);
    }

    bool scalar()
    {
        const unsigned char c = s[i];
        if (c == '"')
            return string();
        if (c == '-' || isDigit(c))
            return number();
        if (isLetter(c))
            return literal();
        return failed(i, QStringLiteral("expected a value, found %1").arg(found(i)));
    }

    bool literal()
    {
        const size_t start = i;
        while (i < n && (isLetter(s[i]) || isDigit(s[i]) || s[i] == '_'))
            ++i;
        const std::string_view word(reinterpret_cast<const char *>(s + start), i - start);
        if (word == "true" || word == "false" || word == "null")
            return true;
        const QString text = QString::fromLatin1(word.data(), qsizetype(word.size()));
        if (word == "NaN" || word == "nan" || word == "Infinity" || word == "inf") {
            return failed(start,
                          QStringLiteral("%1 is not valid JSON; write a finite number").arg(text));
        }
        return failed(start, QStringLiteral("invalid literal %1; text needs double quotes "
                                            "(\"%1\"), or write true, false or null")
                                 .arg(text));
    }

    bool number()
    {
        const size_t start = i;
        if (s[i] == '-')
            ++i;
        if (i < n && isLetter(s[i]))
            return failed(start, QStringLiteral("-%1 is not valid JSON; write a finite number")
                                     .arg(excerpt(reinterpret_cast<const char *>(s), n, i)));
        const size_t intStart = i;
        if (i < n && s[i] == '0') {
            ++i;
            if (i < n && isDigit(s[i])) {
                return failed(start, QStringLiteral("invalid number %1: leading zeros are not "
                                                    "allowed")
                                         .arg(token(start)));
            }
        } else if (i < n && isDigit(s[i])) {
            while (i < n && isDigit(s[i]))
                ++i;
        } else {
            return failed(
                start,
                QStringLiteral("invalid number %1: a digit must follow '-'").arg(token(start)));
        }
        const size_t intEnd = i;
        size_t fracStart = i, fracEnd = i;
        if (i < n && s[i] == '.') {
            fracStart = ++i;
            while (i < n && isDigit(s[i]))
                ++i;
            fracEnd = i;
            if (fracEnd == fracStart) {
                return failed(start, QStringLiteral("invalid number %1: a digit must follow the "
                                                    "decimal point")
                                         .arg(token(start)));
            }
        }
        long exponent = 0;
        if (i < n && (s[i] == 'e' || s[i] == 'E')) {
            ++i;
            bool negative = false;
            if (i < n && (s[i] == '+' || s[i] == '-'))
                negative = s[i++] == '-';
            if (i == n || !isDigit(s[i])) {
                return failed(start, QStringLiteral("invalid number %1: the exponent has no digits")
                                         .arg(token(start)));
            }
            while (i < n && isDigit(s[i])) {
                exponent = qMin(exponent * 10 + (s[i] - '0'), 1000000L);
                ++i;
            }
            if (negative)
                exponent = -exponent;
        }
        if (i < n && (isLetter(s[i]) || isDigit(s[i]) || s[i] == '.' || s[i] == '+' || s[i] == '-'))
            return failed(start, QStringLiteral("invalid number %1").arg(token(start)));

        // Decimal magnitude of the first significant digit decides overflow; 1e-400 is 0.
        long magnitude = std::numeric_limits<long>::min();
        for (size_t k = intStart; k < intEnd; ++k) {
            if (s[k] != '0') {
                magnitude = long(intEnd - k) - 1 + exponent;
                break;
            }
        }
        if (magnitude == std::numeric_limits<long>::min()) {
            for (size_t k = fracStart; k < fracEnd; ++k) {
                if (s[k] != '0') {
                    magnitude = -long(k - fracStart) - 1 + exponent;
                    break;
                }
            }
        }
        bool overflow = magnitude > 308;
        if (magnitude == 308) {
            double value = 0;
            const auto result = std::from_chars(reinterpret_cast<const char *>(s + start),
                                                reinterpret_cast<const char *>(s + i), value);
            overflow = result.ec == std::errc::result_out_of_range;
        }
        if (overflow) {
            return failed(start, QStringLiteral("number %1 is out of range (the largest is about "
                                                "1.8e308)")
                                     .arg(token(start)));
        }
        return true;
    }

    QString token(size_t start) const
    {
        return excerpt(reinterpret_cast<const char *>(s), n, start);
    }

    bool hex4(size_t at, uint &value) const
    {
        if (at + 4 > n)
            return false;
        value = 0;
        for (size_t k = at; k < at + 4; ++k) {
            const unsigned char c = s[k];
            const int digit = isDigit(c)               ? c - '0'
                              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                              : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                       : -1;
            if (digit < 0)
                return false;
            value = value * 16 + uint(digit);
        }
        return true;
    }

    bool string()
    {
        const size_t start = i++;
        for (;;) {
            if (i == n) {
                return failed(start, QStringLiteral("unterminated string: the closing '\"' is "
                                                    "missing"));
            }
            const unsigned char c = s[i];
            if (c == '"') {
                ++i;
                return true;
            }
            if (c == '\\') {
                if (!escape())
                    return false;
                continue;
            }
            if (c < 0x20) {
                if (c == '\n' || c == '\r') {
                    return failed(i, QStringLiteral("line break inside a string; close the string "
                                                    "with '\"' or write the break as \\n"));
                }
                return failed(i, QStringLiteral("control character U+%1 inside a string; write it "
                                                "as \\u%1")
                                     .arg(uint(c), 4, 16, QLatin1Char('0')));
            }
            if (c < 0x80) {
                ++i;
                continue;
            }
            if (!utf8())
                return false;
        }
    }

    bool escape()
    {
        const size_t at = i++;
        if (i == n)
            return failed(at, QStringLiteral("unterminated string: the closing '\"' is missing"));
        switch (s[i]) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
            ++i;
            return true;
        case 'u':
            break;
        default:
            return failed(at, QStringLiteral("invalid escape \\%1 in a string; write a backslash "
                                             "as \\\\")
                                  .arg(excerpt(reinterpret_cast<const char *>(s), n, i).left(1)));
        }
        uint unit = 0;
        if (!hex4(i + 1, unit))
            return failed(at,
                          QStringLiteral("invalid escape in a string: \\u needs four hex digits"));
        i += 5;
        if (unit >= 0xDC00 && unit <= 0xDFFF)
            return failed(at,
                          QStringLiteral("unpaired surrogate \\u%1 in a string").arg(unit, 4, 16));
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            uint low = 0;
            if (i + 1 < n && s[i] == '\\' && s[i + 1] == 'u' && hex4(i + 2, low) && low >= 0xDC00 &&
                low <= 0xDFFF) {
                i += 6;
                return true;
            }
            return failed(at,
                          QStringLiteral("unpaired surrogate \\u%1 in a string").arg(unit, 4, 16));
        }
        return true;
    }

    bool utf8()
    {
        const unsigned char c = s[i];
        size_t length = 0;
        unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0)
                low = 0xA0;
            else if (c == 0xED)
                high = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0)
                low = 0x90;
            else if (c == 0xF4)
                high = 0x8F;
        } else {
            return failed(i, QStringLiteral("invalid UTF-8 (byte %1) in a string; save the file "
                                            "as UTF-8")
                                 .arg(hexByte(c)));
        }
        for (size_t k = 1; k < length; ++k) {
            const unsigned char next = i + k < n ? s[i + k] : 0;
            const bool ok = k == 1 ? (next >= low && next <= high) : (next >= 0x80 && next <= 0xBF);
            if (!ok) {
                return failed(i, QStringLiteral("invalid UTF-8 (byte %1) in a string; save the "
                                                "file as UTF-8")
                                     .arg(hexByte(c)));
            }
        }
        i += length;
        return true;
    }
};

QString describeCode(simdjson::error_code code)
{
    return QStringLiteral("invalid JSON (%1)").arg(QLatin1String(simdjson::error_message(code)));
}

} // namespace

qint64 JsonReaderPrivate::currentOffset()
{
    const char *location = nullptr;
    if (doc.current_location().get(location) == simdjson::SUCCESS)
        return offsetOf(location);
    return qint64(size);
}

void JsonReaderPrivate::allocate(size_t length)
{
    buffer = simdjson::padded_string(length);
    begin = 0;
    outOfMemory = !buffer.data();
    size = outOfMemory ? 0 : length;
}

void JsonReaderPrivate::dropByteOrderMark()
{
    if (size >= 3 && std::memcmp(buffer.data(), ByteOrderMark, 3) == 0) {
        begin = 3;
        size -= 3;
    }
}

bool JsonReaderPrivate::failWith(const QString &message, qint64 at)
{
    if (failed)
        return false;
    failed = true;
    error = JsonError{message, at, {}};
    return false;
}

bool JsonReaderPrivate::fail(simdjson::error_code code, qint64 at, const char *expected)
{
    if (failed)
        return false;
    if (code == simdjson::CAPACITY) {
        return failWith(QStringLiteral("the document is too large to parse (at most 4 GiB)"),
                        qMax<qint64>(at, 0));
    }
    if (code == simdjson::MEMALLOC)
        return failWith(QStringLiteral("not enough memory to parse the document"),
                        qMax<qint64>(at, 0));

    // simdjson says what went wrong but rarely where; the scanner finds the exact place.
    const std::optional<JsonError> found = SyntaxScanner(base(), size).run();
    const bool structural = code != simdjson::NUMBER_ERROR && code != simdjson::INCORRECT_TYPE &&
                            code != simdjson::NUMBER_OUT_OF_RANGE;
    if (found && (structural || at < 0 || found->offset <= at)) {
        failed = true;
        error = *found;
        return false;
    }

    const size_t where = at < 0 ? 0 : size_t(at);
    const QString token = excerpt(base(), size, where);
    if (code == simdjson::INCORRECT_TYPE && expected) {
        return failWith(QStringLiteral("expected %1, found %2").arg(QLatin1String(expected), token),
                        qint64(where));
    }
    if (code == simdjson::NUMBER_ERROR || code == simdjson::NUMBER_OUT_OF_RANGE) {
        return failWith(QStringLiteral("number %1 is out of range").arg(token), qint64(where));
    }
    return failWith(describeCode(code), qint64(where));
}

// ---- JsonValue ----

JsonType JsonValue::type()
{
    if (d->failed)
        return JsonType::Invalid;
    ondemand::json_type t{};
    const auto err = m_impl->root ? d->doc.type().get(t) : m_impl->value.type().get(t);
    if (err) {
        d->fail(err, offset());
        return JsonType::Invalid;
    }
    switch (t) {
    case ondemand::json_type::array:
        return JsonType::Array;
    case ondemand::json_type::object:
        return JsonType::Object;
    case ondemand::json_type::number:
        return JsonType::Number;
    case ondemand::json_type::string:
        return JsonType::String;
    case ondemand::json_type::boolean:
        return JsonType::Bool;
    case ondemand::json_type::null:
        return JsonType::Null;
    }
    d->fail(simdjson::TAPE_ERROR, offset());
    return JsonType::Invalid;
}

namespace {
template <typename T, typename RootGet, typename ValueGet>
bool readScalar(JsonReaderPrivate *d, JsonValueImpl *impl, const JsonValue &self,
                const char *expected, T &out, RootGet rootGet, ValueGet valueGet)
{
    if (d->failed)
        return false;
    const auto err = impl->root ? rootGet(d->doc).get(out) : valueGet(impl->value).get(out);
    if (err)
        return d->fail(err, self.offset(), expected);
    impl->consumed = true;
    return true;
}
} // namespace

bool JsonValue::toBool(bool &out)
{
    return readScalar(
        d, m_impl, *this, "true or false", out,
        [](ondemand::document &doc) { return doc.get_bool(); },
        [](ondemand::value &v) { return v.get_bool(); });
}

bool JsonValue::toInt64(qint64 &out)
{
    int64_t value = 0;
    const bool ok = readScalar(
        d, m_impl, *this, "an integer", value,
        [](ondemand::document &doc) { return doc.get_int64(); },
        [](ondemand::value &v) { return v.get_int64(); });
    out = value;
    return ok;
}

bool JsonValue::toUInt64(quint64 &out)
{
    uint64_t value = 0;
    const bool ok = readScalar(
        d, m_impl, *this, "an unsigned integer", value,
        [](ondemand::document &doc) { return doc.get_uint64(); },
        [](ondemand::value &v) { return v.get_uint64(); });
    out = value;
    return ok;
}

bool JsonValue::toDouble(double &out)
{
    return readScalar(
        d, m_impl, *this, "a number", out, [](ondemand::document &doc) { return doc.get_double(); },
        [](ondemand::value &v) { return v.get_double(); });
}

bool JsonValue::toNumber(JsonNumber &out)
{
    if (d->failed)
        return false;
    ondemand::number number;
    auto err =
        m_impl->root ? d->doc.get_number().get(number) : m_impl->value.get_number().get(number);
    if (err == simdjson::NUMBER_ERROR) {
        // simdjson 3.0 has no big integers: an integer beyond 64 bits is still a double.
        double real = 0;
        if (!toDouble(real))
            return false;
        out = JsonNumber{JsonNumber::Kind::Double, 0, 0, real};
        return true;
    }
    if (err)
        return d->fail(err, offset(), "a number");
    m_impl->consumed = true;
    switch (number.get_number_type()) {
    case ondemand::number_type::signed_integer:
        out = JsonNumber{JsonNumber::Kind::Int64, number.get_int64(), 0, 0};
        break;
    case ondemand::number_type::unsigned_integer:
        out = JsonNumber{JsonNumber::Kind::UInt64, 0, number.get_uint64(), 0};
        break;
    case ondemand::number_type::floating_point_number:
        out = JsonNumber{JsonNumber::Kind::Double, 0, 0, number.get_double()};
        break;
    }
    return true;
}

bool JsonValue::toString(std::string_view &out)
{
    if (d->failed)
        return false;
    if (!m_impl->root) {
        // Most strings have no escapes: view them in place rather than copy them out.
        const std::string_view token = m_impl->value.raw_json_token();
        if (!token.empty() && token.front() == '"') {
            const char *first = token.data() + 1;
            const char *last = token.data() + token.size();
            const auto *quote =
                static_cast<const char *>(std::memchr(first, '"', size_t(last - first)));
            if (quote && !std::memchr(first, '\\', size_t(quote - first))) {
                ondemand::raw_json_string raw;
                if (const auto err = m_impl->value.get_raw_json_string().get(raw))
                    return d->fail(err, offset(), "a string");
                m_impl->consumed = true;
                out = std::string_view(first, size_t(quote - first));
                return true;
            }
        }
    }
    return readScalar(
        d, m_impl, *this, "a string", out, [](ondemand::document &doc) { return doc.get_string(); },
        [](ondemand::value &v) { return v.get_string(); });
}

namespace {
struct DepthGuard
{
    int &depth;
    explicit DepthGuard(int &d) : depth(d) { ++depth; }
    ~DepthGuard() { --depth; }
};

// A string left unread must still be stepped over as a value: simdjson would take a string
// followed by ':' for a key when it skips, and so miss a malformed document.
void settle(JsonValueImpl &impl)
{
    if (impl.consumed)
        return;
    const std::string_view token = impl.value.raw_json_token();
    if (!token.empty() && token.front() == '"') {
        ondemand::raw_json_string raw;
        (void)impl.value.get_raw_json_string().get(raw);
    }
}

QString depthMessage()
{
    return QStringLiteral("arrays and objects are nested deeper than %1 levels")
        .arg(JsonReader::MaxDepth);
}
} // namespace

bool JsonValue::forEachField(JsonCallback<bool(std::string_view, JsonValue &)> visit)
{
    if (d->failed)
        return false;
    const qint64 at = offset();
    if (d->depth >= JsonReader::MaxDepth)
        return d->failWith(depthMessage(), at);
    ondemand::object object;
    auto err =
        m_impl->root ? d->doc.get_object().get(object) : m_impl->value.get_object().get(object);
    if (err)
        return d->fail(err, at, "an object");
    m_impl->consumed = true;
    const DepthGuard guard(d->depth);
    for (auto result : object) {
        ondemand::field field;
        if ((err = std::move(result).get(field)))
            return d->fail(err, d->currentOffset());
        JsonValueImpl child;
        child.key = field.key().raw();
        child.value = field.value();
        // Keys are short and rarely escaped: find the closing quote rather than unescape.
        std::string_view key;
        const char *end = child.key;
        while (*end != '"' && *end != '\\')
            ++end;
        if (*end == '"')
            key = std::string_view(child.key, size_t(end - child.key));
        else if ((err = field.unescaped_key().get(key)))
            return d->fail(err, d->offsetOf(child.key) - 1);
        JsonValue value(d, &child);
        if (!visit(key, value) || d->failed)
            return false;
        settle(child);
    }
    return !d->failed;
}

bool JsonValue::forEachElement(JsonCallback<bool(JsonValue &)> visit)
{
    if (d->failed)
        return false;
    const qint64 at = offset();
    if (d->depth >= JsonReader::MaxDepth)
        return d->failWith(depthMessage(), at);
    ondemand::array array;
    auto err = m_impl->root ? d->doc.get_array().get(array) : m_impl->value.get_array().get(array);
    if (err)
        return d->fail(err, at, "an array");
    m_impl->consumed = true;
    const DepthGuard guard(d->depth);
    for (auto result : array) {
        JsonValueImpl child;
        if ((err = std::move(result).get(child.value)))
            return d->fail(err, d->currentOffset());
        JsonValue value(d, &child);
        if (!visit(value) || d->failed)
            return false;
        settle(child);
    }
    return !d->failed;
}

bool JsonValue::skip()
{
    if (d->failed)
        return false;
    if (m_impl->consumed)
        return true;
    if (m_impl->root) {
        std::string_view raw;
        if (const auto err = d->doc.raw_json().get(raw))
            return d->fail(err, offset());
        m_impl->consumed = true;
        return true;
    }
    // The enclosing array or object steps over what is left unread.
    settle(*m_impl);
    m_impl->consumed = true;
    return true;
}

qint64 JsonValue::offset() const
{
    if (m_impl->root) {
        std::string_view token;
        if (d->doc.raw_json_token().get(token) == simdjson::SUCCESS)
            return d->offsetOf(token.data());
        return 0;
    }
    return d->offsetOf(m_impl->value.raw_json_token().data());
}

qint64 JsonValue::keyOffset() const
{
    return m_impl->key ? d->offsetOf(m_impl->key) - 1 : -1;
}

// ---- JsonReader ----

JsonReader::JsonReader() : d(std::make_unique<JsonReaderPrivate>()) {}

JsonReader::~JsonReader() = default;

void JsonReader::setData(QByteArrayView json)
{
    if (json.startsWith(QByteArrayView(ByteOrderMark, 3)))
        json = json.sliced(3);
    d->allocate(size_t(json.size()));
    if (d->size > 0)
        std::memcpy(d->buffer.data(), json.data(), d->size);
    d->error = {};
    d->failed = false;
}

bool JsonReader::readFile(const QString &path, QString *reason)
{
    d->allocate(0);
    d->error = {};
    d->failed = false;
    if (QFileInfo(path).isDir()) {
        *reason = QStringLiteral("it is a directory");
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *reason = file.errorString();
        return false;
    }
    if (file.isSequential()) { // a pipe or a device: its size is unknown until read
        const QByteArray all = file.readAll();
        if (file.error() != QFileDevice::NoError) {
            *reason = file.errorString();
            return false;
        }
        setData(all);
        return true;
    }
    const qint64 size = file.size();
    if (size < 0 || quint64(size) > std::numeric_limits<uint32_t>::max()) {
        *reason = QStringLiteral("the file is larger than 4 GiB");
        return false;
    }
    d->allocate(size_t(size));
    if (d->outOfMemory) {
        *reason = QStringLiteral("not enough memory to read it");
        return false;
    }
    qint64 done = 0;
    while (done < size) {
        const qint64 n = file.read(d->buffer.data() + done, size - done);
        if (n < 0) {
            *reason = file.errorString();
            return false;
        }
        if (n == 0)
            break;
        done += n;
    }
    if (done < size) { // the file shrank while being read: keep the padding the parser needs
        std::memset(d->buffer.data() + done, 0, size_t(size - done));
        d->size = size_t(done);
    }
    d->dropByteOrderMark();
    return true;
}

QByteArrayView JsonReader::data() const
{
    return QByteArrayView(d->base(), qsizetype(d->size));
}

bool JsonReader::parse(JsonCallback<bool(JsonValue &)> visit)
{
    d->error = {};
    d->failed = false;
    d->depth = 0;
    if (d->outOfMemory)
        return d->fail(simdjson::MEMALLOC, 0);
    static const char empty[simdjson::SIMDJSON_PADDING + 1] = {};
    const char *text = d->buffer.data() ? d->base() : empty;
    const simdjson::padded_string_view view(text, d->size, d->size + simdjson::SIMDJSON_PADDING);
    if (const auto err = d->parser.iterate(view).get(d->doc))
        return d->fail(err, -1);

    JsonValueImpl root;
    root.root = true;
    JsonValue value(d.get(), &root);
    if (!visit(value) || d->failed)
        return false;
    if (!root.consumed && !value.skip())
        return false;
    const char *location = nullptr;
    if (d->doc.current_location().get(location) == simdjson::SUCCESS)
        return d->fail(simdjson::TRAILING_CONTENT, d->offsetOf(location));
    return true;
}

bool JsonReader::hasError() const
{
    return d->failed;
}

const JsonError &JsonReader::error() const
{
    return d->error;
}

JsonPosition JsonReader::position(qint64 offset) const
{
    const char *text = d->base();
    const size_t end = offset < 0 ? 0 : qMin(size_t(offset), d->size);
    JsonPosition p{1, 1};
    if (!d->buffer.data())
        return p;
    for (size_t k = 0; k < end; ++k) {
        const unsigned char c = uchar(text[k]);
        if (c == '\n') {
            ++p.line;
            p.column = 1;
        } else if ((c & 0xC0) != 0x80) { // count characters, not UTF-8 continuation bytes
            ++p.column;
        }
    }
    return p;
}

} // namespace Taskline
