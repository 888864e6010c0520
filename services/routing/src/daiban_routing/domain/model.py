"""The case as routing relays it; for now, the moment it arrives from intake."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from daiban_common.events import EventData


class FlowState(StrEnum):
    """Where a case stands in the relay (the full machine arrives with the relay itself)."""

    SUBMITTED = "submitted"


@dataclass(eq=False)
class RoutedCase:
    """A case routing knows of, keyed by its number."""

    number: str
    matter_code: str
    village_code: str
    state: FlowState
    since: datetime
    version: int = 1
    events: list[EventData] = field(default_factory=list, repr=False)

    @classmethod
    def arrive(cls, *, number: str, matter_code: str, village_code: str, at: datetime
               ) -> RoutedCase:
        """A submitted case enters the relay at its village."""
        return cls(number, matter_code, village_code, FlowState.SUBMITTED, at)
