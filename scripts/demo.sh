#!/usr/bin/env bash
# Installs what is missing, builds, and shows the demo scenario: its prediction.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
BUILD_DIR=$build "$root/scripts/build.sh"
"$build/app/taskline" predict "$root/resources/scenarios/demo.json"
