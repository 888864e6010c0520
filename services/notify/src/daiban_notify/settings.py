"""Notify's settings."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Self
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator

from daiban_common.sealed_contact import check_key
from daiban_common.settings import RatingLinkSettings

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


class NotifySettings(RatingLinkSettings):
    """The common settings, the channels, the dispatcher, the key to residents' phones and the
    rating links notify mints."""

    sms_provider: Literal["file", "aliyun"] = Field(
        default="file", description="where SMS goes: a JSON-lines file (development) or "
                                    "Aliyun's SMS API")
    sms_sign_name: str = Field(default="代办", min_length=2, max_length=12,
                               description="the sign-name (签名) the provider requires")
    sms_outbox_file: Path = Field(default=Path(".dev/sms-outbox.jsonl"),
                                  description="where the file provider writes each SMS")
    sms_endpoint: str = "https://dysmsapi.aliyuncs.com/"
    sms_access_key_id: str | None = None
    sms_access_key_secret: SecretStr | None = None
    sms_template_code: str | None = Field(
        default=None, description="the provider's template whose text is ${content}")
    smtp_host: str | None = Field(default=None, description="no e-mail without it")
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_sender: str = "daiban@localhost"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    send_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    contact_private_key: SecretStr | None = Field(
        default=None, description="notify's X25519 key (base64url) that opens residents' "
                                  "sealed phones; unset: the development pair outside "
                                  "production; required in production")
    contact_key_id: str = Field(
        default="k1", min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$",
        description="the id of that key, the same as intake's CONTACT_KEY_ID")
    public_base_url: str = Field(
        default="http://127.0.0.1:8080",
        pattern=r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~-]+)*$",
        description="where residents reach the gateway: the rating link in the SMS is "
                    "{PUBLIC_BASE_URL}/rate/{token}; https and not loopback in production")
    rating_link_days: int = Field(
        default=30, ge=1, le=365,
        description="calendar days a rating link can be used after the result is delivered")
    dispatch_batch_size: int = Field(default=20, ge=1, le=500)
    dispatch_interval_seconds: float = Field(default=1.0, gt=0, le=60)
    retry_first_seconds: float = Field(default=30.0, gt=0)
    retry_longest_seconds: float = Field(default=1800.0, gt=0)
    retry_max_attempts: int = Field(
        default=12, ge=1, le=100,
        description="attempts before a notice is failed for good (12 from 30 s doubling to "
                    "30 min: over four hours)")

    @field_validator("contact_private_key", mode="before")
    @classmethod
    def _no_key(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("contact_private_key")
    @classmethod
    def _x25519_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            check_key(value.get_secret_value())
        return value

    @model_validator(mode="after")
    def _key_in_production(self) -> Self:
        if self.environment == "production" and self.contact_private_key is None:
            raise ValueError("CONTACT_PRIVATE_KEY must be set in production: without it no "
                             "resident's phone can be opened, so no resident gets an SMS")
        return self

    @model_validator(mode="after")
    def _public_address_in_production(self) -> Self:
        """Residents open the rating link on their phones: in production it must be the
        county's https address, never this machine's."""
        if self.environment == "production":
            url = urlsplit(self.public_base_url)
            if url.scheme != "https" or url.hostname in LOOPBACK:
                raise ValueError("PUBLIC_BASE_URL must be the https:// address residents reach "
                                 "the gateway at in production, not "
                                 f"{self.public_base_url}")
        return self

    @model_validator(mode="after")
    def _provider_configured(self) -> Self:
        if self.sms_provider == "aliyun" and not (
                self.sms_access_key_id and self.sms_access_key_secret and self.sms_template_code):
            raise ValueError("SMS_PROVIDER=aliyun needs SMS_ACCESS_KEY_ID, "
                             "SMS_ACCESS_KEY_SECRET and SMS_TEMPLATE_CODE")
        return self
