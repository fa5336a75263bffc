#!/usr/bin/env bash
# Run the local Temporal dev server for `npm start`.
#
#   bash infra/temporal.sh start    start it in the background and wait until it answers
#   bash infra/temporal.sh stop     stop the one `start` launched (found by its pid file)
#   bash infra/temporal.sh status
#
# State lives in a SQLite file (.data/temporal/dondoc.db) rather than memory, so directives in
# flight survive a restart of the server — the durability the product is about. gRPC listens on
# the port of TEMPORAL_ADDRESS (default 127.0.0.1:7233), the Web UI on TEMPORAL_UI_PORT (8233).
# If something already answers on that port we use it and start nothing.
set -euo pipefail
# Job control off: a background `setsid CMD &` then execs CMD in place, so $! is the server's pid.
set +m
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LOG_PREFIX=temporal

TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
TEMPORAL_NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
# First start on a fresh machine creates the SQLite schema; give it room on a busy 2-core box.
TEMPORAL_START_TIMEOUT="${TEMPORAL_START_TIMEOUT:-90}"

STATE_DIR="$DONDOC_DATA_DIR/temporal"
DB_FILE="$STATE_DIR/dondoc.db"
PID_FILE="$STATE_DIR/server.pid"
LOG_FILE="$DONDOC_LOG_DIR/temporal.log"

split_address "$TEMPORAL_ADDRESS"
HOST="$ADDRESS_HOST"
PORT="$ADDRESS_PORT"

# Ready means the namespace our apps use exists, not merely that the port is open: the dev
# server opens gRPC a moment before it has registered namespaces.
temporal_ready() {
  "$TEMPORAL_CLI_PATH" operator namespace describe --namespace "$TEMPORAL_NAMESPACE" \
    --address "$HOST:$PORT" --command-timeout 5s
}

# The pid in our pid file, if that process is still our dev server (guards against pid reuse).
our_server_pid() {
  local pid
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(<"$PID_FILE")"
  pid_alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'server start-dev' || return 1
  printf '%s\n' "$pid"
}

cmd_start() {
  case "$HOST" in
    127.* | localhost | 0.0.0.0 | ::1 | '[::1]') ;;
    *) die "TEMPORAL_ADDRESS=$TEMPORAL_ADDRESS is not on this machine; start that server there, or unset it" ;;
  esac
  if port_open "$HOST" "$PORT"; then
    log "something already answers on $HOST:$PORT; using it and starting no other server"
    return 0
  fi
  # shellcheck source=infra/tools.sh
  source "$DONDOC_ROOT/infra/tools.sh"

  local pid
  if pid="$(our_server_pid)"; then
    log "our dev server (pid $pid) is still starting; waiting for it"
  else
    mkdir -p "$STATE_DIR" "$DONDOC_LOG_DIR"
    local args=(server start-dev
      --db-filename "$DB_FILE"
      --ip "$HOST" --port "$PORT" --ui-port "$TEMPORAL_UI_PORT"
      --log-level warn)
    # "default" always exists; any other namespace the apps are configured for is created here.
    if [[ "$TEMPORAL_NAMESPACE" != "default" ]]; then
      args+=(--namespace "$TEMPORAL_NAMESPACE")
    fi
    log "starting the Temporal dev server on $HOST:$PORT (state: ${DB_FILE#"$DONDOC_ROOT"/}, log: ${LOG_FILE#"$DONDOC_ROOT"/})"
    printf '\n=== %(%F %T)T start-dev on %s ===\n' -1 "$HOST:$PORT" >>"$LOG_FILE"
    # setsid: its own session, so a Ctrl-C aimed at `npm start` reaches start.sh only, which then
    # stops the apps before the server in an orderly way. stdin closed: it is a daemon.
    setsid "$TEMPORAL_CLI_PATH" "${args[@]}" >>"$LOG_FILE" 2>&1 </dev/null &
    pid=$!
    printf '%s\n' "$pid" >"$PID_FILE"
  fi

  if ! wait_for_command --pid "$pid" "Temporal on $HOST:$PORT" "$TEMPORAL_START_TIMEOUT" temporal_ready; then
    tail_log "$LOG_FILE"
    stop_process "$pid" "Temporal dev server" 10
    rm -f "$PID_FILE"
    die "the Temporal dev server did not come up on $HOST:$PORT (log above; a port in use, or a corrupt $DB_FILE, are the usual causes)"
  fi
  log "Temporal dev server ready (pid $pid): gRPC $HOST:$PORT, Web UI http://$HOST:$TEMPORAL_UI_PORT"
}

cmd_stop() {
  local pid
  if pid="$(our_server_pid)"; then
    stop_process "$pid" "Temporal dev server" 30
    rm -f "$PID_FILE"
    log "stopped"
  elif port_open "$HOST" "$PORT"; then
    log "a server answers on $HOST:$PORT but this script did not start it; leaving it alone"
  else
    rm -f "$PID_FILE"
    log "not running"
  fi
}

cmd_status() {
  local pid
  if pid="$(our_server_pid)"; then
    log "running (pid $pid) on $HOST:$PORT"
  elif port_open "$HOST" "$PORT"; then
    log "a server we did not start answers on $HOST:$PORT"
  else
    log "not running"
    return 3
  fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *)
    printf 'usage: %s start|stop|status\n' "$0" >&2
    exit 2
    ;;
esac
