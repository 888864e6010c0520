"""Audit's tables, all in the ``audit`` schema."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

from daiban_common.db import MessagingTables

SCHEMA = "audit"
metadata = MetaData(schema=SCHEMA)
messaging = MessagingTables(metadata)

ledger = Table(
    "ledger",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("event_id", String(64), nullable=False, unique=True),
    Column("event_type", String(128), nullable=False, index=True),
    Column("source", String(128), nullable=False),
    Column("subject", String(128), index=True),
    Column("place", String(12), index=True),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("data", JSONB, nullable=False),
    Column("leaf_hash", LargeBinary, nullable=False),
    Column("flow_version", Integer),
    Column("happened_at", DateTime(timezone=True)),
    Column("staff_id", String(64)),
    Column("staff_name", String(50)),
    Column("station_code", String(32)),
    Index("ix_audit_ledger_staff", "staff_id", "seq"),
)

ledger_head = Table(
    "ledger_head",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("edge_size", BigInteger),
    Column("right_edge", LargeBinary),
    CheckConstraint("id = 1", name="one_head"),
)
"""The last position, and the tree's right edge at ``edge_size`` (the roots of its complete
subtrees, largest first, joined), so that an append reads no other row."""

ledger_subtree = Table(
    "ledger_subtree",
    metadata,
    Column("height", SmallInteger, primary_key=True, autoincrement=False),
    Column("idx", BigInteger, primary_key=True, autoincrement=False),
    Column("root_hash", LargeBinary, nullable=False),
)
"""The root of each complete subtree of height 1 and more: leaves ``[idx·2^height,
(idx+1)·2^height)``, written with the entry that completes it."""

checkpoint = Table(
    "checkpoint",
    metadata,
    Column("tree_size", BigInteger, primary_key=True, autoincrement=False),
    Column("root_hash", LargeBinary, nullable=False),
    Column("signed_at", DateTime(timezone=True), nullable=False),
    Column("note", Text, nullable=False),
    Column("frontier", LargeBinary),
)

case_record = Table(
    "case_record",
    metadata,
    Column("case_number", String(32), primary_key=True),
    Column("village_code", String(12)),
    Column("agent_id", String(64)),
    Column("opened_at", DateTime(timezone=True)),
    Column("ended_at", DateTime(timezone=True)),
    Column("last_at", DateTime(timezone=True)),
    Column("data", JSONB, nullable=False),
    Index("ix_audit_case_record_village", "village_code", "last_at"),
    Index("ix_audit_case_record_agent", "agent_id", "opened_at"),
)

place_node = Table(
    "place_node",
    metadata,
    Column("code", String(12), primary_key=True),
    Column("name", String(50), nullable=False),
    Column("tier", String(16), nullable=False),
    Column("parent_code", String(12)),
    Column("distance_km", Numeric(8, 1)),
    Column("version", Integer, nullable=False),
)

monthly_report_issue = Table(
    "monthly_report_issue",
    metadata,
    Column("town_code", String(9), primary_key=True),
    Column("month", String(7), primary_key=True),
    Column("ready_at", DateTime(timezone=True), nullable=False),
    Column("late", Boolean, nullable=False),
)

staff_post = Table(
    "staff_post",
    metadata,
    Column("staff_id", String(64), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("station_code", String(32), nullable=False),
    Column("name", String(50), nullable=False),
    Column("since", DateTime(timezone=True), nullable=False),
    Index("ix_audit_staff_post_station", "station_code"),
)
