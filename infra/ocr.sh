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

ensure_ocr_tools() {
  local LOG_PREFIX=ocr
  ensure_debian_packages "${OCR_PACKAGES[@]}"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  LOG_PREFIX=ocr
  ensure_ocr_tools || die "the OCR tools are not available (see the messages above)"
  log "tesseract $(tesseract --version 2>&1 | head -n 1 | cut -d' ' -f2), languages: $(tesseract --list-langs 2>/dev/null | tail -n +2 | tr '\n' ' ')"
else
  ensure_ocr_tools || warn "continuing without OCR: scanned letters cannot be read"
fi
