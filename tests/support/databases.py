"""Databases of a test's own: a URL pointed at another database, and SQL run on the server's
maintenance database (CREATE DATABASE … TEMPLATE …, DROP DATABASE …)."""

from __future__ import annotations

import asyncpg
from sqlalchemy.engine import make_url


def database_url(base: str, database: str) -> str:
    """``base`` pointed at another database, for asyncpg."""
    return make_url(base).set(drivername="postgresql", database=database).render_as_string(
        hide_password=False)


async def run_admin_sql(base: str, sql: str) -> None:
    """Run one statement on the server's ``postgres`` database."""
    conn = await asyncpg.connect(database_url(base, "postgres"))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()
