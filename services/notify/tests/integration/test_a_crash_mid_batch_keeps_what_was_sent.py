"""The dispatcher commits each notice as it sends it: a process that dies in the middle of a
batch has recorded what it sent before, so those are not sent again after the restart."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from daiban_common.db import session_factory
from daiban_kernel.actor import Actor
from daiban_kernel.clock import system_clock
from daiban_kernel.roles import Role
from daiban_notify.adapters.orm import messaging
from daiban_notify.adapters.uow import PostgresUnitOfWork
from daiban_notify.bootstrap import SOURCE
from daiban_notify.domain.delivery import DeliveryChannel, RetryPolicy
from daiban_notify.domain.quiet_hours import QuietHours
from daiban_notify.handlers import DispatchDue, Dispatching, NoticesOfCase, dispatch_due
from daiban_notify.ports import OutgoingMessage

from .conftest import Notify, a_town, hear, supervisor
from .test_email_reaches_a_real_smtp_server import _complaint

pytestmark = pytest.mark.integration


class Mail:
    """An e-mail channel that takes every message, except that the process dies when it comes
    to the second of ``mine``."""

    def __init__(self, mine: set[str], *, crash: bool) -> None:
        self.mine, self.crash = mine, crash
        self.sent: list[str] = []

    async def send(self, message: OutgoingMessage) -> None:
        if message.address in self.mine:
            if self.crash and len(self.sent) == 1:
                raise RuntimeError("the process died")
            self.sent.append(message.address)


async def _round(notify: Notify, mail: Mail) -> None:
    assert notify.engine is not None
    uow = PostgresUnitOfWork(session_factory(notify.engine), tables=messaging, source=SOURCE)
    dispatching = Dispatching(channels={DeliveryChannel.EMAIL: mail}, quiet=QuietHours(),
                              policy=RetryPolicy())
    await dispatch_due(DispatchDue(50), uow, dispatching=dispatching, clock=system_clock)


async def test_a_crash_mid_batch_sends_nothing_twice(
    notify_factory: Callable[..., Notify],
) -> None:
    notify = notify_factory(smtp_host="127.0.0.1")
    town = a_town()
    addresses = {f"sup-{n}-{random.randrange(10**9)}@huairou.example" for n in range(2)}
    for address in addresses:
        await hear(notify, supervisor(town, email_address=address))
    complaint = _complaint(town)
    await hear(notify, complaint)
    dying = Mail(addresses, crash=True)
    with pytest.raises(RuntimeError):
        await _round(notify, dying)
    viewer = Actor(staff_id="viewer", role=Role.SUPERVISOR, place="110116")
    notices = [n for n in await notify.queries.notices_of_case(
        NoticesOfCase(viewer, complaint.case_number or "")) if n.channel.value == "email"]
    assert sorted(n.status.value for n in notices) == ["pending", "sent"]
    restarted = Mail(addresses, crash=False)
    await _round(notify, restarted)
    assert len(dying.sent) == len(restarted.sent) == 1
    assert set(dying.sent) | set(restarted.sent) == addresses
