#!/usr/bin/env bash
# The Temporal server of the cluster topology (`npm run start:cluster`, `npm run test:faults`):
# the real server on PostgreSQL, not the CLI's development server on SQLite.
#
#   bash infra/temporal-server.sh install   build the pinned server and SQL tool into .tools/ (once)
#   bash infra/temporal-server.sh setup     role, databases and schema on PostgreSQL (idempotent)
#   bash infra/temporal-server.sh run       run the server in the foreground (what a supervisor runs)
#   bash infra/temporal-server.sh ready     exit 0 when the frontend answers and the namespace exists
#
# Why built from source: the server is only published as a Go module and as container images; our
# machines reach the Go module proxy, not container registries. `go install` of the pinned tag into
# .tools/temporal-server/ (git-ignored) takes about 8 minutes on 2 cores with a cold Go cache and is
# skipped once the stamp file records the same pins. The server needs Go ≥ 1.26.10; GOTOOLCHAIN
# makes the machine's go command fetch that toolchain from the proxy.
#
# Settings (environment): TEMPORAL_ADDRESS (127.0.0.1:7233; the frontend; the services' internal
# ports are the next ones above it, see infra/cluster/temporal.yaml), TEMPORAL_NAMESPACE
# (default), TEMPORAL_SERVER_PG_HOST/PORT (127.0.0.1, DONDOC_PG_PORT or 5432),
# TEMPORAL_SERVER_PG_USER/PASSWORD (temporal/temporal), TEMPORAL_SERVER_DB (temporal),
# TEMPORAL_SERVER_VISIBILITY_DB (temporal_visibility), TEMPORAL_SERVER_HISTORY_SHARDS (4),
# TEMPORAL_SERVER_PG_MAX_CONNS (6, per service), TEMPORAL_SERVER_LOG_LEVEL (warn).
set -euo pipefail
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LOG_PREFIX=temporal-server

TEMPORAL_SERVER_VERSION="v1.32.2"
TEMPORAL_SERVER_GOTOOLCHAIN="go1.27.3"
TEMPORAL_SERVER_MODULE="go.temporal.io/server"

SERVER_DIR="$DONDOC_ROOT/.tools/temporal-server"
SERVER_BIN="$SERVER_DIR/bin/temporal-server"
SQL_TOOL_BIN="$SERVER_DIR/bin/temporal-sql-tool"
SERVER_STAMP="$SERVER_DIR/.installed"

TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
TEMPORAL_NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
PG_HOST="${TEMPORAL_SERVER_PG_HOST:-127.0.0.1}"
PG_PORT="${TEMPORAL_SERVER_PG_PORT:-${DONDOC_PG_PORT:-5432}}"
PG_USER="${TEMPORAL_SERVER_PG_USER:-temporal}"
PG_PASSWORD="${TEMPORAL_SERVER_PG_PASSWORD:-temporal}"
DB_NAME="${TEMPORAL_SERVER_DB:-temporal}"
VISIBILITY_DB_NAME="${TEMPORAL_SERVER_VISIBILITY_DB:-temporal_visibility}"

expected_stamp() { printf '%s@%s with %s\n' "$TEMPORAL_SERVER_MODULE" "$TEMPORAL_SERVER_VERSION" "$TEMPORAL_SERVER_GOTOOLCHAIN"; }

installed() {
  [[ -x "$SERVER_BIN" && -x "$SQL_TOOL_BIN" && -f "$SERVER_STAMP" && "$(<"$SERVER_STAMP")" == "$(expected_stamp)" ]]
}

cmd_install() {
  if installed; then
    return 0
  fi
  acquire_lock temporal-server
  if installed; then
    release_lock temporal-server
    return 0
  fi
  command -v go >/dev/null 2>&1 || die "the Go command is needed to build the Temporal server (apt-get install golang-go; any version: GOTOOLCHAIN fetches $TEMPORAL_SERVER_GOTOOLCHAIN)"
  # Staging, then a move: an interrupted build never leaves binaries the fast path would trust.
  local staging="$SERVER_DIR.staging.$$" started=$EPOCHSECONDS
  rm -rf "$staging"
  mkdir -p "$staging/bin"
  log "building $TEMPORAL_SERVER_MODULE $TEMPORAL_SERVER_VERSION with $TEMPORAL_SERVER_GOTOOLCHAIN (about 8 minutes on 2 cores the first time)"
  if ! GOTOOLCHAIN="$TEMPORAL_SERVER_GOTOOLCHAIN" GOBIN="$staging/bin" nice go install \
    "$TEMPORAL_SERVER_MODULE/cmd/server@$TEMPORAL_SERVER_VERSION" \
    "$TEMPORAL_SERVER_MODULE/cmd/tools/sql@$TEMPORAL_SERVER_VERSION" >&2; then
    rm -rf "$staging"
    die "go install of the Temporal server failed (output above)"
  fi
  mv "$staging/bin/server" "$staging/bin/temporal-server"
  mv "$staging/bin/sql" "$staging/bin/temporal-sql-tool"
  expected_stamp >"$staging/.installed"
  rm -rf "$SERVER_DIR"
  mv "$staging" "$SERVER_DIR"
  release_lock temporal-server
  log "built in $((EPOCHSECONDS - started))s: ${SERVER_BIN#"$DONDOC_ROOT"/}, ${SQL_TOOL_BIN#"$DONDOC_ROOT"/}"
}

sql_tool() {
  "$SQL_TOOL_BIN" --plugin postgres12 --ep "$PG_HOST" -p "$PG_PORT" -u "$PG_USER" --pw "$PG_PASSWORD" "$@"
}

# Creates the role (through postgres.sh, which administers the local server), each database, the
# schema version table, then every versioned schema step up to the one this server needs. Each
# step is skipped by the tool when already applied, so a second run changes nothing and a newer
# pin upgrades in place.
cmd_setup() {
  cmd_install
  bash "$DONDOC_ROOT/infra/postgres.sh" ensure-role "$PG_USER" "$PG_PASSWORD"
  # The tool logs every statement at debug level: keep that in a file, show it on failure.
  local db schema schema_log="$DONDOC_LOG_DIR/temporal-schema.log"
  mkdir -p "$DONDOC_LOG_DIR"
  printf '\n=== %(%F %T)T setup on %s:%s ===\n' -1 "$PG_HOST" "$PG_PORT" >>"$schema_log"
  for db in "$DB_NAME" "$VISIBILITY_DB_NAME"; do
    schema=postgresql/v12/temporal
    [[ "$db" == "$VISIBILITY_DB_NAME" ]] && schema=postgresql/v12/visibility
    if ! sql_tool --db "$db" update-schema --schema-name "$schema" >>"$schema_log" 2>&1; then
      log "creating database $db"
      sql_tool --db "$db" create-database >>"$schema_log" 2>&1 || true
      sql_tool --db "$db" setup-schema -v 0.0 >>"$schema_log" 2>&1 || {
        tail_log "$schema_log"
        die "could not set up the schema of $db (log above)"
      }
    fi
    sql_tool --db "$db" update-schema --schema-name "$schema" >>"$schema_log" 2>&1 || {
      tail_log "$schema_log"
      die "could not upgrade the schema of $db (log above)"
    }
    log "database $db: schema $schema up to date"
  done
}

# Every port the configuration needs, from the frontend's: frontend +1 HTTP, history +2,
# matching +3, internal worker +4, membership +10…+13, metrics +20.
export_config_env() {
  split_address "$TEMPORAL_ADDRESS"
  local base="$ADDRESS_PORT"
  export DONDOC_TS_FRONTEND_PORT="$base"
  export DONDOC_TS_HTTP_PORT=$((base + 1))
  export DONDOC_TS_HISTORY_PORT=$((base + 2))
  export DONDOC_TS_MATCHING_PORT=$((base + 3))
  export DONDOC_TS_WORKER_PORT=$((base + 4))
  export DONDOC_TS_FRONTEND_MEMBERSHIP_PORT=$((base + 10))
  export DONDOC_TS_HISTORY_MEMBERSHIP_PORT=$((base + 11))
  export DONDOC_TS_MATCHING_MEMBERSHIP_PORT=$((base + 12))
  export DONDOC_TS_WORKER_MEMBERSHIP_PORT=$((base + 13))
  export DONDOC_TS_METRICS_PORT=$((base + 20))
  export DONDOC_TS_PG_ADDRESS="$PG_HOST:$PG_PORT"
  export DONDOC_TS_PG_USER="$PG_USER"
  export DONDOC_TS_PG_PASSWORD="$PG_PASSWORD"
  export DONDOC_TS_DB="$DB_NAME"
  export DONDOC_TS_VISIBILITY_DB="$VISIBILITY_DB_NAME"
  export DONDOC_TS_HISTORY_SHARDS="${TEMPORAL_SERVER_HISTORY_SHARDS:-4}"
  export DONDOC_TS_PG_MAX_CONNS="${TEMPORAL_SERVER_PG_MAX_CONNS:-6}"
  export DONDOC_TS_LOG_LEVEL="${TEMPORAL_SERVER_LOG_LEVEL:-warn}"
  export DONDOC_TS_DYNAMIC_CONFIG="$DONDOC_ROOT/infra/cluster/dynamicconfig.yaml"
}

cmd_run() {
  installed || die "the Temporal server is not built; run: bash infra/temporal-server.sh install"
  export_config_env
  # exec: the supervisor's signals reach the server itself, which shuts its services down in order.
  exec "$SERVER_BIN" --config-file "$DONDOC_ROOT/infra/cluster/temporal.yaml" --allow-no-auth start
}

# Uses the CLI tools.sh installs (the same one `npm start` runs as its dev server) as the client.
temporal_cli() {
  # shellcheck source=infra/tools.sh
  source "$DONDOC_ROOT/infra/tools.sh" >/dev/null
  "$TEMPORAL_CLI_PATH" "$@"
}

cmd_ready() {
  temporal_cli operator namespace describe --namespace "$TEMPORAL_NAMESPACE" --address "$TEMPORAL_ADDRESS" \
    --command-timeout 5s >/dev/null 2>&1
}

# A fresh cluster has only the system namespace; make the apps' one (3 days of closed history,
# as the dev server keeps). Waits for the frontend first: it answers a while after it starts.
cmd_ensure_namespace() {
  local timeout="${1:-120}"
  wait_for_command "the Temporal frontend on $TEMPORAL_ADDRESS" "$timeout" \
    temporal_cli operator cluster health --address "$TEMPORAL_ADDRESS" --command-timeout 5s ||
    return 1
  if cmd_ready; then
    return 0
  fi
  log "creating namespace $TEMPORAL_NAMESPACE"
  temporal_cli operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention 72h \
    --address "$TEMPORAL_ADDRESS" --command-timeout 10s >&2 || true
  wait_for_command "namespace $TEMPORAL_NAMESPACE" "$timeout" cmd_ready
}

case "${1:-}" in
  install) cmd_install ;;
  setup) cmd_setup ;;
  run) cmd_run ;;
  ready) cmd_ready ;;
  ensure-namespace) cmd_ensure_namespace "${2:-120}" ;;
  *)
    printf 'usage: %s install|setup|run|ready|ensure-namespace [TIMEOUT]\n' "$0" >&2
    exit 2
    ;;
esac
