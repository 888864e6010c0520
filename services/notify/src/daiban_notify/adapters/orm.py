"""Notify's tables, all in the ``notify`` schema."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from daiban_common.db import MessagingTables

SCHEMA = "notify"
metadata = MetaData(schema=SCHEMA)
messaging = MessagingTables(metadata)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("event_id", String(64), nullable=False),
    Column("event_type", String(128), nullable=False),
    Column("rule", String(64), nullable=False),
    Column("case_number", String(32), index=True),
    Column("recipient", String(128), nullable=False, index=True),
    Column("recipient_place", String(12), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("address", Text, nullable=False),
    Column("template", String(64), nullable=False),
    Column("subject", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("alarm", Boolean, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("not_before", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
    Column("read_at", DateTime(timezone=True)),
    Column("error", Text),
    Index("ix_deliveries_due", "not_before", postgresql_where=text("status = 'pending'")),
)

delivery_attempts = Table(
    "delivery_attempts",
    metadata,
    Column("delivery_id", String(64), ForeignKey(f"{SCHEMA}.deliveries.id"),
           primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("error", Text),
)

staff = Table(
    "staff",
    metadata,
    Column("staff_id", String(64), primary_key=True),
    Column("name", String(50), nullable=False),
    Column("phone", String(16), nullable=False),
    Column("email", String(254)),
    Column("role", String(32), nullable=False),
    Column("place_code", String(12), nullable=False, index=True),
    Column("partner_id", String(64)),
    Column("on_duty", Boolean, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
)

case_files = Table(
    "case_files",
    metadata,
    Column("case_number", String(32), primary_key=True),
    Column("village_code", String(12), nullable=False),
    Column("matter_code", String(64), nullable=False),
    Column("matter_version", Integer, nullable=False),
    Column("applicant_name", String(50)),
    Column("agent_id", String(64)),
    Column("owner_id", String(64)),
    Column("resident_phone", String(16)),
    Column("holders", JSONB, nullable=False),
    Column("holding_tier", String(16)),
)

matter_names = Table(
    "matter_names",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("limit_working_days", Integer, nullable=False),
)

webhook_subscriptions = Table(
    "webhook_subscriptions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("url", Text, nullable=False),
    Column("event_types", JSONB, nullable=False),
    Column("secret", String(128), nullable=False),
    Column("place_code", String(12), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("active", Boolean, nullable=False),
)

preferences = Table(
    "preferences",
    metadata,
    Column("staff_id", String(64), primary_key=True),
    Column("muted", JSONB, nullable=False),
    Column("updated_at", DateTime(timezone=True)),
)
