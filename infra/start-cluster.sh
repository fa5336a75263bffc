#!/usr/bin/env bash
# `npm run start:cluster`: Dondoc the way it runs in production, on one machine, in the foreground
# until Ctrl-C. (`npm start` stays the quick embedded default: one worker, one API, the CLI's
# development server on SQLite.)
#
#   npm dependencies → Temporal server build (once) → PostgreSQL → Temporal's databases and schema
#   → Temporal server → build → migrate (once) → 2 workers + 2 API replicas → HAProxy on PORT
#   → demo data → wait
#
# Every long-running piece runs under a supervisor (infra/supervise.sh): one that dies is
# restarted with back-off and the restart logged. The API replicas share their rate-limit buckets
# in PostgreSQL (DONDOC_RATE_LIMIT_STORE=postgres), so a client cannot double its allowance by
# landing on both. Ctrl-C stops the balancer, the APIs, the workers (they drain), then Temporal.
#
# Settings (environment): PORT (3000, the balancer), DONDOC_CLUSTER_API_PORTS ("3001 3002"),
# DONDOC_CLUSTER_WORKERS (2), TEMPORAL_ADDRESS (127.0.0.1:7233; the server also uses the ports
# just above it), TEMPORAL_NAMESPACE (default), TEMPORAL_TASK_QUEUE (dondoc), DATABASE_URL (a local
# server is set up when unset, with the database DONDOC_CLUSTER_DATABASE (dondoc_cluster, apart from
# `npm start`'s dondoc); DONDOC_PG_PORT and DONDOC_PG_CLUSTER=private pick another server),
# DONDOC_CLUSTER_LOG_DIR (.data/logs/cluster), START_SKIP_BUILD=1 (use dist/ as it is),
# START_SKIP_DEMO=1, START_HEALTH_TIMEOUT seconds (180).
set -euo pipefail
# Job control off: background jobs run in our process group, and $! is each supervisor's pid.
set +m
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=infra/supervise.sh
source "$(dirname "${BASH_SOURCE[0]}")/supervise.sh"
LOG_PREFIX=cluster
cd "$DONDOC_ROOT"

export PORT="${PORT:-3000}"
read -r -a API_PORTS <<<"${DONDOC_CLUSTER_API_PORTS:-3001 3002}"
WORKER_COUNT="${DONDOC_CLUSTER_WORKERS:-2}"
export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
export TEMPORAL_NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
export TEMPORAL_TASK_QUEUE="${TEMPORAL_TASK_QUEUE:-dondoc}"
# Shared across replicas: a bucket kept in one API's memory would let a client double its rate.
export DONDOC_RATE_LIMIT_STORE=postgres
START_HEALTH_TIMEOUT="${START_HEALTH_TIMEOUT:-180}"
LOG_DIR="${DONDOC_CLUSTER_LOG_DIR:-$DONDOC_LOG_DIR/cluster}"
RUN_DIR="$DONDOC_DATA_DIR/run/cluster-$PORT"
export SUPERVISE_RUN_DIR="$RUN_DIR"
API_URL="http://127.0.0.1:$PORT/api/v1"
STATS_PORT=$((PORT + 100))
DEMO_LOADER="dist/infra/demo/load-demo.js"

supervisors=()
sleep_pid=""

# Runs on every exit: stop in dependency order — no new requests, then the APIs finish theirs,
# the workers drain, and Temporal goes last. Each stop has its own deadline.
cleanup() {
  local status=$? entry name pid
  trap '' INT TERM
  if [[ -n "$sleep_pid" ]]; then kill "$sleep_pid" 2>/dev/null || true; fi
  for ((i = ${#supervisors[@]} - 1; i >= 0; i--)); do
    entry="${supervisors[$i]}"
    name="${entry%%:*}"
    pid="${entry##*:}"
    # The workers get longer: they finish in-flight activities first.
    if [[ "$name" == worker* ]]; then stop_process "$pid" "$name" 60; else stop_process "$pid" "$name" 30; fi
  done
  log "stopped (PostgreSQL is left running: it is shared machine state)"
  exit "$status"
}
trap cleanup EXIT
trap 'log "interrupted; shutting down"; exit 130' INT
trap 'log "terminated; shutting down"; exit 143' TERM

# run_supervised NAME LOGFILE COMMAND...: remembered for cleanup (stopped in reverse order).
run_supervised() {
  local name="$1"
  supervise "$@"
  supervisors+=("$name:$LAST_PID")
}

current_parent() { sed -E 's/^.*\) [A-Za-z] ([0-9]+).*$/\1/' /proc/$$/stat; }

# HAProxy from Debian's packages: small, health-checks its backends, and moves a request whose
# connection is refused to the other replica.
ensure_haproxy() {
  command -v haproxy >/dev/null 2>&1 && return 0
  ensure_debian_packages haproxy || die "HAProxy is not installed and could not be (see above)"
}

# The balancer's configuration, from the template in infra/cluster/ with this run's ports.
render_haproxy_config() {
  local out="$RUN_DIR/haproxy.cfg" i servers=""
  for i in "${!API_PORTS[@]}"; do
    servers+="  server api$((i + 1)) 127.0.0.1:${API_PORTS[$i]} check"$'\n'
  done
  sed -e "s|@PORT@|$PORT|g" -e "s|@STATS_PORT@|$STATS_PORT|g" "$DONDOC_ROOT/infra/cluster/haproxy.cfg" >"$out"
  printf '%s' "$servers" >>"$out"
  printf '%s\n' "$out"
}

for port in "$PORT" "${API_PORTS[@]}" "$STATS_PORT"; do
  port_open 127.0.0.1 "$port" && die "port $port is already in use; stop what holds it or choose other ports (PORT, DONDOC_CLUSTER_API_PORTS)"
done
split_address "$TEMPORAL_ADDRESS"
port_open "$ADDRESS_HOST" "$ADDRESS_PORT" &&
  die "something already answers on $TEMPORAL_ADDRESS; the cluster runs its own Temporal server (stop it, or set TEMPORAL_ADDRESS)"
mkdir -p "$LOG_DIR" "$RUN_DIR"

# 1. Tools: npm packages, the Temporal CLI (its client commands), the server build, HAProxy.
ensure_node_modules
# shellcheck source=infra/tools.sh
source "$DONDOC_ROOT/infra/tools.sh"
bash "$DONDOC_ROOT/infra/temporal-server.sh" install
ensure_haproxy

# 2. PostgreSQL, Dondoc's database and Temporal's (their own role and databases on the same server).
# Dondoc's database is not `npm start`'s: that one's tasks have their workflows in the development
# server's SQLite file, which this Temporal server has never seen, so sharing it would list tasks
# nobody can act on (and the demo loader would find its directives "already there").
DATABASE_URL="$(bash "$DONDOC_ROOT/infra/postgres.sh" ensure "${DONDOC_CLUSTER_DATABASE:-dondoc_cluster}")"
export DATABASE_URL
bash "$DONDOC_ROOT/infra/temporal-server.sh" setup

# 3. The Temporal server; the namespace once its frontend answers.
run_supervised temporal-server "$LOG_DIR/temporal-server.log" bash "$DONDOC_ROOT/infra/temporal-server.sh" run
bash "$DONDOC_ROOT/infra/temporal-server.sh" ensure-namespace 180 || {
  tail_log "$LOG_DIR/temporal-server.log"
  die "the Temporal server did not come up on $TEMPORAL_ADDRESS (log above)"
}

# 4. Build, then migrations once, before any replica starts (two replicas migrating at once
# would race on the same tables).
if [[ "${START_SKIP_BUILD:-}" != 1 ]]; then
  log "building"
  rm -rf "$DONDOC_ROOT/dist"
  npm run --silent build
fi
log "applying migrations"
npm run --silent migrate
if [[ "${DONDOC_AUTH_MODE:-local}" == "local" ]]; then npm run --silent keys; fi

# 5. Workers, API replicas, balancer.
for ((n = 1; n <= WORKER_COUNT; n++)); do
  run_supervised "worker-$n" "$LOG_DIR/worker-$n.log" node dist/apps/worker/src/main.js
done
for i in "${!API_PORTS[@]}"; do
  run_supervised "api-$((i + 1))" "$LOG_DIR/api-$((i + 1)).log" env PORT="${API_PORTS[$i]}" node dist/apps/api/src/main.js
done
ensure_haproxy
haproxy_config="$(render_haproxy_config)"
haproxy -c -q -f "$haproxy_config" || die "HAProxy refused $haproxy_config"
# -db: stay in the foreground, logs to stderr, so the supervisor owns it like the others.
run_supervised haproxy "$LOG_DIR/haproxy.log" haproxy -db -f "$haproxy_config"

if ! wait_for_command "$API_URL/health through the balancer" "$START_HEALTH_TIMEOUT" http_ok "$API_URL/health"; then
  for i in "${!API_PORTS[@]}"; do tail_log "$LOG_DIR/api-$((i + 1)).log" 20; done
  tail_log "$LOG_DIR/worker-1.log" 20
  die "the APIs did not report healthy through $API_URL/health (logs above)"
fi
for i in "${!API_PORTS[@]}"; do
  wait_for_command "API replica on port ${API_PORTS[$i]}" 60 http_ok "http://127.0.0.1:${API_PORTS[$i]}/api/v1/health/ready" ||
    warn "API replica $((i + 1)) is not ready yet; its supervisor keeps it running (log ${LOG_DIR#"$DONDOC_ROOT"/}/api-$((i + 1)).log)"
done

# 6. Demo data through the balancer. Not fatal: the topology is already useful without it.
if [[ "${START_SKIP_DEMO:-}" != 1 && -f "$DEMO_LOADER" ]]; then
  log "loading demo data"
  DONDOC_API_URL="$API_URL" node "$DEMO_LOADER" || warn "the demo loader failed (output above); the cluster runs without demo data"
fi

replicas=""
for i in "${!API_PORTS[@]}"; do replicas+="http://127.0.0.1:${API_PORTS[$i]}/api/v1  "; done
cat >&2 <<EOF

  Dondoc (cluster topology) is running.
    Console            http://127.0.0.1:$PORT/  (through the balancer; sign in as a demo officer, clerk, supervisor or admin)
    API (balancer)     $API_URL
    API docs           http://127.0.0.1:$PORT/api/docs
    API replicas       $replicas
    Balancer stats     http://127.0.0.1:$STATS_PORT/
    Temporal gRPC      $TEMPORAL_ADDRESS (namespace $TEMPORAL_NAMESPACE, task queue $TEMPORAL_TASK_QUEUE)
    Temporal metrics   http://127.0.0.1:$((ADDRESS_PORT + 20))/metrics
    Temporal Web UI    none in this topology: temporal workflow list --address $TEMPORAL_ADDRESS
    PostgreSQL         $(sed -E 's#(//[^:/@]*):[^@]*@#\1:***@#' <<<"$DATABASE_URL") (Temporal's: databases ${TEMPORAL_SERVER_DB:-temporal}, ${TEMPORAL_SERVER_VISIBILITY_DB:-temporal_visibility})
    Workers            $WORKER_COUNT
    Logs               ${LOG_DIR#"$DONDOC_ROOT"/}/{temporal-server,worker-N,api-N,haproxy}.log
    Process ids        ${RUN_DIR#"$DONDOC_ROOT"/}/<name>.pid (the running program; its supervisor restarts it)
    A token            npm run -s token -- --unit bac-kan-city/ubnd --role officer
  Press Ctrl-C to stop.

EOF
[[ -n "${DONDOC_CLUSTER_READY_FILE:-}" ]] && printf '%s\n' "$API_URL" >"$DONDOC_CLUSTER_READY_FILE"

# 7. Foreground. A supervisor only ends when told to; one that has gone means we can no longer
# keep that piece alive, so stop the rest rather than leave a topology nobody restarts.
while true; do
  for entry in "${supervisors[@]}"; do
    name="${entry%%:*}"
    pid="${entry##*:}"
    pid_alive "$pid" || die "the supervisor of $name (pid $pid) exited; stopping the rest"
  done
  if [[ "$(current_parent)" != "$PPID" ]]; then
    log "the process that started us ($PPID) has gone; shutting down"
    exit 143
  fi
  sleep 2 &
  sleep_pid=$!
  wait "$sleep_pid" || true
  sleep_pid=""
done
