#!/usr/bin/env bash
# Installs the browser the end-to-end test drives (test/e2e): Debian's chromium, via apt-get. Skipped when it is
# already there (at $CHROMIUM_PATH, default /usr/bin/chromium). Uses sudo when not run as root.
set -euo pipefail

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
  echo "setup:browser: $chromium is already installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium

if [ ! -x "$chromium" ]; then
  echo "setup:browser: chromium was installed but $chromium does not exist; set CHROMIUM_PATH" >&2
  exit 1
fi
echo "setup:browser: installed $chromium"
