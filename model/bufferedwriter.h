#pragma once

#include <QByteArray>
#include <QString>

#include <string_view>

class QIODevice;

namespace Taskline {

/*!
 * Appends text to a byte buffer and hands it to a device in large chunks: the export of a
 * million records costs a few large writes, not a million small ones. Without a device the
 * whole text stays in buffer(). Also formats what JSON and CSV need: escaped strings, integers,
 * shortest round-trip doubles and nanoseconds as fixed-point micro- or milliseconds.
 */
class BufferedWriter
{
public:
    explicit BufferedWriter(QIODevice *device = nullptr, qsizetype chunk = 1 << 20);

    BufferedWriter &raw(std::string_view text)
    {
        m_buffer.append(text.data(), qsizetype(text.size()));
        return maybeFlush();
    }
    BufferedWriter &raw(const QByteArray &text)
    {
        m_buffer.append(text);
        return maybeFlush();
    }
    BufferedWriter &raw(char c)
    {
        m_buffer.append(c);
        return *this;
    }

    BufferedWriter &integer(qint64 value);
    BufferedWriter &unsignedInteger(quint64 value);
    /*! Shortest text that reads back as the same double; `null` for NaN or infinity. */
    BufferedWriter &real(double value);
    /*! `ns / 10^decimals` with exactly the digits needed (no trailing zeros): exact, so it
     *  reads back to the same integer. decimals 3 gives microseconds, 6 milliseconds. */
    BufferedWriter &fixed(qint64 ns, int decimals);

    /*! A JSON string literal, quoted and escaped, from UTF-8 text or a QString. */
    BufferedWriter &jsonString(std::string_view utf8);
    BufferedWriter &jsonString(const QString &text) { return jsonString(toView(text.toUtf8())); }

    /*! Appends an already escaped literal (see escapedJson) without escaping it again. */
    BufferedWriter &literal(const QByteArray &escaped) { return raw(escaped); }

    /*! Writes what is buffered to the device; false once the device failed. */
    bool flush();
    bool ok() const { return m_ok; }
    QByteArray &buffer() { return m_buffer; }

    /*! `text` as a JSON string literal, quotes included. */
    static QByteArray escapedJson(const QString &text);

private:
    static std::string_view toView(const QByteArray &bytes)
    {
        return std::string_view(bytes.constData(), size_t(bytes.size()));
    }
    BufferedWriter &maybeFlush()
    {
        if (m_device && m_buffer.size() >= m_chunk)
            flush();
        return *this;
    }

    QIODevice *m_device = nullptr;
    qsizetype m_chunk;
    QByteArray m_buffer;
    bool m_ok = true;
};

} // namespace Taskline
