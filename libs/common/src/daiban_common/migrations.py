"""Alembic, one history per service schema: the shared ``env.py`` body, the upgrade command, and
the one definition of the messaging tables every schema has (``create_messaging_tables``)."""

from __future__ import annotations

import asyncio
from importlib.resources import files

from alembic import command, context, op
from alembic.config import Config
from sqlalchemy import MetaData, pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from daiban_common.settings import CommonSettings

_LOCK_ID = 7_310_2024  # advisory lock: one migration at a time per database


def alembic_config(settings: CommonSettings, *, package: str, schema: str) -> Config:
    """The Alembic config of a service whose migrations live in ``<package>/migrations``."""
    config = Config()
    config.set_main_option("script_location", str(files(package) / "migrations"))
    config.set_main_option("sqlalchemy.url", settings.database_url.replace("%", "%%"))
    config.attributes["schema"] = schema
    return config


def upgrade(settings: CommonSettings, *, package: str, schema: str) -> None:
    """Bring the service's schema to the newest revision."""
    command.upgrade(alembic_config(settings, package=package, schema=schema), "head")


def run_env(metadata: MetaData) -> None:
    """The body of every service's ``migrations/env.py`` (online, async, schema-scoped)."""
    config = context.config
    schema: str = config.attributes["schema"]
    url = config.get_main_option("sqlalchemy.url")
    assert url is not None

    def migrate(connection: Connection) -> None:
        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        context.configure(
            connection=connection,
            target_metadata=metadata,
            version_table_schema=schema,
            include_schemas=True,
            include_name=lambda name, kind, _: kind != "schema" or name == schema,
        )
        with context.begin_transaction():
            context.run_migrations()

    async def run() -> None:
        engine = create_async_engine(url, poolclass=pool.NullPool)
        async with engine.begin() as conn:
            await conn.run_sync(migrate)
        await engine.dispose()

    asyncio.run(run())


MESSAGING_TABLES = ("inbox", "outbox", "idempotency_keys")


def create_messaging_tables(schema: str, *, tables: tuple[str, ...] = MESSAGING_TABLES) -> None:
    """In a service's migration: create its outbox, inbox and idempotency keys (or the named
    ones) exactly as ``daiban_common.db.MessagingTables`` defines them, indexes included."""
    from daiban_common.db import MessagingTables

    metadata = MetaData(schema=schema)
    messaging = MessagingTables(metadata)
    chosen = [t for t in (messaging.inbox, messaging.outbox, messaging.idempotency_keys)
              if t.name in tables]
    metadata.create_all(op.get_bind(), tables=chosen)


def drop_messaging_tables(schema: str, *, tables: tuple[str, ...] = MESSAGING_TABLES) -> None:
    """The downgrade of ``create_messaging_tables``."""
    from daiban_common.db import MessagingTables

    metadata = MetaData(schema=schema)
    messaging = MessagingTables(metadata)
    chosen = [t for t in (messaging.inbox, messaging.outbox, messaging.idempotency_keys)
              if t.name in tables]
    metadata.drop_all(op.get_bind(), tables=chosen)
