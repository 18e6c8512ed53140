#!/usr/bin/env bash
# npm run bench: prints measured figures (nothing here asserts; tests check behaviour).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/setup-test-env.sh
for bench in scripts/bench/*.ts; do
  echo "== $(basename "$bench" .ts) =="
  npx tsx "$bench"
done
