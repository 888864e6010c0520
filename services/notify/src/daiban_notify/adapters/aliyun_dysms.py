"""SMS through Aliyun's Short Message Service (dysms ``SendSms``, API version 2017-05-25).

The request is the provider's RPC style: every parameter in the query, signed with HMAC-SHA1 over
``GET&%2F&`` and the percent-encoded, sorted query, the key being the AccessKey secret and
``&``. The provider sends only registered templates; Daiban registers one whose text is
``${content}`` and passes each notice's text as ``content`` (its sign-name is the provider's).
``OutId`` is the notice's id, so the provider's records match the delivery log.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from datetime import UTC
from urllib.parse import quote

import httpx

from daiban_notify.domain.errors import ChannelUnavailable, DeliveryRefused
from daiban_notify.ports import OutgoingMessage

VERSION = "2017-05-25"
RETRIED_CODES = frozenset({"isv.BUSINESS_LIMIT_CONTROL", "isp.RAM_PERMISSION_DENY",
                           "isp.SYSTEM_ERROR", "Throttling.User"})
"""Codes that say "later" rather than "never"."""


def percent_encode(value: str) -> str:
    """RFC 3986 encoding as the provider's signature wants it."""
    return quote(value, safe="~")


def signature(params: dict[str, str], *, secret: str, method: str = "GET") -> str:
    """The ``Signature`` of a request's parameters."""
    query = "&".join(f"{percent_encode(k)}={percent_encode(v)}"
                     for k, v in sorted(params.items()))
    to_sign = f"{method}&{percent_encode('/')}&{percent_encode(query)}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunDysms:
    """Sends SMS through the provider's HTTP API."""

    def __init__(self, *, endpoint: str, access_key_id: str, access_key_secret: str,
                 sign_name: str, template_code: str, region: str = "cn-hangzhou",
                 timeout_seconds: float = 10.0) -> None:
        self._endpoint = endpoint
        self._key_id = access_key_id
        self._secret = access_key_secret
        self._sign_name = sign_name
        self._template = template_code
        self._region = region
        self._timeout = timeout_seconds

    def request_params(self, message: OutgoingMessage, *, nonce: str) -> dict[str, str]:
        """The signed query of one ``SendSms`` call."""
        prefix = f"【{self._sign_name}】"
        body = message.text[len(prefix):] if message.text.startswith(prefix) else message.text
        params = {
            "AccessKeyId": self._key_id, "Action": "SendSms", "Format": "JSON",
            "RegionId": self._region, "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": nonce, "SignatureVersion": "1.0",
            "Timestamp": message.sent_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": VERSION, "PhoneNumbers": message.address, "SignName": self._sign_name,
            "TemplateCode": self._template,
            "TemplateParam": json.dumps({"content": body}, ensure_ascii=False),
            "OutId": message.delivery_id,
        }
        return {**params, "Signature": signature(params, secret=self._secret)}

    async def send(self, message: OutgoingMessage) -> None:
        """One ``SendSms``; the provider's ``Code`` decides refused or retried."""
        params = self.request_params(message, nonce=secrets.token_hex(16))
        try:
            async with httpx.AsyncClient(timeout=self._timeout) as client:
                response = await client.get(self._endpoint, params=params)
        except httpx.HTTPError as error:
            raise ChannelUnavailable(f"SMS provider unreachable: {type(error).__name__}"
                                     ) from error
        if response.status_code >= 500:
            raise ChannelUnavailable(f"SMS provider answered {response.status_code}")
        try:
            answer = response.json()
        except ValueError as error:
            raise ChannelUnavailable("SMS provider answered no JSON") from error
        code = str(answer.get("Code", ""))
        if code == "OK":
            return
        reason = f"SMS provider refused: {code} {answer.get('Message', '')}".strip()
        if code in RETRIED_CODES:
            raise ChannelUnavailable(reason)
        raise DeliveryRefused(reason)


