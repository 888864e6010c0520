"""When a clock's yellow light turns on and when a red clock is escalated (the settings)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class LightPolicy:
    """Yellow at a share of the budget or some working days before the deadline, whichever is
    first; escalation some working days after the deadline."""

    yellow_share: Fraction
    yellow_days_before: int
    escalate_after_days: int

    def yellow_day(self, budget: int) -> int | None:
        """The working days used when yellow turns on: the share of the budget, rounded up, or
        the budget less the days before, whichever is fewer; None when that is not before red."""
        by_share = -((-self.yellow_share.numerator * budget) // self.yellow_share.denominator)
        used = max(0, min(by_share, budget - self.yellow_days_before))
        return used if used < budget else None
