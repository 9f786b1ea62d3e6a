#include "jsonsyntax_p.h"

#include <charconv>
#include <limits>
#include <string_view>
#include <vector>

namespace Taskline {

namespace {

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
                                     .arg(tokenExcerpt(reinterpret_cast<const char *>(s), n, i)));
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
        return tokenExcerpt(reinterpret_cast<const char *>(s), n, start);
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
            return failed(at,
                          QStringLiteral("invalid escape \\%1 in a string; write a backslash "
                                         "as \\\\")
                              .arg(tokenExcerpt(reinterpret_cast<const char *>(s), n, i).left(1)));
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

} // namespace

QString tokenExcerpt(const char *text, size_t size, size_t at)
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

std::optional<JsonError> diagnoseSyntax(const char *data, size_t size)
{
    return SyntaxScanner(data, size).run();
}

} // namespace Taskline
