"""Audit's settings: the ledger's name, its checkpoint signing key and how often it signs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Self

from pydantic import Field, SecretStr, model_validator

from daiban_common.settings import CommonSettings


class AuditSettings(CommonSettings):
    """The common settings, and the ledger's checkpoints."""

    ledger_origin: str = Field(default="daiban.local/ledger", pattern=r"^[^\s+]{1,200}$",
                               description="the log's name: the checkpoint's origin line and "
                                           "its key name")
    ledger_signing_key: SecretStr | None = Field(
        default=None, description="base64 of the 32-byte Ed25519 seed that signs checkpoints; "
                                  "required in production")
    ledger_dev_key_file: Path = Path(".dev/ledger-dev-signing-key.pem")
    checkpoint_every_entries: int = Field(default=1000, ge=1)
    checkpoint_every_seconds: float = Field(default=60.0, gt=0)
    savings_cost_per_trip_yuan: Decimal | None = Field(
        default=None, ge=0, description="what one trip to a hall costs a resident (time, fare), "
                                        "for the savings report; none: no cost shown")
    savings_cost_per_km_yuan: Decimal | None = Field(
        default=None, ge=0, description="what one road kilometre costs a resident")
    monthly_reports_look_every_seconds: float = Field(
        default=600.0, gt=0, description="how often the worker looks for a month just ended "
                                          "whose towns' reports are not made yet")

    @model_validator(mode="after")
    def _signing_key_in_production(self) -> Self:
        if self.environment == "production" and self.ledger_signing_key is None:
            raise ValueError("LEDGER_SIGNING_KEY is required in production (the development "
                             "key is refused)")
        return self
