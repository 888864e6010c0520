"""Wire views of intake's records: personal numbers masked, notices with their print links."""

from __future__ import annotations

from daiban_intake.api.schemas.cases import (
    ApplicantOut,
    AttachmentOut,
    CaseMatterOut,
    CaseOut,
    CaseSummary,
    NoticeOut,
)
from daiban_intake.api.schemas.feedback import AnswerOut, ComplaintOut
from daiban_intake.api.schemas.matters import MatterOut
from daiban_intake.domain.attachment import Attachment
from daiban_intake.domain.case import Case
from daiban_intake.domain.case_history import Notice
from daiban_intake.domain.complaint import Complaint
from daiban_intake.handlers import CaseView
from daiban_kernel.contracts.matter import MatterVersion
from daiban_kernel.phones import mask_phone


def render(view: CaseView) -> CaseOut:
    """The wire view of a case under its matter version."""
    case, matter = view.case, view.matter
    a = case.applicant
    return CaseOut(
        number=case.number, matter_code=case.matter_code,
        matter=CaseMatterOut(
            code=matter.code, version=matter.version, name=matter.name,
            department_code=matter.department_code, deciding_tier=matter.deciding_tier,
            limit_working_days=matter.limit_working_days,
            proxy_allowance_days=matter.proxy_allowance_days,
            stage_days=matter.stage_days, materials=list(matter.materials),
            authorization_required=matter.authorization_required),
        village_code=case.village_code, channel=case.channel, status=case.status,
        version=case.version,
        applicant=ApplicantOut(name=a.name, id_number_masked=a.id_number.masked,
                               phone_masked=mask_phone(a.phone),
                               home_village_code=a.home_village_code,
                               special_groups=list(a.special_groups)),
        opened_by=case.opened_by, opened_at=case.opened_at, owner=case.owner,
        checklist=list(case.checklist),
        missing=[m.model_dump() for m in case.missing(matter)],
        authorization=case.authorization, notices=[notice_view(n) for n in case.notices],
        returns=list(case.returns), decision=case.decision, receipt=case.receipt,
        rating=case.rating)


def notice_view(notice: Notice) -> NoticeOut:
    """A notice in a case's view, with where to print it."""
    base = f"/v1/cases/{notice.case_number}/notices/{notice.seq}"
    return NoticeOut(seq=notice.seq, id=notice.id, issued_at=notice.issued_at,
                     supplement_by=notice.supplement_by,
                     missing=[m.model_dump() for m in notice.missing],
                     after_return_by=notice.after_return_by, html_url=f"{base}.html",
                     pdf_url=f"{base}.pdf")


def summary(case: Case) -> CaseSummary:
    """A case in a list."""
    return CaseSummary(number=case.number, matter_code=case.matter_code,
                       matter_version=case.matter_version, village_code=case.village_code,
                       channel=case.channel, status=case.status,
                       applicant_name=case.applicant.name, owner=case.owner,
                       opened_at=case.opened_at)


def attachment_view(a: Attachment) -> AttachmentOut:
    """A scan's description."""
    return AttachmentOut(id=a.id, case_number=a.case_number, item=a.item, filename=a.filename,
                         content_type=a.content_type.value, size=a.size, sha256=a.sha256,
                         uploaded_by=a.uploaded_by, uploaded_at=a.uploaded_at)


def complaint_view(c: Complaint) -> ComplaintOut:
    """A complaint and its answer."""
    answer = None if c.answer is None else AnswerOut(text=c.answer.text, by=c.answer.by,
                                                     at=c.answer.at)
    return ComplaintOut(id=c.id, case_number=c.case_number, place_code=c.place_code,
                        summary=c.summary, from_rating=c.from_rating, filed_by=c.filed_by,
                        filed_at=c.filed_at, answer=answer)


def matter_view(version: MatterVersion) -> MatterOut:
    """The wire view of a matter version."""
    return MatterOut.model_validate(version.model_dump())
