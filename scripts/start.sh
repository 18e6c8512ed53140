#!/usr/bin/env bash
# npm start: install what is needed, build, and run the app in Electron; where Electron's binary
# cannot be had, say so in one line and start the browser host instead.
#   npm start            Electron (or the browser host as a fallback)
#   npm run host         the browser host: prints a URL to open in a browser
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
node scripts/build.mjs --if-changed

mode="${1:-electron}"
if [ "$mode" = "--host" ]; then
  exec node dist/main/host.js "${@:2}"
fi

electron_path() {
  [ -f node_modules/electron/path.txt ] || return 1
  local bin="node_modules/electron/dist/$(cat node_modules/electron/path.txt)"
  [ -x "$bin" ] && echo "$bin"
}

if ! bin="$(electron_path)"; then
  node node_modules/electron/install.js >/dev/null 2>&1 || true
  bin="$(electron_path)" || bin=""
fi
if [ -n "$bin" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  exec "$bin" .
fi
if [ -z "$bin" ]; then
  echo "[bcm] Electron's binary is not available here (it could not be downloaded); starting the browser host instead."
else
  echo "[bcm] No display found for Electron (DISPLAY/WAYLAND_DISPLAY unset); starting the browser host instead."
fi
exec node dist/main/host.js --open
