// taskline-bench: measures the speed goals of SPEC section 11 and issue 7.
//
//   taskline-bench            every figure at full size (a few minutes on 2 cores)
//   taskline-bench --quick    the same code on small sizes, a smoke pass of seconds (CTest)
//   taskline-bench --json     one object {"figures": [{name, value, unit, baseline, ratio}]}
//   taskline-bench --filter load.   only the figures whose names start with "load."

#include "bench.h"

#include <QApplication>
#include <QStringList>

#include <cstdio>
#include <cstring>

using namespace Taskline::Bench;

int main(int argc, char **argv)
{
    // Measuring peak memory needs a fresh process: no Qt application, nothing else loaded.
    if (argc == 4 && std::strcmp(argv[1], "--peak") == 0)
        return peakChild(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]));

    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    bool quick = false, json = false;
    QString filter;
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--quick")) {
            quick = true;
        } else if (args[i] == QLatin1String("--json")) {
            json = true;
        } else if (args[i] == QLatin1String("--filter") && i + 1 < args.size()) {
            filter = args[++i];
        } else {
            std::fprintf(stderr, "usage: taskline-bench [--quick] [--json] [--filter PREFIX]\n");
            return args[i] == QLatin1String("--help") ? 0 : 2;
        }
    }

    Bench bench(quick, json, filter, QCoreApplication::applicationFilePath());
    using Group = void (*)(Bench &);
    const std::pair<const char *, Group> groups[] = {
        {"model.", benchModel},     {"predict.", benchModel}, {"record.", benchModel},
        {"load.", benchLoad},       {"runner.", benchRunner}, {"timeline.", benchTimeline},
        {"export.", benchTimeline}, {"gui.", benchGui},
    };
    QList<Group> done;
    for (const auto &[prefix, group] : groups) {
        if (!bench.wants(QLatin1String(prefix)) || done.contains(group))
            continue;
        done.append(group);
        group(bench);
    }
    if (json)
        std::printf("%s\n", bench.json().constData());
    return bench.failures() == 0 ? 0 : 1;
}
