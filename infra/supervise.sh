# shellcheck shell=bash
# Supervision for the start scripts (start.sh, start-cluster.sh). Sourced, never executed.
#
# Why: a worker or an API that dies (a crash, an out-of-memory kill, kill -9 in the fault suite)
# should come back on its own, as an orchestrator would restart a pod, instead of the start
# script tearing the whole system down. Each supervised program runs under a small bash loop
# that restarts it with exponential back-off and logs every exit and restart.
#
#   supervise NAME LOGFILE COMMAND...   start COMMAND under a supervisor; sets LAST_PID to the
#                                       supervisor's pid (stop it with stop_process: it passes
#                                       SIGTERM on to the program, waits for it, then exits)
#   supervised_pid NAME                 print the program's current pid (what a fault injector kills)
#
# Back-off: 1 s after the first exit, doubling to SUPERVISE_MAX_BACKOFF (30 s); a program that
# ran SUPERVISE_STABLE_SECONDS (60 s) before it exited starts again after 1 s, so a crash a day
# never waits long while a crash loop cannot hammer PostgreSQL or Temporal.

# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SUPERVISE_MAX_BACKOFF="${SUPERVISE_MAX_BACKOFF:-30}"
SUPERVISE_STABLE_SECONDS="${SUPERVISE_STABLE_SECONDS:-60}"
# One pid file per supervised program: `<name>.pid` holds the program, `<name>.supervisor` us.
SUPERVISE_RUN_DIR="${SUPERVISE_RUN_DIR:-$DONDOC_DATA_DIR/run/supervise}"

_supervise_slug() { printf '%s' "${1//[^a-zA-Z0-9_-]/_}"; }

supervised_pid() {
  local file
  file="$SUPERVISE_RUN_DIR/$(_supervise_slug "$1").pid"
  [[ -f "$file" ]] || return 1
  local pid
  pid="$(<"$file")"
  pid_alive "$pid" || return 1
  printf '%s\n' "$pid"
}

# The supervisor loop itself, run in a background subshell by `supervise`.
_supervise_loop() {
  local name="$1" logfile="$2"
  shift 2
  local slug pidfile child="" stopping=0 backoff=1 started code restarts=0
  slug="$(_supervise_slug "$name")"
  pidfile="$SUPERVISE_RUN_DIR/$slug.pid"
  # SIGTERM/SIGINT: stop restarting and pass the signal on, so the program drains as it would
  # when run alone (the worker finishes its activities, the API its requests).
  trap 'stopping=1; if [[ -n "$child" ]]; then kill -TERM "$child" 2>/dev/null || true; fi' TERM INT
  while true; do
    printf '\n=== %(%F %T)T %s starting ===\n' -1 "$name" >>"$logfile"
    # setsid: its own session, so a terminal's Ctrl-C reaches the start script only, which then
    # stops everything in order rather than all at once.
    setsid "$@" >>"$logfile" 2>&1 </dev/null &
    child=$!
    printf '%s\n' "$child" >"$pidfile"
    started=$EPOCHSECONDS
    # `wait` returns early when a trapped signal arrives; wait again until the program is gone.
    # Its stderr is dropped: bash's own "Killed" line would repeat the warning below.
    code=0
    { wait "$child" || code=$?; } 2>/dev/null
    while pid_alive "$child"; do
      code=0
      { wait "$child" || code=$?; } 2>/dev/null
    done
    child=""
    rm -f "$pidfile"
    if ((stopping)); then
      exit 0
    fi
    if ((EPOCHSECONDS - started >= SUPERVISE_STABLE_SECONDS)); then backoff=1; fi
    restarts=$((restarts + 1))
    warn "$name exited (status $code) after $((EPOCHSECONDS - started))s; restart $restarts in ${backoff}s (log ${logfile#"$DONDOC_ROOT"/})"
    printf '=== %(%F %T)T %s exited with status %s; restarting in %ss ===\n' -1 "$name" "$code" "$backoff" >>"$logfile"
    # Sleep in the background so a SIGTERM during the back-off is handled at once.
    sleep "$backoff" &
    wait $! 2>/dev/null || true
    if ((stopping)); then
      exit 0
    fi
    backoff=$((backoff * 2 > SUPERVISE_MAX_BACKOFF ? SUPERVISE_MAX_BACKOFF : backoff * 2))
  done
}

supervise() {
  local name="$1" logfile="$2"
  shift 2
  mkdir -p "$SUPERVISE_RUN_DIR" "$(dirname "$logfile")"
  _supervise_loop "$name" "$logfile" "$@" &
  LAST_PID=$!
  printf '%s\n' "$LAST_PID" >"$SUPERVISE_RUN_DIR/$(_supervise_slug "$name").supervisor"
  log "$name supervised (supervisor pid $LAST_PID, log ${logfile#"$DONDOC_ROOT"/})"
}
