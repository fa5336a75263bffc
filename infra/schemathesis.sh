#!/usr/bin/env bash
# Ensure schemathesis (the OpenAPI fuzzer the conformance test runs) exists in a Python virtual
# environment of its own under .tools/schemathesis/, installed from PyPI at a pinned version.
#
#   bash infra/schemathesis.sh     install if needed, print SCHEMATHESIS_PATH=…
#   source infra/schemathesis.sh   the same, and export SCHEMATHESIS_PATH into the calling shell
#
# A virtual environment: schemathesis is an application with a console script and many
# dependencies, and a venv keeps them off the system Python (where Python has no venv module,
# pip --target and a launcher script instead).
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
  log "installing $SCHEMATHESIS_PIN into .tools/schemathesis"
  rm -rf "$SCHEMATHESIS_DIR"
  mkdir -p "$(dirname "$SCHEMATHESIS_DIR")"
  if python3 -m venv "$SCHEMATHESIS_DIR" >&2 2>/dev/null &&
    PIP_ROOT_USER_ACTION=ignore "$SCHEMATHESIS_DIR/bin/python" -m pip install --quiet --disable-pip-version-check \
      --no-input "$SCHEMATHESIS_PIN" >&2; then
    # Written last: only a finished install has a stamp.
    printf '%s\n' "$SCHEMATHESIS_PIN" >"$SCHEMATHESIS_STAMP"
    return 0
  fi
  # No venv module (Debian without python3-venv): pip --target and a launcher instead.
  warn "python3 -m venv failed; installing with pip --target"
  rm -rf "$SCHEMATHESIS_DIR"
  if ! python3 -m pip --version >/dev/null 2>&1; then
    warn "python3 -m pip is not available (on Debian: apt-get install -y python3-pip or python3-venv)"
    return 1
  fi
  if ! PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --no-input \
    --target "$SCHEMATHESIS_DIR/lib" "$SCHEMATHESIS_PIN" >&2; then
    rm -rf "$SCHEMATHESIS_DIR"
    return 1
  fi
  mkdir -p "$SCHEMATHESIS_DIR/bin"
  # shellcheck disable=SC2016  # expanded when the launcher runs
  printf '#!/usr/bin/env bash\nPYTHONPATH="%s${PYTHONPATH:+:$PYTHONPATH}" exec python3 -m schemathesis.cli "$@"\n' "$SCHEMATHESIS_DIR/lib" >"$SCHEMATHESIS_DIR/bin/schemathesis"
  chmod +x "$SCHEMATHESIS_DIR/bin/schemathesis"
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
