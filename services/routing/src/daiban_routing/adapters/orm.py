"""Routing's tables, all in the ``routing`` schema."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table

from daiban_common.db import MessagingTables

SCHEMA = "routing"
metadata = MetaData(schema=SCHEMA)
messaging = MessagingTables(metadata)

cases = Table(
    "cases",
    metadata,
    Column("number", String(32), primary_key=True),
    Column("matter_code", String(64), nullable=False),
    Column("village_code", String(12), nullable=False, index=True),
    Column("state", String(32), nullable=False),
    Column("since", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
)
