#include "scenariowriter.h"

#include "atomicwrite.h"
#include "bufferedwriter.h"

#include <QIODevice>

namespace Taskline {

namespace {

// Writes the members of one object, with the separators of the chosen style.
class ObjectWriter
{
public:
    ObjectWriter(BufferedWriter &out, std::string_view separator, bool compact)
        : m_out(out), m_separator(separator), m_colon(compact ? ":" : ": ")
    {
    }

    BufferedWriter &key(std::string_view name)
    {
        if (m_members++ > 0)
            m_out.raw(m_separator);
        return m_out.jsonString(name).raw(m_colon);
    }
    void real(std::string_view name, double value, double defaultValue)
    {
        if (value != defaultValue)
            key(name).real(value);
    }
    void integer(std::string_view name, qint64 value, qint64 defaultValue)
    {
        if (value != defaultValue)
            key(name).integer(value);
    }
    void string(std::string_view name, const QString &value)
    {
        if (!value.isEmpty())
            key(name).jsonString(value);
    }

private:
    BufferedWriter &m_out;
    std::string_view m_separator;
    std::string_view m_colon;
    int m_members = 0;
};

void writeTask(BufferedWriter &out, const TaskSpec &t, bool compact)
{
    const TaskSpec defaults;
    out.raw('{');
    ObjectWriter o(out, compact ? "," : ", ", compact);
    o.key("id").jsonString(t.id);
    if (t.kind != defaults.kind)
        o.key("kind").jsonString(kindName(t.kind));
    // duration_ms is required except for `file`, where leaving it out means "estimate it".
    if (t.hasDuration || t.kind != TaskKind::File)
        o.key("duration_ms").real(t.durationMs);
    o.real("start_ms", t.startMs, defaults.startMs);
    if (!t.after.isEmpty()) {
        o.key("after").raw('[');
        for (qsizetype i = 0; i < t.after.size(); ++i) {
            if (i > 0)
                out.raw(compact ? std::string_view(",") : std::string_view(", "));
            out.jsonString(t.after[i]);
        }
        out.raw(']');
    }
    if (t.fanOut || t.count != defaults.count)
        o.key("count").unsignedInteger(t.count);
    o.real("stagger_ms", t.staggerMs, defaults.staggerMs);
    o.real("jitter", t.jitter, defaults.jitter);
    o.real("fail_rate", t.failRate, defaults.failRate);
    o.string("error", t.error);
    o.integer("retries", t.retries, defaults.retries);
    o.real("retry_delay_ms", t.retryDelayMs, defaults.retryDelayMs);
    o.real("timeout_ms", t.timeoutMs, defaults.timeoutMs);
    o.integer("bytes", t.bytes, defaults.bytes);
    o.integer("priority", t.priority, defaults.priority);
    o.real("weight", t.weight, defaults.weight);
    if (t.shape != defaults.shape)
        o.key("shape").jsonString(shapeName(t.shape));
    out.raw('}');
}

void write(BufferedWriter &out, const Scenario &s, bool compact)
{
    const Scenario defaults;
    out.raw(compact ? std::string_view("{") : std::string_view("{\n  "));
    ObjectWriter o(out, compact ? "," : ",\n  ", compact);
    o.key("taskline").integer(1);
    o.string("name", s.name);
    o.string("description", s.description);
    o.integer("threads", s.threads, defaults.threads);
    if (s.mode != defaults.mode)
        o.key("mode").jsonString(modeName(s.mode));
    if (s.seed != defaults.seed)
        o.key("seed").unsignedInteger(s.seed);
    o.key("tasks").raw(compact ? std::string_view("[") : std::string_view("[\n    "));
    for (qsizetype i = 0; i < s.tasks.size(); ++i) {
        if (i > 0)
            out.raw(compact ? std::string_view(",") : std::string_view(",\n    "));
        writeTask(out, s.tasks.at(i), compact);
    }
    out.raw(compact ? std::string_view("]}") : std::string_view("\n  ]\n}\n"));
}

} // namespace

QByteArray writeScenario(const Scenario &scenario, JsonStyle style)
{
    BufferedWriter out;
    write(out, scenario, style == JsonStyle::Compact);
    return std::move(out.buffer());
}

std::optional<QString> saveScenario(const Scenario &scenario, const QString &path)
{
    const QByteArray text = writeScenario(scenario);
    return writeAtomically(path,
                           [&](QIODevice &device) { return device.write(text) == text.size(); });
}

} // namespace Taskline
