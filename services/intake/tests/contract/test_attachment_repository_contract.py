"""AttachmentRepository and ScanRepository: the fake and the Postgres adapter give the same
answers."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, date, datetime

from daiban_intake.domain.attachment import Attachment
from daiban_intake.domain.case import Case
from daiban_intake.ports import UnitOfWork
from daiban_kernel.actor import Actor
from daiban_kernel.cases import case_number

PDF = b"%PDF-1.4\n" + bytes(64)
AT = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


async def test_an_attachment_is_found_only_on_its_own_case(
    units: Callable[[], UnitOfWork], new_county: Callable[[], str],
    opened_case: Callable[[str, str], Case],
) -> None:
    village = new_county() + "100200"
    mine, other = (case_number(village[:6], date(2026, 11, 25), n) for n in (1, 2))
    agent = Actor(staff_id="agent-1", role="village_agent", place=village)
    scan = Attachment.take(PDF, declared="application/pdf", limit=1024,
                           id=secrets.token_hex(16), case_number=mine, item=1,
                           filename="申请书.pdf", by=agent, at=AT)
    async with units() as uow:
        await uow.cases.add(opened_case(mine, village))
        await uow.cases.add(opened_case(other, village))
        await uow.attachments.add(scan)
        await uow.commit()
    async with units() as uow:
        found = await uow.attachments.get(mine, scan.id)
        assert found == scan
        assert await uow.attachments.get(other, scan.id) is None
        assert await uow.attachments.get(mine, secrets.token_hex(16)) is None


async def test_scan_bytes_come_back_as_they_were_put(units: Callable[[], UnitOfWork]) -> None:
    kept, never = secrets.token_hex(16), secrets.token_hex(16)
    async with units() as uow:
        await uow.scans.put(kept, PDF)
        await uow.commit()
    async with units() as uow:
        assert await uow.scans.get(kept) == PDF
        assert await uow.scans.get(never) is None
