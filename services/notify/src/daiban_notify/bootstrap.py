"""The composition root: the only place that names notify's concrete adapters (channels,
templates, the contact key), chooses the clock and ids and binds each handler."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from daiban_common.db import create_engine, session_factory
from daiban_common.event_handlers import EventHandlers, WithEventId
from daiban_common.sealed_contact import ContactKey, development_contact_key
from daiban_common.service import Runnable, Service, bound, standard_workers
from daiban_kernel.clock import Clock, Ids, random_ids, system_clock
from daiban_kernel.contracts.matter import MatterPublishedV1, MatterVersionCreatedV1
from daiban_kernel.contracts.staff import (
    StaffCreatedV1,
    StaffDeactivatedV1,
    StaffDutyChangedV1,
    StaffUpdatedV1,
)
from daiban_notify import handlers
from daiban_notify.adapters.aliyun_dysms import AliyunDysms
from daiban_notify.adapters.orm import messaging
from daiban_notify.adapters.sms_file_sink import SmsFileSink
from daiban_notify.adapters.smtp_mailer import SmtpMailer
from daiban_notify.adapters.standard_webhooks import StandardWebhookSender, new_webhook_secret
from daiban_notify.adapters.templates import JinjaTemplates
from daiban_notify.adapters.uow import PostgresUnitOfWork
from daiban_notify.domain.delivery import Delivery, DeliveryChannel, RetryPolicy
from daiban_notify.domain.preferences import Preferences
from daiban_notify.domain.quiet_hours import QuietHours
from daiban_notify.domain.rating_invitation import RatingLinks
from daiban_notify.domain.rules import heard_contracts
from daiban_notify.domain.webhook_subscription import WebhookSubscription
from daiban_notify.ports import ChannelSender, UnitOfWork
from daiban_notify.settings import NotifySettings
from daiban_notify.workers import Dispatcher

NAME = "notify"
SOURCE = "/daiban/notify"
PUBLISHES = ("notification.sent", "notification.failed")


@dataclass(frozen=True)
class Commands:
    """What changes notify's state (each a bound async callable)."""

    dispatch_due: Callable[[handlers.DispatchDue], Awaitable[handlers.DispatchedBatch]]
    read_notice: Callable[[handlers.ReadNotice], Awaitable[Delivery]]
    subscribe_webhook: Callable[[handlers.SubscribeWebhook], Awaitable[WebhookSubscription]]
    set_preferences: Callable[[handlers.SetPreferences], Awaitable[Preferences]]


@dataclass(frozen=True)
class Queries:
    """What reads notify's state."""

    inbox: Callable[[handlers.InboxOf], Awaitable[list[Delivery]]]
    notices_of_case: Callable[[handlers.NoticesOfCase], Awaitable[list[Delivery]]]
    templates: Callable[[handlers.ListTemplates],
                        Awaitable[list[tuple[str, DeliveryChannel]]]]
    preview_template: Callable[[handlers.PreviewTemplate], Awaitable[handlers.Preview]]
    oldest_due: Callable[[handlers.OldestDue], Awaitable[datetime | None]]
    preferences: Callable[[handlers.PreferencesOf], Awaitable[Preferences]]


def channels(settings: NotifySettings) -> Mapping[DeliveryChannel, ChannelSender]:
    """The real channels, as the settings choose them (in-app needs none: it is stored)."""
    timeout = settings.send_timeout_seconds
    sms: ChannelSender
    if settings.sms_provider == "aliyun":
        sms = AliyunDysms(
            endpoint=settings.sms_endpoint, access_key_id=settings.sms_access_key_id or "",
            access_key_secret=(settings.sms_access_key_secret.get_secret_value()
                               if settings.sms_access_key_secret else ""),
            sign_name=settings.sms_sign_name, template_code=settings.sms_template_code or "",
            timeout_seconds=timeout)
    else:
        sms = SmsFileSink(settings.sms_outbox_file, sign_name=settings.sms_sign_name)
    mail = SmtpMailer(host=settings.smtp_host, port=settings.smtp_port,
                      sender=settings.smtp_sender, username=settings.smtp_username,
                      password=(settings.smtp_password.get_secret_value()
                                if settings.smtp_password else None),
                      starttls=settings.smtp_starttls, timeout_seconds=timeout)
    return {DeliveryChannel.SMS: sms, DeliveryChannel.EMAIL: mail,
            DeliveryChannel.WEBHOOK: StandardWebhookSender(timeout_seconds=timeout)}


def contact_key(settings: NotifySettings) -> ContactKey:
    """The key that opens residents' phones: ``CONTACT_PRIVATE_KEY``, else (outside production,
    where the settings require it) the development pair."""
    if settings.contact_private_key is not None:
        return ContactKey(settings.contact_private_key.get_secret_value(), settings.contact_key_id)
    key = development_contact_key(settings, settings.contact_key_id)
    if key is None:  # the settings refuse production without CONTACT_PRIVATE_KEY
        raise RuntimeError("CONTACT_PRIVATE_KEY is required in production")
    return key


def retry_policy(settings: NotifySettings) -> RetryPolicy:
    """How notices are retried, from the settings."""
    return RetryPolicy(first_delay=timedelta(seconds=settings.retry_first_seconds),
                       longest_delay=timedelta(seconds=settings.retry_longest_seconds),
                       max_attempts=settings.retry_max_attempts)


def build(settings: NotifySettings, *, uow_factory: Callable[[], UnitOfWork] | None = None,
          clock: Clock = system_clock, ids: Ids = random_ids) -> Service[Commands, Queries]:
    """Wire notify to Postgres and the channels the settings name, or to the given unit of
    work (tests)."""
    engine = None
    postgres = None
    if uow_factory is None:
        engine = create_engine(settings)
        postgres = partial(PostgresUnitOfWork, session_factory(engine), tables=messaging,
                           source=SOURCE)
        uow_factory = postgres
    factory = uow_factory
    templates = JinjaTemplates()
    quiet = QuietHours()
    key = contact_key(settings)
    rating_links = RatingLinks(settings.public_base_url, settings.rating_link_key,
                               settings.rating_link_days)
    writing = handlers.NoticeWriting(templates=templates, contacts=key, quiet=quiet,
                                     sign_name=settings.sms_sign_name, clock=clock,
                                     rating_links=rating_links)
    dispatching = handlers.Dispatching(
        channels=channels(settings), quiet=quiet,
        policy=retry_policy(settings))
    commands = Commands(
        dispatch_due=bound(partial(handlers.dispatch_due, dispatching=dispatching,
                                   clock=clock), factory),
        read_notice=bound(partial(handlers.read_notice, clock=clock), factory),
        subscribe_webhook=bound(partial(handlers.subscribe_webhook, clock=clock, ids=ids,
                                        new_secret=new_webhook_secret), factory),
        set_preferences=bound(partial(handlers.set_preferences, clock=clock), factory),
    )
    queries = Queries(
        inbox=bound(handlers.inbox, factory),
        notices_of_case=bound(handlers.notices_of_case, factory),
        templates=bound(partial(handlers.list_templates, templates=templates), factory),
        preview_template=bound(partial(handlers.preview_template, templates=templates,
                                       sign_name=settings.sms_sign_name), factory),
        oldest_due=bound(partial(handlers.oldest_due, clock=clock), factory),
        preferences=bound(handlers.preferences_of, factory),
    )
    event_handlers = _event_handlers(writing)
    workers: tuple[Runnable, ...] = ()
    if postgres is not None and engine is not None:
        dispatcher = Dispatcher(
            dispatch=commands.dispatch_due,
            oldest_due=lambda: queries.oldest_due(handlers.OldestDue()),
            clock=clock, batch_size=settings.dispatch_batch_size,
            interval_seconds=settings.dispatch_interval_seconds)
        workers = standard_workers(settings, service=NAME, engine=engine, tables=messaging,
                                   handlers=event_handlers, uow_factory=postgres,
                                   own_loops=(dispatcher,))
    return Service(name=NAME, commands=commands, queries=queries,
                   event_handlers=event_handlers, workers=workers, engine=engine)


def _event_handlers(writing: handlers.NoticeWriting) -> EventHandlers:
    notice = WithEventId(partial(handlers.notice_event, writing=writing))
    return EventHandlers({
        **dict.fromkeys(heard_contracts(), notice),
        **dict.fromkeys((StaffCreatedV1, StaffUpdatedV1, StaffDeactivatedV1,
                         StaffDutyChangedV1), handlers.keep_staff_member),
        **dict.fromkeys((MatterVersionCreatedV1, MatterPublishedV1), handlers.keep_matter_name),
    })
