"""Loads the demonstration catalogue (data/demo/matters.json) through the admin import.

Repeatable: a second load finds every matter unchanged, writes no version and publishes nothing.
"""

from __future__ import annotations

from pathlib import Path

from daiban_common.settings import CommonSettings
from daiban_intake import bootstrap
from daiban_intake.domain.matter_file import FileFormat
from daiban_intake.handlers_catalogue import import_matters
from daiban_intake.settings import IntakeSettings

CATALOGUE_FILE = "matters.json"


async def load_demo(settings: CommonSettings, directory: Path) -> str:
    """Import the demo matter catalogue from the folder; a one-line summary."""
    assert isinstance(settings, IntakeSettings)
    intake = bootstrap.build(settings)
    try:
        s = await import_matters((directory / CATALOGUE_FILE).read_bytes(), FileFormat.JSON,
                                 by=None, uow=intake.uow_factory())
    finally:
        if intake.engine is not None:
            await intake.engine.dispose()
    return (f"matters {s.rows} ({s.created} new, {s.new_versions} new versions, "
            f"{s.published} published, {s.unpublished} unpublished, {s.unchanged} unchanged)")
