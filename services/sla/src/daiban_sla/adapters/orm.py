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
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    func,
    text,
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
    Column("matter_version", Integer, nullable=False),
    Column("village_code", String(12), nullable=False, index=True),
    Column("applicant_masked", String(50)),
    Column("submitted_at", DateTime(timezone=True)),
    Column("accepted_at", DateTime(timezone=True)),
    Column("flow_version", Integer),
    Column("path", JSONB, nullable=False),
    Column("holding_tier", String(16)),
    Column("closed_at", DateTime(timezone=True)),
    Column("closed_why", String(32)),
    Column("returned_by", String(16)),
    Column("return_version", Integer),
)

deferred_flow_events = Table(
    "deferred_flow_events",
    metadata,
    Column("case_number", String(32), nullable=False),
    Column("flow_version", Integer, nullable=False),
    Column("event_type", String(128), nullable=False),
    Column("data", JSONB, nullable=False),
    Column("deferred_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("case_number", "flow_version"),
)

clocks = Table(
    "clocks",
    metadata,
    Column("case_number", String(32, collation="C"), nullable=False),
    Column("stage", String(16, collation="C"), nullable=False),
    # "C": place prefixes (LIKE '110116%') use the index, and digits sort as bytes
    Column("village_code", String(12, collation="C"), nullable=False),
    Column("matter_code", String(64), nullable=False),
    Column("matter_version", Integer, nullable=False),
    Column("budget_days", Integer, nullable=False),
    Column("timeout_default", Boolean, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("pauses", JSONB, nullable=False),
    Column("paused_days", Integer, nullable=False),
    Column("stopped_at", DateTime(timezone=True)),
    Column("stop_reason", String(32)),
    Column("light", String(8), nullable=False),
    Column("yellow_days", Integer),
    Column("yellow_at", DateTime(timezone=True)),
    Column("deadline", DateTime(timezone=True)),
    Column("escalate_at", DateTime(timezone=True)),
    Column("provisional", Boolean, nullable=False),
    Column("warned_at", DateTime(timezone=True)),
    Column("breached_at", DateTime(timezone=True)),
    Column("timed_out_at", DateTime(timezone=True)),
    Column("escalated_at", DateTime(timezone=True)),
    Column("next_due_at", DateTime(timezone=True)),
    Column("calendar_version", BigInteger, nullable=False),
    Column("used_days", Integer),
    Column("on_time", Boolean),
    Column("days_over", Integer),
    PrimaryKeyConstraint("case_number", "stage"),
    CheckConstraint("light IN ('green', 'yellow', 'red')", name="clock_light"),
    Index("ix_clocks_next_due", "next_due_at", postgresql_where=text("next_due_at IS NOT NULL")),
    Index("ix_clocks_open_lights", "light", "village_code", "case_number", "stage",
          postgresql_where=text("stopped_at IS NULL")),
    Index("ix_clocks_to_recompute", "calendar_version",
          postgresql_where=text("stopped_at IS NULL OR used_days IS NULL OR on_time IS NULL")),
    Index("ix_clocks_stopped", "stopped_at", postgresql_where=text("stopped_at IS NOT NULL")),
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

complaint_clocks = Table(
    "complaint_clocks",
    metadata,
    Column("complaint_id", String(64), primary_key=True),
    Column("place_code", String(12), nullable=False, index=True),
    Column("case_number", String(32)),
    Column("filed_at", DateTime(timezone=True), nullable=False),
    Column("budget_working_days", Integer, nullable=False),
    Column("answered_at", DateTime(timezone=True)),
    Column("due_at", DateTime(timezone=True), index=True),
    Column("overdue_at", DateTime(timezone=True)),
)
