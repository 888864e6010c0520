"""The checklist: scans, marks, and the power of attorney (授权委托书)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from daiban_common.idempotency import RetryKey
from daiban_intake.domain.attachment import Attachment
from daiban_intake.domain.case_history import Authorization
from daiban_intake.domain.checklist import MaterialState
from daiban_intake.domain.errors import (
    AttachmentNotFound,
    AuthorizationDatedAhead,
    CaseNotFound,
    ScanNotOnCase,
)
from daiban_intake.handlers.case_loading import case_to_change, case_to_read, matter_of
from daiban_intake.ports import UnitOfWork
from daiban_kernel.actor import Actor
from daiban_kernel.china import china_date
from daiban_kernel.clock import Clock, Ids


@dataclass(frozen=True)
class UploadScan:
    """A scan of one of the case's papers (or of the power of attorney, with no item)."""

    number: str
    content: bytes
    declared_type: str | None
    item: int | None
    filename: str | None
    by: Actor
    retry: RetryKey | None = None


async def upload_scan(cmd: UploadScan, uow: UnitOfWork, *, clock: Clock, ids: Ids,
                      max_bytes: int) -> str:
    """Check and keep a scan, attached to its checklist item; returns the attachment id."""
    async with uow:
        async with uow.idempotent(cmd.retry) as retry:
            if retry.prior is not None:
                return retry.prior
            case = await case_to_change(uow, cmd.number, cmd.by)
            attachment = Attachment.take(
                cmd.content, declared=cmd.declared_type, limit=max_bytes, id=ids(),
                case_number=case.number, item=cmd.item, filename=cmd.filename, by=cmd.by,
                at=clock())
            if cmd.item is not None:
                case.attach(cmd.item, attachment.id)
                await uow.cases.save(case)
            await uow.attachments.add(attachment)
            await uow.scans.put(attachment.id, cmd.content)
            retry.record(attachment.id)
        await uow.commit()
    return attachment.id


@dataclass(frozen=True)
class ScanOf:
    """One scan of a case, as ``by`` may see it."""

    number: str
    attachment_id: str
    by: Actor


@dataclass(frozen=True)
class Scan:
    """A scan's description and its bytes."""

    attachment: Attachment
    content: bytes


async def scan_of(query: ScanOf, uow: UnitOfWork) -> Scan:
    """A scan of a case the caller may see, with its bytes."""
    async with uow:
        try:
            case = await case_to_read(uow, query.number, query.by)
        except CaseNotFound as missing:
            raise AttachmentNotFound(str(missing)) from missing
        attachment = await uow.attachments.get(case.number, query.attachment_id)
        content = None if attachment is None else await uow.scans.get(query.attachment_id)
    if attachment is None or content is None:
        raise AttachmentNotFound(f"case {query.number} has no attachment {query.attachment_id}")
    return Scan(attachment, content)


@dataclass(frozen=True)
class MarkMaterial:
    """The agent marks one checklist item provided, seen in the original, or missing."""

    number: str
    item: int
    state: MaterialState
    note: str | None
    by: Actor


async def mark_material(cmd: MarkMaterial, uow: UnitOfWork) -> None:
    """Mark the item; the case's state is unchanged."""
    async with uow:
        case = await case_to_change(uow, cmd.number, cmd.by)
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
    by: Actor
    retry: RetryKey | None = None


async def record_authorization(cmd: RecordAuthorization, uow: UnitOfWork, *, clock: Clock,
                               ids: Ids) -> str:
    """Record the authorization (scope: the case's matter); returns its id."""
    async with uow:
        async with uow.idempotent(cmd.retry) as retry:
            if retry.prior is not None:
                return retry.prior
            case = await case_to_change(uow, cmd.number, cmd.by)
            at = clock()
            if cmd.signed_on > china_date(at):
                raise AuthorizationDatedAhead(f"signed on {cmd.signed_on}, after today")
            if await uow.attachments.get(case.number, cmd.scan_attachment_id) is None:
                raise ScanNotOnCase(f"upload the signed power of attorney to case {case.number} "
                                    f"first; it has no attachment {cmd.scan_attachment_id}")
            matter = await matter_of(uow, case)
            authorization = Authorization(
                id=ids(), principal_name=case.applicant.name,
                principal_id_masked=case.applicant.id_number.masked, agent_name=cmd.agent_name,
                agent_staff_id=cmd.by.staff_id, matter_code=matter.code,
                matter_name=matter.name, signed_on=cmd.signed_on,
                countersigned_by=cmd.countersigned_by, scan_attachment_id=cmd.scan_attachment_id,
                recorded_by=cmd.by, recorded_at=at)
            case.authorize(authorization)
            await uow.cases.save(case)
            retry.record(authorization.id)
        await uow.commit()
    return authorization.id


@dataclass(frozen=True)
class RevokeAuthorization:
    """The resident revokes the power of attorney."""

    number: str
    reason: str
    by: Actor


async def revoke_authorization(cmd: RevokeAuthorization, uow: UnitOfWork, *,
                               clock: Clock) -> None:
    """The resident revokes the authorization: the case is withdrawn (``case.withdrawn``)."""
    async with uow:
        case = await case_to_change(uow, cmd.number, cmd.by)
        case.revoke_authorization(cmd.reason, by=cmd.by, at=clock())
        await uow.cases.save(case)
        await uow.commit()
