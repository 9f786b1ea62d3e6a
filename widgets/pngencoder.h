#pragma once

#include <QByteArray>

class QImage;

namespace Taskline {

/*!
 * An opaque image as a PNG file (8-bit RGB), fast: every row filtered "Up" (the row above
 * subtracted: a timeline's rows repeat, so most bytes become zero runs) and deflated at zlib
 * level 1 (qCompress). Qt's writer tries five filters per row and deflates at level 6: ~6x the
 * instructions for a 1600x900 timeline, for a file about as small. Returns an empty array for
 * an image with transparent pixels (use QImageWriter for those).
 */
QByteArray encodePng(const QImage &image);

} // namespace Taskline
