"""China's time: one zone (China Standard Time, UTC+8, no daylight saving) for every date a
resident is told, every case number and every working day."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


def china_date(moment: datetime) -> date:
    """The calendar day in China at an aware moment."""
    if moment.tzinfo is None:
        raise ValueError("a moment without a time zone has no day in China")
    return moment.astimezone(CHINA).date()
