"""SLA's settings."""

from daiban_common.settings import CommonSettings


class SlaSettings(CommonSettings):
    """SLA reads the common settings only, for now."""
