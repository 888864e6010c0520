"""The notice templates and their preview."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from daiban_notify.api.deps import NotifyQueries, Staff
from daiban_notify.api.schemas import PreviewIn, PreviewOut, TemplateOut
from daiban_notify.domain.delivery import DeliveryChannel
from daiban_notify.handlers import ListTemplates, PreviewTemplate

router = APIRouter(prefix="/v1", tags=["templates"])

TemplateName = Annotated[str, Path(pattern=r"^[a-z][a-z_]{0,63}$", examples=["case_accepted"])]
ChannelName = Annotated[DeliveryChannel, Path(examples=["sms"])]


@router.get("/templates", response_model=list[TemplateOut])
async def templates(_: Staff, queries: NotifyQueries) -> list[TemplateOut]:
    """Every template, by name and channel."""
    return [TemplateOut(name=n, channel=c.value)
            for n, c in await queries.templates(ListTemplates())]


@router.post("/templates/{name}/{channel}/preview", response_model=PreviewOut)
async def preview(_: Staff, queries: NotifyQueries, name: TemplateName,
                  channel: ChannelName, body: PreviewIn) -> PreviewOut:
    """A template rendered with sample values; a value it uses and is not given is a 422."""
    return PreviewOut.from_domain(
        await queries.preview_template(PreviewTemplate(name, channel, body.values)))
