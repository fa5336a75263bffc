#!/usr/bin/env bash
# `npm test` (and so CI): everything a fresh machine needs, then every check we have.
#
#   the Temporal server build, in the background (for the fault suite)
#   npm dependencies → Temporal binaries, schemathesis → OCR tools, Chromium → PostgreSQL (database dondoc_test)
#   → build → lint
#   → typecheck → jest, all three projects (unit, workflows, integration)
#   → the fault suite on the cluster topology (infra/test-faults.sh), when jest passed
#
# A run in which jest executed no test fails: "green" must mean tests passed, not that none
# were found. The last line printed is a plain `N passed, N failed` summary taken from jest.
# Lint and typecheck failures do not stop the tests (their results are still worth seeing),
# but they fail the run.
#
# Environment: TEST_DATABASE_URL points the tests at a server of your choice (default: the local
# one, database dondoc_test); JEST_TIMEOUT bounds the whole jest run in seconds (3600: a run
# takes about 25 minutes on a quiet 2-core machine and half as long again when it shares the cores;
# CI's hard limit is 90), so a hung test fails CI with a message instead of hanging it. Arguments go to jest, e.g.
# `npm test -- --selectProjects unit`; a run given arguments, or DONDOC_TEST_FAULTS=0, leaves the
# fault suite out (about 9 minutes on a quiet 2-core machine, the Temporal server's build aside).
set -euo pipefail
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LOG_PREFIX="test"
cd "$DONDOC_ROOT"

JEST_TIMEOUT="${JEST_TIMEOUT:-3600}"
JEST_LOG="$DONDOC_LOG_DIR/jest.log"
mkdir -p "$DONDOC_LOG_DIR"

run_faults=1
if (($# > 0)) || [[ "${DONDOC_TEST_FAULTS:-1}" == 0 ]]; then run_faults=0; fi
# The fault suite's Temporal server is built from the Go module proxy (about 8 minutes on 2 cores
# when the tools folder is cold; nothing when it holds the build). It starts first, at the lowest
# CPU priority, so it takes only what the checks leave idle (jest's load average stays near 1–2 on
# a quiet machine) instead of adding its minutes to the run. In a session of its own, so its
# process group (bash, go, the compilers) is stopped as one if this script ends first.
SERVER_BUILD_LOG="$DONDOC_LOG_DIR/temporal-server-build.log"
server_build=""
# shellcheck disable=SC2317  # invoked through the EXIT trap
stop_server_build() {
  if [[ -n "$server_build" ]]; then kill -- "-$server_build" 2>/dev/null || true; fi
}
trap stop_server_build EXIT
if ((run_faults)); then
  setsid nice -n 19 bash "$DONDOC_ROOT/infra/temporal-server.sh" install >"$SERVER_BUILD_LOG" 2>&1 &
  server_build=$!
  log "building the Temporal server for the fault suite in the background (log ${SERVER_BUILD_LOG#"$DONDOC_ROOT"/})"
fi

ensure_node_modules
# Exports TEMPORAL_CLI_PATH (integration stacks start dev servers from it) and
# TEMPORAL_TEST_SERVER_PATH (workflow tests run the time-skipping server from it).
# shellcheck source=infra/tools.sh
source "$DONDOC_ROOT/infra/tools.sh"
# Exports SCHEMATHESIS_PATH: the integration test of the OpenAPI document runs it.
# shellcheck source=infra/schemathesis.sh
source "$DONDOC_ROOT/infra/schemathesis.sh"
# The OCR programs the intake reader runs on scans (tests read scanned letters).
# shellcheck source=infra/ocr.sh
source "$DONDOC_ROOT/infra/ocr.sh"
# Exports CHROMIUM_PATH: the console's browser tests drive Debian's Chromium (no browser download).
# shellcheck source=infra/chromium.sh
source "$DONDOC_ROOT/infra/chromium.sh"

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

# Integration stacks register their child processes under this run's id, so we can reap any a
# test left behind (a forgotten stop(), a crashed jest worker) — and only ours.
export DONDOC_TEST_RUN_ID="test-$$"
CHILD_REGISTRY="$DONDOC_DATA_DIR/run/it-children/$DONDOC_TEST_RUN_ID"
# A stack's throwaway database that no stop() dropped. Through the project's pg driver, which is
# installed whatever the machine's PostgreSQL client situation.
# shellcheck disable=SC2317  # reached through reap_test_children
drop_test_database() {
  local name="$1" admin_url="$2"
  [[ "$name" =~ ^dondoc_it_[a-z0-9_]+$ ]] || return 0
  warn "a test left database $name behind: dropping it"
  # shellcheck disable=SC2016  # JavaScript template literal
  node -e '
    const { Client } = require("pg");
    const client = new Client({ connectionString: process.argv[2], connectionTimeoutMillis: 10000 });
    client.connect()
      .then(() => client.query(`DROP DATABASE IF EXISTS "${process.argv[1]}" WITH (FORCE)`))
      .finally(() => client.end())
      .catch((e) => { console.error(e.message); process.exit(1); });
  ' "$name" "$admin_url" || warn "could not drop $name"
}
# shellcheck disable=SC2317  # also invoked through the EXIT trap
reap_test_children() {
  local file pid
  [[ -d "$CHILD_REGISTRY" ]] || return 0
  for file in "$CHILD_REGISTRY"/*; do
    [[ -e "$file" ]] || continue
    if [[ "$(basename "$file")" == db.* ]]; then
      drop_test_database "${file##*/db.}" "$(<"$file")"
      rm -f "$file"
      continue
    fi
    pid="$(basename "$file")"
    # Only a live process still running something of this repository (guards against pid reuse).
    if pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$DONDOC_ROOT"; then
      warn "a test left $(<"$file") running (pid $pid): stopping it — is a stack.stop() missing?"
      stop_process "$pid" "$(<"$file")" 10
    fi
    rm -f "$file"
  done
  rmdir "$CHILD_REGISTRY" 2>/dev/null || true
}
trap 'reap_test_children; stop_server_build' EXIT

# The S3 attachment tests run against a local S3Proxy (DONDOC_S3_* exported for them), registered
# with the children so the trap stops it; without Java and Maven they skip, saying so.
# shellcheck source=infra/s3proxy.sh
source "$DONDOC_ROOT/infra/s3proxy.sh"
if start_s3proxy "$DONDOC_DATA_DIR/run/s3proxy-$DONDOC_TEST_RUN_ID"; then
  mkdir -p "$CHILD_REGISTRY"
  printf 'S3Proxy\n' >"$CHILD_REGISTRY/$S3PROXY_PID"
else
  warn "no S3-compatible server: the S3 attachment tests will be skipped"
fi

log "jest (all projects; output also in ${JEST_LOG#"$DONDOC_ROOT"/})"
set +e
# jest's own bin (what `npx jest` resolves to) as timeout's direct child, so a timeout stops jest
# itself rather than an npx wrapper; --foreground keeps a terminal's Ctrl-C reaching jest.
# --forceExit: once every result is in, a handle a test leaked (a worker that would not stop)
# cannot hold the run open; jest names the problem in its output and the results still count.
timeout --foreground --kill-after=30 "$JEST_TIMEOUT" node_modules/.bin/jest --ci --forceExit "$@" 2>&1 | tee "$JEST_LOG"
jest_status=${PIPESTATUS[0]}
set -e
# S3Proxy is this script's, not a test's: stopped here, so the reaper warns only of what tests left.
if [[ -n "${S3PROXY_PID:-}" && -f "$CHILD_REGISTRY/$S3PROXY_PID" ]]; then
  stop_process "$S3PROXY_PID" S3Proxy 10
  rm -f "$CHILD_REGISTRY/$S3PROXY_PID"
fi
reap_test_children
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

# A suite that fails to load (a throw at import time) counts no test, so "0 failed" alone would
# understate it; say so next to the totals.
suites_failed="$(sed -E 's/\x1b\[[0-9;]*m//g' "$JEST_LOG" | grep -E '^Test Suites:' | tail -n 1 | grep -oE '[0-9]+ failed' | grep -oE '^[0-9]+' || echo 0)"
if ((suites_failed > 0)); then
  warn "$suites_failed test suite(s) failed; a suite that failed to load is not counted in the totals below"
fi

status=$jest_status
if [[ -z "$summary" || "$total" == "0" ]]; then
  warn "jest ran no tests (no 'Tests: … total' line, or a total of 0); that is a failure"
  status=1
fi
if ((${#failed_checks[@]})); then
  warn "failed checks besides jest: ${failed_checks[*]}"
  status=1
fi

# The fault suite, on the dist/ just built and tested, once everything above passed (a red run is
# red already, and the suite would add its minutes to it). Its outcome goes on the last line too.
faults_result="fault suite left out (jest arguments given, or DONDOC_TEST_FAULTS=0)"
if ((run_faults)); then
  if ((status != 0)); then
    warn "the fault suite was not run: the checks above failed"
    faults_result="fault suite not run (the checks before it failed)"
  else
    build_status=0
    wait "$server_build" || build_status=$?
    server_build=""
    cat "$SERVER_BUILD_LOG"
    if ((build_status != 0)); then
      warn "the Temporal server build failed (its log above): the fault suite could not run"
      faults_result="fault suite not run (the Temporal server build failed)"
      status=1
    elif ! FAULTS_SKIP_BUILD=1 bash "$DONDOC_ROOT/infra/test-faults.sh"; then
      warn "the fault suite failed (above; the cluster's logs are in .data/logs/faults/)"
      faults_result="fault suite FAILED"
      status=1
    else
      faults_result="fault suite passed"
    fi
  fi
fi

line="$passed passed, $failed failed"
if ((skipped > 0)); then line+=", $skipped skipped"; fi
printf '%s; %s\n' "$line" "$faults_result"
exit "$status"
