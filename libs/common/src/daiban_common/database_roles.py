"""Least privilege in the database: each service connects as a login role of its own that can use
only its own schema; migrations run as the owner (``DATABASE_URL``'s user).

``daiban migrate`` creates the roles (``daiban_<service>``) and grants, after each service's
schema is at head: USAGE on the service's schema, SELECT/INSERT/UPDATE/DELETE on its tables and
the use of its sequences, and on the tables a service declares append-only only SELECT and
INSERT. Nothing on any other service's schema, so a service that tried to read or write another's
tables is refused by the database. With ``DATABASE_SERVICE_ROLES=true`` the ``daiban api`` and
``daiban worker`` processes connect as their service's role (password from
``DATABASE_ROLE_PASSWORDS``; none locally, where loopback logins are trusted).
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg
from sqlalchemy.engine import make_url

from daiban_common.settings import CommonSettings, libpq_url

PREFIX = "daiban_"


def role_of(service: str) -> str:
    """The login role a service connects as."""
    return PREFIX + service


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def service_database_url(settings: CommonSettings, service: str) -> str:
    """``DATABASE_URL`` with the service's role (and its password, if set) as the user."""
    password = settings.database_role_passwords.get(service)
    url = make_url(settings.database_url).set(
        username=role_of(service), password=password.get_secret_value() if password else None)
    return url.render_as_string(hide_password=False)


def grants(service: str, schema: str, *, append_only: Sequence[str] = (),
           password: str | None = None, database: str) -> list[str]:
    """The statements that create the service's role (if absent) and grant it its schema."""
    role, s = _quoted(role_of(service)), _quoted(schema)
    create = (f"DO $$ BEGIN CREATE ROLE {role} LOGIN; EXCEPTION WHEN duplicate_object OR "
              "unique_violation THEN NULL; END $$")
    statements = [
        create,
        f"ALTER ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS "
        f"PASSWORD {_literal(password) if password else 'NULL'}",
        f"GRANT CONNECT ON DATABASE {_quoted(database)} TO {role}",
        f"GRANT USAGE ON SCHEMA {s} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {role}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {s} TO {role}",
    ]
    for table in append_only:
        statements.append(f"REVOKE UPDATE, DELETE, TRUNCATE ON {s}.{_quoted(table)} FROM {role}")
    return statements


async def grant_service_role(settings: CommonSettings, *, service: str, schema: str,
                             append_only: Sequence[str] = ()) -> str:
    """Create the service's role if absent and grant it its schema (as the owner); returns the
    role's name."""
    password = settings.database_role_passwords.get(service)
    database = make_url(settings.database_url).database or "postgres"
    conn = await asyncpg.connect(libpq_url(settings.database_url))
    try:
        # one grant at a time across the cluster: roles are shared by every database there
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(7310202501)")
            for sql in grants(service, schema, append_only=append_only,
                              password=password.get_secret_value() if password else None,
                              database=database):
                await conn.execute(sql)
    finally:
        await conn.close()
    return role_of(service)


async def can_log_in(settings: CommonSettings, service: str) -> bool:
    """Whether the service's role can connect (its password or the server's trust admit it)."""
    try:
        conn = await asyncpg.connect(libpq_url(service_database_url(settings, service)))
    except (OSError, asyncpg.PostgresError):
        return False
    await conn.close()
    return True
