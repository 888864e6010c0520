#!/usr/bin/env bash
# Build the web front's CJK web font: a subset of Noto Sans SC (SIL Open Font License 1.1) as
# WOFF2, from Debian's fonts-noto-cjk, with fontTools' pyftsubset (pinned in the dev group of
# pyproject.toml, with brotli for WOFF2). Writes, under web/src/daiban_web/static/fonts/:
#   NotoSansSC-subset.woff2  ASCII, CJK punctuation, full-width forms, the 6763 hanzi of GB2312,
#                            and every character the web front's templates and code and the demo
#                            data (place and staff names, the catalogue) use;
#   OFL.txt                  the font's copyright and its licence.
# Both are committed; run this again when the pages or the demo data use a character the subset
# lacks (web/tests/test_font.py fails then). Installs fonts-noto-cjk as root with apt-get when missing.
#
# Environment: FONT_GB2312_LEVEL (1: only the 3755 hanzi of level 1, for a smaller file; the
# default, 2, takes both levels, as test_font.py expects).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SOURCE=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
SOURCE_COPYRIGHT=/usr/share/doc/fonts-noto-cjk/copyright
SC_FONT_NUMBER=2  # in the collection: JP, KR, SC, TC, HK
OUT="$REPO_ROOT/web/src/daiban_web/static/fonts"
PYTHON="$REPO_ROOT/.venv/bin/python"

if [ ! -e "$SOURCE" ]; then
    if is_root && have apt-get; then
        log "fonts-noto-cjk is not installed: installing it from the distribution"
        apt_install fonts-noto-cjk || die "'apt-get install fonts-noto-cjk' failed"
    else
        die "no $SOURCE: install fonts-noto-cjk (sudo apt-get install fonts-noto-cjk)"
    fi
fi
[ -x "$PYTHON" ] || (cd "$REPO_ROOT" && make venv)

mkdir -p "$OUT"
TEXT="$(mktemp)"
trap 'rm -f "$TEXT"' EXIT

"$PYTHON" - "$REPO_ROOT" "${FONT_GB2312_LEVEL:-2}" "$TEXT" <<'PY'
"""The characters of the subset, one string written to the file named last."""
import sys
from pathlib import Path

root, level, out = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
chars = {chr(c) for c in range(0x20, 0x7F)}                 # ASCII
chars |= {chr(c) for c in range(0x3000, 0x3040)}            # CJK symbols and punctuation
chars |= {chr(c) for c in range(0xFF01, 0xFF5F)}            # full-width forms
chars |= set("·—–‘’“”…※→←↑↓√×÷°℃№")
last_row = 0xD7 if level == 1 else 0xF7                     # level 1 ends at row 55 (0xD7)
for row in range(0xB0, last_row + 1):
    for cell in range(0xA1, 0xFF):
        try:
            chars.add(bytes([row, cell]).decode("gb2312"))
        except UnicodeDecodeError:
            pass                                            # the 5 empty cells of row 55
used = [*root.glob("web/src/daiban_web/**/*.html"), *root.glob("web/src/daiban_web/**/*.py"),
        *root.glob("web/src/daiban_web/**/*.js"), *root.glob("data/demo/*")]
for path in used:
    chars |= set(path.read_text(encoding="utf-8"))
chars = {c for c in chars if c.isprintable() or c == " "}
out.write_text("".join(sorted(chars)), encoding="utf-8")
print(f"{len(chars)} characters", file=sys.stderr)
PY

"$REPO_ROOT/.venv/bin/pyftsubset" "$SOURCE" --font-number="$SC_FONT_NUMBER" \
    --text-file="$TEXT" --flavor=woff2 --layout-features='*' --no-hinting --desubroutinize \
    --output-file="$OUT/NotoSansSC-subset.woff2"

"$PYTHON" - "$SOURCE" "$SC_FONT_NUMBER" "$SOURCE_COPYRIGHT" "$OUT/OFL.txt" <<'PY'
"""OFL.txt: the font's copyright notice (its name table) and the licence (Debian's copyright)."""
import sys
from pathlib import Path

from fontTools.ttLib import TTCollection

source, number, copyright_file, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
notice = TTCollection(source).fonts[number]["name"].getDebugName(0)
lines = Path(copyright_file).read_text(encoding="utf-8").splitlines()
start = lines.index("License: SIL-1.1", lines.index("License: SIL-1.1") + 1) + 1
licence = []
for line in lines[start:]:
    if not line.startswith(" "):
        break
    licence.append("" if line == " ." else line[1:])
Path(out).write_text(
    f"NotoSansSC-subset.woff2 is a subset of Noto Sans CJK SC (Regular), made with fontTools.\n"
    f"{notice}\n\nThis Font Software is licensed under the SIL Open Font License, Version 1.1.\n\n"
    + "\n".join(licence).strip() + "\n", encoding="utf-8")
PY
log "wrote $OUT/NotoSansSC-subset.woff2 ($(stat -c %s "$OUT/NotoSansSC-subset.woff2") bytes) and OFL.txt"
