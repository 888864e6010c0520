"""The settings every service shares; each service extends ``CommonSettings``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Environment = Literal["development", "test", "production"]

DEV_PII_KEY = "development-only-pii-key-change-me"
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")


def asyncpg_url(url: str) -> str:
    """Normalise a libpq-style URL to the SQLAlchemy asyncpg dialect."""
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix):]
    raise ValueError("DATABASE_URL must be a postgresql:// URL")


def libpq_url(url: str) -> str:
    """The plain libpq form of a SQLAlchemy URL, for drivers used directly (LISTEN)."""
    return "postgresql://" + url.split("://", 1)[1]


class CommonSettings(BaseSettings):
    """Connection, security and runtime settings, read from the environment."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    environment: Environment = "development"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/daiban"
    db_pool_size: int = Field(default=5, ge=1)
    amqp_url: SecretStr = SecretStr("amqp://guest:guest@127.0.0.1:5672/")
    bus_namespace: str = Field(default="daiban", pattern=r"^[a-z][a-z0-9_.-]{0,40}$")
    delivery_limit: int = Field(default=5, ge=1, le=100)
    consumer_prefetch: int = Field(default=32, ge=1)
    outbox_poll_seconds: float = Field(default=1.0, gt=0)
    outbox_batch_size: int = Field(default=200, ge=1)

    jwt_issuer: str = "daiban-dev"
    jwt_audience: str = "daiban"
    jwt_algorithms: tuple[str, ...] = ("RS256", "ES256")
    jwt_jwks_url: str | None = None
    jwt_public_key_file: Path | None = None
    jwt_dev_key_file: Path = Path(".dev/jwt-dev-signing-key.pem")

    pii_key: SecretStr = SecretStr(DEV_PII_KEY)
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    # Browser origins (scheme://host[:port]) whose pages may call the API; none by default.
    cors_allow_origins: tuple[str, ...] = ()
    log_level: str = "INFO"
    otlp_endpoint: str | None = None
    metrics_port: int = Field(default=0, ge=0, le=65535)
    # Loopback unless told otherwise: a worker's metrics are for a Prometheus that can reach it.
    metrics_host: str = Field(default="127.0.0.1", min_length=1)

    @field_validator("database_url")
    @classmethod
    def _asyncpg(cls, value: str) -> str:
        return asyncpg_url(value)

    @field_validator("cors_allow_origins")
    @classmethod
    def _origins(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for origin in value:
            if not _ORIGIN.fullmatch(origin):
                raise ValueError(f"{origin!r} is not an origin like https://portal.example.org "
                                 "(a scheme and a host, an optional port, nothing after)")
        return value

    @model_validator(mode="after")
    def _fail_closed_outside_development(self) -> Self:
        if self.environment != "production":
            return self
        if self.pii_key.get_secret_value() == DEV_PII_KEY:
            raise ValueError("PII_KEY must be set to a secret outside development")
        if "guest:guest@" in self.amqp_url.get_secret_value():
            raise ValueError("AMQP_URL must not use the default guest account outside development")
        if not (self.jwt_jwks_url or self.jwt_public_key_file):
            raise ValueError("JWT_JWKS_URL or JWT_PUBLIC_KEY_FILE is required outside development")
        return self

    @property
    def dev_tokens_allowed(self) -> bool:
        """Whether tokens signed by the local development key are accepted."""
        return self.environment != "production"
