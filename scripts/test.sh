#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (offscreen, no display needed).
#   scripts/test.sh [--sanitizers] [--fuzz] [CMAKE_ARGS...]
#     --sanitizers  then the whole suite under ASan+UBSan (build-asan/) and the runner's
#                   shared-state tests under TSan (build-tsan/): scripts/sanitize.sh
#     --fuzz        then each libFuzzer target for FUZZ_SECONDS (default 60): scripts/fuzz.sh
# .ci/run passes both. Each step's time is printed at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
sanitizers=0
fuzz=0
args=()
for a in "$@"; do
    case "$a" in
    --sanitizers) sanitizers=1 ;;
    --fuzz) fuzz=1 ;;
    *) args+=("$a") ;;
    esac
done

times=()
step() { # step NAME COMMAND...: runs it and remembers how long it took
    local name=$1 start=$SECONDS
    shift
    "$@"
    times+=("$(printf '%-28s %5d s' "$name" $((SECONDS - start)))")
}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
suite() {
    BUILD_DIR=$build "$root/scripts/build.sh" "${launcher[@]}" "${args[@]}"
    (cd "$build" && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j"$(nproc)" --timeout 600)
}

step "build and test" suite
if [ $sanitizers -eq 1 ]; then
    step "ASan+UBSan: build and test" "$root/scripts/sanitize.sh" address
    step "TSan: build and test" "$root/scripts/sanitize.sh" thread
fi
if [ $fuzz -eq 1 ]; then
    step "fuzz: build and run" "$root/scripts/fuzz.sh" "${FUZZ_SECONDS:-60}"
fi
if [ ${#times[@]} -gt 1 ]; then
    echo "test.sh: time per step"
    printf '  %s\n' "${times[@]}"
fi
