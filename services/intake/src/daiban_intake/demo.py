"""Loads the demonstration catalogue (data/demo/matters.json) through the admin import, and the
demo county's places and stations (data/demo/places.csv and stations.csv, the files routing
imports and publishes) into the read model of known places, so that cases can be opened (and
their notices name the station) before routing's events arrive.

Repeatable: a second load finds every matter unchanged, writes no version and publishes nothing,
and finds every place known.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from daiban_intake import bootstrap
from daiban_intake.domain.place import KnownPlace, KnownStation
from daiban_intake.handlers import ImportMatters, KnowPlaces
from daiban_intake.ports import FileFormat
from daiban_intake.settings import IntakeSettings
from daiban_kernel.places import PlaceCode

CATALOGUE_FILE = "matters.json"
PLACES_FILE = "places.csv"
STATIONS_FILE = "stations.csv"


async def load_demo(settings: IntakeSettings, directory: Path) -> str:
    """Import the demo matter catalogue and places from the folder; a one-line summary."""
    intake = bootstrap.build(settings)
    try:
        s = await intake.commands.import_matters(ImportMatters(
            (directory / CATALOGUE_FILE).read_bytes(), FileFormat.JSON, by=None))
        places = demo_places((directory / PLACES_FILE).read_text(encoding="utf-8"))
        stations = demo_stations((directory / STATIONS_FILE).read_text(encoding="utf-8"))
        known = await intake.commands.know_places(KnowPlaces(places, stations))
    finally:
        await intake.close()
    return (f"matters {s.rows} ({s.created} new, {s.new_versions} new versions, "
            f"{s.published} published, {s.unpublished} unpublished, {s.unchanged} unchanged); "
            f"places and stations {len(places) + len(stations)} ({known} new)")


def demo_places(text: str) -> tuple[KnownPlace, ...]:
    """The places of routing's places file, each at version 1 (as routing's first import)."""
    return tuple(
        KnownPlace(row["code"], row["name"], PlaceCode(row["code"]).tier,
                   row["parent_code"] or None, row["active"] == "true", 1)
        for row in csv.DictReader(io.StringIO(text)))


def demo_stations(text: str) -> tuple[KnownStation, ...]:
    """The stations of routing's stations file, each at version 1."""
    return tuple(KnownStation(row["code"], row["place_code"], row["name"],
                              row["active"] == "true", 1)
                 for row in csv.DictReader(io.StringIO(text)))
