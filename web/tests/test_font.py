"""The bundled web font covers every character the pages and the demo data write, and is small
enough to send to a hall's TV (no I/O beyond reading the files)."""

from __future__ import annotations

from pathlib import Path

from fontTools.ttLib import TTFont

WEB = Path(__file__).resolve().parents[1] / "src" / "daiban_web"
FONT = WEB / "static" / "fonts" / "NotoSansSC-subset.woff2"
DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"


def _written(paths: list[Path]) -> set[str]:
    return {c for path in paths for c in path.read_text(encoding="utf-8")
            if c.isprintable() and not c.isspace()}


def test_the_web_font_has_a_glyph_for_every_character_the_pages_and_the_demo_write() -> None:
    cmap = TTFont(FONT).getBestCmap()
    written = _written([*WEB.glob("**/*.html"), *WEB.glob("**/*.py"), *DEMO.glob("*")])
    missing = sorted(c for c in written if ord(c) not in cmap)
    assert missing == [], "run scripts/build-web-font.sh: " + "".join(missing)


def _gb2312_hanzi() -> set[str]:
    found: set[str] = set()
    for row in range(0xB0, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                found.add(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue  # the five empty cells at the end of level 1
    return found


def test_the_web_font_has_the_6763_hanzi_of_gb2312_and_stays_under_3_mb() -> None:
    cmap = TTFont(FONT).getBestCmap()
    hanzi = _gb2312_hanzi()
    assert len(hanzi) == 6763
    assert sorted(c for c in hanzi if ord(c) not in cmap) == []
    assert FONT.stat().st_size < 3 * 1024 * 1024
    assert "SIL OPEN FONT LICENSE" in (FONT.parent / "OFL.txt").read_text(encoding="utf-8")
