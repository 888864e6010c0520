"""SMS through Aliyun's API: a real HTTP receiver recomputes the request's HMAC-SHA1 signature
with the AccessKey secret and answers as the provider does; ``OK`` is sent, a refused number is
failed for good, a throttled send is retried."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import parse_qsl, quote

import pytest

from daiban_notify.adapters.aliyun_dysms import AliyunDysms
from daiban_notify.domain.errors import ChannelUnavailable, DeliveryRefused
from daiban_notify.ports import OutgoingMessage

from .conftest import Received, Receiver

SECRET = "testsecret"
MESSAGE = OutgoingMessage(delivery_id="d" * 32, address="13800138000", subject="",
                          text="【代办】李林珍您好，您的案件已受理。", sent_at=datetime.now(UTC))


def _encode(value: str) -> str:
    return quote(value, safe="-_.~")


def _signed_by_secret(got: Received) -> bool:
    params = dict(parse_qsl(got.query, keep_blank_values=True))
    claimed = params.pop("Signature", "")
    canonical = "&".join(f"{_encode(k)}={_encode(v)}" for k, v in sorted(params.items()))
    to_sign = "GET&%2F&" + _encode(canonical)
    expected = base64.b64encode(hmac.new(f"{SECRET}&".encode(), to_sign.encode(),
                                         hashlib.sha1).digest()).decode()
    return hmac.compare_digest(claimed, expected)


def _provider(code: str) -> Callable[[Received], bytes]:
    def answer(got: Received) -> bytes:
        code_now = code if _signed_by_secret(got) else "SignatureDoesNotMatch"
        return json.dumps({"Code": code_now, "Message": code_now, "RequestId": "r-1"}).encode()

    return answer


def _dysms(url: str) -> AliyunDysms:
    return AliyunDysms(endpoint=url, access_key_id="testid", access_key_secret=SECRET,
                       sign_name="代办", template_code="SMS_000001")


async def test_a_signed_send_is_taken_with_the_text_without_its_sign_name() -> None:
    with Receiver().answering(_provider("OK")) as receiver:
        await _dysms(receiver.url).send(MESSAGE)
        (got,) = receiver.requests
    params = dict(parse_qsl(got.query))
    assert _signed_by_secret(got)
    assert (params["Action"], params["PhoneNumbers"], params["SignName"], params["OutId"]) == (
        "SendSms", "13800138000", "代办", "d" * 32)
    assert json.loads(params["TemplateParam"]) == {"content": "李林珍您好，您的案件已受理。"}


async def test_a_wrong_secret_is_refused_by_the_provider() -> None:
    with Receiver().answering(_provider("OK")) as receiver:
        wrong = AliyunDysms(endpoint=receiver.url, access_key_id="testid",
                            access_key_secret="other", sign_name="代办",
                            template_code="SMS_000001")
        with pytest.raises(DeliveryRefused, match="SignatureDoesNotMatch"):
            await wrong.send(MESSAGE)


async def test_an_illegal_number_is_refused_and_throttling_is_retried() -> None:
    with (Receiver().answering(_provider("isv.MOBILE_NUMBER_ILLEGAL")) as receiver,
          pytest.raises(DeliveryRefused)):
        await _dysms(receiver.url).send(MESSAGE)
    with (Receiver().answering(_provider("isv.BUSINESS_LIMIT_CONTROL")) as receiver,
          pytest.raises(ChannelUnavailable)):
        await _dysms(receiver.url).send(MESSAGE)


async def test_a_provider_that_cannot_be_reached_is_retried() -> None:
    from .conftest import free_port

    with pytest.raises(ChannelUnavailable):
        await _dysms(f"http://127.0.0.1:{free_port()}/").send(MESSAGE)
