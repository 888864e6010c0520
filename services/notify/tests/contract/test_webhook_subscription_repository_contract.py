"""WebhookSubscriptionRepository: the fake and the Postgres adapter give the same answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from daiban_notify.domain.webhook_subscription import WebhookSubscription
from daiban_notify.ports import UnitOfWork

from .conftest import AT, an_id


async def test_subscriptions_are_found_by_id_and_by_the_event_types_they_hear(
    units: Callable[[], UnitOfWork],
) -> None:
    kind = f"probe.{an_id()[:8]}"
    hearing = WebhookSubscription(id="a" + an_id()[:20], url="https://gov.example/hook",
                                  event_types=(kind, "case.accepted"), secret="whsec_AAAA",
                                  place_code="110116", created_at=AT)
    other = replace(hearing, id="b" + an_id()[:20], event_types=("case.accepted",))
    stopped = replace(hearing, id="c" + an_id()[:20], active=False)
    async with units() as uow:
        for s in (other, stopped, hearing):
            await uow.webhooks.add(s)
        await uow.commit()
    async with units() as uow:
        assert await uow.webhooks.get(hearing.id) == hearing
        assert await uow.webhooks.get("nobody") is None
        assert [s.id for s in await uow.webhooks.hearing(kind)] == [hearing.id]
