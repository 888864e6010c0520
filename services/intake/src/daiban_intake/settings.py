"""Intake's settings."""

from pathlib import Path
from typing import Self

from pydantic import Field, field_validator, model_validator

from daiban_common.sealed_contact import check_key
from daiban_common.settings import RatingLinkSettings


class IntakeSettings(RatingLinkSettings):
    """The common settings, the rating links' secret, and intake's own: scans, notices, the key
    residents' phones are sealed to."""

    attachment_max_bytes: int = Field(
        default=10 * 1024 * 1024, ge=1024, le=100 * 1024 * 1024,
        description="the largest scan accepted (the upload route's body limit follows it)")
    supplement_days: int = Field(
        default=15, ge=1, le=90,
        description="calendar days a notice gives to supplement, unless the agent sets a date")
    notice_font_file: Path | None = Field(
        default=None, description="a TrueType CJK font for the notice PDF; else the packaged one")
    contact_public_key: str | None = Field(
        default=None,
        description="notify's X25519 public key (base64url) that each resident's phone is "
                    "sealed to in case.submitted; unset: the development pair outside "
                    "production; required in production")
    contact_key_id: str = Field(
        default="k1", min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$",
        description="the id of that key, the same as notify's CONTACT_KEY_ID")

    @field_validator("contact_public_key", mode="before")
    @classmethod
    def _no_key(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("contact_public_key")
    @classmethod
    def _x25519_key(cls, value: str | None) -> str | None:
        return None if value is None else check_key(value)

    @model_validator(mode="after")
    def _key_in_production(self) -> Self:
        """Without it a case.submitted carries no phone, and no later key recovers it."""
        if self.environment == "production" and self.contact_public_key is None:
            raise ValueError("CONTACT_PUBLIC_KEY (the public half of notify's contact key) must "
                             "be set in production: without it no resident gets an SMS")
        return self
