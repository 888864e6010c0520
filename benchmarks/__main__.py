"""Run every benchmark and write the figures to docs/benchmarks.md."""

from __future__ import annotations

import asyncio
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import case_latency, sla_sweep

REPORT = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def machine() -> str:
    """What the figures were measured on."""
    import os

    return f"{platform.machine()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}"


async def main() -> None:
    sections = [await case_latency.run(), await sla_sweep.run()]
    REPORT.write_text(
        "# Benchmarks\n\n"
        f"Measured by `make bench` on {datetime.now(UTC):%Y-%m-%d} ({machine()}), against the real "
        "Postgres and RabbitMQ on the same machine. Figures vary from run to run; they are "
        "evidence of scale, not assertions, and no test depends on them.\n\n"
        + "\n".join(sections),
        encoding="utf-8",
    )
    sys.stdout.write(REPORT.read_text(encoding="utf-8"))


if __name__ == "__main__":
    asyncio.run(main())
