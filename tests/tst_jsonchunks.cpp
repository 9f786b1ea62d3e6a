// JsonChunks: the elements of one array of a JSON document handed out in bounded batches,
// whatever the chunk size, and a fallback signalled on anything malformed.

#include "jsonchunks.h"
#include "jsonreader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Taskline;

namespace {

struct Outcome
{
    bool fallback = false; // JsonChunks failed, or a batch or the rest did not parse
    QString why;
    QJsonArray elements;   // every element of every batch, in order
    QByteArray rest;
    int batches = 0;
    qint64 counted = 0;
    qsizetype maxBuffer = 0;
};

// Reads every value, as a consumer that reads all of a document does: skipped values are not
// checked by simdjson.
bool readEverything(JsonValue &v)
{
    switch (v.type()) {
    case JsonType::Object:
        return v.forEachField([](std::string_view, JsonValue &m) { return readEverything(m); });
    case JsonType::Array:
        return v.forEachElement([](JsonValue &e) { return readEverything(e); });
    case JsonType::String: {
        std::string_view s;
        return v.toString(s);
    }
    case JsonType::Number: {
        JsonNumber n;
        return v.toNumber(n);
    }
    case JsonType::Bool: {
        bool b = false;
        return v.toBool(b);
    }
    case JsonType::Null:
        return v.skip();
    case JsonType::Invalid:
        break;
    }
    return false;
}

bool isValidJson(QByteArrayView json)
{
    JsonReader reader;
    reader.setData(json);
    return reader.parse([](JsonValue &root) { return readEverything(root); });
}

// What a consumer does: each batch through a JsonReader over the view (no copy), then rest().
Outcome readAll(JsonChunks &chunks)
{
    Outcome out;
    JsonReader reader;
    QByteArrayView batch;
    while (chunks.next(batch)) {
        ++out.batches;
        out.maxBuffer = qMax(out.maxBuffer, chunks.bufferBytes());
        // The padding JsonReader::setView relies on is there to read.
        volatile char sink = 0;
        for (qsizetype k = 0; k < JsonChunks::Padding; ++k)
            sink = sink + batch.data()[batch.size() + k];
        reader.setView(batch);
        int elements = 0;
        const bool ok = reader.parse([&](JsonValue &root) {
            return root.forEachElement([&](JsonValue &e) { return ++elements, readEverything(e); });
        });
        const QJsonDocument doc = QJsonDocument::fromJson(batch.toByteArray());
        if (!ok || !doc.isArray() || elements == 0) {
            out.fallback = true;
            out.why = QStringLiteral("a batch did not parse: ") + reader.error().message;
            return out;
        }
        for (const QJsonValue &v : doc.array())
            out.elements.append(v);
    }
    out.counted = chunks.elementCount();
    if (chunks.failed()) {
        out.fallback = true;
        out.why = chunks.failure();
        return out;
    }
    out.rest = chunks.rest().toByteArray();
    reader.setView(chunks.rest());
    if (!reader.parse([](JsonValue &root) { return readEverything(root); })) {
        out.fallback = true;
        out.why = QStringLiteral("the rest did not parse: ") + reader.error().message;
    }
    return out;
}

Outcome readData(const QByteArray &json, const QByteArray &key, qsizetype chunk)
{
    JsonChunks chunks(key, chunk);
    chunks.openData(json);
    return readAll(chunks);
}

// The array's elements as QJsonDocument reads them, and the document with the array emptied.
void expected(const QByteArray &json, const QByteArray &key, QJsonArray &elements,
              QJsonDocument &rest)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (doc.isArray()) {
        elements = doc.array();
        rest = QJsonDocument(QJsonArray());
        return;
    }
    QJsonObject o = doc.object();
    elements = o.value(QString::fromUtf8(key)).toArray();
    o.insert(QString::fromUtf8(key), QJsonArray());
    rest = QJsonDocument(o);
}

const char *const Pretty = "{\n"
                           "  \"before\": {\"a\": [1, 2, {\"b\": \"]}\"}]},\n"
                           "  \"tasks\": [\n"
                           "    {\n"
                           "      \"id\": \"x{[\",\n"
                           "      \"after\": [\"y\", \"z\"]\n"
                           "    },\n"
                           "    {\"id\": \"q\\\"}]\\\\\", \"n\": -1.5e3}\n"
                           "  ],\n"
                           "  \"after\": \"tasks\"\n"
                           "}\n";

// The text without commas and line breaks: the elements of several batches side by side.
QByteArray withoutSeparators(QByteArrayView text)
{
    QByteArray out;
    for (const char c : text)
        if (c != ',' && c != '\n')
            out += c;
    return out;
}

// `n` small trace events in a root object, one per line.
QByteArray manyEvents(int n, QByteArray *elementsText = nullptr)
{
    QByteArray json = "{\"traceEvents\": [\n";
    for (int i = 0; i < n; ++i) {
        const QByteArray e = "{\"ph\":\"X\",\"name\":\"e" + QByteArray::number(i) +
                             "\",\"ts\":" + QByteArray::number(i) + ",\"dur\":1}";
        json += e + (i + 1 < n ? ",\n" : "\n");
        if (elementsText)
            *elementsText += withoutSeparators(e);
    }
    return json + "], \"displayTimeUnit\": \"ns\"}";
}

} // namespace

class TestJsonChunks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void elements_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QByteArray>("key");
        QTest::newRow("root array of objects")
            << QByteArray("[{\"a\":1},{\"b\":[2,3]},{\"c\":{}}]") << QByteArray("tasks");
        QTest::newRow("root array, one element per line")
            << QByteArray("[\n{\"ph\":\"X\",\"ts\":1},\n{\"ph\":\"B\",\"ts\":2},\n"
                          "{\"ph\":\"E\",\"ts\":3}\n]\n")
            << QByteArray("traceEvents");
        QTest::newRow("named key, keys before and after")
            << QByteArray("{\"x\":1,\"traceEvents\":[{\"a\":\"}\"},{\"b\":\"]\"}],"
                          "\"otherData\":{\"k\":[1,{\"traceEvents\":2}]}}")
            << QByteArray("traceEvents");
        QTest::newRow("strings with brackets, braces and escaped quotes")
            << QByteArray("{\"tasks\":[{\"s\":\"{[\\\"]}\\\\\"},{\"t\":\"\\\\\\\"{\"},"
                          "[\"]\",\"[\",{\"u\":\"\\u005d\"}]]}")
            << QByteArray("tasks");
        QTest::newRow("pretty-printed multi-line elements") << QByteArray(Pretty)
                                                            << QByteArray("tasks");
        QTest::newRow("key also nested before the array")
            << QByteArray("{\"meta\":{\"tasks\":[{\"no\":1}]},\"tasks\":[{\"yes\":1}]}")
            << QByteArray("tasks");
        QTest::newRow("a string value equal to the key")
            << QByteArray("{\"name\":\"tasks\",\"tasks\":[{\"a\":1}]}") << QByteArray("tasks");
        QTest::newRow("empty array") << QByteArray("{\"tasks\":[],\"z\":0}") << QByteArray("tasks");
        QTest::newRow("empty root array") << QByteArray(" [ ] ") << QByteArray("tasks");
        QTest::newRow("byte order mark")
            << QByteArray("\xEF\xBB\xBF{\"tasks\":[{\"a\":\"\xC3\xA9\"}]}") << QByteArray("tasks");
        QTest::newRow("deep element")
            << QByteArray("[" + QByteArray(100, '[') + QByteArray(100, ']') + ",{}]")
            << QByteArray("tasks");
        // Runs of backslashes and escaped quotes across the scanner's 64-byte blocks.
        for (int pad = 0; pad < 4; ++pad) {
            QByteArray s;
            for (int k = 0; k < 70; ++k)
                s += k % 3 == 0 ? "\\\\" : k % 3 == 1 ? "\\\"" : "}]";
            QTest::addRow("escapes across blocks, offset %d", pad)
                << QByteArray("[{\"" + QByteArray(pad, 'p') + "\":\"" + s + "\"},{\"" + s +
                              "\\\\\":[\"" + s + "\"]}]")
                << QByteArray("tasks");
        }
        QTest::newRow("white space everywhere")
            << QByteArray(" \r\n\t{ \"tasks\" :\n [ \t{ }\n ,\r\n { \"a\" : [ ] } ] , \"b\" : null } \n")
            << QByteArray("tasks");
    }

    // Every chunk size from 1 byte to the whole document: the same elements, the same rest.
    void elements()
    {
        QFETCH(QByteArray, json);
        QFETCH(QByteArray, key);
        QJsonArray wanted;
        QJsonDocument wantedRest;
        expected(json.startsWith("\xEF\xBB\xBF") ? json.mid(3) : json, key, wanted, wantedRest);
        for (qsizetype chunk = 1; chunk <= json.size() + 1; ++chunk) {
            const Outcome out = readData(json, key, chunk);
            QVERIFY2(!out.fallback, qPrintable(QStringLiteral("chunk %1: %2").arg(chunk).arg(out.why)));
            QCOMPARE(out.elements, wanted);
            QCOMPARE(out.counted, qint64(wanted.size()));
            QCOMPARE(QJsonDocument::fromJson(out.rest), wantedRest);
            if (chunk >= json.size())
                QCOMPARE(out.batches, wanted.isEmpty() ? 0 : 1);
        }
    }

    // Elements cut by the chunk's end at every position are carried into the next chunk.
    void manyElements_data()
    {
        QTest::addColumn<qsizetype>("chunk");
        for (const qsizetype chunk : {7, 64, 100, 101, 333, 4096})
            QTest::addRow("chunk %lld", static_cast<long long>(chunk)) << chunk;
    }

    void manyElements()
    {
        QFETCH(qsizetype, chunk);
        QByteArray json = "{\"traceEvents\": [\n";
        QJsonArray wanted;
        for (int i = 0; i < 500; ++i) {
            const QByteArray name = "n" + QByteArray(i % 13, 'x') + "\\\"}";
            json += "{\"ph\":\"X\",\"name\":\"" + name + "\",\"ts\":" + QByteArray::number(i) +
                    (i % 7 == 0 ? ",\"args\":{\"deep\":[[{\"a\":\"]\"}]]}" : "") + "}" +
                    (i + 1 < 500 ? ",\n" : "\n");
        }
        json += "], \"displayTimeUnit\": \"ns\"}";
        QJsonArray elements;
        QJsonDocument rest;
        expected(json, "traceEvents", elements, rest);
        const Outcome out = readData(json, "traceEvents", chunk);
        QVERIFY2(!out.fallback, qPrintable(out.why));
        QCOMPARE(out.elements.size(), 500);
        QCOMPARE(out.elements, elements);
        QCOMPARE(QJsonDocument::fromJson(out.rest), rest);
        QVERIFY(out.batches > 1);
        // Bounded: the buffer holds a chunk, or twice the largest element.
        QVERIFY2(out.maxBuffer <= qMax<qsizetype>(chunk, 4 * 120) + 2 + JsonChunks::Padding,
                 qPrintable(QString::number(out.maxBuffer)));
    }

    // An element larger than the chunk grows the buffer, and only then.
    void largeElement()
    {
        const QByteArray big = "{\"s\":\"" + QByteArray(100000, 'a') + "\"}";
        const QByteArray json = "[{\"a\":1}," + big + ",{\"b\":2}]";
        const Outcome out = readData(json, "tasks", 1024);
        QVERIFY2(!out.fallback, qPrintable(out.why));
        QCOMPARE(out.elements.size(), 3);
        QCOMPARE(out.elements.at(1).toObject().value(QStringLiteral("s")).toString().size(),
                 100000);
    }

    void file()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("t.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(Pretty);
        f.close();
        JsonChunks chunks("tasks", 16);
        QVERIFY(chunks.openFile(path));
        const Outcome out = readAll(chunks);
        QVERIFY2(!out.fallback, qPrintable(out.why));
        QCOMPARE(out.elements.size(), 2);
        QVERIFY(!JsonChunks("tasks").openFile(dir.filePath(QStringLiteral("missing.json"))));
        QVERIFY(!JsonChunks("tasks").openFile(dir.path()));
    }

    // Whatever is wrong, and wherever the chunk cuts, the caller hears that it must fall back.
    void malformed_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("isJson"); // valid JSON, just not what the fast path reads
        const auto row = [](const char *name, const QByteArray &json, bool isJson = false) {
            QTest::newRow(name) << json << isJson;
        };
        row("empty", "");
        row("white space only", " \n");
        row("root is a number", "42", true);
        row("root is a string", "\"tasks\"", true);
        row("key missing", "{\"other\":[{}]}", true);
        row("key escaped", "{\"t\\u0061sks\":[{}]}", true);
        row("key's value an object", "{\"tasks\":{}}", true);
        row("key's value a string", "{\"tasks\":\"[\"}", true);
        row("number element", "[1,2]", true);
        row("string element", "{\"tasks\":[\"a\"]}", true);
        row("null element", "[{},null]", true);
        row("too deep", "[" + QByteArray(300, '[') + QByteArray(300, ']') + "]", true);
        row("trailing comma", "[{},{},]");
        row("leading comma", "[,{}]");
        row("double comma", "[{},,{}]");
        row("missing comma", "[{} {}]");
        row("mismatched bracket", "[{\"a\":[1}]");
        row("mismatched brace", "[[1,2}]");
        row("unclosed element", "[{\"a\":1}, {\"b\":2");
        row("unclosed array", "{\"tasks\":[{}");
        row("unclosed string", "[{\"a\":\"xyz}]");
        row("unclosed root", "{\"tasks\":[{}]");
        row("syntax error in an element", "[{\"a\":1,}]");
        row("bad literal in an element", "[{\"a\":tru}]");
        row("NaN in an element", "[{\"a\":NaN}]");
        row("raw newline in a string", "[{\"a\":\"x\ny\"}]");
        row("invalid UTF-8 in an element", "[{\"a\":\"\xC3\x28\"}]");
        row("syntax error before the array", "{\"x\":[1,],\"tasks\":[{}]}");
        row("syntax error after the array", "{\"tasks\":[{}],\"x\":}");
        row("content after the root", "{\"tasks\":[{}]} x");
        row("second root", "[{}][{}]");
        row("byte order mark twice", "\xEF\xBB\xBF\xEF\xBB\xBF[{}]");
    }

    // A document larger than a chunk is read and scanned on a thread of its own while the
    // batch before is parsed: each batch stays as it was until the next call, whatever the
    // reader does meanwhile, and lies in the document where batchOffset() says.
    void readAhead_data()
    {
        QTest::addColumn<qsizetype>("chunk");
        for (const qsizetype chunk : {1, 5, 100, 4096, 65536})
            QTest::addRow("chunk %lld", static_cast<long long>(chunk)) << chunk;
    }

    void readAhead()
    {
        QFETCH(qsizetype, chunk);
        QByteArray all;
        const QByteArray json = manyEvents(3000, &all);
        JsonChunks chunks("traceEvents", chunk);
        chunks.openData(json);
        QByteArrayView batch;
        QByteArray seen;
        int batches = 0;
        while (chunks.next(batch)) {
            const QByteArray copy = batch.toByteArray();
            if (batches++ < 3)
                QThread::msleep(20); // the reader runs ahead as far as it may
            QCOMPARE(batch.toByteArray(), copy);
            QVERIFY(batch.startsWith('[') && batch.endsWith(']'));
            const QByteArrayView inside = batch.sliced(1, batch.size() - 2);
            QCOMPARE(QByteArrayView(json).sliced(chunks.batchOffset(), inside.size()), inside);
            seen += withoutSeparators(inside);
        }
        QVERIFY(!chunks.failed());
        QVERIFY(batches > 1);
        QCOMPARE(seen, all);
        QCOMPARE(chunks.elementCount(), qint64(3000));
        QCOMPARE(chunks.rest(), QByteArrayView("{\"traceEvents\": [], \"displayTimeUnit\": \"ns\"}"));
        QVERIFY(!chunks.next(batch)); // and it stays at the end
    }

    // A failure found ahead reaches the caller after the batches before it, in order.
    void failureAfterBatches_data()
    {
        QTest::addColumn<qsizetype>("chunk");
        QTest::addColumn<QByteArray>("error");
        QTest::addColumn<QString>("why");
        for (const qsizetype chunk : {64, 4096, 100000}) {
            const auto name = [&](const char *what) {
                return QStringLiteral("%1, chunk %2").arg(QLatin1String(what)).arg(chunk).toLatin1();
            };
            QTest::newRow(name("missing comma")) << chunk << QByteArray("{} {}")
                                                 << QStringLiteral("no comma between elements");
            QTest::newRow(name("mismatched")) << chunk << QByteArray("{\"a\":[}")
                                              << QStringLiteral("mismatched brackets");
            QTest::newRow(name("number")) << chunk << QByteArray("7")
                                          << QStringLiteral("an element is not an object or an array");
        }
    }

    void failureAfterBatches()
    {
        QFETCH(qsizetype, chunk);
        QFETCH(QByteArray, error);
        QFETCH(QString, why);
        QByteArray all;
        QByteArray json = manyEvents(20000, &all);
        json.insert(json.indexOf("\n]") + 1, "," + error);
        JsonChunks chunks("traceEvents", chunk);
        chunks.openData(json);
        QByteArrayView batch;
        QByteArray seen;
        while (chunks.next(batch))
            seen += withoutSeparators(batch.sliced(1, batch.size() - 2));
        QVERIFY(chunks.failed());
        QCOMPARE(chunks.failure(), why);
        QVERIFY(chunks.rest().isEmpty());
        QVERIFY(!seen.isEmpty());
        QVERIFY(all.startsWith(seen));
        QVERIFY(seen.size() < all.size());
    }

    // A caller that stops early (a batch it cannot take, a cancelled import) stops the reader
    // too, wherever it is: before the first batch, waiting for a buffer, or reading.
    void stopEarly_data()
    {
        QTest::addColumn<bool>("fromFile");
        QTest::addColumn<int>("batches");
        for (const bool fromFile : {false, true})
            for (const int batches : {-1, 0, 1, 2, 3}) // -1: not even opened
                QTest::addRow("%s, %d batches", fromFile ? "file" : "memory", batches)
                    << fromFile << batches;
    }

    void stopEarly()
    {
        QFETCH(bool, fromFile);
        QFETCH(int, batches);
        const QByteArray json = manyEvents(200000); // 10 MB
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("t.json"));
        if (fromFile) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QCOMPARE(f.write(json), json.size());
        }
        for (const qsizetype chunk : {qsizetype(100), qsizetype(4096), JsonChunks::DefaultChunkBytes}) {
            JsonChunks chunks("traceEvents", chunk);
            if (batches >= 0) {
                if (fromFile)
                    QVERIFY(chunks.openFile(path));
                else
                    chunks.openData(json);
            }
            QByteArrayView batch;
            for (int i = 0; i < batches; ++i)
                QVERIFY(chunks.next(batch));
            if (batches > 0)
                QVERIFY(batch.endsWith(']'));
        }
    }

    void malformed()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, isJson);
        QCOMPARE(isValidJson(json), isJson);
        for (qsizetype chunk = 1; chunk <= json.size() + 1; ++chunk) {
            const Outcome out = readData(json, "tasks", chunk);
            QVERIFY2(out.fallback, qPrintable(QStringLiteral("chunk %1").arg(chunk)));
        }
    }
};

QTEST_GUILESS_MAIN(TestJsonChunks)
#include "tst_jsonchunks.moc"
