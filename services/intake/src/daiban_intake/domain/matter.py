"""The matter catalogue (事项清单): a matter's terms, its immutable versions, its publication.

The time split (时限科学分配): ``stage_days`` names exactly the tiers a case passes on its way
from the village to the deciding tier, and their days add up to ``limit_working_days +
proxy_allowance_days``::

    deciding tier   stages
    village         village
    town            village, town
    department      village, town, county, department

The county centre relays (baton 3) and never decides: a county-level matter is decided by its
department. A stage may have 0 days (handed on the same working day). The same path holds for
every kind; an in-person matter has no proxy allowance and needs no authorization.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from daiban_intake.domain.errors import (
    CountyDoesNotDecide,
    InPersonMatterIsNotProxied,
    MaterialListedTwice,
    MatterAlreadyPublished,
    MatterNotPublished,
    MatterRuleBroken,
    ProxyAllowanceTooLong,
    StageDaysDoNotAddUp,
    StagesOffThePath,
    TimeoutDefaultOffThePath,
)
from daiban_kernel.actor import Actor
from daiban_kernel.contracts.matter import (
    Material,
    MatterKind,
    MatterPublishedV1,
    MatterUnpublishedV1,
    MatterVersion,
    MatterVersionCreatedV1,
    Tier,
)
from daiban_kernel.events import EventData

MAX_PROXY_ALLOWANCE_DAYS = 5
FEN = Decimal("0.01")

PATHS: Mapping[Tier, tuple[Tier, ...]] = {
    Tier.VILLAGE: (Tier.VILLAGE,),
    Tier.TOWN: (Tier.VILLAGE, Tier.TOWN),
    Tier.DEPARTMENT: (Tier.VILLAGE, Tier.TOWN, Tier.COUNTY, Tier.DEPARTMENT),
}
"""The stages of a case by its deciding tier, in the order the case passes them."""


def path_to(deciding_tier: Tier) -> tuple[Tier, ...]:
    """The stages a case passes to reach the deciding tier; CountyDoesNotDecide for ``county``."""
    if deciding_tier not in PATHS:
        raise CountyDoesNotDecide("the county centre relays to a department; "
                                  "use deciding_tier 'department' for a county-level matter")
    return PATHS[deciding_tier]


@dataclass(frozen=True)
class MatterTerms:
    """What an admin states about a matter; one immutable version holds one set of terms.

    Construction enforces the catalogue rules and raises the first broken one (a
    ``MatterRuleBroken``). Stage days and timeout-default stages are kept in path order and the
    fee in yuan and fen, so equal terms compare equal however they were written.
    """

    name: str
    department_code: str
    kind: MatterKind
    deciding_tier: Tier
    limit_working_days: int
    proxy_allowance_days: int
    stage_days: Mapping[Tier, int]
    materials: tuple[Material, ...] = ()
    authorization_required: bool = False
    timeout_default_stages: tuple[Tier, ...] = ()
    department_fee_yuan: Decimal | None = None

    def __post_init__(self) -> None:
        path = path_to(self.deciding_tier)
        for rule in _RULES:
            rule(self, path)
        object.__setattr__(self, "stage_days", {t: self.stage_days[t] for t in path})
        object.__setattr__(self, "timeout_default_stages",
                           tuple(t for t in path if t in self.timeout_default_stages))
        if self.department_fee_yuan is not None:
            object.__setattr__(self, "department_fee_yuan", self.department_fee_yuan.quantize(FEN))

    @property
    def path(self) -> tuple[Tier, ...]:
        """The stages a case of this matter passes, village first."""
        return PATHS[self.deciding_tier]

    @property
    def total_working_days(self) -> int:
        """The legal limit plus the proxy allowance: what the stages share."""
        return self.limit_working_days + self.proxy_allowance_days


def _stages_on_the_path(terms: MatterTerms, path: tuple[Tier, ...]) -> None:
    named = set(terms.stage_days)
    if named != set(path):
        missing = [t.value for t in path if t not in named]
        extra = sorted(t.value for t in named - set(path))
        raise StagesOffThePath(
            f"a matter decided at {terms.deciding_tier.value} has exactly the stages "
            f"{', '.join(t.value for t in path)}"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; not on the path: {', '.join(extra)}" if extra else ""))


def _stage_days_add_up(terms: MatterTerms, path: tuple[Tier, ...]) -> None:
    if any(days < 0 for days in terms.stage_days.values()):
        raise StageDaysDoNotAddUp("no stage may have fewer than 0 days")
    total = sum(terms.stage_days.values())
    if total != terms.total_working_days:
        raise StageDaysDoNotAddUp(
            f"the stages add up to {total} working days, not limit_working_days + "
            f"proxy_allowance_days = {terms.limit_working_days} + "
            f"{terms.proxy_allowance_days} = {terms.total_working_days}")


def _allowance_at_most_five(terms: MatterTerms, path: tuple[Tier, ...]) -> None:
    if not 0 <= terms.proxy_allowance_days <= MAX_PROXY_ALLOWANCE_DAYS:
        raise ProxyAllowanceTooLong(
            f"the proxy may take 0 to {MAX_PROXY_ALLOWANCE_DAYS} working days beyond the "
            f"department's limit, not {terms.proxy_allowance_days}")


def _in_person_is_not_proxied(terms: MatterTerms, path: tuple[Tier, ...]) -> None:
    if terms.kind is MatterKind.IN_PERSON and (
            terms.proxy_allowance_days or terms.authorization_required):
        raise InPersonMatterIsNotProxied(
            "an in_person matter is done by the resident in person: "
            "proxy_allowance_days must be 0 and authorization_required false")


def _timeout_default_on_the_path(terms: MatterTerms, path: tuple[Tier, ...]) -> None:
    off = sorted(t.value for t in set(terms.timeout_default_stages) - set(path))
    if off:
        raise TimeoutDefaultOffThePath(f"a case of this matter never passes {', '.join(off)}")


def _materials_listed_once(terms: MatterTerms, path: tuple[Tier, ...]) -> None:
    names = [m.name for m in terms.materials]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise MaterialListedTwice(f"listed more than once: {', '.join(twice)}")


_RULES: tuple[Callable[[MatterTerms, tuple[Tier, ...]], None], ...] = (
    _stages_on_the_path, _stage_days_add_up, _allowance_at_most_five, _in_person_is_not_proxied,
    _timeout_default_on_the_path, _materials_listed_once,
)


@dataclass(frozen=True)
class Restated:
    """What restating a matter from a catalogue file did to it."""

    new_version: bool
    published: bool
    unpublished: bool

    @property
    def unchanged(self) -> bool:
        """Nothing happened: no new version, no change of publication."""
        return not (self.new_version or self.published or self.unpublished)


@dataclass(eq=False)
class Matter:
    """A catalogue entry: its current version's terms and whether it is published.

    Every change of terms writes the next version; a version is never altered afterwards, so a
    case opened under it can always read it. Publication belongs to the matter: changing a
    published matter publishes the new version at once.
    """

    code: str
    version: int
    terms: MatterTerms
    published: bool = False
    events: list[EventData] = field(default_factory=list, repr=False)

    @classmethod
    def create(cls, code: str, terms: MatterTerms, *, by: Actor | None) -> Matter:
        """A new matter at version 1, not yet published."""
        matter = cls(code, 1, terms)
        matter.events.append(MatterVersionCreatedV1(matter=matter.snapshot(), by=by))
        return matter

    def change(self, terms: MatterTerms, *, by: Actor | None) -> bool:
        """Write the next version; False (and nothing written) if the terms are the same."""
        if terms == self.terms:
            return False
        self.version, self.terms = self.version + 1, terms
        self.events.append(MatterVersionCreatedV1(
            matter=self.snapshot().model_copy(update={"published": False}), by=by))
        if self.published:
            self.events.append(MatterPublishedV1(matter=self.snapshot(), by=by))
        return True

    def publish(self, *, by: Actor | None) -> None:
        """Put the current version in the public catalogue."""
        if self.published:
            raise MatterAlreadyPublished(f"matter {self.code} is published already")
        self.published = True
        self.events.append(MatterPublishedV1(matter=self.snapshot(), by=by))

    def unpublish(self, *, by: Actor | None) -> None:
        """Withdraw the matter from the catalogue; open cases keep their version."""
        if not self.published:
            raise MatterNotPublished(f"matter {self.code} is not published")
        self.published = False
        self.events.append(MatterUnpublishedV1(code=self.code, matter_version=self.version,
                                               by=by))

    def restate(self, terms: MatterTerms, *, published: bool, by: Actor | None) -> Restated:
        """Take the terms and publication a catalogue file states, with the fewest events."""
        unpublish = self.published and not published
        if unpublish:
            self.unpublish(by=by)
        new_version = self.change(terms, by=by)
        publish = published and not self.published
        if publish:
            self.publish(by=by)
        return Restated(new_version, publish, unpublish)

    def snapshot(self) -> MatterVersion:
        """The current version as the contract publishes it."""
        return version_of(self.code, self.terms, version=self.version, published=self.published)


def version_of(code: str, terms: MatterTerms, *, version: int, published: bool) -> MatterVersion:
    """One version of a matter as the contract publishes it."""
    return MatterVersion(
        code=code, version=version, name=terms.name, department_code=terms.department_code,
        kind=terms.kind, deciding_tier=terms.deciding_tier,
        limit_working_days=terms.limit_working_days,
        proxy_allowance_days=terms.proxy_allowance_days, stage_days=dict(terms.stage_days),
        materials=terms.materials, authorization_required=terms.authorization_required,
        timeout_default_stages=terms.timeout_default_stages,
        department_fee_yuan=terms.department_fee_yuan, published=published)


def terms_of(version: MatterVersion) -> MatterTerms:
    """The terms a published version states."""
    return MatterTerms(
        name=version.name, department_code=version.department_code, kind=version.kind,
        deciding_tier=version.deciding_tier, limit_working_days=version.limit_working_days,
        proxy_allowance_days=version.proxy_allowance_days, stage_days=dict(version.stage_days),
        materials=version.materials, authorization_required=version.authorization_required,
        timeout_default_stages=version.timeout_default_stages,
        department_fee_yuan=version.department_fee_yuan)


__all__ = ["MAX_PROXY_ALLOWANCE_DAYS", "PATHS", "Matter", "MatterRuleBroken", "MatterTerms",
           "Restated", "path_to", "terms_of", "version_of"]
