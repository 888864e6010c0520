"""A matter as a record: the shape of one catalogue-file row and of the admin API's body.

The record checks shapes (types, lengths, known kinds and tiers); the catalogue rules are
``MatterTerms``'s. Numbers and flags are strict: ``"5"`` is not a number and ``1`` is not true.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from daiban_intake.domain.matter import MatterTerms
from daiban_kernel.contracts.matter import Material, MaterialForm, MatterKind, Tier
from daiban_kernel.fields import PLAIN_TEXT

MATTER_CODE = r"^[A-Z0-9][A-Z0-9_.-]{0,63}$"
"""Upper case, so ``MZ-001`` and ``mz-001`` can never be two matters."""
DEPARTMENT_CODE = r"^[A-Za-z][A-Za-z0-9_]{0,31}$"
MATERIAL_NAME = r"^[^\x00-\x1f\x7f;|]*$"
"""Plain text without ``;`` and ``|``, which separate materials and their parts in CSV."""

Days = Annotated[StrictInt, Field(ge=0, le=365)]


class MaterialRecord(BaseModel):
    """One required paper (要件)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=100, pattern=MATERIAL_NAME,
                      examples=["居民身份证"])
    form: MaterialForm
    count: StrictInt = Field(ge=1, le=20)
    mandatory: StrictBool = True


class TermsRecord(BaseModel):
    """A matter's terms: everything a version states."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=100, pattern=PLAIN_TEXT,
                      examples=["最低生活保障申请"])
    department_code: str = Field(pattern=DEPARTMENT_CODE, examples=["mz"])
    kind: MatterKind
    deciding_tier: Tier = Field(description="village, town or department (never county)")
    limit_working_days: Days = Field(description="the legal limit (承诺时限)")
    proxy_allowance_days: Days = Field(description="relay time beyond the limit, at most 5")
    stage_days: dict[Tier, Days] = Field(
        description="each stage's share of limit + allowance, over exactly the tiers from the "
                    "village to the deciding tier", examples=[{"village": 2, "town": 3}])
    materials: list[MaterialRecord] = Field(default_factory=list, max_length=50)
    authorization_required: StrictBool = False
    timeout_default_stages: list[Tier] = Field(default_factory=list, max_length=4)
    department_fee_yuan: Decimal | None = Field(default=None, ge=0, max_digits=10,
                                                decimal_places=2,
                                                description="the department's own fee; proxy "
                                                            "service is always free")

    def terms(self) -> MatterTerms:
        """The domain terms; raises the first catalogue rule they break."""
        return MatterTerms(
            name=self.name, department_code=self.department_code, kind=self.kind,
            deciding_tier=self.deciding_tier, limit_working_days=self.limit_working_days,
            proxy_allowance_days=self.proxy_allowance_days, stage_days=dict(self.stage_days),
            materials=tuple(Material(**m.model_dump()) for m in self.materials),
            authorization_required=self.authorization_required,
            timeout_default_stages=tuple(self.timeout_default_stages),
            department_fee_yuan=self.department_fee_yuan)


class MatterRecord(TermsRecord):
    """One row of a catalogue file: a matter's code, terms and publication."""

    code: str = Field(pattern=MATTER_CODE, examples=["MZ-001"])
    published: StrictBool


COLUMNS: tuple[str, ...] = (
    "code", "name", "department_code", "kind", "deciding_tier", "limit_working_days",
    "proxy_allowance_days", "stage_days", "authorization_required", "timeout_default_stages",
    "department_fee_yuan", "materials", "published",
)
"""The columns of a catalogue file, in order; the same in CSV and JSON."""


def record_of(code: str, terms: MatterTerms, *, published: bool) -> dict[str, Any]:
    """A matter as a canonical JSON row: the columns in order, stages in path order."""
    return {
        "code": code, "name": terms.name, "department_code": terms.department_code,
        "kind": terms.kind.value, "deciding_tier": terms.deciding_tier.value,
        "limit_working_days": terms.limit_working_days,
        "proxy_allowance_days": terms.proxy_allowance_days,
        "stage_days": {t.value: d for t, d in terms.stage_days.items()},
        "authorization_required": terms.authorization_required,
        "timeout_default_stages": [t.value for t in terms.timeout_default_stages],
        "department_fee_yuan": None if terms.department_fee_yuan is None
        else str(terms.department_fee_yuan),
        "materials": [{"name": m.name, "form": m.form.value, "count": m.count,
                       "mandatory": m.mandatory} for m in terms.materials],
        "published": published,
    }


def field_path(loc: tuple[int | str, ...]) -> str:
    """A validation error's location as a field name; list positions count from 1."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        elif part != "[key]":
            out += ("." if out else "") + part
    return out
