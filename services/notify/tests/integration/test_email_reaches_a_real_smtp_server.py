"""E-mail goes over SMTP (aiosmtplib) to a real server: the supervisor of the tier above hears of
a complaint; a server that is down is retried until it is up, and the mail arrives once."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.message import Message

from daiban_kernel.actor import Actor
from daiban_kernel.contracts.case import ComplaintFiledV1
from daiban_kernel.roles import Role
from daiban_notify.handlers import NoticesOfCase
from tests.support.bus import eventually

from .conftest import Mailbox, Notify, a_town, dispatch_all, free_port, hear, supervisor


def _complaint(town: str) -> ComplaintFiledV1:
    number = f"110116-20261201-{random.randrange(0, 999_999):06d}"
    return ComplaintFiledV1(complaint_id=f"cp-{random.randrange(10**9)}", case_number=number,
                            place_code=f"{town}201", summary="多次跑腿仍未办结",
                            at=datetime.now(UTC))


def _subject(mail: Message) -> str:
    return str(make_header(decode_header(str(mail["Subject"]))))


async def test_a_complaint_is_mailed_to_the_town_supervisor_in_chinese(
    smtp: tuple[Mailbox, int], notify_factory: Callable[..., Notify],
) -> None:
    box, port = smtp
    notify = notify_factory(smtp_host="127.0.0.1", smtp_port=port,
                            smtp_sender="daiban@huairou.example")
    town = a_town()
    address = f"sup-{random.randrange(10**9)}@huairou.example"
    await hear(notify, supervisor(town, email_address=address))
    complaint = _complaint(town)
    await hear(notify, complaint)
    await dispatch_all(notify)
    (mail,) = [m for m in box.mails if m["To"] == address]
    assert _subject(mail) == f"投诉待答复：{complaint.case_number}"
    body = mail.get_payload(decode=True)
    assert isinstance(body, bytes)
    assert "多次跑腿仍未办结" in body.decode("utf-8")


async def test_a_mail_server_down_for_a_while_gets_the_mail_once_it_is_up(
    smtp: tuple[Mailbox, int], notify_factory: Callable[..., Notify],
) -> None:
    box, port = smtp
    town = a_town()
    address = f"sup-{random.randrange(10**9)}@huairou.example"
    down = notify_factory(smtp_host="127.0.0.1", smtp_port=free_port())
    await hear(down, supervisor(town, email_address=address))
    complaint = _complaint(town)
    await hear(down, complaint)
    await dispatch_all(down)
    await dispatch_all(down)
    viewer = Actor(staff_id="viewer", role=Role.SUPERVISOR, place="110116")
    notices = await down.queries.notices_of_case(NoticesOfCase(viewer, complaint.case_number or ""))
    (mail_notice,) = [n for n in notices if n.channel.value == "email"]
    assert mail_notice.status.value == "pending"
    assert mail_notice.error is not None
    up = notify_factory(smtp_host="127.0.0.1", smtp_port=port)

    async def arrived() -> bool:
        await dispatch_all(up)
        return any(m["To"] == address for m in box.mails)

    await eventually(arrived, within=10, what="the mail after the server came up")
    await dispatch_all(up)
    assert len([m for m in box.mails if m["To"] == address]) == 1


async def test_a_refused_recipient_is_failed_with_the_servers_reason(
    smtp: tuple[Mailbox, int], notify_factory: Callable[..., Notify],
) -> None:
    box, port = smtp
    notify = notify_factory(smtp_host="127.0.0.1", smtp_port=port)
    town = a_town()
    address = f"gone-{random.randrange(10**9)}@huairou.example"
    box.refuse.add(address)
    await hear(notify, supervisor(town, email_address=address))
    complaint = _complaint(town)
    await hear(notify, complaint)
    await dispatch_all(notify)
    viewer = Actor(staff_id="viewer", role=Role.SUPERVISOR, place="110116")
    notices = await notify.queries.notices_of_case(
        NoticesOfCase(viewer, complaint.case_number or ""))
    (mail_notice,) = [n for n in notices if n.channel.value == "email"]
    assert (mail_notice.status.value, mail_notice.error) == (
        "failed", "the mail server refused the recipient")
