"""Loads the demonstration catalogue (data/demo/matters.json) through the admin import.

Repeatable: a second load finds every matter unchanged, writes no version and publishes nothing.
"""

from __future__ import annotations

from pathlib import Path

from daiban_intake import bootstrap
from daiban_intake.handlers import ImportMatters
from daiban_intake.ports import FileFormat
from daiban_intake.settings import IntakeSettings

CATALOGUE_FILE = "matters.json"


async def load_demo(settings: IntakeSettings, directory: Path) -> str:
    """Import the demo matter catalogue from the folder; a one-line summary."""
    intake = bootstrap.build(settings)
    try:
        s = await intake.commands.import_matters(ImportMatters(
            (directory / CATALOGUE_FILE).read_bytes(), FileFormat.JSON, by=None))
    finally:
        await intake.close()
    return (f"matters {s.rows} ({s.created} new, {s.new_versions} new versions, "
            f"{s.published} published, {s.unpublished} unpublished, {s.unchanged} unchanged)")
