"""SLA's tables, all in the ``sla`` schema."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
)
from sqlalchemy.dialects.postgresql import JSONB

from daiban_common.db import MessagingTables

SCHEMA = "sla"
metadata = MetaData(schema=SCHEMA)
messaging = MessagingTables(metadata)

tracked_cases = Table(
    "tracked_cases",
    metadata,
    Column("number", String(32), primary_key=True),
    Column("matter_code", String(64), nullable=False),
    Column("village_code", String(12), nullable=False, index=True),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
)

calendar_years = Table(
    "calendar_years",
    metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("source", String(32), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("loaded_by", String(64)),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
)

calendar_days = Table(
    "calendar_days",
    metadata,
    Column("day", Date, primary_key=True),
    Column("year", Integer, ForeignKey(calendar_years.c.year, ondelete="CASCADE"),
           nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("name", String(50)),
    CheckConstraint("kind IN ('holiday', 'working_day')", name="calendar_day_kind"),
    CheckConstraint("EXTRACT(YEAR FROM day) = year", name="calendar_day_in_year"),
)

calendar_version = Table(
    "calendar_version",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", BigInteger, nullable=False),
    CheckConstraint("id = 1", name="one_calendar_version"),
)

matters = Table(
    "matters",
    metadata,
    Column("code", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("name", String(100), nullable=False),
    Column("deciding_tier", String(16), nullable=False),
    Column("limit_working_days", Integer, nullable=False),
    Column("proxy_allowance_days", Integer, nullable=False),
    Column("stage_days", JSONB, nullable=False),
    Column("timeout_default_stages", JSONB, nullable=False),
    Column("published", Boolean, nullable=False),
    PrimaryKeyConstraint("code", "version"),
)
