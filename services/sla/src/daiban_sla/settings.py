"""SLA's settings."""

from pydantic import Field

from daiban_common.settings import CommonSettings


class SlaSettings(CommonSettings):
    """The common settings, the calendar's freshness, when lights change, the time a complaint
    has to be answered in, and the sweeper."""

    calendar_recheck_seconds: float = Field(
        default=1.0, ge=0,
        description="how long a process answers from its in-memory calendar before it checks "
                    "the stored calendar's version again (0: on every use)")
    yellow_share: float = Field(
        default=0.75, gt=0, le=1,
        description="a clock turns yellow once this share of its working days is used, "
                    "or once yellow_working_days_before are left, whichever comes first")
    yellow_working_days_before: int = Field(
        default=1, ge=0, le=60,
        description="working days before the deadline at which a clock turns yellow "
                    "at the latest")
    escalate_after_working_days: int = Field(
        default=0, ge=0, le=60,
        description="working days after the deadline at which a red clock is escalated to the "
                    "supervisor of the tier above (0: with the red light)")
    complaint_answer_working_days: int = Field(
        default=5, ge=1, le=60,
        description="working days a complaint has to be answered in, from the day after it is "
                    "filed; its clock turns yellow and red by the same policy as a case's")
    sweeper_max_sleep_seconds: float = Field(
        default=5.0, gt=0, le=300,
        description="the longest the sweeper sleeps when no clock falls due and none is written")
    sweeper_batch_size: int = Field(
        default=500, ge=1, le=10_000,
        description="clocks fired (or recomputed) in one transaction")
    open_clocks_refresh_seconds: float = Field(
        default=30.0, gt=0,
        description="how often the sweeper recounts open clocks by light for the gauge")
