#!/usr/bin/env bash
# `npm start`: bring up the whole of Dondoc on this machine, from a fresh clone if need be, and
# keep it in the foreground until Ctrl-C.
#
#   npm dependencies → Temporal binaries → PostgreSQL → Temporal dev server → build → migrate
#   → worker + API (background children) → wait for /api/v1/health → demo data → wait
#
# On Ctrl-C or SIGTERM it stops exactly what it started — API first (no new requests), then the
# worker (it drains), then the Temporal server if this run started it — and waits for each.
# PostgreSQL is shared machine state and is left running.
#
# Settings (environment): PORT (3000), DATABASE_URL (a local server is set up when unset),
# TEMPORAL_ADDRESS (127.0.0.1:7233), TEMPORAL_NAMESPACE (default), TEMPORAL_TASK_QUEUE (dondoc),
# TEMPORAL_UI_PORT (8233), START_HEALTH_TIMEOUT seconds (120).
set -euo pipefail
# Job control off: `setsid CMD &` then execs CMD in place, so $! is the app's own pid.
set +m
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LOG_PREFIX=start
cd "$DONDOC_ROOT"

export PORT="${PORT:-3000}"
export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
export TEMPORAL_NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
export TEMPORAL_TASK_QUEUE="${TEMPORAL_TASK_QUEUE:-dondoc}"
export TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
# The console's development sign-in (a page listing the demo people): local mode only.
if [[ "${DONDOC_AUTH_MODE:-local}" == "local" ]]; then export DONDOC_DEV_SIGN_IN="${DONDOC_DEV_SIGN_IN:-true}"; fi
START_HEALTH_TIMEOUT="${START_HEALTH_TIMEOUT:-120}"

API_URL="http://127.0.0.1:$PORT/api/v1"
API_LOG="$DONDOC_LOG_DIR/api.log"
WORKER_LOG="$DONDOC_LOG_DIR/worker.log"
DEMO_LOADER="dist/infra/demo/load-demo.js"

api_pid=""
worker_pid=""
sleep_pid=""
started_temporal=0
using_local_postgres=0

# Runs on every exit (error, Ctrl-C, SIGTERM): stop what this run started, in dependency order.
cleanup() {
  local status=$?
  # A second Ctrl-C must not abandon children half-stopped; each stop has its own deadline.
  trap '' INT TERM
  if [[ -n "$sleep_pid" ]]; then kill "$sleep_pid" 2>/dev/null || true; fi
  if [[ -n "$api_pid" ]]; then stop_process "$api_pid" "API" 30; fi
  # The worker gets longer: it finishes in-flight activities before it exits.
  if [[ -n "$worker_pid" ]]; then stop_process "$worker_pid" "worker" 60; fi
  if ((started_temporal)); then
    bash "$DONDOC_ROOT/infra/temporal.sh" stop || warn "could not stop the Temporal dev server"
  fi
  if ((using_local_postgres)); then
    log "PostgreSQL on 127.0.0.1:5432 is left running (shared with other runs and tests)"
  fi
  log "stopped"
  exit "$status"
}
trap cleanup EXIT
# Exit codes of a signalled process, so `npm start` reports how it ended.
trap 'log "interrupted; shutting down"; exit 130' INT
trap 'log "terminated; shutting down"; exit 143' TERM

# start_app NAME LOGFILE SCRIPT → sets LAST_PID. Its own session (setsid): the terminal's
# Ctrl-C reaches this script only, which then stops the apps in order instead of all at once.
start_app() {
  local name="$1" logfile="$2" script="$3"
  printf '\n=== %(%F %T)T %s starting ===\n' -1 "$name" >>"$logfile"
  setsid node "$script" >>"$logfile" 2>&1 </dev/null &
  log "$name started (pid $!, log ${logfile#"$DONDOC_ROOT"/})"
  LAST_PID=$!
}

# Our parent's pid as the kernel sees it now ($PPID keeps the value from our start).
current_parent() { sed -E 's/^.*\) [A-Za-z] ([0-9]+).*$/\1/' /proc/$$/stat; }

# 0. The API port must be free, or the health check would be answered by someone else. Checked
# first so a busy port fails in a second, not after a build.
if port_open 127.0.0.1 "$PORT"; then
  die "port $PORT is already in use; stop what holds it or run with PORT=<another port>"
fi

# 1. Dependencies and tools.
ensure_node_modules
# shellcheck source=infra/tools.sh
source "$DONDOC_ROOT/infra/tools.sh"
# The OCR programs POST /intake runs on scans (without them a scan is refused with a 400).
# shellcheck source=infra/ocr.sh
source "$DONDOC_ROOT/infra/ocr.sh"

# 2. PostgreSQL (the user's DATABASE_URL when given, else a local server we set up).
if [[ -z "${DATABASE_URL:-}" ]]; then using_local_postgres=1; fi
DATABASE_URL="$(bash "$DONDOC_ROOT/infra/postgres.sh" ensure)"
export DATABASE_URL

# 3. Temporal: reuse a server that already answers; otherwise start ours and own its shutdown.
split_address "$TEMPORAL_ADDRESS"
if port_open "$ADDRESS_HOST" "$ADDRESS_PORT"; then
  log "Temporal already answers on $TEMPORAL_ADDRESS; using it (it will be left running)"
else
  started_temporal=1
  bash "$DONDOC_ROOT/infra/temporal.sh" start
fi

# 4. Build from a clean dist/: a stale compiled migration of a renamed file would still run.
log "building"
rm -rf "$DONDOC_ROOT/dist"
npm run --silent build
log "applying migrations"
npm run --silent migrate
# The local key pair the API verifies development tokens with (kept; created once). An
# organisation's identity provider replaces it: DONDOC_AUTH_MODE=oidc.
if [[ "${DONDOC_AUTH_MODE:-local}" == "local" ]]; then npm run --silent keys; fi

# 5. Worker and API.
mkdir -p "$DONDOC_LOG_DIR"
start_app worker "$WORKER_LOG" dist/apps/worker/src/main.js
worker_pid="$LAST_PID"
start_app API "$API_LOG" dist/apps/api/src/main.js
api_pid="$LAST_PID"

if ! wait_for_command --pid "$api_pid" "$API_URL/health" "$START_HEALTH_TIMEOUT" http_ok "$API_URL/health"; then
  tail_log "$API_LOG"
  tail_log "$WORKER_LOG"
  die "the API did not report healthy at $API_URL/health (logs above)"
fi
pid_alive "$worker_pid" || {
  tail_log "$WORKER_LOG"
  die "the worker exited during start-up (log above)"
}

# 6. Demo data, so a newcomer sees directives at once. Not fatal: the stack is already useful.
if [[ -f "$DEMO_LOADER" ]]; then
  log "loading demo data"
  if ! DONDOC_API_URL="$API_URL" node "$DEMO_LOADER"; then
    warn "the demo loader failed (output above); the stack runs without demo data"
  fi
else
  warn "$DEMO_LOADER not found; starting without demo data"
fi

# A server we did not start may serve its UI elsewhere (or none); the port is then our guess.
ui_note=""
if ((!started_temporal)); then ui_note="  (if that server serves its UI on TEMPORAL_UI_PORT)"; fi

cat >&2 <<EOF

  Dondoc is running.
    Console           http://127.0.0.1:$PORT/  (sign in as a demo officer, clerk, supervisor or admin)
    API               $API_URL
    API docs          http://127.0.0.1:$PORT/api/docs
    Temporal Web UI   http://${ADDRESS_HOST/#0.0.0.0/127.0.0.1}:$TEMPORAL_UI_PORT$ui_note
    Temporal gRPC     $TEMPORAL_ADDRESS (namespace $TEMPORAL_NAMESPACE, task queue $TEMPORAL_TASK_QUEUE)
    PostgreSQL        $(sed -E 's#(//[^:/@]*):[^@]*@#\1:***@#' <<<"$DATABASE_URL")
    Logs              .data/logs/{api,worker,temporal}.log
    A token           npm run -s token -- --unit bac-kan-city/ubnd --role officer
  Press Ctrl-C to stop.

EOF

# 7. Foreground: watch the children; a crash of any of them ends the run (and cleans up) rather
# than leaving a half-working stack that looks alive. `sleep & wait` keeps signals prompt.
while true; do
  for entry in "API:$api_pid:$API_LOG" "worker:$worker_pid:$WORKER_LOG"; do
    IFS=: read -r name pid logfile <<<"$entry"
    if ! pid_alive "$pid"; then
      code=0
      wait "$pid" || code=$?
      tail_log "$logfile" 20
      # Reaped already: cleanup must not try to stop it again.
      if [[ "$name" == API ]]; then api_pid=""; else worker_pid=""; fi
      die "the $name exited unexpectedly (status $code); stopping the rest"
    fi
  done
  # `npm start` runs us under `sh -c`; a SIGTERM sent to npm ends npm and that shell but never
  # reaches this script. Being re-parented means whoever started us is gone: shut down too,
  # rather than leave the stack running with nobody in charge of it.
  if [[ "$(current_parent)" != "$PPID" ]]; then
    log "the process that started us ($PPID) has gone; shutting down"
    exit 143
  fi
  if ((started_temporal)) && ! port_open "$ADDRESS_HOST" "$ADDRESS_PORT"; then
    tail_log "$DONDOC_LOG_DIR/temporal.log" 20
    die "the Temporal dev server stopped answering; stopping the rest"
  fi
  sleep 2 &
  sleep_pid=$!
  wait "$sleep_pid" || true
  sleep_pid=""
done
