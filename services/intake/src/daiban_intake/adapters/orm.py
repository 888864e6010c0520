"""Intake's tables, all in the ``intake`` schema."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
)
from sqlalchemy.dialects.postgresql import JSONB

from daiban_common.db import MessagingTables
from daiban_common.idempotency import idempotency_table

SCHEMA = "intake"
metadata = MetaData(schema=SCHEMA)
messaging = MessagingTables(metadata)
idempotency_keys = idempotency_table(metadata)

cases = Table(
    "cases",
    metadata,
    Column("number", String(32), primary_key=True),
    Column("matter_code", String(64), nullable=False),
    Column("village_code", String(12), nullable=False, index=True),
    Column("channel", String(16), nullable=False),
    Column("applicant_name", String(50), nullable=False),
    Column("applicant_id_sealed", LargeBinary, nullable=False),
    Column("applicant_id_hash", String(64), nullable=False, index=True),
    Column("applicant_id_masked", String(18), nullable=False),
    Column("applicant_phone", String(20), nullable=False),
    Column("opened_by", JSONB, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("status", String(24), nullable=False),
    Column("version", Integer, nullable=False),
)

case_sequences = Table(
    "case_sequences",
    metadata,
    Column("county_code", String(6), nullable=False),
    Column("day", Date, nullable=False),
    Column("last", Integer, nullable=False),
    PrimaryKeyConstraint("county_code", "day"),
)
