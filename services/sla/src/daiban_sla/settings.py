"""SLA's settings."""

from pydantic import Field

from daiban_common.settings import CommonSettings


class SlaSettings(CommonSettings):
    """The common settings, and how fresh each process keeps its copy of the calendar."""

    calendar_recheck_seconds: float = Field(
        default=1.0, ge=0,
        description="how long a process answers from its in-memory calendar before it checks "
                    "the stored calendar's version again (0: on every use)")
