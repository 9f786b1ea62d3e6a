#!/usr/bin/env bash
# Configures (once) and builds Taskline in one build directory: BUILD_DIR (default build/).
# Extra arguments go to the first configure, e.g. -DTASKLINE_SANITIZE=address.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
"$root/scripts/bootstrap.sh"
if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} "$@" >/dev/null
fi
cmake --build "$build" -j"$(nproc)"
