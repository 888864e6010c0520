"""SLA's read model of the matter catalogue: each published version's time limits.

A case keeps the matter version it was opened under, so SLA keeps every version it hears of,
keyed by (code, version), from intake's ``matter.published`` / ``matter.unpublished`` events.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from daiban_kernel.contracts.matter import MatterVersion, Tier


@dataclass(frozen=True)
class MatterTerms:
    """A matter version's time limits (承诺时限) and how they are shared among the tiers."""

    code: str
    version: int
    name: str
    deciding_tier: Tier
    limit_working_days: int
    proxy_allowance_days: int
    stage_days: Mapping[Tier, int]
    timeout_default_stages: frozenset[Tier]
    published: bool

    @classmethod
    def published_as(cls, matter: MatterVersion) -> MatterTerms:
        """The terms of a version as intake published it."""
        return cls(
            code=matter.code,
            version=matter.version,
            name=matter.name,
            deciding_tier=matter.deciding_tier,
            limit_working_days=matter.limit_working_days,
            proxy_allowance_days=matter.proxy_allowance_days,
            stage_days=dict(matter.stage_days),
            timeout_default_stages=frozenset(matter.timeout_default_stages),
            published=True,
        )

    @property
    def total_working_days(self) -> int:
        """The whole time a case may take: the legal limit plus the relay's allowance."""
        return self.limit_working_days + self.proxy_allowance_days
