"""Rules notify refuses to break, and why a notice did not go out.

Hierarchy::

    DomainError (daiban_kernel.errors)
    ├── NotFound
    │   ├── NotificationNotFound      no such notice in the caller's inbox
    │   └── TemplateNotFound          no template for that rule and channel
    └── InvalidInput
        ├── TemplateValuesMissing     a preview lacks a value its template uses
        ├── RatingLinkNotMinted       a delivery day no rating link can carry a last day for
        ├── ChannelNotMutable         a preference muting the inbox or webhooks
        └── WebhookUrlNotHttp         a webhook endpoint that is not http(s)
    NotYetKnown (daiban_kernel.errors)
    └── CaseNotYetSubmitted         an event for the resident or the agent overtook case.submitted
    DeliveryProblem (Exception)       a channel did not take a notice
    ├── DeliveryRefused               for good: retrying cannot help (bad number, 4xx)
    └── ChannelUnavailable            for now: retried later (timeout, 5xx, connection refused)
"""

from __future__ import annotations

from daiban_kernel.errors import FieldProblem, InvalidInput, NotFound, NotYetKnown


class NotificationNotFound(NotFound):
    slug = "notification-not-found"
    title = "Notification not found"


class TemplateNotFound(NotFound):
    slug = "template-not-found"
    title = "Template not found"


class CaseNotYetSubmitted(NotYetKnown):
    """Whom a notice for the resident or the agent reaches, and by which phone, comes with
    ``case.submitted``; an event of another service (``sla.started``) may arrive before it. The
    consumer retries the event after a delay rather than recording a notice to nobody."""

    def __init__(self, case_number: str) -> None:
        super().__init__(f"case {case_number}: case.submitted has not reached notify yet")


class TemplateValuesMissing(InvalidInput):
    slug = "template-values-missing"
    title = "Template values missing"

    def __init__(self, missing: str) -> None:
        super().__init__(FieldProblem("values", f"the template uses {missing}, which is not "
                                                "given"))


class RatingLinkNotMinted(InvalidInput):
    slug = "rating-link-not-minted"
    title = "Rating link cannot be minted"

    def __init__(self, reason: str) -> None:
        super().__init__(FieldProblem("delivered_on", reason))


class ChannelNotMutable(InvalidInput):
    slug = "channel-not-mutable"
    title = "Channel cannot be muted"

    def __init__(self, channels: list[str]) -> None:
        super().__init__(FieldProblem(
            "muted", f"only sms and email can be muted, not {', '.join(channels)}: the inbox "
                     "keeps every notice"))


class WebhookUrlNotHttp(InvalidInput):
    slug = "webhook-url-not-http"
    title = "Webhook URL is not http(s)"

    def __init__(self) -> None:
        super().__init__(FieldProblem("url", "a webhook endpoint is an http:// or https:// URL "
                                             "with a host"))


class DeliveryProblem(Exception):
    """A channel did not take a notice; ``reason`` is recorded with the attempt."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason[:500]


class DeliveryRefused(DeliveryProblem):
    """The channel refused the notice for good: it is failed at once, never retried."""


class ChannelUnavailable(DeliveryProblem):
    """The channel could not be reached or failed for now: the notice is retried later."""
