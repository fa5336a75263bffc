#!/usr/bin/env bash
# Ensure the local mail catcher (Mailpit: an SMTP server with a web view of what it caught)
# exists under .tools/mailpit/. Nothing calls it yet: once notices are dispatched (issue 11),
# `npm start` will run it, point DONDOC_SMTP_URL at it, and a newcomer will see the demo's
# reminders arrive as e-mail.
#
#   bash infra/mailpit.sh     build if needed, print MAILPIT_PATH=…
#   source infra/mailpit.sh   the same, and export MAILPIT_PATH into the calling shell
#
# Why go install: Mailpit is a Go program; the Go module proxy is reachable from our machines
# and serves it, and a download of a prebuilt binary is not. The build takes minutes on two
# cores, so it runs once per pin; every later call costs one file read.
#
# Overrides: MAILPIT=/path/to/mailpit uses that binary; DONDOC_MAILPIT_DIR installs elsewhere
# (e.g. a scratch directory when .tools is shared with another checkout).

# Pinned to a version the Go module proxy serves and that builds with the Go on our machines.
MAILPIT_GO_MODULE="github.com/axllent/mailpit"
MAILPIT_VERSION="v1.33.1"
# The oldest Go that builds this tag (its go.mod says go 1.26.0).
MAILPIT_MIN_GO_MINOR=26

# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MAILPIT_DIR="${DONDOC_MAILPIT_DIR:-$DONDOC_ROOT/.tools/mailpit}"
# Records what the directory holds, so a pin change rebuilds and a match costs one file read.
MAILPIT_STAMP="$MAILPIT_DIR/.installed"

# The Go on PATH, checked before a build that would otherwise fail minutes in with a cryptic error.
_mailpit_check_go() {
  local LOG_PREFIX=mailpit version minor
  if ! command -v go >/dev/null 2>&1; then
    warn "Go is not installed; Mailpit is built with go install (on Debian: apt-get install -y golang)"
    return 1
  fi
  version="$(go env GOVERSION 2>/dev/null || true)"
  minor="$(sed -E 's/^go1\.([0-9]+).*$/\1/' <<<"$version")"
  if [[ ! "$minor" =~ ^[0-9]+$ ]] || ((minor < MAILPIT_MIN_GO_MINOR)); then
    warn "Mailpit $MAILPIT_VERSION needs Go 1.$MAILPIT_MIN_GO_MINOR or newer; this machine has ${version:-an unknown Go}"
    return 1
  fi
}

# Build into a staging directory, then move it into place: an interrupted build never leaves a
# half-filled .tools/mailpit that the fast path would take for a good one.
_mailpit_go_install() {
  local LOG_PREFIX=mailpit
  local staging="$MAILPIT_DIR.staging.$$" started=$EPOCHSECONDS
  rm -rf "$staging"
  mkdir -p "$staging/bin"
  log "building Mailpit with go install $MAILPIT_GO_MODULE@$MAILPIT_VERSION (a few minutes, once)"
  # CGO off: Mailpit's SQLite is pure Go, and a static binary needs no C toolchain.
  if ! CGO_ENABLED=0 GOBIN="$staging/bin" GOFLAGS=-trimpath go install "$MAILPIT_GO_MODULE@$MAILPIT_VERSION" >&2; then
    rm -rf "$staging"
    return 1
  fi
  rm -rf "$MAILPIT_DIR"
  mkdir -p "$(dirname "$MAILPIT_DIR")"
  mv "$staging" "$MAILPIT_DIR"
  printf '%s@%s\n' "$MAILPIT_GO_MODULE" "$MAILPIT_VERSION" >"$MAILPIT_STAMP"
  log "built Mailpit in $((EPOCHSECONDS - started)) s: $(du -h "$MAILPIT_DIR/bin/mailpit" | cut -f1)"
}

# Sets MAILPIT_PATH; returns non-zero with a message when no binary can be had. Holds a lock
# throughout so two concurrent runs (npm start and npm test) do not both build.
ensure_mailpit() {
  local status=0
  acquire_lock mailpit
  _mailpit_resolve || status=$?
  release_lock mailpit
  return "$status"
}

_mailpit_resolve() {
  local LOG_PREFIX=mailpit
  local binary="$MAILPIT_DIR/bin/mailpit"
  if [[ -n "${MAILPIT:-}" ]]; then
    [[ -x "$MAILPIT" ]] || { warn "MAILPIT=$MAILPIT is not an executable file"; return 1; }
    binary="$MAILPIT"
  elif ! [[ -x "$binary" && -f "$MAILPIT_STAMP" && "$(cat "$MAILPIT_STAMP")" == "$MAILPIT_GO_MODULE@$MAILPIT_VERSION" ]]; then
    _mailpit_check_go || return 1
    if ! _mailpit_go_install; then
      warn "go install $MAILPIT_GO_MODULE@$MAILPIT_VERSION failed (see go's message above)."
      warn "Install Mailpit yourself and set MAILPIT=/path/to/mailpit."
      return 1
    fi
  fi
  MAILPIT_PATH="$binary"
  export MAILPIT_PATH
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  LOG_PREFIX=mailpit
  ensure_mailpit || die "Mailpit is not available (see the messages above)"
  log "Mailpit: $("$MAILPIT_PATH" version --no-release-check 2>/dev/null | head -n 1)"
  printf 'MAILPIT_PATH=%s\n' "$MAILPIT_PATH"
else
  ensure_mailpit || return 1
fi
