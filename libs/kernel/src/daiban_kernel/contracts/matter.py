"""Events about the matter catalogue (事项清单), owned by intake.

Each carries the whole matter version, so a consumer keeps its read model from the events alone.
A case keeps the version it was opened under: consumers keep every published version. ``by`` is
the admin who acted (亮明身份); it is empty when the operator's command loaded the demo catalogue.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from daiban_kernel.actor import Actor
from daiban_kernel.events import EventData, registry

MATTER_CODE = r"^[A-Za-z0-9_.-]{1,64}$"


class MatterKind(StrEnum):
    """How a station handles the matter."""

    ACCEPT = "accept"  # 受理类: the window formally accepts
    PROXY = "proxy"  # 代收代办类: collect and relay
    CONSULT = "consult"  # 咨询预审类: consultation and pre-review only
    IN_PERSON = "in_person"  # 必须本人办理: cannot be proxied


class Tier(StrEnum):
    """The tiers of the relay; ``department`` is the deciding office at the county."""

    VILLAGE = "village"
    TOWN = "town"
    COUNTY = "county"
    DEPARTMENT = "department"


class MaterialForm(StrEnum):
    ORIGINAL = "original"
    COPY = "copy"
    ORIGINAL_AND_COPY = "original_and_copy"


class Material(BaseModel):
    """One required paper (要件)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=100)
    form: MaterialForm
    count: int = Field(ge=1, le=20)
    mandatory: bool = True


class MatterVersion(BaseModel):
    """A matter as published in one version.

    ``stage_days`` shares ``limit_working_days + proxy_allowance_days`` among the tiers the case
    passes through on its way to the deciding tier.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=MATTER_CODE)
    version: int = Field(ge=1)
    name: str = Field(min_length=1, max_length=100)
    department_code: str = Field(min_length=1, max_length=32)
    kind: MatterKind
    deciding_tier: Tier
    limit_working_days: int = Field(ge=0, le=365, description="the legal limit (承诺时限)")
    proxy_allowance_days: int = Field(ge=0, le=5, description="relay time beyond the limit")
    stage_days: dict[Tier, int] = Field(description="each tier's share of the time")
    materials: tuple[Material, ...] = ()
    authorization_required: bool = False
    timeout_default_stages: tuple[Tier, ...] = Field(
        default=(), description="stages deemed passed when they time out (超时默认)")
    department_fee_yuan: Decimal | None = Field(default=None, ge=0, max_digits=10,
                                                decimal_places=2)
    published: bool = False


@registry.register
class MatterVersionCreatedV1(EventData):
    """A new version of a matter was written (not yet published)."""

    event_type = "matter.version_created"
    version = 1

    matter: MatterVersion
    by: Actor | None = Field(default=None, description="the admin who acted, if any")

    def subject(self) -> str:
        return f"matter:{self.matter.code}"


@registry.register
class MatterPublishedV1(EventData):
    """A matter version was published: cases may be opened under it from now on."""

    event_type = "matter.published"
    version = 1

    matter: MatterVersion
    by: Actor | None = Field(default=None, description="the admin who acted, if any")

    def subject(self) -> str:
        return f"matter:{self.matter.code}"


@registry.register
class MatterUnpublishedV1(EventData):
    """A matter was withdrawn from the catalogue; open cases keep their version."""

    event_type = "matter.unpublished"
    version = 1

    code: str = Field(pattern=MATTER_CODE)
    matter_version: int = Field(ge=1)
    by: Actor | None = Field(default=None, description="the admin who acted, if any")

    def subject(self) -> str:
        return f"matter:{self.code}"
