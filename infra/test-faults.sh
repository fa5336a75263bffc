#!/usr/bin/env bash
# `npm run test:faults`: the fault suite on the cluster topology (infra/faults/run-faults.ts).
#
#   build → the Temporal server build (once; about 8 minutes cold on 2 cores) → a private
#   PostgreSQL cluster (so stopping it hurts nobody) → infra/start-cluster.sh on ports of its own,
#   in the background → the suite against its balancer → stop the cluster
#
# The cluster's ports (PORT 13000, replicas 13001–13002, Temporal 17233 and up, PostgreSQL 55432)
# stay clear of `npm start`, `npm run start:cluster` and the integration tests. Its logs are in
# .data/logs/faults/. Arguments are not taken; FAULTS_CASES, FAULTS_UNITS, FAULTS_ACTIONS and
# FAULTS_CLIENTS pass through to the suite. FAULTS_SKIP_BUILD=1 reuses dist/ when it exists
# (infra/test.sh sets it: `npm test` has just built and tested the same tree).
set -euo pipefail
set +m
# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LOG_PREFIX=faults
cd "$DONDOC_ROOT"

export PORT="${FAULTS_PORT:-13000}"
export DONDOC_CLUSTER_API_PORTS="$((PORT + 1)) $((PORT + 2))"
export TEMPORAL_ADDRESS="${FAULTS_TEMPORAL_ADDRESS:-127.0.0.1:17233}"
export DONDOC_PG_CLUSTER=private
export DONDOC_PG_PORT="${FAULTS_PG_PORT:-55432}"
# Room for every pool of the topology (about 92 connections) plus the suite's own and PostgreSQL's
# reserved ones, with margin: an exhausted server would be a fault of its own, not the one tested.
export DONDOC_PG_MAX_CONNECTIONS=300
# With that room, Temporal's services get pools of 20 (4 × 22 in all): at the default 6 a fan-out
# of 2,000 workflows waits on the history service's pool until its calls time out.
export TEMPORAL_SERVER_PG_MAX_CONNS=20
# A cluster of the suite's own, made anew each run: every case counts what its directive did, and
# a directive an interrupted run left fanning out would compete with it for the machine.
export DONDOC_PG_PRIVATE_DIR="$DONDOC_DATA_DIR/faults-postgres"
export DONDOC_CLUSTER_LOG_DIR="$DONDOC_LOG_DIR/faults"
export START_SKIP_BUILD=1 START_SKIP_DEMO=1
# Reminders an hour before a deadline an hour and 45 s away: below production's shortest notice.
export DONDOC_MIN_NOTICE_INTERVAL=PT1S
# Faults make a client wait; the suite's clients retry, so each waits less than usual.
export DONDOC_UPDATE_TIMEOUT_MS="${DONDOC_UPDATE_TIMEOUT_MS:-15000}"
# The runner signs tokens with the key pair the cluster's APIs are given.
unset DATABASE_URL
READY_FILE="$DONDOC_DATA_DIR/run/faults-ready"
CLUSTER_LOG="$DONDOC_CLUSTER_LOG_DIR/start-cluster.log"
mkdir -p "$DONDOC_CLUSTER_LOG_DIR" "$(dirname "$READY_FILE")"
rm -f "$READY_FILE"

cluster_pid=""
stop_cluster() {
  local status=$?
  trap '' INT TERM
  if [[ -n "$cluster_pid" ]]; then stop_process "$cluster_pid" "the cluster" 150; fi
  # The suite's own PostgreSQL too (start-cluster.sh leaves a server running as shared state; this
  # one is nobody else's), so a later run, here or in another checkout, finds its port free.
  bash "$DONDOC_ROOT/infra/postgres.sh" stop || warn "could not stop the suite's PostgreSQL (${DONDOC_PG_PRIVATE_DIR#"$DONDOC_ROOT"/})"
  exit "$status"
}
trap stop_cluster EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

started=$EPOCHSECONDS
if [[ -f "$DONDOC_PG_PRIVATE_DIR/data/PG_VERSION" ]]; then
  log "removing the previous run's PostgreSQL cluster (${DONDOC_PG_PRIVATE_DIR#"$DONDOC_ROOT"/})"
  bash "$DONDOC_ROOT/infra/postgres.sh" stop-immediate >/dev/null 2>&1 || true
  rm -rf "$DONDOC_PG_PRIVATE_DIR"
fi
ensure_node_modules
if [[ "${FAULTS_SKIP_BUILD:-}" == 1 && -f "$DONDOC_ROOT/dist/apps/api/src/main.js" ]]; then
  log "reusing dist/ (FAULTS_SKIP_BUILD=1)"
else
  log "building"
  rm -rf "$DONDOC_ROOT/dist"
  npm run --silent build
fi
stage_started=$EPOCHSECONDS
# Here rather than inside the cluster's start, so a cold build is timed on its own and does not
# eat the cluster's start-up deadline.
bash "$DONDOC_ROOT/infra/temporal-server.sh" install
log "the Temporal server is built ($((EPOCHSECONDS - stage_started))s here)"

stage_started=$EPOCHSECONDS
log "starting the cluster topology (log ${CLUSTER_LOG#"$DONDOC_ROOT"/})"
DONDOC_CLUSTER_READY_FILE="$READY_FILE" bash "$DONDOC_ROOT/infra/start-cluster.sh" >"$CLUSTER_LOG" 2>&1 &
cluster_pid=$!
if ! wait_for_command --pid "$cluster_pid" "the cluster topology" 1200 test -s "$READY_FILE"; then
  tail_log "$CLUSTER_LOG" 60
  die "the cluster did not come up (log above)"
fi
log "cluster up after $((EPOCHSECONDS - stage_started))s ($((EPOCHSECONDS - started))s since the start); running the fault suite"

DATABASE_URL="postgres://dondoc:dondoc@127.0.0.1:$DONDOC_PG_PORT/${DONDOC_CLUSTER_DATABASE:-dondoc_cluster}" \
  FAULTS_API_URL="$(<"$READY_FILE")" \
  FAULTS_RUN_DIR="$DONDOC_DATA_DIR/run/cluster-$PORT" \
  node dist/infra/faults/run-faults.js
log "fault suite passed in $((EPOCHSECONDS - started))s in all (cluster start included)"
