#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>

namespace Taskline {

struct JsonChunksPrivate;

/*!
 * Reads the elements of ONE array of a big JSON document in bounded memory: the root array,
 * or the array under a named key of the root object ("traceEvents", "tasks"). The document is
 * read in chunks of about `chunkBytes` into one reused buffer (grown only for an element
 * larger than it), and handed out as batches of complete elements; the rest of the document
 * (everything but the array's elements) is kept for the caller to read at the end.
 *
 *     JsonChunks chunks("tasks");
 *     if (!chunks.openFile(path))             // unreadable or a pipe: the whole-file path
 *         return wholeFile(path);
 *     QByteArrayView batch;
 *     while (chunks.next(batch))              // "[e1,e2,...]", parse it with a JsonReader:
 *         if (!handle(batch)) return wholeFile(path);   // reader.setView(batch)
 *     if (chunks.failed())
 *         return wholeFile(path);
 *     handleRest(chunks.rest());              // {"taskline":1,"tasks":[],"name":"x"}
 *
 * It is a FAST PATH for valid documents only: on anything unexpected (a syntax error it
 * sees, a root that is neither an object nor an array, the key missing or not an array, an
 * element that is not an object or an array, nesting deeper than MaxDepth) failed() becomes
 * true, and so must the caller's answer be to anything odd it meets in a batch or in rest()
 * (a JSON error, the array key seen twice or with elements in rest()): it falls back to the
 * whole-file path, which gives the exact messages. The elements' contents and rest() are
 * checked only by the caller's parser, which is why it must fall back on any error. Offsets
 * in a batch or in rest() are not the file's (see batchOffset()).
 *
 * The key is compared as written: a key written with escapes is not found (failed()). A UTF-8
 * byte order mark is dropped.
 */
class JsonChunks
{
public:
    static constexpr qsizetype DefaultChunkBytes = qsizetype(2) << 20;
    static constexpr int MaxDepth = 256; // inside an element; deeper falls back
    /*! Readable bytes after every batch and after rest(), as JsonReader::setView needs. */
    static constexpr qsizetype Padding = 64;

    /*! `arrayKey`: the key of the array in a root object (a root array is read whatever it
     *  says; rootIsArray() tells). */
    explicit JsonChunks(QByteArrayView arrayKey, qsizetype chunkBytes = DefaultChunkBytes);
    ~JsonChunks();
    JsonChunks(const JsonChunks &) = delete;
    JsonChunks &operator=(const JsonChunks &) = delete;

    /*! Opens a file; false if it cannot be opened, is a directory, or is a pipe or a device
     *  (read once, it could not be read again by the caller's fallback). */
    bool openFile(const QString &path);
    /*! Reads from memory instead, still in chunks; `data` must outlive the reader. */
    void openData(QByteArrayView data);

    /*!
     * The next batch: the text of a JSON array of one or more complete elements, "[e1,e2]",
     * valid until the next call, with Padding readable bytes after it. False at the end of
     * the array (then rest() is ready) or on failure (failed()).
     */
    bool next(QByteArrayView &batch);

    bool failed() const;
    /*! Why it failed, for tests; empty when it did not. */
    QString failure() const;
    bool rootIsArray() const;
    /*! After next() returned false without failure: the document with the array's elements
     *  taken out ("[]" left), with Padding readable bytes after it. */
    QByteArrayView rest() const;

    /*! The document's size in bytes (the file's, or the data's; -1 before opening): a hint
     *  for reserving what the elements will fill. */
    qint64 documentSize() const;
    /*! Elements handed out so far. */
    qint64 elementCount() const;
    /*! Byte offset in the document (after a byte order mark) of the last batch's first
     *  element. */
    qint64 batchOffset() const;
    /*! The bytes of the chunk buffer now held (it grows for an element larger than it). */
    qsizetype bufferBytes() const;

private:
    std::unique_ptr<JsonChunksPrivate> d;
};

} // namespace Taskline
