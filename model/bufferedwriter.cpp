#include "bufferedwriter.h"

#include <QIODevice>

#include <charconv>
#include <cmath>

namespace Taskline {

BufferedWriter::BufferedWriter(QIODevice *device, qsizetype chunk)
    : m_device(device), m_chunk(chunk)
{
    if (m_device)
        m_buffer.reserve(chunk + 4096);
}

BufferedWriter &BufferedWriter::integer(qint64 value)
{
    char text[24];
    const auto result = std::to_chars(text, text + sizeof text, value);
    return raw(std::string_view(text, size_t(result.ptr - text)));
}

BufferedWriter &BufferedWriter::unsignedInteger(quint64 value)
{
    char text[24];
    const auto result = std::to_chars(text, text + sizeof text, value);
    return raw(std::string_view(text, size_t(result.ptr - text)));
}

BufferedWriter &BufferedWriter::real(double value)
{
    if (!std::isfinite(value))
        return raw(std::string_view("null"));
    char text[32];
    const auto result = std::to_chars(text, text + sizeof text, value);
    return raw(std::string_view(text, size_t(result.ptr - text)));
}

BufferedWriter &BufferedWriter::fixed(qint64 ns, int decimals)
{
    static constexpr qint64 Powers[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    Q_ASSERT(decimals >= 0 && decimals <= 6);
    char text[32];
    char *p = text;
    // Work on the magnitude as unsigned, so the most negative value has one too.
    quint64 magnitude = ns < 0 ? quint64(0) - quint64(ns) : quint64(ns);
    if (ns < 0)
        *p++ = '-';
    const quint64 unit = quint64(Powers[decimals]);
    p = std::to_chars(p, text + sizeof text, magnitude / unit).ptr;
    quint64 fraction = magnitude % unit;
    if (fraction != 0) {
        *p++ = '.';
        int digits = decimals;
        while (fraction % 10 == 0) { // drop trailing zeros
            fraction /= 10;
            --digits;
        }
        char *end = p + digits;
        for (char *q = end; q != p;) {
            *--q = char('0' + fraction % 10);
            fraction /= 10;
        }
        p = end;
    }
    return raw(std::string_view(text, size_t(p - text)));
}

BufferedWriter &BufferedWriter::jsonString(std::string_view utf8)
{
    static constexpr char Hex[] = "0123456789abcdef";
    m_buffer.append('"');
    const char *begin = utf8.data();
    const char *end = begin + utf8.size();
    const char *run = begin; // start of the stretch that needs no escape
    for (const char *p = begin; p != end; ++p) {
        const auto c = uchar(*p);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        m_buffer.append(run, qsizetype(p - run));
        run = p + 1;
        switch (c) {
        case '"':
            m_buffer.append("\\\"", 2);
            break;
        case '\\':
            m_buffer.append("\\\\", 2);
            break;
        case '\n':
            m_buffer.append("\\n", 2);
            break;
        case '\r':
            m_buffer.append("\\r", 2);
            break;
        case '\t':
            m_buffer.append("\\t", 2);
            break;
        default: {
            const char escape[6] = {'\\', 'u', '0', '0', Hex[c >> 4], Hex[c & 15]};
            m_buffer.append(escape, 6);
        }
        }
    }
    m_buffer.append(run, qsizetype(end - run));
    m_buffer.append('"');
    return maybeFlush();
}

bool BufferedWriter::flush()
{
    if (!m_device || m_buffer.isEmpty())
        return m_ok;
    if (m_ok && m_device->write(m_buffer) != m_buffer.size())
        m_ok = false;
    m_buffer.resize(0); // keeps the capacity, unlike clear()
    return m_ok;
}

QByteArray BufferedWriter::escapedJson(const QString &text)
{
    BufferedWriter writer;
    writer.jsonString(text);
    return std::move(writer.buffer());
}

} // namespace Taskline
