"""The resident's own rating, through the link the "please rate" SMS brought: no login, the link
is the resident's authority for one case (see daiban_kernel.rating_link)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from daiban_common.idempotency import RetryKey
from daiban_intake.domain.case import Case
from daiban_intake.domain.case_history import Rating
from daiban_intake.domain.status import CaseStatus
from daiban_intake.handlers.case_loading import matter_of
from daiban_intake.ports import UnitOfWork
from daiban_kernel.china import china_date
from daiban_kernel.clock import Clock, Ids
from daiban_kernel.errors import RatingLinkInvalid
from daiban_kernel.rating_link import RatingLink, verify_rating_link


class LinkState(StrEnum):
    """What the link's page shows."""

    OPEN = "open"  # the result is delivered and not rated: the form
    RATED = "rated"  # rated already (by this link or at the window)
    WAITING = "waiting"  # the result has not been delivered (yet, or ever: a withdrawn case)


@dataclass(frozen=True)
class RatingLinkOf:
    """The case a rating link is for, as its page shows it."""

    token: str


@dataclass(frozen=True)
class RatingLinkView:
    """What the page of a link needs: the case, its matter's name, whether it can be rated."""

    case_number: str
    matter_name: str
    state: LinkState
    expires_on: date
    rating: Rating | None


@dataclass(frozen=True)
class RateByLink:
    """The resident's rating sent through their link."""

    token: str
    stars: int
    comment: str | None
    retry: RetryKey | None = None


def _state(case: Case) -> LinkState:
    if case.rating is not None or case.status is CaseStatus.RATED:
        return LinkState.RATED
    return LinkState.OPEN if case.status is CaseStatus.DELIVERED else LinkState.WAITING


def _verified(token: str, *, clock: Clock, secret: bytes) -> RatingLink:
    return verify_rating_link(token, secret=secret, today=china_date(clock()))


async def _view(uow: UnitOfWork, case: Case, link: RatingLink) -> RatingLinkView:
    matter = await matter_of(uow, case)
    return RatingLinkView(case.number, matter.name, _state(case), link.expires_on, case.rating)


async def rating_link_view(query: RatingLinkOf, uow: UnitOfWork, *, clock: Clock,
                           secret: bytes) -> RatingLinkView:
    """The case a genuine, unexpired link is for; RatingLinkInvalid or RatingLinkExpired else."""
    link = _verified(query.token, clock=clock, secret=secret)
    async with uow:
        case = await uow.cases.get(link.case_number)
        if case is None:
            raise RatingLinkInvalid("this rating link names no case")
        return await _view(uow, case, link)


async def rate_by_link(cmd: RateByLink, uow: UnitOfWork, *, clock: Clock, ids: Ids,
                       secret: bytes) -> RatingLinkView:
    """``case.rated`` as the resident gave it (``entered_by: resident``); once per case, so a
    link used again is CaseAlreadyRated. A bad rating files a complaint, as at the window."""
    link = _verified(cmd.token, clock=clock, secret=secret)
    async with uow:
        async with uow.idempotent(cmd.retry) as retry:
            case = await uow.cases.get(link.case_number, lock=True)
            if case is None:
                raise RatingLinkInvalid("this rating link names no case")
            if retry.prior is None:
                complaint = case.rate(stars=cmd.stars, comment=cmd.comment, by=None,
                                      at=clock(), complaint_id=ids())
                await uow.cases.save(case)
                if complaint is not None:
                    await uow.complaints.add(complaint)
                retry.record(case.number)
            view = await _view(uow, case, link)
        await uow.commit()
    return view
