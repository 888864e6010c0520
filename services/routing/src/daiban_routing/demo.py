"""Loads the demonstration county (data/demo/*.csv) through the same import as the admin API.

Repeatable: a second load finds every row unchanged, changes nothing and publishes nothing.
"""

from __future__ import annotations

from pathlib import Path

from daiban_routing import bootstrap
from daiban_routing.domain.jurisdiction import Jurisdiction
from daiban_routing.domain.sheet import SheetFormat
from daiban_routing.handlers.kinds import KINDS
from daiban_routing.handlers.master import ImportFile
from daiban_routing.settings import RoutingSettings


async def load_demo(settings: RoutingSettings, directory: Path) -> str:
    """Import places, departments, stations and staff from the folder; a one-line summary."""
    routing = bootstrap.build(settings)
    done: list[str] = []
    try:
        for kind in KINDS:
            body = (directory / f"{kind.noun}.csv").read_bytes()
            s = await routing.commands.import_file(
                ImportFile(kind, body, SheetFormat.CSV, Jurisdiction.everywhere()))
            done.append(f"{kind.noun} {s.rows} ({s.created} new, {s.updated} changed)")
    finally:
        await routing.close()
    return "; ".join(done)
