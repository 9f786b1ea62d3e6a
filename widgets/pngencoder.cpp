#include "pngencoder.h"

#include <QImage>
#include <QtEndian>

#include <array>

namespace Taskline {

namespace {

const std::array<quint32, 256> &crcTable()
{
    static const std::array<quint32, 256> table = [] {
        std::array<quint32, 256> t{};
        for (quint32 n = 0; n < 256; ++n) {
            quint32 c = n;
            for (int k = 0; k < 8; ++k)
                c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    return table;
}

quint32 crc32(const char *data, qsizetype size, quint32 crc = 0)
{
    const auto &table = crcTable();
    crc = ~crc;
    for (qsizetype i = 0; i < size; ++i)
        crc = table[(crc ^ quint8(data[i])) & 0xff] ^ (crc >> 8);
    return ~crc;
}

void appendChunk(QByteArray &out, const char type[4], const char *data, qsizetype size)
{
    char be[4];
    qToBigEndian(quint32(size), be);
    out.append(be, 4);
    const qsizetype start = out.size();
    out.append(type, 4);
    out.append(data, size);
    qToBigEndian(crc32(out.constData() + start, size + 4), be);
    out.append(be, 4);
}

} // namespace

QByteArray encodePng(const QImage &source)
{
    if (source.isNull() || source.hasAlphaChannel())
        return {};
    const QImage image = source.format() == QImage::Format_RGB32
                             ? source
                             : source.convertToFormat(QImage::Format_RGB32);
    const int w = image.width();
    const int h = image.height();
    const qsizetype rowBytes = 1 + qsizetype(w) * 3; // the filter type, then RGB
    QByteArray raw(rowBytes * h, Qt::Uninitialized);
    QByteArray previous(rowBytes, '\0');
    QByteArray row(rowBytes, '\0');
    for (int y = 0; y < h; ++y) {
        const auto *px = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        auto *r = reinterpret_cast<uchar *>(row.data()) + 1;
        for (int x = 0; x < w; ++x) {
            r[3 * x] = uchar(qRed(px[x]));
            r[3 * x + 1] = uchar(qGreen(px[x]));
            r[3 * x + 2] = uchar(qBlue(px[x]));
        }
        auto *out = reinterpret_cast<uchar *>(raw.data()) + y * rowBytes;
        const auto *above = reinterpret_cast<const uchar *>(previous.constData());
        const auto *here = reinterpret_cast<const uchar *>(row.constData());
        out[0] = 2; // Up
        for (qsizetype i = 1; i < rowBytes; ++i)
            out[i] = uchar(here[i] - above[i]);
        std::swap(row, previous);
    }
    // qCompress: a 4-byte length, then the zlib stream PNG wants.
    const QByteArray zlib = qCompress(raw, 1);
    if (zlib.size() <= 4)
        return {};

    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    png.reserve(png.size() + zlib.size() + 64);
    char header[13];
    qToBigEndian(quint32(w), header);
    qToBigEndian(quint32(h), header + 4);
    header[8] = 8;  // bits per channel
    header[9] = 2;  // RGB
    header[10] = 0; // deflate
    header[11] = 0; // adaptive filtering (per-row filter bytes)
    header[12] = 0; // not interlaced
    appendChunk(png, "IHDR", header, sizeof header);
    appendChunk(png, "IDAT", zlib.constData() + 4, zlib.size() - 4);
    appendChunk(png, "IEND", nullptr, 0);
    return png;
}

} // namespace Taskline
