"""Intake's wire models for the receipt, the rating and complaints."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from daiban_intake.handlers.rating_links import LinkState
from daiban_kernel.actor import Actor
from daiban_kernel.cases import CASE_NUMBER
from daiban_kernel.fields import PLAIN_TEXT, PlaceCode

Text500 = Annotated[str, Field(min_length=1, max_length=500, pattern=PLAIN_TEXT)]
Text1000 = Annotated[str, Field(min_length=1, max_length=1000, pattern=PLAIN_TEXT)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReceiptIn(_In):
    """The resident signed for the result and noted feedback."""

    signed: bool = Field(description="the resident signed the receipt; must be true")
    received_on: date | None = None
    feedback: Text500 | None = None


class RatingIn(_In):
    """The resident's rating: 1 (very bad) to 5 (very good) stars, and a comment."""

    stars: int = Field(ge=1, le=5)
    comment: Text500 | None = None


class ComplaintIn(_In):
    """A complaint received directly; about a case, or about a place's service."""

    place_code: PlaceCode | None = None
    case_number: str | None = Field(default=None, pattern=CASE_NUMBER)
    summary: Text500


class AnswerIn(_In):
    """The answer the complainant is given."""

    answer: Text1000


class AnswerOut(BaseModel):
    text: str
    by: Actor
    at: datetime


class ComplaintOut(BaseModel):
    """A complaint and its answer, if any."""

    id: str
    case_number: str | None
    place_code: str
    summary: str
    from_rating: bool
    filed_by: Actor | None
    filed_at: datetime
    answer: AnswerOut | None


class ComplaintPage(BaseModel):
    """A page of complaints, newest first."""

    items: list[ComplaintOut]
    next_cursor: str | None = None


class RatingLinkOut(BaseModel):
    """What the page of a rating link shows: no personal data, only the case it rates."""

    case_number: str = Field(description="in full: the token itself carries it, unencrypted")
    matter_name: str
    state: LinkState = Field(description="open: the form; rated: rated already; waiting: the "
                                         "result has not been delivered")
    expires_on: date = Field(description="the last day (China time) the link can be used")
    stars: int | None = Field(default=None, description="the rating given, once rated")
