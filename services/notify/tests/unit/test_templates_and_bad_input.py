"""Templates: Chinese, one per (rule, channel), previewable; an unknown template, a missing value
and a webhook URL that is not http(s) are refused with what is wrong."""

from __future__ import annotations

import pytest

from daiban_notify.adapters.templates import JinjaTemplates, china_day
from daiban_notify.domain.delivery import DeliveryChannel
from daiban_notify.domain.errors import (
    TemplateNotFound,
    TemplateValuesMissing,
    WebhookUrlNotHttp,
)
from daiban_notify.domain.rules import RULES
from daiban_notify.domain.webhook_subscription import checked_url


def test_every_rule_has_its_template_on_its_channel() -> None:
    names = set(JinjaTemplates().names())
    assert [r.name for r in RULES if (r.template, r.channel) not in names] == []


def test_a_preview_renders_the_sample_values() -> None:
    text = JinjaTemplates().render("case_accepted", DeliveryChannel.SMS, {
        "applicant": "李林珍", "matter": "残疾人证办理", "case_number": "110116-20261201-000001",
        "limit_days": 7, "deadline_date": "2026-12-10", "provisional": False})
    assert text == ("李林珍您好，您委托代办的“残疾人证办理”已受理，案件编号110116-20261201-000001，"
                    "承诺7个工作日内办结，办结期限2026年12月10日。")


def test_an_unknown_template_is_not_found() -> None:
    with pytest.raises(TemplateNotFound):
        JinjaTemplates().render("no_such_rule", DeliveryChannel.SMS, {})


def test_a_missing_value_is_named_never_left_blank() -> None:
    with pytest.raises(TemplateValuesMissing) as refused:
        JinjaTemplates().render("case_accepted", DeliveryChannel.SMS, {"applicant": "李林珍"})
    (problem,) = refused.value.problems
    assert problem.field == "values"
    assert "matter" in problem.reason


def test_days_are_written_as_residents_read_them_in_china_time() -> None:
    assert china_day("2026-12-01T16:30:00+00:00") == "2026年12月2日"
    assert china_day("2026-01-05") == "2026年1月5日"


@pytest.mark.parametrize("url", ["ftp://gov.example/hook", "javascript:alert(1)", "gov.example",
                                 "https:///no-host", "http://gov.example/a b"])
def test_a_webhook_url_must_be_http_or_https_with_a_host(url: str) -> None:
    with pytest.raises(WebhookUrlNotHttp):
        checked_url(url)
    assert checked_url("https://gov.example/hook") == "https://gov.example/hook"
