"""Notices are rendered in Chinese from the templates; a missing value is an error."""

from datetime import UTC, datetime

import pytest
from jinja2 import UndefinedError

from daiban_kernel.actor import Actor
from daiban_kernel.cases import Channel
from daiban_kernel.contracts.case import Applicant, CaseSubmittedV1
from daiban_kernel.contracts.notification import NotificationSentV1
from daiban_notify.adapters.templates import TemplateRenderer
from daiban_notify.domain.model import Notification
from daiban_notify.handlers import confirm_submission_to_agent


def test_the_submission_notice_names_the_applicant_and_the_case_number() -> None:
    text = TemplateRenderer().render("case_submitted", "inbox", applicant="李林珍",
                                     case_number="110116-20261125-000001", matter_code="MZ-001")
    assert text.startswith("【代办登记】李林珍")
    assert "110116-20261125-000001" in text


def test_a_missing_template_value_is_an_error_not_a_blank() -> None:
    with pytest.raises(UndefinedError):
        TemplateRenderer().render("case_submitted", "inbox", applicant="李林珍")


class Log:
    def __init__(self) -> None:
        self.added: list[Notification] = []

    async def add(self, notification: Notification) -> None:
        self.added.append(notification)


class Uow:
    def __init__(self) -> None:
        self.deliveries = Log()


async def test_the_agent_who_submitted_gets_the_confirmation_and_an_event_records_it() -> None:
    at = datetime(2026, 11, 25, 8, tzinfo=UTC)
    event = CaseSubmittedV1(
        case_number="110116-20261125-000001", matter_code="MZ-001", matter_version=1,
        village_code="110116104201", channel=Channel.STATION,
        applicant=Applicant(name="李林珍", id_number_masked="110105********002X"),
        submitted_by=Actor(staff_id="agent-7", role="village_agent", place="110116104201"),
        submitted_at=at)
    uow = Uow()
    await confirm_submission_to_agent(event, uow, renderer=TemplateRenderer(), now=lambda: at)
    (notice,) = uow.deliveries.added
    assert notice.recipient == "agent-7"
    assert notice.sent_at == at
    (sent,) = notice.events
    assert isinstance(sent, NotificationSentV1)
    assert sent.case_number == "110116-20261125-000001"
