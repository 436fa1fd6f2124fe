#!/usr/bin/env bash
# Everything CI runs: lint, typecheck, dead exports (knip), build, unit, integration (real containerd
# testbed, root), end-to-end (real Chromium through the browser host).
# Prints one closing line: "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
rm -f test-results/*.json
failed_steps=()

step() {
  local name=$1
  shift
  echo "== $name"
  local started=$SECONDS
  if "$@"; then
    echo "== $name: ok ($((SECONDS - started)) s)"
  else
    echo "== $name: FAILED ($((SECONDS - started)) s)"
    failed_steps+=("$name")
  fi
}

step lint npm run -s lint
step typecheck npm run -s typecheck
step dead-exports npm run -s deadcode
step build node scripts/build.mjs
step unit npx vitest run --project unit --reporter=default --reporter=json --outputFile=test-results/unit.json
step fuzz-short npx vitest run --project fuzz --reporter=default --reporter=json --outputFile=test-results/fuzz.json
step integration node scripts/run-integration.mjs
step e2e npm run -s test:e2e

# The summary is the last word: its exit status is this script's (a failed step,
# a failed test, no test at all, or a skipped one under CI=true fails it).
exec node scripts/summarize-tests.mjs test-results "${failed_steps[@]}"
