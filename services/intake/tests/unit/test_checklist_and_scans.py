"""The checklist's rules and the checks on a scan."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from daiban_intake.domain import checklist as cl
from daiban_intake.domain.attachment import Attachment, ScanType, sniff
from daiban_intake.domain.errors import (
    AttachmentTooLarge,
    AttachmentTypeMismatch,
    AuthorizationIsRecorded,
    EmptyAttachment,
    MaterialNotOnChecklist,
    UnsupportedAttachmentType,
)
from daiban_kernel.actor import Actor
from daiban_kernel.contracts.case import MissingItem
from daiban_kernel.contracts.matter import Material, MaterialForm, MatterVersion

AGENT = Actor(staff_id="agent-1", role="village_agent", place="110116200202")
AT = datetime(2026, 11, 25, tzinfo=UTC)


def test_a_paper_asked_as_original_is_satisfied_only_when_the_original_was_seen() -> None:
    item = cl.ChecklistItem(material=Material(name="户口簿", count=1,
                                              form=MaterialForm.ORIGINAL_AND_COPY))
    assert not item.model_copy(update={"state": cl.MaterialState.PROVIDED}).satisfied
    assert item.model_copy(update={"state": cl.MaterialState.ORIGINAL_SEEN}).satisfied


def test_a_copy_is_satisfied_when_provided() -> None:
    item = cl.ChecklistItem(material=Material(name="银行卡复印件", count=1,
                                              form=MaterialForm.COPY),
                            state=cl.MaterialState.PROVIDED)
    assert item.satisfied


def test_an_optional_paper_is_never_listed_missing(matter: MatterVersion) -> None:
    optional = matter.model_copy(update={"materials": (
        Material(name="出院小结", form=MaterialForm.COPY, count=1, mandatory=False),)})
    assert cl.shortfalls(cl.checklist_for(optional), authorization_required=False,
                         authorization_in_force=False) == ()


def test_the_authorization_is_recorded_not_marked(matter: MatterVersion) -> None:
    with pytest.raises(AuthorizationIsRecorded):
        cl.marked(cl.checklist_for(matter), 4, cl.MaterialState.ORIGINAL_SEEN, None)


def test_an_item_off_the_checklist_is_refused_naming_the_range(matter: MatterVersion) -> None:
    with pytest.raises(MaterialNotOnChecklist, match="items 1 to 4"):
        cl.marked(cl.checklist_for(matter), 5, cl.MaterialState.PROVIDED, None)


def test_a_matter_requiring_authorization_without_a_listed_item_still_lists_it(
    matter: MatterVersion,
) -> None:
    bare = matter.model_copy(update={"materials": matter.materials[:1]})
    names = [m.name for m in cl.shortfalls(cl.checklist_for(bare), authorization_required=True,
                                           authorization_in_force=False)]
    assert names == ["特困人员供养申请书", "授权委托书"]


def test_a_return_reopens_named_items_and_keeps_the_other_reasons(
    matter: MatterVersion,
) -> None:
    done = tuple(i.model_copy(update={"state": cl.MaterialState.ORIGINAL_SEEN})
                 for i in cl.checklist_for(matter))
    reasons = (MissingItem(name="户口簿", reason="缺户主页"),
               MissingItem(name="收入证明", reason="须补充近半年收入证明"),
               MissingItem(name="授权委托书（本人签字，村集体经济组织负责人签字证明）",
                           reason="缺村主任签字"))
    items, corrections = cl.reopened(done, reasons)
    assert items[1].state is cl.MaterialState.MISSING
    assert items[1].note == "缺户主页"
    assert items[0].state is cl.MaterialState.ORIGINAL_SEEN
    assert corrections == (reasons[1],)
    assert cl.names_authorization(reasons[2])


@pytest.mark.parametrize(("content", "kind"), [
    (b"\xff\xd8\xff\xe0rest", ScanType.JPEG), (b"\x89PNG\r\n\x1a\nrest", ScanType.PNG),
    (b"%PDF-1.7\nrest", ScanType.PDF), (b"PK\x03\x04docx", None), (b"GIF89a", None),
    (b"<html>", None)])
def test_a_scan_is_typed_by_its_first_bytes(content: bytes, kind: ScanType | None) -> None:
    assert sniff(content) == kind


def take(content: bytes, declared: str | None = "image/jpeg", limit: int = 100) -> Attachment:
    return Attachment.take(content, declared=declared, limit=limit, id="s1",
                           case_number="110116-20261125-000001", item=1, filename="a.jpg",
                           by=AGENT, at=AT)


def test_a_scan_keeps_its_size_type_and_sha256() -> None:
    content = b"\xff\xd8\xff" + b"x" * 10
    scan = take(content)
    assert (scan.content_type, scan.size) == (ScanType.JPEG, 13)
    assert scan.sha256 == hashlib.sha256(content).hexdigest()


def test_a_scan_whose_declared_type_is_generic_is_typed_by_content() -> None:
    assert take(b"%PDF-1.4", declared="application/octet-stream").content_type is ScanType.PDF


@pytest.mark.parametrize(("content", "declared", "error"), [
    (b"", "image/jpeg", EmptyAttachment),
    (b"\xff\xd8\xff" + bytes(98), "image/jpeg", AttachmentTooLarge),
    (b"PK\x03\x04", "image/jpeg", UnsupportedAttachmentType),
    (b"%PDF-1.4", "image/jpeg", AttachmentTypeMismatch),
])
def test_a_scan_is_refused_when_empty_too_large_or_not_what_it_claims(
    content: bytes, declared: str, error: type[Exception],
) -> None:
    with pytest.raises(error):
        take(content, declared)
