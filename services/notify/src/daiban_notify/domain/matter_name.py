"""A matter as notices name it, kept from intake's ``matter.*`` events."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MatterName:
    """A matter version's name and legal limit."""

    code: str
    version: int
    name: str
    limit_working_days: int
