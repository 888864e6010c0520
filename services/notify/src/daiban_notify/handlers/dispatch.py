"""The dispatcher's step: claim the notices due (``FOR UPDATE SKIP LOCKED``, so replicas never
send one twice), send each on its channel, record the attempt; retried after a growing delay,
failed for good (``notification.failed``) when refused or out of attempts. SMS that is not an
alarm waits out the quiet hours."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from daiban_kernel.clock import Clock
from daiban_notify.domain.delivery import (
    Delivery,
    DeliveryChannel,
    DeliveryStatus,
    RetryPolicy,
)
from daiban_notify.domain.errors import ChannelUnavailable, DeliveryRefused
from daiban_notify.domain.quiet_hours import QuietHours
from daiban_notify.ports import ChannelSender, OutgoingMessage, UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DispatchDue:
    """Send up to ``limit`` due notices."""

    limit: int


@dataclass(frozen=True)
class Outcome:
    """What became of one notice in a batch: ``sent``, ``retried``, ``failed`` or ``held``."""

    channel: DeliveryChannel
    outcome: str


@dataclass(frozen=True)
class DispatchedBatch:
    claimed: int
    outcomes: tuple[Outcome, ...]


@dataclass(frozen=True)
class Dispatching:
    """The channels, the quiet hours and the retry policy."""

    channels: Mapping[DeliveryChannel, ChannelSender]
    quiet: QuietHours
    policy: RetryPolicy


async def dispatch_due(cmd: DispatchDue, uow: UnitOfWork, *, dispatching: Dispatching,
                       clock: Clock) -> DispatchedBatch:
    """Send up to ``cmd.limit`` due notices, each claimed, sent and recorded in a transaction
    of its own: a process killed after a send and before its commit sends that one notice again
    (its id travels with it: the webhook-id, the mail's Message-ID), never a whole batch."""
    outcomes = []
    started = clock()  # a notice retried during the round is due after it: the next round's
    for _ in range(cmd.limit):
        async with uow:
            due = await uow.deliveries.due(started, limit=1)
            if not due:
                break
            (delivery,) = due
            outcomes.append(Outcome(delivery.channel,
                                    await _dispatch(delivery, uow, dispatching, clock)))
            await uow.deliveries.save(delivery)
            await uow.commit()
    return DispatchedBatch(len(outcomes), tuple(outcomes))


async def _dispatch(delivery: Delivery, uow: UnitOfWork, dispatching: Dispatching,
                    clock: Clock) -> str:
    now = clock()
    if delivery.channel is DeliveryChannel.SMS and not delivery.alarm and \
            dispatching.quiet.holds(now):
        delivery.hold_until(dispatching.quiet.next_morning(now))
        return "held"
    channel = dispatching.channels.get(delivery.channel)
    if channel is None:
        delivery.attempt_failed(now, f"no {delivery.channel.value} channel is configured",
                                retry=False, policy=dispatching.policy)
        return "failed"
    secret = None
    if delivery.channel is DeliveryChannel.WEBHOOK:
        subscription = await uow.webhooks.get(delivery.recipient.removeprefix("webhook:"))
        secret = None if subscription is None else subscription.secret
    message = OutgoingMessage(delivery.id, delivery.address, delivery.subject, delivery.text,
                              now, secret)
    try:
        await channel.send(message)
    except DeliveryRefused as error:
        delivery.attempt_failed(now, error.reason, retry=False, policy=dispatching.policy)
    except ChannelUnavailable as error:
        delivery.attempt_failed(now, error.reason, retry=True, policy=dispatching.policy)
    else:
        delivery.sent(now)
        log.info("notice %s sent by %s to %s", delivery.id, delivery.channel.value,
                 delivery.shown_address)
        return "sent"
    log.warning("notice %s by %s to %s not sent (attempt %d): %s", delivery.id,
                delivery.channel.value, delivery.shown_address, len(delivery.attempts),
                delivery.error)
    return "failed" if delivery.status is DeliveryStatus.FAILED else "retried"


@dataclass(frozen=True)
class OldestDue:
    """Since when the longest-waiting due notice has been due."""


async def oldest_due(_: OldestDue, uow: UnitOfWork, *, clock: Clock) -> datetime | None:
    """The moment, or None when no notice is due."""
    async with uow:
        return await uow.deliveries.oldest_due(clock())
