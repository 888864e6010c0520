"""Routing's settings."""

from daiban_common.settings import CommonSettings


class RoutingSettings(CommonSettings):
    """Routing reads the common settings only, for now."""
