"""The settings every service shares; each service extends ``CommonSettings``."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Environment = Literal["development", "test", "production"]

DEV_PII_KEY = "development-only-pii-key-change-me"
DEV_RATING_LINK_SECRET = "development-only-rating-link-secret-change-me"  # noqa: S105
RSA_ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"})
EC_ALGORITHMS = frozenset({"ES256", "ES384", "ES512"})
"""The signature algorithms a token may use, by the type of key that verifies them: only
asymmetric ones (an HMAC "key" would be the public key itself)."""
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")


def asyncpg_url(url: str) -> str:
    """Normalise a libpq-style URL to the SQLAlchemy asyncpg dialect."""
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix):]
    raise ValueError("DATABASE_URL must be a postgresql:// URL")


def dev_key_path() -> Path:
    """Where the development signing key lives, whatever the working directory:
    ``$XDG_DATA_HOME/daiban/`` (``~/.local/share/daiban/`` when unset)."""
    data_home = Path(os.environ.get("XDG_DATA_HOME") or "relative")
    home = Path(os.path.expanduser("~"))  # "~" itself when neither HOME nor a user entry says
    if data_home.is_absolute():
        base = data_home
    elif home.is_absolute():
        base = home / ".local/share"
    else:  # a process with no home at all: still one absolute path
        base = Path(tempfile.gettempdir())
    return base / "daiban" / "jwt-dev-signing-key.pem"


def libpq_url(url: str) -> str:
    """The plain libpq form of a SQLAlchemy URL, for drivers used directly (LISTEN)."""
    return "postgresql://" + url.split("://", 1)[1]


class CommonSettings(BaseSettings):
    """Connection, security and runtime settings, read from the environment."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    environment: Environment = "development"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/daiban"
    db_pool_size: int = Field(
        default=8, ge=2,
        description="connections in a process's pool (no overflow): a request, a handler or a "
                    "loop holds one at a time, and never waits for a second while it holds one")
    db_pool_timeout_seconds: float = Field(default=10.0, gt=0)
    database_service_roles: bool = Field(
        default=False,
        description="the API and worker processes connect as their service's own login role "
                    "(daiban_<service>, created by `daiban migrate`), which can use only its "
                    "own schema; DATABASE_URL's user is then the owner that migrates")
    database_role_passwords: dict[str, SecretStr] = Field(
        default_factory=dict,
        description="each service's role password, by service name (JSON); required in "
                    "production when DATABASE_SERVICE_ROLES is on")
    amqp_url: SecretStr = SecretStr("amqp://guest:guest@127.0.0.1:5672/")
    bus_namespace: str = Field(default="daiban", pattern=r"^[a-z][a-z0-9_.-]{0,40}$")
    delivery_limit: int = Field(
        default=10, ge=1, le=100,
        description="deliveries of one message to consumers that died holding it before the "
                    "broker parks it (a crash loop); fixed when the queue is first declared")
    retry_delays_seconds: Annotated[tuple[float, ...], NoDecode] = Field(
        default=(1.0, 5.0, 30.0, 120.0, 600.0), min_length=1, max_length=20,
        description="the waits before each retry of a message whose handler failed; once they "
                    "are spent the message is parked (fixed when the queues are first declared)")
    consumer_prefetch: int = Field(
        default=8, ge=1,
        description="messages a worker's consumer handles at once; capped so that the consumer "
                    "never needs more connections than the worker's pool holds")
    outbox_poll_seconds: float = Field(default=1.0, gt=0)
    outbox_batch_size: int = Field(default=200, ge=1)

    jwt_issuer: str = "daiban-dev"
    jwt_audience: str = "daiban"
    jwt_algorithms: tuple[str, ...] = Field(default=("RS256", "ES256"), min_length=1)
    jwt_jwks_url: str | None = None
    jwt_public_key_file: Path | None = None
    jwt_dev_key_file: Path = Field(default_factory=dev_key_path)

    pii_key: SecretStr = SecretStr(DEV_PII_KEY)
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    # Browser origins (scheme://host[:port]) whose pages may call the API; none by default.
    cors_allow_origins: tuple[str, ...] = ()
    log_level: str = "INFO"
    otlp_endpoint: str | None = None
    metrics_port: int = Field(default=0, ge=0, le=65535)
    # Loopback unless told otherwise: a worker's metrics are for a Prometheus that can reach it.
    metrics_host: str = Field(default="127.0.0.1", min_length=1)

    @field_validator("retry_delays_seconds", mode="before")
    @classmethod
    def _delays(cls, value: object) -> object:
        # "1,5,30" or "[1, 5, 30]" from the environment or a settings mapping
        if isinstance(value, str):
            return tuple(float(part) for part in value.strip("[] ").split(",") if part.strip())
        return value

    @field_validator("retry_delays_seconds")
    @classmethod
    def _positive_delays(cls, value: tuple[float, ...]) -> tuple[float, ...]:
        if any(d <= 0 for d in value):
            raise ValueError("every retry delay must be more than 0 seconds")
        return value

    @field_validator("jwt_algorithms")
    @classmethod
    def _asymmetric(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [a for a in value if a not in RSA_ALGORITHMS | EC_ALGORITHMS]
        if unknown:
            raise ValueError(f"{', '.join(unknown)}: not an RSA or EC signature algorithm "
                             f"({', '.join(sorted(RSA_ALGORITHMS | EC_ALGORITHMS))})")
        return value

    @field_validator("jwt_dev_key_file")
    @classmethod
    def _absolute_key_path(cls, value: Path) -> Path:
        value = value.expanduser()
        if not value.is_absolute():
            raise ValueError("JWT_DEV_KEY_FILE must be an absolute path (a relative one would "
                             "name another key in every working directory)")
        return value

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
        if self.database_service_roles and not self.database_role_passwords:
            raise ValueError("DATABASE_ROLE_PASSWORDS is required in production with "
                             "DATABASE_SERVICE_ROLES")
        if not (self.jwt_jwks_url or self.jwt_public_key_file):
            raise ValueError("JWT_JWKS_URL or JWT_PUBLIC_KEY_FILE is required outside development")
        return self

    @property
    def dev_tokens_allowed(self) -> bool:
        """Whether tokens signed by the local development key are accepted."""
        return self.environment != "production"


class RatingLinkSettings(CommonSettings):
    """The common settings and the secret of the rating links (see ``daiban_kernel.rating_link``),
    for the two services that use it: notify mints the links it texts to residents, intake
    verifies them, so both must be given the same one."""

    rating_link_secret: SecretStr = Field(
        default=SecretStr(DEV_RATING_LINK_SECRET), min_length=16,
        description="the key of the rating links' HMAC, the same for intake and notify")

    @model_validator(mode="after")
    def _real_secret_outside_development(self) -> Self:
        if (self.environment == "production"
                and self.rating_link_secret.get_secret_value() == DEV_RATING_LINK_SECRET):
            raise ValueError("RATING_LINK_SECRET must be set to a secret outside development")
        return self

    @property
    def rating_link_key(self) -> bytes:
        """The secret as the HMAC takes it."""
        return self.rating_link_secret.get_secret_value().encode()
