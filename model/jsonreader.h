#pragma once

#include <QByteArrayView>
#include <QString>

#include <memory>
#include <string_view>
#include <type_traits>
#include <utility>

namespace Taskline {

/*!
 * A non-owning reference to a callable (a function_ref): visitors are passed without a copy or
 * an allocation. It must not outlive the callable, which is why readers only take it as a
 * parameter.
 */
template <typename Signature> class JsonCallback;

template <typename R, typename... Args> class JsonCallback<R(Args...)>
{
public:
    template <typename F,
              typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, JsonCallback>>>
    JsonCallback(F &&f) noexcept // NOLINT: implicit on purpose, so a lambda can be passed
        : m_object(const_cast<void *>(static_cast<const void *>(std::addressof(f)))),
          m_call([](void *object, Args... args) -> R {
              return (*static_cast<std::remove_reference_t<F> *>(object))(
                  std::forward<Args>(args)...);
          })
    {
    }

    R operator()(Args... args) const { return m_call(m_object, std::forward<Args>(args)...); }

private:
    void *m_object;
    R (*m_call)(void *, Args...);
};

enum class JsonType : quint8 { Invalid, Null, Bool, Number, String, Array, Object };

/*! A number as written: an integer when it is one and fits 64 bits, else a double. */
struct JsonNumber
{
    enum class Kind : quint8 { Int64, UInt64, Double };
    Kind kind = Kind::Int64;
    qint64 int64 = 0;   // Kind::Int64
    quint64 uint64 = 0; // Kind::UInt64: above the qint64 range
    double real = 0;    // Kind::Double: a fraction, an exponent, or an integer beyond 64 bits

    double toDouble() const
    {
        return kind == Kind::Int64 ? double(int64) : kind == Kind::UInt64 ? double(uint64) : real;
    }
};

/*! Why a document is not valid JSON, and where (a byte offset into JsonReader::data()). */
struct JsonError
{
    QString message; // e.g. `expected ',' or '}' after an object member, found '"'`
    qint64 offset = -1;
    QString path; // where in the document, e.g. "tasks[3].id"; empty when not known
};

/*! 1-based line and column (in characters) of a place in a document. */
struct JsonPosition
{
    int line = 0;
    int column = 0;
};

class JsonReader;
struct JsonReaderPrivate;
struct JsonValueImpl;

/*!
 * One value of the document being read, valid only inside the visitor it was handed to.
 *
 * Reading is forward-only: read a value at most once (a type() check does not count), and
 * visit the members and elements of containers in order. A value left unread is skipped.
 * Every method that returns bool returns false on an error (then JsonReader::error() says
 * which and where) or, for the forEach methods, when the visitor returned false. Reading a
 * value as another type than type() says is an error too, and errors are final: after one,
 * every call returns false. Offsets are byte offsets into JsonReader::data().
 */
class JsonValue
{
public:
    JsonValue(const JsonValue &) = delete;
    JsonValue &operator=(const JsonValue &) = delete;

    /*! The type, without reading the value; Invalid (with an error) when it is no JSON value. */
    JsonType type();

    bool toBool(bool &out);
    /*! An integer that fits qint64 / quint64; a fraction or an exponent is an error. */
    bool toInt64(qint64 &out);
    bool toUInt64(quint64 &out);
    /*! Any number, integers included. Out of the double range (1e400) is an error. */
    bool toDouble(double &out);
    bool toNumber(JsonNumber &out);
    /*! The unescaped UTF-8 text; the view stays valid as long as the JsonReader holds its data. */
    bool toString(std::string_view &out);

    /*! Calls visit(key, value) for each member in order (keys unescaped UTF-8). */
    bool forEachField(JsonCallback<bool(std::string_view key, JsonValue &value)> visit);
    /*! Calls visit(element) for each element in order. */
    bool forEachElement(JsonCallback<bool(JsonValue &element)> visit);
    /*! Skips the value, however deeply nested, without a look at its contents. */
    bool skip();

    /*! Byte offset of the value's first character in JsonReader::data(). */
    qint64 offset() const;
    /*! Byte offset of the member's key (its opening quote), or -1 outside an object. */
    qint64 keyOffset() const;

private:
    friend class JsonReader;
    friend struct JsonReaderPrivate;
    JsonValue(JsonReaderPrivate *reader, JsonValueImpl *impl) : d(reader), m_impl(impl) {}

    JsonReaderPrivate *d;
    JsonValueImpl *m_impl;
};

/*!
 * A fast, forward-only JSON reader over a whole document held in memory (simdjson on demand).
 *
 * Errors never throw: they end the parse with a message and the byte offset of the culprit,
 * including invalid UTF-8, a number out of the double range, nesting deeper than
 * MaxDepth and content after the root value. A UTF-8 byte order mark is dropped.
 */
class JsonReader
{
public:
    static constexpr int MaxDepth = 1024;
    /*! Readable bytes setView() needs after the text (any content). */
    static constexpr qsizetype Padding = 64;

    JsonReader();
    ~JsonReader();
    JsonReader(const JsonReader &) = delete;
    JsonReader &operator=(const JsonReader &) = delete;

    /*! Takes a copy of `json` (in the padded buffer the parser needs). */
    void setData(QByteArrayView json);
    /*!
     * Reads `json` in place, without a copy: it must stay alive and unchanged while this
     * reader is used, and have Padding readable bytes after its end (JsonChunks hands out
     * such views). A byte order mark is not dropped here.
     */
    void setView(QByteArrayView json);
    /*! Reads a whole file; on failure returns false and sets `reason` (the system's words). */
    bool readFile(const QString &path, QString *reason);
    /*! The document as parsed, without its byte order mark. */
    QByteArrayView data() const;

    /*!
     * Parses the document and hands its root value to `visit`, then checks that nothing but
     * white space follows. False when the document is invalid (error() says why) or when
     * `visit` returned false (error() is then empty unless the JSON was at fault).
     */
    bool parse(JsonCallback<bool(JsonValue &root)> visit);

    bool hasError() const;
    const JsonError &error() const;
    /*! Line and column of a byte offset into data(); computed by a scan, meant for messages. */
    JsonPosition position(qint64 offset) const;

private:
    std::unique_ptr<JsonReaderPrivate> d;
};

} // namespace Taskline
