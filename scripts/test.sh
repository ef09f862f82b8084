#!/usr/bin/env bash
# `npm test`: every suite CI runs, in CI's order — typecheck, lint, unit + integration tests
# on PGlite, the database-backed tests again on PostgreSQL, the web build, Playwright.
# Ends with one line `N passed, N failed` (every test of every suite; typecheck, lint and
# build count as one check each) and exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

RESULTS=test-results
mkdir -p "$RESULTS"
PASSED=0
FAILED=0
FAILED_STEPS=()

step() { printf '\n\033[1m== %s\033[0m\n' "$1"; }
check() { # name, command...
  local name=$1
  shift
  step "$name"
  if "$@"; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); FAILED_STEPS+=("$name"); fi
}
# Adds the counts of a Vitest or Playwright JSON report; a missing report is one failure.
count() { # name, kind (vitest|playwright), report file, exit code
  local name=$1 kind=$2 file=$3 rc=$4 counts
  if [ -f "$file" ] && counts=$(node scripts/count-results.mjs "$kind" "$file"); then
    read -r p f <<<"$counts"
    PASSED=$((PASSED + p))
    FAILED=$((FAILED + f))
    if [ "$f" -gt 0 ] || [ "$rc" -ne 0 ]; then
      FAILED_STEPS+=("$name")
      [ "$f" -eq 0 ] && FAILED=$((FAILED + 1))
    fi
  else
    FAILED=$((FAILED + 1))
    FAILED_STEPS+=("$name (no report)")
  fi
}

check typecheck npm run --silent typecheck
check "typecheck web" npx tsc -p apps/web/tsconfig.json --noEmit
check lint npx biome check .

step "unit + integration tests (PGlite)"
rm -f "$RESULTS/vitest-pglite.json"
env -u TEST_DATABASE_URL npx vitest run --reporter=default --reporter=json --outputFile.json="$RESULTS/vitest-pglite.json"
count "vitest (PGlite)" vitest "$RESULTS/vitest-pglite.json" $?

PG_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
step "integration tests (PostgreSQL: ${PG_URL})"
rm -f "$RESULTS/vitest-postgres.json"
if node -e "const pg=require('pg');const c=new pg.Client({connectionString:process.argv[1]});c.connect().then(()=>c.end(),()=>process.exit(1))" "$PG_URL" 2>/dev/null; then
  TEST_DATABASE_URL=$PG_URL npx vitest run apps packages/db packages/test-kit \
    --reporter=default --reporter=json --outputFile.json="$RESULTS/vitest-postgres.json"
  count "vitest (PostgreSQL)" vitest "$RESULTS/vitest-postgres.json" $?
else
  echo "PostgreSQL is not reachable at ${PG_URL}: start it (see README) or set TEST_DATABASE_URL" >&2
  FAILED=$((FAILED + 1))
  FAILED_STEPS+=("PostgreSQL not reachable")
fi

check "web build" npm run --silent build

step "end-to-end (Playwright, Debian chromium)"
rm -f e2e/test-results/e2e.json
npx playwright test -c e2e/playwright.config.ts
count "e2e" playwright e2e/test-results/e2e.json $?

echo
if [ ${#FAILED_STEPS[@]} -gt 0 ]; then echo "failed: ${FAILED_STEPS[*]}"; fi
echo "${PASSED} passed, ${FAILED} failed"
[ "$FAILED" -eq 0 ]
