#!/usr/bin/env bash
# Installs what is missing, builds, and shows the demo scenario: with a display, the window
# opens on it and runs it; with none, the demo runs headless, its timeline is written to
# taskline-demo.png (in the current directory) and its summary printed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
BUILD_DIR=$build "$root/scripts/build.sh"
taskline=$build/app/taskline
demo=$root/resources/scenarios/demo.json

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec "$taskline" --run "$demo"
fi

echo "demo: no display (DISPLAY and WAYLAND_DISPLAY are unset): running the demo headless" >&2
image=$PWD/taskline-demo.png
if "$taskline" run --help 2>/dev/null | grep -q -- '--image'; then
    "$taskline" run "$demo" --image "$image"
    echo "demo: wrote $image" >&2
else
    "$taskline" run "$demo"
fi
