"""`daiban demo load`: intake's hook imports the catalogue and the places; a second load does
nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from daiban_intake.demo import CATALOGUE_FILE, PLACES_FILE, STATIONS_FILE
from daiban_intake.service import SERVICE
from daiban_intake.settings import IntakeSettings

pytestmark = pytest.mark.integration

DEMO_DATA = Path(__file__).resolve().parents[4] / "data" / "demo"
DEMO = DEMO_DATA / CATALOGUE_FILE


async def test_loading_the_demo_catalogue_twice_changes_nothing_the_second_time(
    env: dict[str, str], tmp_path: Path, prefix: str, api: Any
) -> None:
    rows = json.loads(DEMO.read_text())
    for row in rows:  # codes of this test's own, so the shared test database stays clean
        row["code"] = f"{prefix}{row['code']}"
    (tmp_path / CATALOGUE_FILE).write_text(json.dumps(rows, ensure_ascii=False))
    known = 0
    for name in (PLACES_FILE, STATIONS_FILE):
        text = (DEMO_DATA / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text, encoding="utf-8")
        known += len(text.splitlines()) - 1
    assert SERVICE.load_demo is not None
    settings = IntakeSettings.model_validate(env)
    published = sum(row["published"] for row in rows)
    first = await SERVICE.load_demo(settings, tmp_path)
    assert f"{len(rows)} new" in first
    assert f"{published} published" in first
    counts = [await api.outbox_count(row["code"]) for row in rows[:5]]
    second = await SERVICE.load_demo(settings, tmp_path)
    assert f"0 new, 0 new versions, 0 published, 0 unpublished, {len(rows)} unchanged" in second
    assert f"places and stations {known} (0 new)" in second
    assert [await api.outbox_count(row["code"]) for row in rows[:5]] == counts
