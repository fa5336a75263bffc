# shellcheck shell=bash
# Shared helpers for the infra scripts. Sourced, never executed.
#
# Why a library: every script here starts or waits for something (PostgreSQL, the Temporal dev
# server, the API). Waiting the same way everywhere — poll a real readiness check against a
# deadline, give up with the log tail — is what keeps `npm start` and CI from hanging silently
# or racing ahead with a fixed `sleep`.

if [[ -n "${DONDOC_LIB_LOADED:-}" ]]; then
  return 0
fi
DONDOC_LIB_LOADED=1

# Repository root, derived from this file so scripts work from any working directory.
DONDOC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DONDOC_DATA_DIR="$DONDOC_ROOT/.data"
# shellcheck disable=SC2034  # used by the scripts that source this file
DONDOC_LOG_DIR="$DONDOC_DATA_DIR/logs"
export DONDOC_ROOT

# Each script sets LOG_PREFIX so interleaved output says which step spoke.
LOG_PREFIX="${LOG_PREFIX:-dondoc}"

# Logs go to stderr: stdout is reserved for values a caller captures (a URL, a path).
log() { printf '[%s %(%H:%M:%S)T] %s\n' "$LOG_PREFIX" -1 "$*" >&2; }
warn() { printf '[%s %(%H:%M:%S)T] WARNING: %s\n' "$LOG_PREFIX" -1 "$*" >&2; }
die() {
  printf '[%s %(%H:%M:%S)T] ERROR: %s\n' "$LOG_PREFIX" -1 "$*" >&2
  exit 1
}

# Print the last lines of a log file, indented, so a failure message carries its cause.
tail_log() {
  local file="$1" lines="${2:-40}"
  if [[ -s "$file" ]]; then
    printf '%s\n' "----- last $lines lines of $file -----" >&2
    tail -n "$lines" "$file" | sed 's/^/  | /' >&2
    printf '%s\n' "----- end of $file -----" >&2
  else
    printf '%s\n' "(log $file is empty or missing)" >&2
  fi
}

# True while PID runs. A zombie counts as gone: `kill -0` succeeds on a child that has exited
# but not been reaped yet, which would make a wait-for-exit loop spin until its deadline.
pid_alive() {
  local pid="$1" state
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/stat" ]]; then
    # Field 3 of /proc/PID/stat is the state; the command name before it may contain spaces,
    # so cut after the closing parenthesis.
    state="$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$pid/stat" 2>/dev/null || true)"
    [[ "$state" != "Z" && "$state" != "X" ]] || return 1
  fi
  return 0
}

pid_gone() { ! pid_alive "$1"; }

# wait_for_command [--pid PID] DESCRIPTION TIMEOUT_SECONDS COMMAND...
# Run COMMAND (a program or a shell function) until it succeeds or the deadline passes. With
# --pid, stop early if that process dies: waiting out the full deadline for a server that
# already crashed only hides the cause.
wait_for_command() {
  local watch_pid=""
  if [[ "${1:-}" == "--pid" ]]; then
    watch_pid="$2"
    shift 2
  fi
  local description="$1" timeout="$2"
  shift 2
  local deadline=$((EPOCHSECONDS + timeout)) attempts=0
  while true; do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    attempts=$((attempts + 1))
    if [[ -n "$watch_pid" ]] && ! pid_alive "$watch_pid"; then
      warn "gave up waiting for $description: process $watch_pid exited"
      return 1
    fi
    if ((EPOCHSECONDS >= deadline)); then
      warn "gave up waiting for $description after ${timeout}s ($attempts attempts)"
      return 1
    fi
    # Short interval: readiness usually arrives within a few seconds, and each check is cheap.
    sleep 0.5
  done
}

# True when something accepts TCP connections on HOST:PORT. Uses bash's /dev/tcp so no extra
# tool is needed; `timeout` bounds a connect that would otherwise hang on a filtered address.
port_open() {
  local host="$1" port="$2"
  # shellcheck disable=SC2016  # expanded by the inner bash, on purpose
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>/dev/null
}

# wait_for_port [--pid PID] HOST PORT TIMEOUT_SECONDS [DESCRIPTION]
wait_for_port() {
  local pid_args=()
  if [[ "${1:-}" == "--pid" ]]; then
    pid_args=(--pid "$2")
    shift 2
  fi
  local host="$1" port="$2" timeout="$3" description="${4:-$1:$2}"
  wait_for_command "${pid_args[@]}" "$description" "$timeout" port_open "$host" "$port"
}

# True when GET URL answers 200. curl when present; otherwise Node's global fetch (Node 20 is
# a prerequisite anyway), so a minimal CI image without curl still works.
http_ok() {
  local url="$1"
  if command -v curl >/dev/null 2>&1; then
    [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" 2>/dev/null)" == "200" ]]
  else
    node -e '
      fetch(process.argv[1], { signal: AbortSignal.timeout(5000) })
        .then((r) => process.exit(r.status === 200 ? 0 : 1))
        .catch(() => process.exit(1));
    ' "$url"
  fi
}

# stop_process PID NAME [TIMEOUT_SECONDS]
# SIGTERM, wait for the exit with a deadline, SIGKILL only if the process ignores it. Our apps
# drain on SIGTERM (the worker finishes in-flight activities), so they get time before the kill.
stop_process() {
  local pid="$1" name="$2" timeout="${3:-30}"
  if ! pid_alive "$pid"; then
    wait "$pid" 2>/dev/null || true
    return 0
  fi
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_for_command "$name to exit" "$timeout" pid_gone "$pid"; then
    warn "$name (pid $pid) did not exit within ${timeout}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  # Reap it when it is our child, so no zombie stays behind; harmless for other processes.
  wait "$pid" 2>/dev/null || true
  return 0
}

# split_address HOST:PORT → sets ADDRESS_HOST and ADDRESS_PORT.
split_address() {
  local address="$1"
  ADDRESS_HOST="${address%:*}"
  ADDRESS_PORT="${address##*:}"
  if [[ -z "$ADDRESS_HOST" || "$ADDRESS_HOST" == "$address" || ! "$ADDRESS_PORT" =~ ^[0-9]+$ ]]; then
    die "cannot read host:port from '$address' (expected e.g. 127.0.0.1:7233)"
  fi
}

# acquire_lock NAME / release_lock NAME: serialise one-time setup (installs, cluster creation)
# between scripts that may run at once, e.g. `npm start` in one terminal and `npm test` in
# another. The lock is held through an open file descriptor, so it also ends with the shell.
# flock is optional (util-linux), as on minimal images.
acquire_lock() {
  local name="$1" fd
  command -v flock >/dev/null 2>&1 || return 0
  mkdir -p "$DONDOC_DATA_DIR/locks"
  exec {fd}>"$DONDOC_DATA_DIR/locks/$name.lock"
  printf -v "DONDOC_LOCK_FD_${name//[^a-zA-Z0-9]/_}" '%s' "$fd"
  if ! flock -w 600 "$fd"; then
    die "another process has held the '$name' lock for 10 minutes; is a setup stuck?"
  fi
}
# without_locks COMMAND...: run COMMAND with our lock descriptors closed. A daemon started
# while we hold a lock (pg_ctl, a server) would otherwise inherit the descriptor and keep the
# lock for its whole life, making the next script wait for it.
without_locks() {
  (
    local var fd
    for var in ${!DONDOC_LOCK_FD_@}; do
      fd="${!var}"
      exec {fd}>&-
    done
    "$@"
  )
}
release_lock() {
  local var="DONDOC_LOCK_FD_${1//[^a-zA-Z0-9]/_}"
  local fd="${!var:-}"
  if [[ -n "$fd" ]]; then
    exec {fd}>&-
    unset "$var"
  fi
}

# Install node_modules when it is missing or does not match the manifest. The manifest is
# package-lock.json (package.json without a lock); its hash is stamped into node_modules after
# each install. A hash rather than file times: a git checkout or clone resets times, and an
# edit to package.json's scripts alone should not cost a reinstall.
deps_manifest() {
  if [[ -f "$DONDOC_ROOT/package-lock.json" ]]; then
    printf '%s\n' "$DONDOC_ROOT/package-lock.json"
  else
    printf '%s\n' "$DONDOC_ROOT/package.json"
  fi
}
ensure_node_modules() {
  local stamp="$DONDOC_ROOT/node_modules/.dondoc-deps.sha256"
  local wanted reason=""
  wanted="$(sha256sum "$(deps_manifest)" | cut -d' ' -f1)"
  if [[ ! -d "$DONDOC_ROOT/node_modules" ]]; then
    reason="node_modules is missing"
  elif [[ ! -f "$stamp" ]]; then
    # Installed by hand: adopt it when npm's own record of the tree is at least as new as the
    # lock, rather than wipe a working node_modules with npm ci.
    if [[ -f "$DONDOC_ROOT/node_modules/.package-lock.json" &&
      ! "$(deps_manifest)" -nt "$DONDOC_ROOT/node_modules/.package-lock.json" ]]; then
      printf '%s\n' "$wanted" >"$stamp"
      return 0
    fi
    reason="node_modules is older than $(basename "$(deps_manifest)")"
  elif [[ "$(<"$stamp")" != "$wanted" ]]; then
    reason="$(basename "$(deps_manifest)") changed since the last install"
  fi
  if [[ -z "$reason" ]]; then
    return 0
  fi
  log "installing npm dependencies ($reason)"
  if [[ -f "$DONDOC_ROOT/package-lock.json" ]]; then
    # npm ci installs exactly the lock. Some npm releases refuse a lock that lacks optional
    # platform packages (e.g. @swc/core-darwin-*) although `npm install` accepts it unchanged;
    # a refused lock must not stop a fresh machine, so fall back, but say so.
    if ! (cd "$DONDOC_ROOT" && npm ci --no-audit --no-fund); then
      warn "npm ci refused package-lock.json; falling back to npm install (regenerate and commit the lock to fix)"
      (cd "$DONDOC_ROOT" && npm install --no-audit --no-fund)
    fi
  else
    (cd "$DONDOC_ROOT" && npm install --no-audit --no-fund)
  fi
  # Hash again: the npm install fallback may have rewritten the lock.
  sha256sum "$(deps_manifest)" | cut -d' ' -f1 >"$stamp"
}

# ensure_debian_packages PACKAGE...: installs with apt-get whichever of PACKAGE dpkg does not
# report installed (a stand-in command of the same name on PATH does not count), under one
# "apt-get" lock so two of our scripts never run apt-get at once (dpkg would refuse the second);
# as root, or through sudo. Returns non-zero, saying why, when something cannot be installed.
ensure_debian_packages() {
  local lock=apt-get
  local pkg missing=() status=0
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  local sudo=()
  if ((EUID != 0)); then
    if ! command -v sudo >/dev/null 2>&1; then
      warn "not root and no sudo: cannot install ${missing[*]}"
      return 1
    fi
    sudo=(sudo)
  fi
  acquire_lock "$lock"
  log "installing ${missing[*]} with apt-get"
  if ! { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2; }; then
    warn "apt-get could not install ${missing[*]}"
    status=1
  fi
  release_lock "$lock"
  return "$status"
}
