#!/usr/bin/env bash
# Runs a command with Debian's headless Chromium available for the web archive's browser tests: installs the
# `chromium` package (and an emoji font, so screenshots show 🤖 and 🔬) when missing, as root, exports
# CHROMIUM_PATH, and runs the command. Without root and without Chromium it runs the command anyway: the
# browser tests then skip and say why.
#   scripts/with-chromium.sh npx vitest run tests/e2e/web
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"

if [ "$#" -eq 0 ]; then
  echo "usage: scripts/with-chromium.sh <command…>" >&2
  exit 64
fi

find_chromium() {
  local candidate
  for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

CHROMIUM="$(find_chromium || true)"
if [ -z "$CHROMIUM" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "with-chromium: installing Debian's chromium…" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-color-emoji >/dev/null \
      || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
    CHROMIUM="$(find_chromium || true)"
  else
    echo "with-chromium: Chromium is not installed and this is not root; the browser tests will be skipped" >&2
  fi
fi

if [ -n "$CHROMIUM" ]; then
  export CHROMIUM_PATH="$CHROMIUM"
  echo "with-chromium: $("$CHROMIUM" --version 2>/dev/null | head -n 1 || echo "$CHROMIUM")" >&2
fi
exec "$@"
