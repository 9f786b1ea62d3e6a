#!/usr/bin/env bash
# Builds and runs the tests under sanitizers, each in its own build directory (TSan: only the
# runner tests it runs).
#   scripts/sanitize.sh address   whole suite under AddressSanitizer + UBSan (build-asan/)
#   scripts/sanitize.sh thread    the runner's tests under ThreadSanitizer (build-tsan/):
#                                 tst_sharedstate with no suppressions at all, tst_run and
#                                 tst_runcontroller (the window's runs on their own thread)
#                                 with only Qt-library frames suppressed (tests/tsan.supp);
#                                 tst_jsonchunks, tst_tracechunks and tst_scenariostream (big
#                                 documents read and scanned on a thread of their own) too
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kind=${1:-address}
export QT_QPA_PLATFORM=offscreen
"$root/scripts/bootstrap.sh"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

configure() { # configure BUILD_DIR SANITIZER
    # -O1 -g1: the usual sanitizer build, line numbers in reports, far quicker to compile than
    # -O2 -g.
    [ -f "$1/CMakeCache.txt" ] ||
        cmake -S "$root" -B "$1" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DTASKLINE_SANITIZE="$2" \
            "${launcher[@]}" >/dev/null
}

case "$kind" in
address)
    build=$root/build-asan
    configure "$build" address
    # The whole suite needs every target (the tests, the taskline executable they run, the
    # benchmark's smoke pass).
    cmake --build "$build" -j"$(nproc)"
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    ctest --test-dir "$build" --output-on-failure -j"$(nproc)" --timeout 900
    ;;
thread)
    build=$root/build-tsan
    configure "$build" thread
    cmake --build "$build" -j"$(nproc)" --target tst_sharedstate tst_run tst_runcontroller \
        tst_jsonchunks tst_tracechunks tst_scenariostream
    # Qt's own event dispatcher rather than glib's: glib is no more instrumented than Qt.
    export QT_NO_GLIB=1
    TSAN_OPTIONS=halt_on_error=1:exitcode=66 "$build/tests/tst_sharedstate"
    for test in tst_run tst_runcontroller tst_jsonchunks tst_tracechunks tst_scenariostream; do
        TSAN_OPTIONS="halt_on_error=1:exitcode=66:suppressions=$root/tests/tsan.supp" "$build/tests/$test"
    done
    ;;
*)
    echo "usage: $0 address|thread" >&2
    exit 2
    ;;
esac
