"""Settings fail closed outside development."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from daiban_common.settings import CommonSettings, RatingLinkSettings


def test_a_libpq_url_is_read_as_asyncpg() -> None:
    settings = CommonSettings(database_url="postgresql://u@h:5432/d")
    assert settings.database_url == "postgresql+asyncpg://u@h:5432/d"


def test_a_database_url_that_is_not_postgres_is_refused() -> None:
    with pytest.raises(ValidationError, match="postgresql"):
        CommonSettings(database_url="mysql://u@h/d")


@pytest.mark.parametrize(
    ("override", "complaint"),
    [
        ({"pii_key": "development-only-pii-key-change-me"}, "PII_KEY"),
        ({"amqp_url": "amqp://guest:guest@mq:5672/"}, "guest"),
        ({"jwt_public_key_file": None}, "JWT_JWKS_URL"),
    ],
)
def test_production_refuses_development_defaults(override: dict[str, object], complaint: str,
                                                 tmp_path: Path) -> None:
    good: dict[str, object] = {"environment": "production", "pii_key": "real",
                               "amqp_url": "amqp://daiban:x@mq:5672/",
                               "jwt_public_key_file": tmp_path / "k.pem"}
    CommonSettings(**good)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=complaint):
        CommonSettings(**{**good, **override})  # type: ignore[arg-type]



def test_production_refuses_the_development_rating_link_secret(tmp_path: Path) -> None:
    good: dict[str, object] = {"environment": "production", "pii_key": "real",
                               "amqp_url": "amqp://daiban:x@mq:5672/",
                               "jwt_public_key_file": tmp_path / "k.pem"}
    secret = "a-real-secret-of-32-characters!!"
    settings = RatingLinkSettings(**good, rating_link_secret=secret)  # type: ignore[arg-type]
    assert settings.rating_link_key == secret.encode()
    with pytest.raises(ValidationError, match="RATING_LINK_SECRET"):
        RatingLinkSettings(**good)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="at least 16"):
        RatingLinkSettings(rating_link_secret="short")
