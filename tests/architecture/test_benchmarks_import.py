"""`make bench` runs every benchmark module: each must at least import with today's code (a
benchmark is run by hand, rarely, so a rename elsewhere would otherwise break it unseen)."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.mark.parametrize("module", sorted(p.stem for p in BENCHMARKS.glob("*.py")
                                          if p.stem != "__init__"))
def test_every_benchmark_module_imports(module: str) -> None:
    importlib.import_module(f"benchmarks.{module}")


@pytest.mark.integration
async def test_the_sla_sweep_benchmark_fills_the_clocks_table_of_today(
    migrated: dict[str, str],
) -> None:
    """The benchmark writes its million clocks with one hand-written INSERT: run here with a few
    cases against the migrated schema (and rolled back), a column added to sla.clocks that the
    INSERT lacks fails this test instead of `make bench`."""
    import asyncpg
    from sqlalchemy.engine import make_url

    from benchmarks import sla_sweep

    url = make_url(migrated["database_url"])
    conn = await asyncpg.connect(sla_sweep._libpq(migrated["database_url"], url.database or ""))
    writing = conn.transaction()
    await writing.start()
    try:
        version = await conn.fetchval("SELECT version FROM sla.calendar_version")
        now = datetime.now(UTC)
        await conn.execute(sla_sweep.INSERT, now, now + timedelta(days=1), version, 2, 4,
                           list(sla_sweep.STAGES))
        filled = await conn.fetchval(
            "SELECT count(*) FROM sla.clocks WHERE started_at = $1::timestamptz - interval "
            "'1 day'", now)
    finally:
        await writing.rollback()
        await conn.close()
    assert filled == 4 * len(sla_sweep.STAGES)
