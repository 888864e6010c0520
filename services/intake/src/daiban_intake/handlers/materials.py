"""The checklist: scans, marks, and the power of attorney (授权委托书)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from daiban_intake.domain.attachment import Attachment
from daiban_intake.domain.case_errors import (
    AttachmentNotFound,
    AuthorizationDatedAhead,
    ScanNotOnCase,
)
from daiban_intake.domain.checklist import MaterialState
from daiban_intake.domain.records import Authorization
from daiban_intake.handlers.common import (
    Caller,
    Deps,
    case_to_change,
    matter_of,
    prior,
    remember,
)
from daiban_intake.ports import UnitOfWork


@dataclass(frozen=True)
class UploadScan:
    """A scan of one of the case's papers (or of the power of attorney, with no item)."""

    number: str
    content: bytes
    declared_type: str | None
    item: int | None
    filename: str | None
    caller: Caller


async def upload_scan(cmd: UploadScan, uow: UnitOfWork, *, deps: Deps) -> str:
    """Check and keep a scan, attached to its checklist item; returns the attachment id."""
    async with uow:
        done = await prior(uow, cmd.caller)
        if done is not None:
            return done
        case = await case_to_change(uow, cmd.number, cmd.caller)
        attachment = Attachment.take(
            cmd.content, declared=cmd.declared_type, limit=deps.attachment_max_bytes,
            id=deps.new_id(), case_number=case.number, item=cmd.item, filename=cmd.filename,
            by=cmd.caller.by, at=deps.now())
        if cmd.item is not None:
            case.attach(cmd.item, attachment.id)
            await uow.cases.save(case)
        await uow.attachments.add(attachment)
        await uow.scans.put(attachment.id, cmd.content)
        await remember(uow, cmd.caller, attachment.id)
        await uow.commit()
    return attachment.id


async def scan_of(number: str, attachment_id: str, caller: Caller, uow: UnitOfWork
                  ) -> tuple[Attachment, bytes]:
    """A scan of a case the caller may see, with its bytes."""
    async with uow:
        case = await uow.cases.get(number)
        if case is None or not caller.covers(case.village_code):
            raise AttachmentNotFound(f"no case {number} in your jurisdiction")
        attachment = await uow.attachments.get(number, attachment_id)
        content = None if attachment is None else await uow.scans.get(attachment_id)
    if attachment is None or content is None:
        raise AttachmentNotFound(f"case {number} has no attachment {attachment_id}")
    return attachment, content


@dataclass(frozen=True)
class MarkMaterial:
    """The agent marks one checklist item provided, seen in the original, or missing."""

    number: str
    item: int
    state: MaterialState
    note: str | None
    caller: Caller


async def mark_material(cmd: MarkMaterial, uow: UnitOfWork) -> None:
    """Mark the item; the case's state is unchanged."""
    async with uow:
        case = await case_to_change(uow, cmd.number, cmd.caller)
        case.mark(cmd.item, cmd.state, cmd.note)
        await uow.cases.save(case)
        await uow.commit()


@dataclass(frozen=True)
class RecordAuthorization:
    """The resident's signed power of attorney for this case's matter."""

    number: str
    agent_name: str
    signed_on: date
    countersigned_by: str
    scan_attachment_id: str
    caller: Caller


async def record_authorization(cmd: RecordAuthorization, uow: UnitOfWork, *, deps: Deps
                               ) -> str:
    """Record the authorization (scope: the case's matter); returns its id."""
    async with uow:
        done = await prior(uow, cmd.caller)
        if done is not None:
            return done
        case = await case_to_change(uow, cmd.number, cmd.caller)
        if cmd.signed_on > deps.today():
            raise AuthorizationDatedAhead(f"signed on {cmd.signed_on}, after today")
        if await uow.attachments.get(case.number, cmd.scan_attachment_id) is None:
            raise ScanNotOnCase(f"upload the signed power of attorney to case {case.number} "
                                f"first; it has no attachment {cmd.scan_attachment_id}")
        matter = await matter_of(uow, case)
        authorization = Authorization(
            id=deps.new_id(), principal_name=case.applicant.name,
            principal_id_masked=case.applicant.id_number.masked, agent_name=cmd.agent_name,
            agent_staff_id=cmd.caller.by.staff_id, matter_code=matter.code,
            matter_name=matter.name, signed_on=cmd.signed_on,
            countersigned_by=cmd.countersigned_by, scan_attachment_id=cmd.scan_attachment_id,
            recorded_by=cmd.caller.by, recorded_at=deps.now())
        case.authorize(authorization)
        await uow.cases.save(case)
        await remember(uow, cmd.caller, authorization.id)
        await uow.commit()
    return authorization.id


async def revoke_authorization(number: str, reason: str, caller: Caller, uow: UnitOfWork, *,
                               deps: Deps) -> None:
    """The resident revokes the authorization: the case is withdrawn (``case.withdrawn``)."""
    async with uow:
        case = await case_to_change(uow, number, caller)
        case.revoke_authorization(reason, by=caller.by, at=deps.now())
        await uow.cases.save(case)
        await uow.commit()
