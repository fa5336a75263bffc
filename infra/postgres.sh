#!/usr/bin/env bash
# Make sure a PostgreSQL server Dondoc can use is answering, and print the DATABASE_URL to use.
#
#   bash infra/postgres.sh ensure [DBNAME]     (DBNAME defaults to dondoc)
#   bash infra/postgres.sh ensure-role NAME PASSWORD
#                                              a login role with CREATEDB on the local server
#                                              (the Temporal server's own, infra/temporal-server.sh)
#   bash infra/postgres.sh stop-immediate      crash-stop the private cluster (fault suite only;
#                                              refused for a shared Debian cluster)
#   bash infra/postgres.sh stop                stop the private cluster (fault suite only; as above)
#
# With DATABASE_URL set, that server is the user's choice: we only check it answers, and stop
# with a message when it does not. Without it we own a local server on 127.0.0.1:5432: install
# PostgreSQL if missing, create/start a cluster, and make role `dondoc` (password `dondoc`,
# CREATEDB so integration tests can make throwaway databases) with databases `dondoc` and
# `dondoc_test`. Every step checks before acting, so a second run changes nothing.
#
# Output: the URL alone on stdout (for `DATABASE_URL="$(bash infra/postgres.sh ensure)"`);
# progress goes to stderr. The cluster is left running: it is shared machine state.
set -euo pipefail
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LOG_PREFIX=postgres

PG_HOST=127.0.0.1
PG_PORT="${DONDOC_PG_PORT:-5432}"
APP_ROLE=dondoc
APP_PASSWORD=dondoc
APP_DATABASES=(dondoc dondoc_test)
# Used when the machine has server binaries but no Debian cluster tooling (pg_createcluster), or
# when DONDOC_PG_CLUSTER=private asks for a cluster that lives inside the repository's .data/
# (DONDOC_PG_PRIVATE_DIR moves it, DONDOC_PG_MAX_CONNECTIONS, 100, sizes it: the fault suite
# keeps a cluster of its own there, with room for the whole topology's pools).
PRIVATE_CLUSTER_DIR="${DONDOC_PG_PRIVATE_DIR:-$DONDOC_DATA_DIR/postgres}"

use_private_cluster() {
  [[ "${DONDOC_PG_CLUSTER:-}" == "private" ]] && return 0
  ! { command -v pg_lsclusters >/dev/null 2>&1 && command -v pg_ctlcluster >/dev/null 2>&1; }
}

# Hide the password when echoing a user's URL into logs.
redact_url() { sed -E 's#(//[^:/@]*):[^@]*@#\1:***@#' <<<"$1"; }

app_url() { printf 'postgres://%s:%s@%s:%s/%s' "$APP_ROLE" "$APP_PASSWORD" "$PG_HOST" "$PG_PORT" "$1"; }

# Versioned server directories, newest first (sort -V so 9.6 < 10 < 15).
pg_version_bindirs() {
  local dirs=(/usr/lib/postgresql/*/bin)
  [[ -d "${dirs[0]}" ]] || return 0
  printf '%s\n' "${dirs[@]}" | sort -V -r
}

# Find a PostgreSQL program on PATH, else in the newest /usr/lib/postgresql/<ver>/bin: Debian
# puts only client wrappers on PATH, and some images ship the versioned directory alone.
pg_bin() {
  local name="$1" dir
  if command -v "$name" >/dev/null 2>&1; then
    command -v "$name"
    return 0
  fi
  while read -r dir; do
    if [[ -x "$dir/$name" ]]; then
      printf '%s\n' "$dir/$name"
      return 0
    fi
  done < <(pg_version_bindirs)
  return 1
}

# Directory holding the server itself (postgres, initdb, pg_ctl), newest version first.
server_bindir() {
  local dir
  while read -r dir; do
    if [[ -x "$dir/postgres" && -x "$dir/initdb" ]]; then
      printf '%s\n' "$dir"
      return 0
    fi
  done < <(pg_version_bindirs)
  if command -v postgres >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v postgres)"
    return 0
  fi
  return 1
}

# Run a command as the postgres OS user, whose peer authentication makes it superuser over the
# Unix socket — no superuser password to know or store.
as_postgres() {
  if [[ "$(id -u)" == "0" ]]; then
    runuser -u postgres -- "$@"
  elif [[ "$(id -un)" == "postgres" ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n -u postgres -- "$@"
  else
    die "need to act as the postgres OS user: run as root, or set DATABASE_URL to a server you have"
  fi
}

# Check a URL the user gave us answers and accepts the credentials. psql when present (it proves
# the login, not just the port); otherwise the project's own `pg` driver; otherwise the port.
check_url() {
  local url="$1" psql_bin
  if psql_bin="$(pg_bin psql)"; then
    PGCONNECT_TIMEOUT=5 "$psql_bin" "$url" -Atqc 'select 1' >/dev/null
  elif [[ -d "$DONDOC_ROOT/node_modules/pg" ]]; then
    (cd "$DONDOC_ROOT" && node -e '
      const { Client } = require("pg");
      const client = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 5000 });
      client.connect().then(() => client.end()).then(() => process.exit(0), (e) => {
        console.error(e.message);
        process.exit(1);
      });
    ' "$url")
  else
    local hostport
    # shellcheck disable=SC2016  # a JavaScript template literal, not shell
    hostport="$(node -e 'const u = new URL(process.argv[1]); console.log(`${u.hostname}:${u.port || 5432}`)' "$url")"
    port_open "${hostport%:*}" "${hostport##*:}"
  fi
}

# True when the server on PG_HOST:PG_PORT accepts connections (not merely "starting up").
server_ready() {
  local ready
  if ready="$(pg_bin pg_isready)"; then
    "$ready" -q -h "$PG_HOST" -p "$PG_PORT" -t 2
  else
    port_open "$PG_HOST" "$PG_PORT"
  fi
}

install_postgres() {
  command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and apt-get is unavailable; install PostgreSQL 13+ or set DATABASE_URL"
  log "PostgreSQL is not installed; installing Debian's package"
  ensure_debian_packages postgresql || die "PostgreSQL could not be installed (see above); install PostgreSQL 13+ or set DATABASE_URL"
}

# Debian layout: clusters managed by postgresql-common. Start the one on our port, or create one.
start_debian_cluster() {
  local ver name port status _rest
  while read -r ver name port status _rest; do
    [[ "$port" == "$PG_PORT" ]] || continue
    if [[ "$status" == online* ]]; then
      die "cluster $ver/$name is online on port $PG_PORT but does not answer on $PG_HOST; check listen_addresses in /etc/postgresql/$ver/$name/postgresql.conf"
    fi
    log "starting cluster $ver/$name"
    if ! without_locks pg_ctlcluster "$ver" "$name" start >&2; then
      tail_log "/var/log/postgresql/postgresql-$ver-$name.log"
      die "could not start cluster $ver/$name"
    fi
    return 0
  done < <(pg_lsclusters --no-header 2>/dev/null)

  # No cluster on our port: make one with the newest installed server version.
  local bindir version cluster=main
  bindir="$(server_bindir)" || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  version="$(basename "$(dirname "$bindir")")"
  if [[ -d "/etc/postgresql/$version/main" ]]; then
    cluster=dondoc
  fi
  log "creating cluster $version/$cluster on port $PG_PORT"
  without_locks pg_createcluster --port "$PG_PORT" --start "$version" "$cluster" >&2 ||
    die "pg_createcluster $version $cluster failed"
}

# No postgresql-common (only /usr/lib/postgresql/<ver>/bin, or another distribution): a private
# cluster under .data/postgres, owned by the postgres user when we are root (initdb refuses root).
start_private_cluster() {
  local bindir data="$PRIVATE_CLUSTER_DIR/data" sock="$PRIVATE_CLUSTER_DIR/run" logfile="$DONDOC_LOG_DIR/postgres.log"
  bindir="$(server_bindir)" || die "PostgreSQL server binaries not found"
  mkdir -p "$PRIVATE_CLUSTER_DIR" "$sock" "$DONDOC_LOG_DIR"
  touch "$logfile"
  if [[ "$(id -u)" == "0" ]]; then
    id postgres >/dev/null 2>&1 || die "no postgres OS user to own the cluster; install the distribution's postgresql package"
    chown postgres "$PRIVATE_CLUSTER_DIR" "$sock" "$logfile"
  fi
  if [[ ! -f "$data/PG_VERSION" ]]; then
    log "initialising a private cluster in $data"
    as_private_owner "$bindir/initdb" -D "$data" -U postgres --auth-local=peer --auth-host=scram-sha-256 -E UTF8 >&2
  fi
  log "starting the private cluster in $data (log: $logfile)"
  if ! without_locks as_private_owner "$bindir/pg_ctl" -D "$data" -l "$logfile" -w -t 60 \
    -o "-c listen_addresses=$PG_HOST -p $PG_PORT -c unix_socket_directories=$sock -c max_connections=${DONDOC_PG_MAX_CONNECTIONS:-100}" start >&2; then
    tail_log "$logfile"
    die "could not start the private cluster"
  fi
}

as_private_owner() {
  if [[ "$(id -u)" == "0" ]]; then as_postgres "$@"; else "$@"; fi
}

# Superuser psql over the Unix socket of whichever local cluster we run; extra psql arguments
# pass through.
# shellcheck disable=SC2120  # callers feed SQL on stdin today
admin_psql() {
  local psql_bin socket_dir=/var/run/postgresql
  psql_bin="$(pg_bin psql)" || die "psql not found"
  if use_private_cluster; then
    socket_dir="$PRIVATE_CLUSTER_DIR/run"
  fi
  as_postgres "$psql_bin" -X -q -v ON_ERROR_STOP=1 -h "$socket_dir" -p "$PG_PORT" -d postgres "$@"
}

# True when our role logs in over TCP and every database we need exists: the usual case on a
# second run, and the only check possible for a server we do not administer.
app_setup_complete() {
  local psql_bin wanted count
  psql_bin="$(pg_bin psql)" || return 1
  wanted="$(printf "'%s'," "${APP_DATABASES[@]}")"
  count="$(PGCONNECT_TIMEOUT=5 "$psql_bin" "$(app_url postgres)" -X -Atqc \
    "select count(*) from pg_database where datname in (${wanted%,})" 2>/dev/null)" || return 1
  [[ "$count" == "${#APP_DATABASES[@]}" ]]
}

create_role_and_databases() {
  log "creating role $APP_ROLE and databases ${APP_DATABASES[*]} where missing"
  local list
  list="$(printf "'%s'," "${APP_DATABASES[@]}")"
  # Role first (CREATE DATABASE … OWNER needs it); CREATE DATABASE cannot run inside a DO block,
  # hence \gexec over the names that are missing.
  admin_psql <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$APP_ROLE') THEN
    CREATE ROLE $APP_ROLE LOGIN CREATEDB PASSWORD '$APP_PASSWORD';
  ELSE
    ALTER ROLE $APP_ROLE LOGIN CREATEDB PASSWORD '$APP_PASSWORD';
  END IF;
END
\$\$;
SELECT format('CREATE DATABASE %I OWNER %I', name, '$APP_ROLE')
  FROM unnest(ARRAY[${list%,}]) AS name
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = name)
\gexec
SQL
}

# A private cluster asked for by name (the fault suite's) must be the server on its port: another
# one there (another checkout's fault suite left running, say) would be stopped and counted by the
# suite as if it were its own.
check_private_port_owner() {
  [[ "${DONDOC_PG_CLUSTER:-}" == "private" ]] || return 0
  [[ -S "$PRIVATE_CLUSTER_DIR/run/.s.PGSQL.$PG_PORT" ]] && return 0
  release_lock postgres
  die "port $PG_PORT is taken by a PostgreSQL server that is not the private cluster in ${PRIVATE_CLUSTER_DIR#"$DONDOC_ROOT"/} (another checkout's fault suite or benchmark?): stop it, or give this run another port (FAULTS_PG_PORT)"
}

ensure_local() {
  acquire_lock postgres
  if server_ready; then
    check_private_port_owner
  else
    if ! server_bindir >/dev/null; then
      install_postgres
    fi
    # Installing may have started Debian's default cluster already.
    if ! server_ready; then
      if use_private_cluster; then
        start_private_cluster
      else
        start_debian_cluster
      fi
    fi
    wait_for_command "PostgreSQL on $PG_HOST:$PG_PORT" 60 server_ready ||
      die "PostgreSQL did not start answering on $PG_HOST:$PG_PORT"
  fi
  if ! app_setup_complete; then
    create_role_and_databases ||
      die "could not create role/databases as the postgres user; a server on $PG_HOST:$PG_PORT answers but is not one we administer — set DATABASE_URL to use it"
    app_setup_complete || die "role $APP_ROLE still cannot log in on $PG_HOST:$PG_PORT with its password; check pg_hba.conf allows scram-sha-256/md5 on 127.0.0.1"
  fi
  release_lock postgres
  log "PostgreSQL is ready on $PG_HOST:$PG_PORT (left running when our scripts stop)"
}

cmd_ensure() {
  local dbname="${1:-dondoc}"
  if [[ -n "${DATABASE_URL:-}" ]]; then
    # The user chose a server; we do not create or alter anything on it.
    log "checking the DATABASE_URL from the environment"
    check_url "$DATABASE_URL" ||
      die "DATABASE_URL does not answer or rejects the login: $(redact_url "$DATABASE_URL"). Start that server, fix the URL, or unset DATABASE_URL to use a local PostgreSQL on 127.0.0.1:$PG_PORT."
    log "DATABASE_URL answers"
    printf '%s\n' "$DATABASE_URL"
    return 0
  fi
  if [[ ! " ${APP_DATABASES[*]} " =~ [[:space:]]${dbname}[[:space:]] ]]; then
    APP_DATABASES+=("$dbname")
  fi
  ensure_local
  log "use DATABASE_URL=$(app_url "$dbname")"
  app_url "$dbname"
  printf '\n'
}

# A second login role beside ours, for a program that keeps its data apart from Dondoc's (the
# Temporal server's databases): created or its password reset, never dropped.
cmd_ensure_role() {
  local role="$1" password="$2"
  [[ "$role" =~ ^[a-z_][a-z0-9_]*$ ]] || die "role name '$role' must be lower-case letters, digits and _"
  [[ "$password" != *"'"* ]] || die "the password must not contain a single quote"
  ensure_local
  acquire_lock postgres
  admin_psql <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
    CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password';
  ELSE
    ALTER ROLE $role LOGIN CREATEDB PASSWORD '$password';
  END IF;
END
\$\$;
SQL
  release_lock postgres
  log "role $role can log in on $PG_HOST:$PG_PORT"
}

# Stops the private cluster under .data/, which nobody else uses (`ensure` starts it again):
#   immediate  the fault suite's "PostgreSQL stops abruptly", a crash as far as the data is
#              concerned (recovery replays the WAL at the next start);
#   fast       sessions are ended and the data checkpointed, so a fault suite leaves nothing
#              running behind it.
# Nothing to do when it is not running.
stop_private_cluster() {
  local mode=$1 command=$2
  use_private_cluster || die "$command only stops the private cluster (DONDOC_PG_CLUSTER=private); the shared one is left alone"
  [[ -f "$PRIVATE_CLUSTER_DIR/data/postmaster.pid" ]] || return 0
  local bindir
  bindir="$(server_bindir)" || die "PostgreSQL server binaries not found"
  log "stopping the private cluster in $PRIVATE_CLUSTER_DIR/data ($mode)"
  as_private_owner "$bindir/pg_ctl" -D "$PRIVATE_CLUSTER_DIR/data" -m "$mode" -w -t 60 stop >&2
}

case "${1:-}" in
  ensure)
    shift
    cmd_ensure "$@"
    ;;
  ensure-role)
    [[ $# -eq 3 ]] || die "usage: $0 ensure-role NAME PASSWORD"
    cmd_ensure_role "$2" "$3"
    ;;
  stop-immediate) stop_private_cluster immediate stop-immediate ;;
  stop) stop_private_cluster fast stop ;;
  *)
    printf 'usage: %s ensure [DBNAME] | ensure-role NAME PASSWORD | stop-immediate | stop\n' "$0" >&2
    exit 2
    ;;
esac
