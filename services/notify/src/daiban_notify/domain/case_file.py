"""Notify's view of a case: whom it concerns (the resident's sealed phone, the agent who took
it, the first-inquiry owner who took it over) and who holds it at each tier, kept from intake's
and routing's events."""

from __future__ import annotations

from dataclasses import dataclass, field

from daiban_kernel.contracts.matter import Tier


@dataclass
class CaseFile:
    """What notify knows of one case."""

    case_number: str
    village_code: str
    matter_code: str
    matter_version: int
    applicant_name: str | None = None
    agent_id: str | None = None
    owner_id: str | None = None
    resident_phone: str | None = None
    holders: dict[Tier, str] = field(default_factory=dict)
    holding_tier: Tier | None = None

    def submitted(self, *, applicant_name: str, agent_id: str, phone: str | None) -> None:
        """Intake registered the case: the applicant, the agent, the phone (when given)."""
        self.applicant_name, self.agent_id = applicant_name, agent_id
        self.resident_phone = phone or self.resident_phone

    def taken_over(self, owner_id: str) -> None:
        """A member took over the case's first inquiry (首问负责: a village agent taking up a
        grid worker's report): they are its agent from now on."""
        self.owner_id = owner_id

    @property
    def agent(self) -> str | None:
        """Who hears what the case's agent must: its first-inquiry owner, else who took it."""
        return self.owner_id or self.agent_id

    def assigned(self, tier: Tier, staff_id: str) -> None:
        """A member holds the case at ``tier`` now."""
        self.holders[tier] = staff_id
        self.holding_tier = tier

    @property
    def heard_submission(self) -> bool:
        """Whether ``case.submitted`` has reached notify (who applied, which agent, the phone):
        events of other services may overtake it on the way."""
        return self.agent_id is not None

    @property
    def holder(self) -> str | None:
        """Who holds the case now, if known."""
        return None if self.holding_tier is None else self.holders.get(self.holding_tier)
