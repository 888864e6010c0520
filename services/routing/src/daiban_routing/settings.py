"""Routing's settings."""

from pydantic import Field

from daiban_common.settings import CommonSettings


class RoutingSettings(CommonSettings):
    """The common settings; bodies may be larger, as a county's staff file is one request."""

    max_body_bytes: int = Field(default=8 * 1_048_576, ge=1024)
    handover_reminder_hours: float = Field(
        default=4.0, gt=0, description="remind the receiver of a handover not received this "
                                       "long, and again every as long")
    reminder_poll_seconds: float = Field(default=60.0, gt=0)
