"""The demo county loads through routing's demo hook, and loading again is silent (how long it
takes is for a benchmark, not a test)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from sqlalchemy import func, text

from daiban_common.db import create_engine
from daiban_routing.adapters.orm import messaging
from daiban_routing.demo import load_demo
from daiban_routing.settings import RoutingSettings

pytestmark = pytest.mark.integration

DEMO = Path(__file__).resolve().parents[4] / "data" / "demo"


async def test_the_demo_loads_and_a_second_load_changes_nothing(
    env: dict[str, str], county: str, tmp_path: Path,
    outbox_count: Callable[[str], Awaitable[int]],
) -> None:
    for noun in ("places", "departments", "stations", "staff"):
        body = (DEMO / f"{noun}.csv").read_bytes()
        (tmp_path / f"{noun}.csv").write_bytes(body.replace(b"110116", county.encode()))
    first = await load_demo(RoutingSettings.model_validate(env), tmp_path)
    events = await outbox_count(county)
    second = await load_demo(RoutingSettings.model_validate(env), tmp_path)
    assert "(0 new" not in first
    assert events > 1000
    assert second.count("(0 new, 0 changed)") == 4
    assert await outbox_count(county) == events
    await _set_aside(env, county)


async def _set_aside(env: dict[str, str], county: str) -> None:
    """Mark this county's events sent: the shared test database keeps no relay backlog of them."""
    engine = create_engine(RoutingSettings.model_validate(env))
    async with engine.begin() as conn:
        await conn.execute(messaging.outbox.update()
                           .where(messaging.outbox.c.published_at.is_(None),
                                  text("envelope->>'placecode' LIKE :p").bindparams(p=county + "%"))
                           .values(published_at=func.now()))
    await engine.dispose()
