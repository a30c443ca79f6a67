#!/bin/sh
# setup.sh -- install the build dependencies (Debian) and build battfarm.
# Idempotent: installs only what is missing, configures build/ once.
set -eu
cd "$(dirname "$0")/.."
PKGS="meson ninja-build pkg-config gcc libmd-dev zlib1g-dev check libjansson-dev python3 procps parallel"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null
