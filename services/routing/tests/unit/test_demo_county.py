"""The demo county as data/demo states it: every place a red light escalates to has someone."""

from __future__ import annotations

import csv
from pathlib import Path

from daiban_kernel.places import place_of_station

DEMO = Path(__file__).resolve().parents[4] / "data" / "demo"


def _rows(noun: str) -> list[dict[str, str]]:
    with (DEMO / f"{noun}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_every_town_and_the_county_have_an_active_supervisor() -> None:
    places = [row["code"] for row in _rows("places") if len(row["code"]) in (6, 9)]
    supervised = {place_of_station(row["station_code"]) for row in _rows("staff")
                  if row["role"] == "supervisor" and row["active"] == "true"
                  and row["duty"] == "on_duty"}
    assert len(places) == 17
    assert [code for code in places if code not in supervised] == []
