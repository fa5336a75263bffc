#!/usr/bin/env bash
# `npm test` (and so CI): everything a fresh machine needs, then every check we have.
#
#   npm dependencies → Temporal binaries → PostgreSQL (database dondoc_test) → build → lint
#   → typecheck → jest, all three projects (unit, workflows, integration)
#
# A run in which jest executed no test fails: "green" must mean tests passed, not that none
# were found. The last line printed is a plain `N passed, N failed` summary taken from jest.
# Lint and typecheck failures do not stop the tests (their results are still worth seeing),
# but they fail the run.
#
# Environment: TEST_DATABASE_URL points the tests at a server of your choice (default: the local
# one, database dondoc_test); JEST_TIMEOUT bounds the whole jest run in seconds (2700), so a
# leaked handle fails CI with a message instead of hanging it. Arguments go to jest, e.g.
# `npm test -- --selectProjects unit`.
set -euo pipefail
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LOG_PREFIX="test"
cd "$DONDOC_ROOT"

JEST_TIMEOUT="${JEST_TIMEOUT:-2700}"
JEST_LOG="$DONDOC_LOG_DIR/jest.log"
mkdir -p "$DONDOC_LOG_DIR"

ensure_node_modules
# Exports TEMPORAL_CLI_PATH (integration stacks start dev servers from it) and
# TEMPORAL_TEST_SERVER_PATH (workflow tests run the time-skipping server from it).
# shellcheck source=infra/tools.sh
source "$DONDOC_ROOT/infra/tools.sh"

# Tests never touch the development database `dondoc`: an explicit TEST_DATABASE_URL, or the
# local server's dondoc_test. Integration stacks create their own throwaway databases on the
# same server, so the role needs CREATEDB there.
if [[ -n "${TEST_DATABASE_URL:-}" ]]; then
  DATABASE_URL="$(DATABASE_URL="$TEST_DATABASE_URL" bash "$DONDOC_ROOT/infra/postgres.sh" ensure)"
else
  DATABASE_URL="$(env -u DATABASE_URL bash "$DONDOC_ROOT/infra/postgres.sh" ensure dondoc_test)"
fi
export DATABASE_URL

# Integration tests spawn the compiled apps; a clean dist/ keeps deleted sources from lingering.
log "building"
rm -rf "$DONDOC_ROOT/dist"
npm run --silent build

failed_checks=()
log "lint"
npm run --silent lint || failed_checks+=(lint)
log "typecheck"
npm run --silent typecheck || failed_checks+=(typecheck)

log "jest (all projects; output also in ${JEST_LOG#"$DONDOC_ROOT"/})"
set +e
# jest's own bin (what `npx jest` resolves to) as timeout's direct child, so a timeout stops jest
# itself rather than an npx wrapper; --foreground keeps a terminal's Ctrl-C reaching jest.
timeout --foreground --kill-after=30 "$JEST_TIMEOUT" node_modules/.bin/jest --ci "$@" 2>&1 | tee "$JEST_LOG"
jest_status=${PIPESTATUS[0]}
set -e
if ((jest_status == 124)); then
  warn "jest did not finish within ${JEST_TIMEOUT}s (a hung test or an open handle); it was stopped"
fi

# Jest's own summary, e.g. "Tests:       1 failed, 2 skipped, 40 passed, 43 total".
# Colour codes are stripped in case FORCE_COLOR is set.
summary="$(sed -E 's/\x1b\[[0-9;]*m//g' "$JEST_LOG" | grep -E '^Tests:' | tail -n 1 || true)"
count() { grep -oE "[0-9]+ $1" <<<"$summary" | grep -oE '^[0-9]+' || echo 0; }
passed="$(count passed)"
failed="$(count failed)"
skipped="$(count skipped)"
total="$(count total)"

status=$jest_status
if [[ -z "$summary" || "$total" == "0" ]]; then
  warn "jest ran no tests (no 'Tests: … total' line, or a total of 0); that is a failure"
  status=1
fi
if ((${#failed_checks[@]})); then
  warn "failed checks besides jest: ${failed_checks[*]}"
  status=1
fi

line="$passed passed, $failed failed"
if ((skipped > 0)); then line+=", $skipped skipped"; fi
printf '%s\n' "$line"
exit "$status"
