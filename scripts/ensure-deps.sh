#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than package-lock.json.
# Shared by npm start, npm test and npm run bench.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "[bcm] installing npm dependencies (npm ci)"
  # Electron's binary is fetched lazily by scripts/start.sh, not at install time.
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
