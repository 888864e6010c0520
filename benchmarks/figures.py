"""Percentiles and the markdown report's sections, replaced in place."""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Sequence
from pathlib import Path

REPORT = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def percentile(values: Sequence[float], p: float, *, total: int | None = None) -> float:
    """Nearest rank over ``total`` samples; the ones missing from ``values`` count as infinite."""
    n = total if total is not None else len(values)
    if n == 0:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p * n))
    return ordered[rank - 1] if rank <= len(ordered) else math.inf


def ms(seconds: float) -> str:
    if math.isnan(seconds):
        return "—"
    if math.isinf(seconds):
        return "not reached"
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def replace_section(title: str, body: str, report: Path = REPORT) -> None:
    """Put ``## title`` with ``body`` in the report, in place of the section of that title."""
    text = report.read_text(encoding="utf-8") if report.exists() else "# Benchmarks\n"
    section = f"## {title}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    report.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def say(line: str) -> None:
    """Progress for whoever watches the run (stderr, so that stdout stays the report)."""
    sys.stderr.write(line + "\n")
    sys.stderr.flush()
