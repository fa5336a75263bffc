#!/usr/bin/env bash
# `npm start`: bring up the whole of Dondoc on this machine, from a fresh clone if need be, and
# keep it in the foreground until Ctrl-C.
#
#   npm dependencies → Temporal binaries → PostgreSQL → Temporal dev server → build → migrate
#   → worker + API (background children) → wait for /api/v1/health → demo data → wait
#
# The worker and the API run under a supervisor (infra/supervise.sh): one that dies is restarted
# with back-off, and the restart is logged. On Ctrl-C or SIGTERM it stops exactly what it started — API first (no new requests), then the
# worker (it drains), then the Temporal server if this run started it — and waits for each.
# PostgreSQL is shared machine state and is left running.
#
# Settings (environment): PORT (3000), DATABASE_URL (a local server is set up when unset),
# TEMPORAL_ADDRESS (127.0.0.1:7233), TEMPORAL_NAMESPACE (default), TEMPORAL_TASK_QUEUE (dondoc),
# TEMPORAL_UI_PORT (8233), START_HEALTH_TIMEOUT seconds (120), MAILPIT_SMTP_PORT / MAILPIT_UI_PORT
# (1025 / 8025 when free, else any free port). A DONDOC_SMTP_URL of your own means no mail catcher.
set -euo pipefail
# Job control off: `setsid CMD &` then execs CMD in place, so $! is the app's own pid.
set +m
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=infra/supervise.sh
source "$(dirname "${BASH_SOURCE[0]}")/supervise.sh"
LOG_PREFIX=start
cd "$DONDOC_ROOT"

export PORT="${PORT:-3000}"
export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
export TEMPORAL_NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
export TEMPORAL_TASK_QUEUE="${TEMPORAL_TASK_QUEUE:-dondoc}"
export TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
# Local development: webhooks may be registered for receivers on this machine (http://, loopback).
export DONDOC_WEBHOOK_ALLOW_PRIVATE="${DONDOC_WEBHOOK_ALLOW_PRIVATE:-true}"
# The console's development sign-in (a page listing the demo people): local mode only.
if [[ "${DONDOC_AUTH_MODE:-local}" == "local" ]]; then export DONDOC_DEV_SIGN_IN="${DONDOC_DEV_SIGN_IN:-true}"; fi
START_HEALTH_TIMEOUT="${START_HEALTH_TIMEOUT:-120}"

API_URL="http://127.0.0.1:$PORT/api/v1"
API_LOG="$DONDOC_LOG_DIR/api.log"
WORKER_LOG="$DONDOC_LOG_DIR/worker.log"
DEMO_LOADER="dist/infra/demo/load-demo.js"

api_pid=""
worker_pid=""
mailpit_pid=""
mailpit_build_pid=""
MAILPIT_LOG="$DONDOC_LOG_DIR/mailpit.log"
mail_note=""
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
  if [[ -n "$mailpit_build_pid" ]]; then stop_process "$mailpit_build_pid" "the Mailpit build" 10; fi
  if [[ -n "$mailpit_pid" ]]; then stop_process "$mailpit_pid" "Mailpit" 10; fi
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

# start_app NAME LOGFILE SCRIPT → sets LAST_PID to the app's supervisor, which restarts the app
# when it dies and passes our SIGTERM on to it when we stop.
start_app() {
  local name="$1" logfile="$2" script="$3"
  supervise "$name" "$logfile" node "$script"
}

# A TCP port of 127.0.0.1 nobody listens on: PREFERRED when free, else one the kernel picks.
free_port() {
  local preferred="$1"
  if ! port_open 127.0.0.1 "$preferred"; then
    printf '%s\n' "$preferred"
    return
  fi
  node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# The local mail catcher (infra/mailpit.sh): SMTP for the worker, a web view for people. Sets
# mailpit_pid, or mail_note saying why there is none; never fatal, the stack is useful without it.
start_mailpit() {
  local smtp_port ui_port
  if [[ -n "$mailpit_build_pid" ]] && ! wait "$mailpit_build_pid"; then
    mailpit_build_pid=""
    tail_log "$MAILPIT_LOG" 10
    mail_note="not caught: Mailpit could not be built (log above, ${MAILPIT_LOG#"$DONDOC_ROOT"/}); e-mail is not sent"
    return 1
  fi
  mailpit_build_pid=""
  MAILPIT_PATH="$(sed -n 's/^MAILPIT_PATH=//p' "$MAILPIT_LOG" | tail -n 1)"
  smtp_port="${MAILPIT_SMTP_PORT:-$(free_port 1025)}"
  ui_port="${MAILPIT_UI_PORT:-$(free_port 8025)}"
  printf '\n=== %(%F %T)T Mailpit starting ===\n' -1 >>"$MAILPIT_LOG"
  setsid "$MAILPIT_PATH" --smtp "127.0.0.1:$smtp_port" --listen "127.0.0.1:$ui_port" \
    --smtp-auth-accept-any --smtp-auth-allow-insecure --disable-version-check >>"$MAILPIT_LOG" 2>&1 </dev/null &
  mailpit_pid=$!
  if ! wait_for_port --pid "$mailpit_pid" 127.0.0.1 "$ui_port" 30 "Mailpit on 127.0.0.1:$ui_port" ||
    ! port_open 127.0.0.1 "$smtp_port"; then
    tail_log "$MAILPIT_LOG" 10
    stop_process "$mailpit_pid" Mailpit 10
    mailpit_pid=""
    mail_note="not caught: Mailpit did not start (log above); e-mail is not sent"
    return 1
  fi
  log "Mailpit started (pid $mailpit_pid, SMTP 127.0.0.1:$smtp_port, log ${MAILPIT_LOG#"$DONDOC_ROOT"/})"
  export DONDOC_SMTP_URL="smtp://127.0.0.1:$smtp_port"
  MAILPIT_URL="http://127.0.0.1:$ui_port"
  export MAILPIT_URL
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
# Mailpit builds (once per pin, minutes on two cores) while the rest starts; the worker waits for it.
mkdir -p "$DONDOC_LOG_DIR"
if [[ -z "${DONDOC_SMTP_URL:-}" ]]; then
  printf '\n=== %(%F %T)T Mailpit build check ===\n' -1 >>"$MAILPIT_LOG"
  bash "$DONDOC_ROOT/infra/mailpit.sh" >>"$MAILPIT_LOG" 2>&1 </dev/null &
  mailpit_build_pid=$!
else
  mail_note="sent through DONDOC_SMTP_URL (yours; no mail catcher started)"
fi
# Local development: webhooks may reach this machine's own receivers.
export DONDOC_WEBHOOK_ALLOW_PRIVATE="${DONDOC_WEBHOOK_ALLOW_PRIVATE:-true}"
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

# 5. Mail catcher, worker and API.
if [[ -n "$mailpit_build_pid" ]]; then
  log "waiting for the Mailpit build (${MAILPIT_LOG#"$DONDOC_ROOT"/})"
  start_mailpit || warn "going on without e-mail: $mail_note"
fi
start_app worker "$WORKER_LOG" dist/apps/worker/src/main.js
worker_pid="$LAST_PID"
start_app API "$API_LOG" dist/apps/api/src/main.js
api_pid="$LAST_PID"

if ! wait_for_command "$API_URL/health" "$START_HEALTH_TIMEOUT" http_ok "$API_URL/health"; then
  tail_log "$API_LOG"
  tail_log "$WORKER_LOG"
  die "the API did not report healthy at $API_URL/health (logs above)"
fi
supervised_pid worker >/dev/null || warn "the worker is not running right now; its supervisor restarts it (log ${WORKER_LOG#"$DONDOC_ROOT"/})"

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
    Mail (Mailpit)    ${MAILPIT_URL:-$mail_note}
    Logs              .data/logs/{api,worker,temporal,mailpit}.log
    A token           npm run -s token -- --unit bac-kan-city/ubnd --role officer
  Press Ctrl-C to stop.

EOF

# 7. Foreground: the supervisors restart a worker or API that dies; a supervisor itself only
# ends when told to, so one that has gone means something is badly wrong: stop the rest rather
# than leave a stack nobody restarts. `sleep & wait` keeps signals prompt.
while true; do
  for entry in "API:$api_pid:$API_LOG" "worker:$worker_pid:$WORKER_LOG"; do
    IFS=: read -r name pid logfile <<<"$entry"
    if ! pid_alive "$pid"; then
      code=0
      wait "$pid" || code=$?
      tail_log "$logfile" 20
      # Reaped already: cleanup must not try to stop it again.
      if [[ "$name" == API ]]; then api_pid=""; else worker_pid=""; fi
      die "the $name's supervisor exited unexpectedly (status $code); stopping the rest"
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
