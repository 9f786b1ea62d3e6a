#!/usr/bin/env bash
# Installs the Debian packages Taskline needs to build, test and run, when any is missing.
# Idempotent and quiet when everything is there. Works as root, or through sudo.
set -euo pipefail

PACKAGES=(
    cmake g++ make
    qt6-base-dev qt6-base-dev-tools qt6-svg-dev
    libqcustomplot-dev libqcustomplot2.1-qt6
    libsimdjson-dev
    xvfb xauth
    clang libclang-rt-14-dev # libFuzzer and the sanitizer runtimes for scripts/fuzz.sh
    ccache                   # rebuilds of the four build directories (test.sh, sanitize.sh, fuzz.sh)
)

missing=()
for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "bootstrap: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    SUDO=sudo
fi
echo "bootstrap: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
