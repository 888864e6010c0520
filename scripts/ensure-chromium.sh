#!/usr/bin/env bash
# Make sure Debian's chromium and a CJK font exist (the browser tests drive that chromium through
# Playwright; Playwright's own browser download is never used). Installs the distribution's
# packages when missing and running as root. Prints the path of the browser on stdout; messages
# go to stderr.
#
# Environment: CHROMIUM (path of a chromium binary to use instead of /usr/bin/chromium).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
# Without a CJK font the pages (all in Chinese) render as boxes in the screenshots.
FONT_PACKAGE=fonts-wqy-microhei
FONT_FILE=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc

missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
[ -e "$FONT_FILE" ] || missing+=("$FONT_PACKAGE")
if [ ${#missing[@]} -gt 0 ]; then
    if is_root && have apt-get; then
        log "not installed: ${missing[*]}: installing from the distribution"
        apt_install "${missing[@]}" || die "'apt-get install ${missing[*]}' failed"
        [ -x "$CHROMIUM" ] || die "chromium was installed but $CHROMIUM is not there"
    else
        die "not installed: ${missing[*]}, and this is not root with apt-get, so they cannot be \
installed: install them (sudo apt-get install ${missing[*]}) or set CHROMIUM=/path/to/chromium"
    fi
fi
printf '%s\n' "$CHROMIUM"
