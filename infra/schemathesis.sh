#!/usr/bin/env bash
# Ensure schemathesis (the OpenAPI fuzzer the conformance test runs) exists in a Python virtual
# environment of its own under .tools/schemathesis/, installed from PyPI at a pinned version.
#
#   bash infra/schemathesis.sh     install if needed, print SCHEMATHESIS_PATH=…
#   source infra/schemathesis.sh   the same, and export SCHEMATHESIS_PATH into the calling shell
#
# A virtual environment rather than `pip --target`: schemathesis is an application with a
# console script and many dependencies, and a venv keeps them off the system Python.
# Override: a preset SCHEMATHESIS_PATH that points to an executable is kept.

# Pinned: the CLI flags the test passes are those of this version (`st run --help`).
SCHEMATHESIS_PIN="schemathesis==4.32.5"

# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SCHEMATHESIS_DIR="$DONDOC_ROOT/.tools/schemathesis"
SCHEMATHESIS_STAMP="$SCHEMATHESIS_DIR/.installed"

# A venv records its own path in its scripts, so it is built where it lives; the stamp is
# written last, so an interrupted install is never taken for a good one and is redone.
_schemathesis_install() {
  local LOG_PREFIX=schemathesis
  if ! python3 -m venv --help >/dev/null 2>&1; then
    warn "python3 -m venv is not available (on Debian: apt-get install -y python3-venv)"
    return 1
  fi
  log "installing $SCHEMATHESIS_PIN into .tools/schemathesis"
  rm -rf "$SCHEMATHESIS_DIR"
  mkdir -p "$(dirname "$SCHEMATHESIS_DIR")"
  if ! python3 -m venv "$SCHEMATHESIS_DIR" >&2 ||
    ! PIP_ROOT_USER_ACTION=ignore "$SCHEMATHESIS_DIR/bin/python" -m pip install --quiet --disable-pip-version-check \
      --no-input "$SCHEMATHESIS_PIN" >&2; then
    rm -rf "$SCHEMATHESIS_DIR"
    return 1
  fi
  # Written last: only a finished install has a stamp.
  printf '%s\n' "$SCHEMATHESIS_PIN" >"$SCHEMATHESIS_STAMP"
}

# Sets SCHEMATHESIS_PATH; returns non-zero with a message when it cannot be had.
ensure_schemathesis() {
  if [[ -n "${SCHEMATHESIS_PATH:-}" && -x "${SCHEMATHESIS_PATH}" ]]; then
    export SCHEMATHESIS_PATH
    return 0
  fi
  local status=0 bin="$SCHEMATHESIS_DIR/bin/schemathesis"
  acquire_lock schemathesis
  if ! { [[ -x "$bin" && -f "$SCHEMATHESIS_STAMP" ]] && [[ "$(cat "$SCHEMATHESIS_STAMP")" == "$SCHEMATHESIS_PIN" ]]; }; then
    _schemathesis_install || status=$?
  fi
  release_lock schemathesis
  if ((status != 0)) || [[ ! -x "$bin" ]]; then
    warn "schemathesis is not available: pip install $SCHEMATHESIS_PIN failed (see pip's message above)"
    return 1
  fi
  SCHEMATHESIS_PATH="$bin"
  export SCHEMATHESIS_PATH
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  LOG_PREFIX=schemathesis
  ensure_schemathesis || die "schemathesis is not available (see the messages above)"
  printf 'SCHEMATHESIS_PATH=%s\n' "$SCHEMATHESIS_PATH"
else
  ensure_schemathesis || return 1
fi
