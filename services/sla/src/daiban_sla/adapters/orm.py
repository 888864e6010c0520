"""SLA's tables, all in the ``sla`` schema."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, MetaData, String, Table

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
