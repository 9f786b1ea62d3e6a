// libFuzzer target: the scenario loader (SPEC section 2) on arbitrary bytes.
// Properties: it never crashes, hangs or throws; a scenario it accepts is written back by
// writeScenario() and parses again to the same scenario; an error always names the file; the
// loader's fast path for files accepts only what the general parser accepts, read the same.
#include "plan.h"
#include "scenarioloader.h"
#include "scenariostream_p.h"
#include "scenariowriter.h"

#include <QByteArrayView>

#include <cstdio>
#include <cstdlib>

using namespace Taskline;

namespace {
[[noreturn]] void fail(const char *what, const QByteArray &detail = {})
{
    std::fprintf(stderr, "fuzz_scenario: %s\n%s\n", what, detail.constData());
    std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString file = QStringLiteral("fuzz.json");
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));

    const ScenarioResult parsed = parseScenario(bytes, file);
    if (const std::optional<Scenario> streamed = streamScenarioData(bytes, file)) {
        if (!std::holds_alternative<Scenario>(parsed))
            fail("the fast path accepts what the parser rejects", bytes.toByteArray());
        if (!(*streamed == std::get<Scenario>(parsed)))
            fail("the fast path reads another scenario than the parser", bytes.toByteArray());
    }
    if (const auto *e = std::get_if<ScenarioError>(&parsed)) {
        if (e->file != file || e->message.isEmpty())
            fail("an error without the file or a message", e->text().toUtf8());
        return 0;
    }
    const Scenario &scenario = std::get<Scenario>(parsed);
    for (const JsonStyle style : {JsonStyle::Compact, JsonStyle::Pretty}) {
        const QByteArray written = writeScenario(scenario, style);
        const ScenarioResult again = parseScenario(written, file);
        if (const auto *e = std::get_if<ScenarioError>(&again))
            fail("a written scenario does not parse", e->text().toUtf8() + '\n' + written);
        if (!(std::get<Scenario>(again) == scenario))
            fail("a written scenario parses to another scenario", written);
    }
    // The whole load: Plan::build's checks (ids, after, cycles, expansion) and their places.
    const PlanResult built = loadScenario(bytes, file);
    if (const auto *e = std::get_if<ScenarioError>(&built)) {
        if (e->file != file || e->message.isEmpty())
            fail("a plan error without the file or a message", e->text().toUtf8());
    }
    return 0;
}
