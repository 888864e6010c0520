"""Routing's tables, all in the ``routing`` schema.

Foreign keys are deferred to the commit, so a file's rows may be written in any order.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Index,
    Integer,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Table,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from daiban_common.db import MessagingTables

SCHEMA = "routing"
metadata = MetaData(schema=SCHEMA)
messaging = MessagingTables(metadata)
idempotency_keys = messaging.idempotency_keys


def _deferred(target: str) -> ForeignKey:
    return ForeignKey(f"{SCHEMA}.{target}", deferrable=True, initially="DEFERRED")


cases = Table(
    "cases",
    metadata,
    Column("number", String(32), primary_key=True),
    Column("matter_code", String(64), nullable=False),
    Column("village_code", String(12), nullable=False, index=True),
    Column("state", String(32), nullable=False),
    Column("since", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Column("matter_version", Integer, nullable=False, server_default=text("1")),
    Column("tier", String(16), nullable=False, server_default="village"),
    Column("place_code", String(12), index=True),
    Column("station_code", String(16), index=True),
    Column("assignee_id", String(64), index=True),
    Column("assignee_role", String(32)),
    Column("accepted_at", DateTime(timezone=True)),
    Column("accepted_by", JSONB),
    Column("owner", JSONB),
    Column("route", JSONB),
    Column("returned", JSONB),
    Column("decision", JSONB),
    Column("delivery", JSONB),
    Column("closed_why", String(32)),
)

handovers = Table(
    "handovers",
    metadata,
    Column("handover_id", String(64), primary_key=True),
    Column("case_number", String(32), nullable=False, index=True),
    Column("from_tier", String(16), nullable=False),
    Column("to_tier", String(16), nullable=False),
    Column("to_place", String(12), nullable=False),
    Column("direction", String(8), nullable=False),
    Column("handed_by", JSONB),
    Column("handed_at", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False),
    Column("received_by", JSONB),
    Column("received_at", DateTime(timezone=True)),
    Column("reminded_at", DateTime(timezone=True)),
    Index("ix_routing_handovers_pending", "to_place", "handed_at",
          postgresql_where=text("status = 'pending'")),
)

case_actions = Table(
    "case_actions",
    metadata,
    Column("seq", BigInteger, Identity(), primary_key=True),
    Column("case_number", String(32), nullable=False, index=True),
    Column("flow_version", Integer, nullable=False),
    Column("move", String(64), nullable=False),
    Column("staff_id", String(64), index=True),
    Column("role", String(32)),
    Column("place", String(12)),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("note", String(500)),
)

places = Table(
    "places",
    metadata,
    Column("code", String(12), primary_key=True),
    Column("name", String(50), nullable=False),
    Column("parent_code", String(12), _deferred("places.code"), index=True),
    Column("distance_km", Numeric(5, 1)),
    Column("active", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
)

stations = Table(
    "stations",
    metadata,
    Column("code", String(16), primary_key=True),
    Column("place_code", String(12), _deferred("places.code"), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("phone", String(20)),
    Column("supervision_phone", String(20)),
    Column("active", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
)

departments = Table(
    "departments",
    metadata,
    Column("county_code", String(6), _deferred("places.code"), nullable=False),
    Column("code", String(32), nullable=False),
    Column("name", String(50), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
    PrimaryKeyConstraint("county_code", "code"),
)

staff = Table(
    "staff",
    metadata,
    Column("staff_id", String(64), primary_key=True),
    Column("name", String(50), nullable=False),
    Column("phone", String(11), nullable=False),
    Column("role", String(32), nullable=False),
    Column("station_code", String(16), _deferred("stations.code"), nullable=False, index=True),
    Column("email", String(254)),
    Column("skills", ARRAY(String(32)), nullable=False),
    Column("partner_id", String(64), index=True),
    Column("duty", String(16), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
    ForeignKeyConstraint(["partner_id"], [f"{SCHEMA}.staff.staff_id"], deferrable=True,
                         initially="DEFERRED"),
)

matters = Table(
    "matters",
    metadata,
    Column("code", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("matter", JSONB),
    Column("published", Boolean, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("code", "version"),
)
