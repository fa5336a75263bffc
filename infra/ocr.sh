#!/usr/bin/env bash
# Ensure the programs the intake reader runs on files are installed (Debian packages):
#   - poppler-utils: pdftoppm renders the pages of a scanned PDF to images;
#   - tesseract-ocr + tesseract-ocr-vie: Tesseract with its Vietnamese language data reads them;
#   - imagemagick: de-skews photos before OCR, and makes the scanned copies of the test corpus;
#   - fonts-dejavu-core: a font with Vietnamese glyphs, embedded in the corpus's text-layer PDFs.
#
#   bash infra/ocr.sh     install what is missing (as root, or through sudo); a no-op when all is there
#
# Sourced by infra/test.sh and infra/start.sh. Without these programs the reader still reads
# text, Markdown, DOCX and text-layer PDFs; a scan then gets a 400 saying OCR is unavailable.

# shellcheck source=infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OCR_PACKAGES=(poppler-utils tesseract-ocr tesseract-ocr-vie imagemagick fonts-dejavu-core)

# Installed means dpkg says so, not that a command of that name exists: a stand-in `convert`
# on PATH is not ImageMagick.
_ocr_missing() {
  local pkg
  for pkg in "${OCR_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || printf '%s\n' "$pkg"
  done
}

ensure_ocr_tools() {
  local LOG_PREFIX=ocr
  local missing status=0
  acquire_lock ocr
  mapfile -t missing < <(_ocr_missing)
  if ((${#missing[@]})); then
    local sudo=()
    if ((EUID != 0)); then
      if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
        warn "not root and no sudo: cannot install ${missing[*]}"
        release_lock ocr
        return 1
      fi
    fi
    log "installing ${missing[*]} with apt-get"
    if ! { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
      "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2; }; then
      warn "apt-get could not install ${missing[*]}"
      status=1
    fi
  fi
  release_lock ocr
  return "$status"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  LOG_PREFIX=ocr
  ensure_ocr_tools || die "the OCR tools are not available (see the messages above)"
  log "tesseract $(tesseract --version 2>&1 | head -n 1 | cut -d' ' -f2), languages: $(tesseract --list-langs 2>/dev/null | tail -n +2 | tr '\n' ' ')"
else
  ensure_ocr_tools || warn "continuing without OCR: scanned letters cannot be read"
fi
