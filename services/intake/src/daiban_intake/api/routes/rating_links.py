"""The resident's rating by the link the "please rate" SMS brought (评价链接), without login: the
link is the authority, for one case, until its day."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, status

from daiban_common.idempotency import RetryKey
from daiban_common.problems import documented_problem
from daiban_intake.api.deps import IdempotencyKey, IntakeCommands, IntakeQueries
from daiban_intake.api.schemas.feedback import RatingIn, RatingLinkOut
from daiban_intake.handlers import RateByLink, RatingLinkOf, RatingLinkView
from daiban_kernel.rating_link import TOKEN

RESPONSES: dict[int | str, dict[str, Any]] = {
    404: documented_problem("The link is not one Daiban sent (altered, made up, or naming no "
                            "case); one of the wrong shape is a 422 naming `token`"),
    410: documented_problem("The link is past its last day (`expires_on` says which)"),
}
router = APIRouter(prefix="/v1/public", tags=["rating links"], responses=RESPONSES)

Token = Annotated[str, Path(pattern=TOKEN, description="the token of the SMS's link",
                            examples=["AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"])]


def _out(view: RatingLinkView) -> RatingLinkOut:
    return RatingLinkOut(case_number=view.case_number, matter_name=view.matter_name,
                         state=view.state, expires_on=view.expires_on,
                         stars=view.rating.stars if view.rating else None)


@router.get("/rating-links/{token}", response_model=RatingLinkOut)
async def rating_link(token: Token, queries: IntakeQueries) -> RatingLinkOut:
    """The case a rating link is for and whether it can still be rated; no login."""
    return _out(await queries.rating_link(RatingLinkOf(token)))


@router.post("/rating-links/{token}", status_code=status.HTTP_201_CREATED,
             response_model=RatingLinkOut)
async def rate_by_link(token: Token, body: RatingIn, commands: IntakeCommands,
                       idempotency_key: IdempotencyKey = None) -> RatingLinkOut:
    """The resident's own rating, 1-5 stars (``case.rated``, ``entered_by: resident``); once per
    case: a second one is 409. 1-2 stars opens a complaint, as at the window."""
    retry = RetryKey.of(principal=f"rating-link:{token}", key=idempotency_key, request={
        "route": "rating-link", "body": body.model_dump(mode="json")})
    return _out(await commands.rate_by_link(RateByLink(token, body.stars, body.comment, retry)))
