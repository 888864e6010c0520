"""The real Postgres and RabbitMQ the integration tests use.

DATABASE_URL / AMQP_URL win; else the servers on 127.0.0.1 (every developer machine and CI run
them); else testcontainers where a Docker engine exists. If none is there, the tests that need them
fail loudly: nothing is skipped.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from daiban_common.migrations import upgrade
from daiban_common.service import discover

DEMO_DATA = Path(__file__).resolve().parents[2] / "data" / "demo"
LOCAL_DB = "postgresql://postgres@127.0.0.1:5432/daiban_test"
LOCAL_AMQP = "amqp://guest:guest@127.0.0.1:5672/"


@dataclass(frozen=True)
class Infra:
    """Where the real servers are."""

    database_url: str
    amqp_url: str


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _from_containers(stack: list[Any]) -> Infra:
    from testcontainers.postgres import PostgresContainer
    from testcontainers.rabbitmq import RabbitMqContainer

    pg = PostgresContainer("postgres:15", driver=None)
    mq = RabbitMqContainer("rabbitmq:3.13")
    stack.extend([pg.start(), mq.start()])
    params = mq.get_connection_params()
    return Infra(pg.get_connection_url(),
                 f"amqp://guest:guest@{params.host}:{params.port}/")


@pytest.fixture(scope="session")
def infra() -> Iterator[Infra]:
    """The servers, found or started; an error naming what is missing otherwise."""
    env_db, env_mq = os.environ.get("DATABASE_URL"), os.environ.get("AMQP_URL")
    if env_db or env_mq:
        yield Infra(env_db or LOCAL_DB, env_mq or LOCAL_AMQP)
        return
    if _reachable("127.0.0.1", 5432) and _reachable("127.0.0.1", 5672):
        yield Infra(LOCAL_DB, LOCAL_AMQP)
        return
    stack: list[Any] = []
    try:
        infra = _from_containers(stack)
    except Exception as exc:  # noqa: BLE001 - any failure to start them is reported
        pytest.fail(f"no Postgres/RabbitMQ: set DATABASE_URL and AMQP_URL, run them on "
                    f"127.0.0.1, or provide a Docker engine ({exc})", pytrace=False)
    yield infra
    for container in stack:
        container.stop()


@pytest.fixture(scope="session")
def dev_key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A development signing key of the test session's own."""
    return tmp_path_factory.mktemp("keys") / "jwt-dev.pem"


@pytest.fixture(scope="session")
def base_env(infra: Infra, dev_key_file: Path) -> dict[str, str]:
    """Settings every service reads in tests (as environment-style keys)."""
    return {
        "environment": "test",
        "database_url": infra.database_url,
        "amqp_url": infra.amqp_url,
        "jwt_dev_key_file": str(dev_key_file),
        "outbox_poll_seconds": "0.05",
        "retry_delays_seconds": "0.05,0.1,0.2",
    }


def _fresh_database(url: str) -> None:
    """Start the session on an empty test database.

    A database whose name says it is for tests (``daiban_test``, ``daiban_test_x``, ``x_test``) is
    dropped and created again, so schemas left by another checkout (other migrations, other
    revisions) never decide this run. Any other database is only created when missing and then
    migrated in place: the tests never drop a database they were not told is theirs.
    """
    import asyncio

    import asyncpg
    from sqlalchemy.engine import make_url

    target = make_url(url)
    name = target.database or ""
    disposable = name.startswith("daiban_test") or name.endswith("_test")

    async def create() -> None:
        admin = target.set(drivername="postgresql", database="postgres")
        conn = await asyncpg.connect(admin.render_as_string(hide_password=False))
        try:
            if disposable:
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
                await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    asyncio.run(create())


def migrate_fresh(env: dict[str, str]) -> dict[str, str]:
    """``env``'s database made empty, every schema at head with its reference data (as
    ``daiban migrate`` leaves it), and the demo catalogue; returns ``env``."""
    import asyncio

    _fresh_database(env["database_url"])
    specs = discover()
    for spec in specs.values():
        settings = spec.settings_type(**env)
        upgrade(settings, package=spec.package, schema=spec.schema)
        if spec.seed is not None:
            asyncio.run(spec.seed(settings))
    intake = specs["intake"]
    assert intake.load_demo is not None
    asyncio.run(intake.load_demo(intake.settings_type(**env), DEMO_DATA))
    return env


@pytest.fixture(scope="session")
def migrated(base_env: dict[str, str]) -> dict[str, str]:
    """Every schema at head with its reference data (as ``daiban migrate`` leaves it), and the
    demo catalogue, whose matters (MZ-001 …) the case tests submit under."""
    return migrate_fresh(base_env)


@pytest.fixture
def namespace() -> str:
    """A bus namespace of this test's own, so queues never mix between tests or runs."""
    return f"t{uuid.uuid4().hex[:12]}"


@pytest.fixture
def env(migrated: dict[str, str], namespace: str) -> dict[str, str]:
    """Settings for one test: migrated database, own bus namespace."""
    return {**migrated, "bus_namespace": namespace}


async def settle_outbox(engine: Any, outbox: Any) -> None:
    """Mark every row other tests left unpublished as sent, so a relay under test starts with
    the rows of this test only (the test database is shared by the whole session)."""
    from sqlalchemy import func, update

    async with engine.begin() as conn:
        await conn.execute(update(outbox).where(outbox.c.published_at.is_(None))
                           .values(published_at=func.now()))
