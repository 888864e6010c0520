"""Errors that cross a service boundary, rendered as RFC 9457 problem+json.

Hierarchy::

    DaibanError               anything Daiban raises on purpose
    ├── DomainError           a broken business rule; carries a problem ``type`` slug and a status
    │   ├── NotFound          404: does not exist, or lies outside the caller's view
    │   │   └── RatingLinkInvalid   a rating link this deployment never minted (or altered)
    │   ├── RatingLinkExpired 410: a genuine rating link past its last day
    │   ├── Conflict          409: the state of the thing forbids the action
    │   ├── Forbidden         403: the caller's role or place does not allow it
    │   ├── Unauthenticated   401: no valid bearer token
    │   └── InvalidInput      422: input that parses but breaks a rule, naming the field
    ├── InfrastructureError   503: the database or broker failed (translated from the driver)
    └── NotYetKnown           an event needs what this service has not heard of yet (a matter
                              one event behind): retried after a delay, logged without a trace

Each service's ``domain/errors.py`` subclasses these with names of the broken rule
(``CaseNotFound``, ``HandoverNotPending``); one FastAPI handler on ``DaibanError`` renders them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

PROBLEM_BASE = "urn:daiban:problem:"


@dataclass(frozen=True)
class FieldProblem:
    """One invalid field: where it is and why it was refused."""

    field: str
    reason: str


class DaibanError(Exception):
    """Base of every error Daiban raises on purpose."""

    status: ClassVar[int] = 500
    slug: ClassVar[str] = "internal"
    title: ClassVar[str] = "Internal error"

    def __init__(self, detail: str | None = None, **extensions: Any) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extensions = extensions

    @property
    def type(self) -> str:
        """The stable problem type URI."""
        return PROBLEM_BASE + self.slug


class DomainError(DaibanError):
    """A broken business rule."""

    status = 400
    slug = "domain"
    title = "Rule broken"


class NotFound(DomainError):
    status = 404
    slug = "not-found"
    title = "Not found"


class RatingLinkInvalid(NotFound):
    slug = "rating-link-invalid"
    title = "Rating link not valid"


class RatingLinkExpired(DomainError):
    status = 410
    slug = "rating-link-expired"
    title = "Rating link expired"


class Conflict(DomainError):
    status = 409
    slug = "conflict"
    title = "Conflict with the current state"


class Forbidden(DomainError):
    status = 403
    slug = "forbidden"
    title = "Forbidden"


class Unauthenticated(DomainError):
    status = 401
    slug = "unauthenticated"
    title = "Authentication required"


class InvalidInput(DomainError):
    """Input that parses but breaks a rule; names each failing field."""

    status = 422
    slug = "invalid-input"
    title = "Invalid input"

    def __init__(self, *problems: FieldProblem, detail: str | None = None) -> None:
        super().__init__(detail or "; ".join(f"{p.field}: {p.reason}" for p in problems))
        self.problems = list(problems)


class InfrastructureError(DaibanError):
    """A dependency (database, broker) failed; the request may be retried."""

    status = 503
    slug = "unavailable"
    title = "A dependency is unavailable"


class NotYetKnown(DaibanError):
    """An event refers to something this service's read model does not hold yet (its own event
    is still on the way); the consumer retries it after a delay instead of parking it."""

    status = 503
    slug = "not-yet-known"
    title = "Waiting for an earlier event"
