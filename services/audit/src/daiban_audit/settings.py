"""Audit's settings."""

from daiban_common.settings import CommonSettings


class AuditSettings(CommonSettings):
    """Audit reads the common settings only, for now."""
