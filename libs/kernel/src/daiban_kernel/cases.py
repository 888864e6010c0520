"""What every service agrees on about a case: its number and the channel it came by."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

CASE_NUMBER = r"^[0-9]{6}-[0-9]{8}-[0-9]{6}$"


def case_number(county_code: str, day: date, sequence: int) -> str:
    """``<county code>-<yyyymmdd>-<sequence>``, the number the resident is told."""
    return f"{county_code}-{day:%Y%m%d}-{sequence:06d}"


class Channel(StrEnum):
    """How the application reached the agent."""

    STATION = "station"
    PHONE = "phone"
    HOME_VISIT = "home_visit"
    GRID_REPORT = "grid_report"
    ONLINE = "online"
