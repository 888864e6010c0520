"""Notify's settings."""

from daiban_common.settings import CommonSettings


class NotifySettings(CommonSettings):
    """Notify reads the common settings only, for now."""
