"""The material checklist (要件清单) of a case, taken from its matter version.

Each item is marked ``missing``, ``provided`` (a copy is in hand) or ``original_seen`` (the agent
checked the original). A material the matter asks for as an original is satisfied only when its
original was seen. The power of attorney (授权委托书) is not marked: it is recorded with its signer,
countersigner and scan (``Authorization``), and the checklist item that names it follows that.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from daiban_intake.domain.errors import AuthorizationIsRecorded, MaterialNotOnChecklist
from daiban_kernel.contracts.case import MissingItem
from daiban_kernel.contracts.matter import Material, MaterialForm, MatterVersion

AUTHORIZATION_PREFIX = "授权委托书"
AUTHORIZATION_REASON = "须申请人本人签字的书面授权委托书，并由村集体经济组织负责人签字证明"
FORM_ZH = {MaterialForm.ORIGINAL: "原件", MaterialForm.COPY: "复印件",
           MaterialForm.ORIGINAL_AND_COPY: "原件及复印件"}


class MaterialState(StrEnum):
    MISSING = "missing"
    PROVIDED = "provided"
    ORIGINAL_SEEN = "original_seen"


class ChecklistItem(BaseModel):
    """One required paper of the case and where it stands."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    material: Material
    state: MaterialState = MaterialState.MISSING
    attachments: tuple[str, ...] = ()
    note: str | None = Field(default=None, max_length=200,
                             description="why a tier returned it, or the agent's remark")

    @property
    def is_authorization(self) -> bool:
        """Whether this item is the power of attorney (recorded, not marked)."""
        return self.material.name.startswith(AUTHORIZATION_PREFIX)

    @property
    def satisfied(self) -> bool:
        """Provided, and seen in the original where the matter asks for the original."""
        if self.state is MaterialState.MISSING:
            return False
        needs_original = self.material.form is not MaterialForm.COPY
        return self.state is MaterialState.ORIGINAL_SEEN or not needs_original

    def shortfall(self) -> MissingItem:
        """How the one-time notice names what is wrong with this item."""
        m = self.material
        if self.state is MaterialState.MISSING:
            reason = f"未提交，须提交{FORM_ZH[m.form]}{m.count}份"
        else:
            reason = "已提交复印件，须出示原件核验"
        if self.note:
            reason = f"{reason}（{self.note}）"
        return MissingItem(name=m.name, reason=reason[:200])


Checklist = tuple[ChecklistItem, ...]


def checklist_for(matter: MatterVersion) -> Checklist:
    """Every material of the matter version, none provided yet."""
    return tuple(ChecklistItem(material=m) for m in matter.materials)


def item_at(checklist: Checklist, item: int) -> ChecklistItem:
    """The item at a 1-based position; MaterialNotOnChecklist if there is none."""
    if not 1 <= item <= len(checklist):
        raise MaterialNotOnChecklist(
            f"the checklist has items 1 to {len(checklist)}; there is no item {item}")
    return checklist[item - 1]


def marked(checklist: Checklist, item: int, state: MaterialState, note: str | None
           ) -> Checklist:
    """The checklist with one item marked; the power of attorney cannot be marked."""
    current = item_at(checklist, item)
    if current.is_authorization:
        raise AuthorizationIsRecorded(
            f"item {item} ({current.material.name}) is recorded with POST .../authorization")
    return _replace(checklist, item, current.model_copy(update={"state": state, "note": note}))


def attached(checklist: Checklist, item: int, attachment_id: str) -> Checklist:
    """The checklist with a scan added to one item."""
    current = item_at(checklist, item)
    scans = (*current.attachments, attachment_id)
    return _replace(checklist, item, current.model_copy(update={"attachments": scans}))


def with_authorization(checklist: Checklist, scan_attachment_id: str | None) -> Checklist:
    """The power-of-attorney items seen in the original (with the scan), or missing again."""
    return tuple(
        i.model_copy(update={
            "state": MaterialState.ORIGINAL_SEEN if scan_attachment_id else MaterialState.MISSING,
            "attachments": (scan_attachment_id,) if scan_attachment_id else (), "note": None})
        if i.is_authorization else i
        for i in checklist)


def shortfalls(checklist: Checklist, *, authorization_required: bool,
               authorization_in_force: bool) -> tuple[MissingItem, ...]:
    """Everything still missing, in checklist order: the one-time notice's list."""
    found: list[MissingItem] = []
    for i in checklist:
        if i.is_authorization:
            if (i.material.mandatory or authorization_required) and not authorization_in_force:
                found.append(MissingItem(name=i.material.name, reason=AUTHORIZATION_REASON))
        elif i.material.mandatory and not i.satisfied:
            found.append(i.shortfall())
    if (authorization_required and not authorization_in_force
            and not any(i.is_authorization for i in checklist)):
        found.append(MissingItem(name=AUTHORIZATION_PREFIX, reason=AUTHORIZATION_REASON))
    return tuple(found)


def reopened(checklist: Checklist, reasons: tuple[MissingItem, ...]
             ) -> tuple[Checklist, tuple[MissingItem, ...]]:
    """The checklist with the items a tier returned marked missing with its reason, and the
    reasons that name no item (corrections the resident answers without a listed paper)."""
    by_name = {r.name: r for r in reasons}
    items = tuple(
        i.model_copy(update={"state": MaterialState.MISSING, "note": by_name[i.material.name]
                             .reason[:200]})
        if i.material.name in by_name and not i.is_authorization else i
        for i in checklist)
    listed = {i.material.name for i in checklist}
    return items, tuple(r for r in reasons
                        if r.name not in listed and not names_authorization(r))


def names_authorization(reason: MissingItem) -> bool:
    """Whether a tier's reason is about the power of attorney (a new one must be recorded)."""
    return reason.name.startswith(AUTHORIZATION_PREFIX)


def _replace(checklist: Checklist, item: int, new: ChecklistItem) -> Checklist:
    return (*checklist[:item - 1], new, *checklist[item:])
