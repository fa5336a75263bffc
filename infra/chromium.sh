#!/usr/bin/env bash
# Ensure Debian's Chromium is installed for the console's browser tests (playwright-core drives it;
# no browser is downloaded: PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1), with a font that has Vietnamese
# glyphs, so screenshots read as people see them.
#
#   bash infra/chromium.sh     install what is missing (as root, or through sudo); a no-op when all is there
#
# Sourced by infra/test.sh: exports CHROMIUM_PATH (/usr/bin/chromium unless already set) and
# PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD. Without Chromium the browser tests fail, naming this script.

# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CHROMIUM_PACKAGES=(chromium fonts-dejavu-core)

ensure_chromium() {
  local LOG_PREFIX=chromium
  ensure_debian_packages "${CHROMIUM_PACKAGES[@]}"
}

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  LOG_PREFIX=chromium
  ensure_chromium || die "Chromium is not available (see the messages above)"
  log "$("$CHROMIUM_PATH" --version 2>/dev/null || echo "no $CHROMIUM_PATH")"
else
  ensure_chromium || warn "continuing without Chromium: the console's browser tests will fail"
fi
