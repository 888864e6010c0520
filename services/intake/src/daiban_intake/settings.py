"""Intake's settings."""

from pathlib import Path

from pydantic import Field

from daiban_common.settings import RatingLinkSettings


class IntakeSettings(RatingLinkSettings):
    """The common settings, the rating links' secret, and intake's own: scans, notices."""

    attachment_max_bytes: int = Field(
        default=10 * 1024 * 1024, ge=1024, le=100 * 1024 * 1024,
        description="the largest scan accepted (the upload route's body limit follows it)")
    supplement_days: int = Field(
        default=15, ge=1, le=90,
        description="calendar days a notice gives to supplement, unless the agent sets a date")
    notice_font_file: Path | None = Field(
        default=None, description="a TrueType CJK font for the notice PDF; else the packaged one")
