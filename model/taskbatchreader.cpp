#include "taskbatchreader_p.h"

#include "plan.h"
#include "scenariorules.h"
#include "scenariorules_p.h"

#include <array>
#include <charconv>
#include <cstring>

namespace Taskline {

using namespace Rules;

namespace {

constexpr quint32 bit(Field f)
{
    return 1u << int(f);
}

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

void skipSpace(const char *&p, const char *end)
{
    while (p < end && isSpace(*p))
        ++p;
}

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

// Task keys by length and first letter: one comparison confirms a key, none walks a list.
class KeyTable
{
public:
    KeyTable()
    {
        for (auto &row : m_field)
            row.fill(-1);
        for (int f = 0; f < FieldCount; ++f) {
            const std::string_view key = rule(Field(f)).key;
            qint8 &slot = m_field[key.size() & 31][uchar(key.front()) & 31];
            slot = slot == -1 ? qint8(f) : qint8(-2); // -2: two keys share it
        }
    }

    /*! The field `key` names; -1 for none, -2 when the table cannot tell. */
    int field(std::string_view key) const
    {
        if (key.empty() || key.size() > 31)
            return -1;
        const int f = m_field[key.size()][uchar(key.front()) & 31];
        if (f < 0)
            return f;
        return rule(Field(f)).key == key ? f : -1;
    }

private:
    std::array<std::array<qint8, 32>, 32> m_field{};
};

// p is just past the opening quote. Escapes, control characters and non-ASCII bytes are left
// to the general parser.
bool readString(const char *&p, const char *end, std::string_view &out)
{
    const char *start = p;
    while (p < end && Classes.plain[uchar(*p)])
        ++p;
    if (p >= end || *p != '"')
        return false;
    out = std::string_view(start, size_t(p - start));
    ++p;
    return true;
}

bool readQuoted(const char *&p, const char *end, std::string_view &out)
{
    if (p >= end || *p != '"')
        return false;
    ++p;
    return readString(p, end, out);
}

constexpr double Powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                             1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                             1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// A number in JSON's grammar. The common short decimals are computed exactly (a mantissa below
// 2^53 and a power of ten up to 10^22 give a correctly rounded quotient, as simdjson's is);
// the rest goes through from_chars, also correctly rounded.
bool readDouble(const char *&p, const char *end, double &out)
{
    const char *start = p;
    const bool negative = p < end && *p == '-';
    if (negative)
        ++p;
    if (p >= end || *p < '0' || *p > '9')
        return false;
    quint64 mantissa = 0;
    int digits = 0;
    if (*p == '0') {
        ++p;
    } else {
        for (; p < end && *p >= '0' && *p <= '9'; ++p, ++digits)
            mantissa = mantissa * 10 + quint64(*p - '0');
    }
    int fraction = 0;
    if (p < end && *p == '.') {
        ++p;
        if (p >= end || *p < '0' || *p > '9')
            return false;
        for (; p < end && *p >= '0' && *p <= '9'; ++p, ++fraction)
            mantissa = mantissa * 10 + quint64(*p - '0');
    }
    bool simple = digits + fraction <= 15;
    if (p < end && (*p == 'e' || *p == 'E')) {
        ++p;
        if (p < end && (*p == '+' || *p == '-'))
            ++p;
        if (p >= end || *p < '0' || *p > '9')
            return false;
        while (p < end && *p >= '0' && *p <= '9')
            ++p;
        simple = false;
    }
    if (simple && fraction <= 22) {
        const double value = double(mantissa) / Powers[fraction];
        out = negative ? -value : value;
        return true;
    }
    const auto [ptr, ec] = std::from_chars(start, p, out);
    return ec == std::errc() && ptr == p;
}

// Digits only, as an integer rule's value is usually written; 2.0 or 1e3 go the general way.
bool readInteger(const char *&p, const char *end, qint64 &out)
{
    const bool negative = p < end && *p == '-';
    if (negative)
        ++p;
    const char *first = p;
    qint64 value = 0;
    while (p < end && *p >= '0' && *p <= '9' && p - first < 18)
        value = value * 10 + (*p++ - '0');
    if (p == first || (*first == '0' && p - first > 1))
        return false;
    if (p < end && ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E'))
        return false;
    out = negative ? -value : value;
    return true;
}

bool inRange(const Rule &r, double value)
{
    return (r.minExclusive ? value > r.min : value >= r.min) && value <= r.max;
}

} // namespace

bool TaskBatchReader::read(QByteArrayView batch)
{
    const char *p = batch.data();
    const char *end = p + batch.size();
    if (p >= end || *p != '[')
        return false;
    ++p;
    for (;;) {
        skipSpace(p, end);
        if (!readTask(p, end))
            return false;
        skipSpace(p, end);
        if (p >= end)
            return false;
        if (*p == ']')
            break;
        if (*p != ',')
            return false;
        ++p;
    }
    ++p;
    skipSpace(p, end);
    return p == end;
}

bool TaskBatchReader::readTask(const char *&p, const char *end)
{
    static const KeyTable keys;
    if (p >= end || *p != '{')
        return false;
    ++p;
    TaskParams t;
    std::string_view id, error;
    quint32 seen = 0;
    for (;;) {
        skipSpace(p, end);
        std::string_view key;
        if (!readQuoted(p, end, key))
            return false;
        const int f = keys.field(key);
        if (f < 0 || (seen & (1u << f)))
            return false;
        seen |= 1u << f;
        skipSpace(p, end);
        if (p >= end || *p != ':')
            return false;
        ++p;
        skipSpace(p, end);
        const Field field = Field(f);
        const Rule &r = rule(field);
        double number = 0;
        qint64 integer = 0;
        std::string_view text;
        switch (r.type) {
        case Type::Number:
            if (!readDouble(p, end, number) || !inRange(r, number))
                return false;
            break;
        case Type::Integer:
            if (!readInteger(p, end, integer) || !inRange(r, double(integer)))
                return false;
            break;
        case Type::Id:
        case Type::String:
        case Type::Kind:
        case Type::Shape:
            if (!readQuoted(p, end, text))
                return false;
            break;
        case Type::IdList: {
            if (p >= end || *p != '[')
                return false;
            ++p;
            skipSpace(p, end);
            if (p < end && *p == ']') {
                ++p;
                break;
            }
            for (;;) {
                std::string_view name;
                if (!readQuoted(p, end, name))
                    return false;
                m_tasks.addAfterUtf8(name);
                skipSpace(p, end);
                if (p < end && *p == ']') {
                    ++p;
                    break;
                }
                if (p >= end || *p != ',')
                    return false;
                ++p;
                skipSpace(p, end);
            }
            break;
        }
        default:
            return false;
        }
        switch (field) {
        case Field::Id:
            if (text.empty())
                return false;
            for (const char c : text) {
                if (!Classes.id[uchar(c)])
                    return false;
            }
            id = text;
            break;
        case Field::Kind:
        case Field::Shape: {
            const std::optional<int> value = enumFromName(r, text);
            if (!value)
                return false;
            if (field == Field::Kind)
                t.kind = TaskKind(*value);
            else
                t.shape = TaskShape(*value);
            break;
        }
        case Field::Error:
            error = text;
            break;
        case Field::After:
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
        skipSpace(p, end);
        if (p >= end)
            return false;
        if (*p == '}')
            break;
        if (*p != ',')
            return false;
        ++p;
    }
    ++p;

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
    m_tasks.appendUtf8(t, id,
                       error.empty() ? QString()
                                     : QString::fromLatin1(error.data(), qsizetype(error.size())));
    return true;
}

} // namespace Taskline
