"""Notify's tables, all in the ``notify`` schema."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, MetaData, String, Table, Text

from daiban_common.db import MessagingTables

SCHEMA = "notify"
metadata = MetaData(schema=SCHEMA)
messaging = MessagingTables(metadata)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("case_number", String(32), index=True),
    Column("recipient", String(64), nullable=False, index=True),
    Column("recipient_place", String(12), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("template", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("sent_at", DateTime(timezone=True)),
)
