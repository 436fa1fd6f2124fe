#!/usr/bin/env bash
# Everything CI runs: lint, typecheck, build, unit, integration (real containerd
# testbed, root), end-to-end (real Chromium through the browser host).
# Prints one closing line: "tests: N passed, N failed".
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
step build node scripts/build.mjs
step unit npx vitest run --project unit --reporter=default --reporter=json --outputFile=test-results/unit.json
step fuzz-short npx vitest run --project fuzz --reporter=default --reporter=json --outputFile=test-results/fuzz.json
step integration node scripts/run-integration.mjs
step e2e npm run -s test:e2e

node scripts/summarize-tests.mjs test-results
if ((${#failed_steps[@]})); then
  echo "failed steps: ${failed_steps[*]}"
  exit 1
fi
