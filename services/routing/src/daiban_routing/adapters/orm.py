"""Routing's tables, all in the ``routing`` schema.

Foreign keys are deferred to the commit, so a file's rows may be written in any order.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Table,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from daiban_common.db import MessagingTables
from daiban_common.idempotency import idempotency_table

SCHEMA = "routing"
metadata = MetaData(schema=SCHEMA)
messaging = MessagingTables(metadata)
idempotency_keys = idempotency_table(metadata)


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
