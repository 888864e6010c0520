"""Intake's settings."""

from daiban_common.settings import CommonSettings


class IntakeSettings(CommonSettings):
    """Intake reads the common settings only, for now."""
