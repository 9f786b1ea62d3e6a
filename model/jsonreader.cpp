#include "jsonreader.h"

#include "jsonsyntax_p.h"

#include <QFile>
#include <QFileInfo>

#include <simdjson.h>

#include <cstring>
#include <limits>
#include <optional>
#include <string>

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
    const char *view = nullptr; // setView(): the caller's text instead of buffer
    ondemand::parser parser;
    ondemand::document doc;
    JsonError error;
    bool failed = false;
    int depth = 0;
    bool outOfMemory = false;

    const char *base() const { return view ? view : buffer.data() + begin; }
    bool hasText() const { return view || buffer.data(); }
    qint64 offsetOf(const char *p) const { return p ? qint64(p - base()) : -1; }
    qint64 currentOffset();
    void allocate(size_t length);
    void dropByteOrderMark();

    bool fail(simdjson::error_code code, qint64 at, const char *expected = nullptr);
    bool failWith(const QString &message, qint64 at);
};

namespace {

constexpr char ByteOrderMark[] = "\xEF\xBB\xBF";

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
    view = nullptr;
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
    const std::optional<JsonError> found = diagnoseSyntax(base(), size);
    const bool structural = code != simdjson::NUMBER_ERROR && code != simdjson::INCORRECT_TYPE &&
                            code != simdjson::NUMBER_OUT_OF_RANGE;
    if (found && (structural || at < 0 || found->offset <= at)) {
        failed = true;
        error = *found;
        return false;
    }

    const size_t where = at < 0 ? 0 : size_t(at);
    const QString token = tokenExcerpt(base(), size, where);
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
    case ondemand::json_type::null: {
        // simdjson types any token that starts with 'n' as null ("nan", "nul", "nullx"):
        // only the literal itself is one.
        const qint64 at = offset();
        const size_t left = at < 0 ? 0 : d->size - size_t(at);
        const char *text = d->base() + (at < 0 ? 0 : at);
        const char next = left > 4 ? text[4] : ' ';
        const bool isNull = left >= 4 && std::memcmp(text, "null", 4) == 0 && next != '\0' &&
                            std::strchr(" \t\r\n,]}", next) != nullptr;
        if (!isNull) {
            d->fail(simdjson::N_ATOM_ERROR, at);
            return JsonType::Invalid;
        }
        return JsonType::Null;
    }
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

void JsonReader::setView(QByteArrayView json)
{
    static_assert(Padding >= qsizetype(simdjson::SIMDJSON_PADDING));
    d->buffer = simdjson::padded_string();
    d->begin = 0;
    d->outOfMemory = false;
    d->view = json.data();
    d->size = size_t(json.size());
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
    // A pipe or a device, or a file that says it is empty (procfs, sysfs): its size is
    // unknown until read.
    if (file.isSequential() || file.size() == 0) {
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
    const char *text = d->hasText() ? d->base() : empty;
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
    if (!d->hasText())
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
