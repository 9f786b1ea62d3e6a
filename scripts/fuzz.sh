#!/usr/bin/env bash
# Builds the libFuzzer targets (build-fuzz/, clang++) and runs each for a bounded time.
#   scripts/fuzz.sh [SECONDS] [TARGET...]   default: 60 s each, fuzz_scenario and fuzz_trace
# Fails on any crash, leak, hang (-timeout), out-of-memory (-rss_limit_mb) or sanitizer
# report; the input that caused it is left in build-fuzz/artifacts/TARGET/. The corpus each
# run grows is kept in build-fuzz/corpus/TARGET/ (seeded from tests/fuzz/corpus/), so longer
# runs pick up where the last one stopped. Add every crasher to tests/fuzz/corpus/ (it then
# replays in tst_fuzzcorpus) and fix it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${1:-${FUZZ_SECONDS:-60}}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_scenario fuzz_trace)

"$root/scripts/bootstrap.sh"
CXX_FUZZ=${CXX_FUZZ:-clang++}
command -v "$CXX_FUZZ" >/dev/null || { echo "fuzz: $CXX_FUZZ not found (scripts/bootstrap.sh installs clang)" >&2; exit 1; }
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
[ -f "$build/CMakeCache.txt" ] ||
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$CXX_FUZZ" \
        -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
        -DTASKLINE_FUZZ=ON -DBUILD_TESTING=OFF "${launcher[@]}" >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for t in "${targets[@]}"; do
    name=${t#fuzz_}
    corpus=$build/corpus/$t
    artifacts=$build/artifacts/$t
    mkdir -p "$corpus" "$artifacts"
    log=$build/$t.log
    echo "fuzz: $t for ${seconds}s (corpus $corpus, log $log)" >&2
    # The seed corpus is read too but never written to: new inputs go to $corpus only.
    if ! "$build/tests/fuzz/$t" "$corpus" "$root/tests/fuzz/corpus/$name" \
        -dict="$root/tests/fuzz/$name.dict" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -malloc_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" >"$log" 2>&1; then
        echo "fuzz: $t FAILED; the end of its log:" >&2
        tail -n 60 "$log" >&2
        ls -l "$artifacts" >&2
        status=1
        continue
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz: $t ok: ${execs:-?} inputs run, corpus $(ls "$corpus" | wc -l) files" >&2
done
exit $status
