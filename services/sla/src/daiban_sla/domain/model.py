"""Cases whose time limits SLA will keep; a clock starts when a case is accepted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class TrackedCase:
    """A case SLA has heard of, before any clock runs for it."""

    number: str
    matter_code: str
    village_code: str
    submitted_at: datetime
