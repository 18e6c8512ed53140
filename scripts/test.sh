#!/usr/bin/env bash
# npm test: install what is needed, set up the real daemons, then run every tier:
#   static   type-check (main, shared, renderer, tests) and lint
#   unit     pure logic and the IPC contract over both transports (vitest)
#   integr.  the LXD client and services against the real LXD daemon (vitest)
#   e2e      the UI in Debian's Chromium through the browser host (Playwright)
# Every tier runs even if an earlier one fails; the last line sums them up.
set -uo pipefail
cd "$(dirname "$0")/.."
# not test-results/: Playwright empties that folder when it starts
export BCM_TEST_RESULTS="${BCM_TEST_RESULTS:-$PWD/test-reports}"
rm -rf "$BCM_TEST_RESULTS" && mkdir -p "$BCM_TEST_RESULTS"
started=$(date +%s)

bash scripts/ensure-deps.sh || exit 1
bash scripts/setup-test-env.sh || { echo "[test] the test daemons could not be set up"; exit 1; }

failed_tiers=()
tier() {
  local name="$1"; shift
  local t0=$(date +%s)
  echo "[test] ── $name ──"
  if "$@"; then
    echo "[test] $name passed in $(( $(date +%s) - t0 )) s"
  else
    echo "[test] $name FAILED in $(( $(date +%s) - t0 )) s"
    failed_tiers+=("$name")
  fi
}

tier static bash -c 'npx tsc -p tsconfig.json --noEmit && npx tsc -p tsconfig.renderer.json --noEmit && npx eslint .'
tier build node scripts/build.mjs
tier unit npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$BCM_TEST_RESULTS/unit.json"
# The integration and e2e tiers wait mostly on LXD, Tor and the services, not on the CPU, and keep to
# their own names, so they can run side by side (BCM_TEST_PARALLEL_TIERS=1: ~617 s for the whole
# run on a 2-core machine, against ~780 s in series). Not the default: with both tiers deploying
# Kafka at once, a run after a cold purge saw LXD drop an exec stream (handled for idempotent
# commands) and the log pipeline take over 30 s to show every container; a red run is worse than
# a slow one. (The onion publication that also failed under that load is fixed in the product.)
if [ "${BCM_TEST_PARALLEL_TIERS:-0}" = 1 ]; then
  e2e_log="$BCM_TEST_RESULTS/e2e.log"
  (
    t0=$(date +%s)
    if npx playwright test; then echo "[test] e2e passed in $(( $(date +%s) - t0 )) s"; exit 0
    else echo "[test] e2e FAILED in $(( $(date +%s) - t0 )) s"; exit 1; fi
  ) >"$e2e_log" 2>&1 &
  e2e_pid=$!
  trap 'pkill -TERM -P "$e2e_pid" 2>/dev/null; kill "$e2e_pid" 2>/dev/null' INT TERM
  echo "[test] ── e2e ── (beside integration; its output follows when it ends)"
  tier integration npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$BCM_TEST_RESULTS/integration.json"
  e2e_ok=1
  wait "$e2e_pid" || e2e_ok=0
  echo "[test] ── e2e (output) ──"
  cat "$e2e_log"
  [ "$e2e_ok" = 1 ] || failed_tiers+=(e2e)
else
  tier integration npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$BCM_TEST_RESULTS/integration.json"
  tier e2e npx playwright test
fi

# The summary fails the run on a failed suite, a missing report, a global-setup error, or a skip that
# is not on test/skip-allow-list.json (each allowed skip is printed with its reason).
summary_ok=1
npx tsx scripts/test-summary.ts "$BCM_TEST_RESULTS" || summary_ok=0
echo "[test] total $(( $(date +%s) - started )) s"
if [ "${#failed_tiers[@]}" -gt 0 ]; then
  echo "[test] failed tiers: ${failed_tiers[*]}"
  exit 1
fi
[ "$summary_ok" = 1 ] || { echo "[test] failed: see the summary above"; exit 1; }
