"""Run every benchmark and write the figures to docs/benchmarks.md.

Each benchmark's section is replaced in place; the sections written by other modes
(`make profile`, `make fault`) and the hand-written ones are kept.
"""

from __future__ import annotations

import asyncio
import os
import platform
import re
import sys
from datetime import UTC, datetime

from benchmarks import case_latency, ledger_ingest, pipeline, report_queries, sla_sweep
from benchmarks.figures import REPORT, replace_section


def machine() -> str:
    """What the figures were measured on."""
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}"


def _header() -> str:
    return (
        "# Benchmarks\n\n"
        f"Measured by `make bench` on {datetime.now(UTC):%Y-%m-%d} ({machine()}), against the "
        "real Postgres and RabbitMQ on the same machine. Figures vary from run to run; they are "
        "evidence of scale, not assertions, and no test depends on them.\n\n")


def _write_header() -> None:
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else ""
    first = re.search(r"^## ", text, re.M)
    REPORT.write_text(_header() + (text[first.start():] if first else ""), encoding="utf-8")


def _replace(rendered: str) -> None:
    """A benchmark's text starts with its own ``## title`` line."""
    title, _, body = rendered.lstrip().partition("\n")
    replace_section(title.removeprefix("## ").strip(), body)


async def main() -> None:
    _write_header()
    _replace(await case_latency.run())
    _replace(await sla_sweep.run())
    _replace(await ledger_ingest.run())
    _replace(await report_queries.run())
    replace_section(pipeline.SECTION, await pipeline.run())
    sys.stdout.write(REPORT.read_text(encoding="utf-8"))


if __name__ == "__main__":
    asyncio.run(main())
