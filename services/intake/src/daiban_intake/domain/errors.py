"""Rules intake refuses to break: the catalogue's and opening a case (the rest of the case's life
is in ``case_errors``).

Hierarchy::

    DomainError (daiban_kernel.errors)
    ├── NotFound
    │   ├── CaseNotFound              no such case in the caller's view
    │   ├── MatterNotFound            no matter has this code
    │   ├── MatterVersionNotFound     the matter never had this version
    │   └── MatterNotInCatalogue      the matter is not published (or does not exist)
    ├── UnsupportedFileFormat         415: a catalogue file that is neither CSV nor JSON
    ├── Conflict
    │   ├── MatterAlreadyExists       a matter with this code exists; change it instead
    │   ├── MatterAlreadyPublished    publishing a matter that is published
    │   └── MatterNotPublished        unpublishing a matter that is not published
    └── InvalidInput
        ├── CatalogueFileRefused      a bulk file with bad rows; nothing of it was applied
        └── MatterRuleBroken          a matter's terms break a catalogue rule (names the field)
            ├── CountyDoesNotDecide         the county centre relays; its departments decide
            ├── StagesOffThePath            stage_days names other tiers than the path
            ├── StageDaysDoNotAddUp         the stages do not share limit + allowance exactly
            ├── ProxyAllowanceTooLong       more than 5 working days beyond the legal limit
            ├── InPersonMatterIsNotProxied  an in-person matter with an allowance or authorization
            ├── TimeoutDefaultOffThePath    a timeout-default stage the case never passes
            └── MaterialListedTwice         two materials of one matter with the same name
        MatterCannotBeProxied         a case for an in_person matter (the person must come)
        UnknownMatter                 a case for a matter that is not in the published catalogue
        GridWorkersReportOnly         a grid worker opens cases only as grid reports
"""

from __future__ import annotations

from daiban_kernel.errors import Conflict, DomainError, FieldProblem, InvalidInput, NotFound


class CaseNotFound(NotFound):
    slug = "case-not-found"
    title = "Case not found"


class MatterNotFound(NotFound):
    slug = "matter-not-found"
    title = "Matter not found"


class MatterVersionNotFound(NotFound):
    slug = "matter-version-not-found"
    title = "Matter version not found"


class MatterNotInCatalogue(NotFound):
    slug = "matter-not-in-catalogue"
    title = "Matter not in the published catalogue"


class UnsupportedFileFormat(DomainError):
    status = 415
    slug = "unsupported-file-format"
    title = "Unsupported file format"


class MatterAlreadyExists(Conflict):
    slug = "matter-already-exists"
    title = "Matter already exists"


class MatterAlreadyPublished(Conflict):
    slug = "matter-already-published"
    title = "Matter already published"


class MatterNotPublished(Conflict):
    slug = "matter-not-published"
    title = "Matter not published"


class CatalogueFileRefused(InvalidInput):
    slug = "catalogue-file-refused"
    title = "Catalogue file refused; nothing of it was applied"


class MatterRuleBroken(InvalidInput):
    """A matter's terms break a catalogue rule; ``field`` names the offending field."""

    slug = "matter-rule-broken"
    title = "Matter rule broken"
    field = ""

    def __init__(self, reason: str) -> None:
        super().__init__(FieldProblem(self.field, reason))
        self.reason = reason


class CountyDoesNotDecide(MatterRuleBroken):
    slug = "county-does-not-decide"
    title = "The county centre does not decide matters"
    field = "deciding_tier"


class StagesOffThePath(MatterRuleBroken):
    slug = "stages-off-the-path"
    title = "Stage days name tiers off the case's path"
    field = "stage_days"


class StageDaysDoNotAddUp(MatterRuleBroken):
    slug = "stage-days-do-not-add-up"
    title = "Stage days do not add up to the limit plus the proxy allowance"
    field = "stage_days"


class ProxyAllowanceTooLong(MatterRuleBroken):
    slug = "proxy-allowance-too-long"
    title = "Proxy allowance longer than 5 working days"
    field = "proxy_allowance_days"


class InPersonMatterIsNotProxied(MatterRuleBroken):
    slug = "in-person-matter-is-not-proxied"
    title = "An in-person matter has no proxy allowance and no authorization"
    field = "kind"


class TimeoutDefaultOffThePath(MatterRuleBroken):
    slug = "timeout-default-off-the-path"
    title = "Timeout default on a stage off the case's path"
    field = "timeout_default_stages"


class MaterialListedTwice(MatterRuleBroken):
    slug = "material-listed-twice"
    title = "Material listed twice"
    field = "materials"


class MatterCannotBeProxied(InvalidInput):
    """An in_person matter must be done by the resident; no case is opened for it."""

    slug = "matter-cannot-be-proxied"
    title = "This matter must be done in person"

    def __init__(self, code: str, name: str) -> None:
        super().__init__(FieldProblem(
            "matter_code",
            f"{code} {name} must be done by the resident in person (本人办理) and cannot be "
            "proxied; see the published list of in-person matters"))


class UnknownMatter(InvalidInput):
    """No published matter has the code a case names."""

    slug = "unknown-matter"
    title = "No such matter in the published catalogue"

    def __init__(self, code: str) -> None:
        super().__init__(FieldProblem("matter_code", f"no published matter has the code {code}"))


class GridWorkersReportOnly(InvalidInput):
    """A grid worker reports a resident's need; an agent takes the case from there."""

    slug = "grid-workers-report-only"
    title = "A grid worker opens cases only as grid reports"

    def __init__(self) -> None:
        super().__init__(FieldProblem(
            "channel", "a grid worker opens a case only with channel grid_report (网格员上报); "
            "the village agent then takes it over and completes it"))
