"""Intake's tables, all in the ``intake`` schema."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from daiban_common.db import MessagingTables

SCHEMA = "intake"
metadata = MetaData(schema=SCHEMA)
messaging = MessagingTables(metadata)
idempotency_keys = messaging.idempotency_keys

cases = Table(
    "cases",
    metadata,
    Column("number", String(32), primary_key=True),
    Column("matter_code", String(64), nullable=False),
    Column("matter_version", Integer, nullable=False),
    Column("village_code", String(12), nullable=False, index=True),
    Column("channel", String(16), nullable=False),
    Column("applicant_name", String(50), nullable=False),
    Column("applicant_id_sealed", LargeBinary, nullable=False),
    Column("applicant_id_hash", String(64), nullable=False, index=True),
    Column("applicant_id_masked", String(18), nullable=False),
    Column("applicant_phone", String(20), nullable=False),
    Column("opened_by", JSONB, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("status", String(24), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("applicant_home_village", String(12)),
    Column("special_groups", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("owner", JSONB),
    Column("checklist", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("authorization", JSONB),
    Column("notices", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("returns", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("relay_version", Integer, nullable=False, server_default=text("0")),
    Column("decision", JSONB),
    Column("closed_why", String(32)),
    Column("receipt", JSONB),
    Column("rating", JSONB),
    Index("ix_intake_cases_matter_code", "matter_code"),
    Index("ix_intake_cases_opened_at", "opened_at"),
)

attachments = Table(
    "attachments",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("case_number", String(32), ForeignKey("cases.number"), nullable=False, index=True),
    Column("item", Integer),
    Column("filename", String(200)),
    Column("content_type", String(32), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("uploaded_by", JSONB, nullable=False),
    Column("uploaded_at", DateTime(timezone=True), nullable=False),
)

attachment_blobs = Table(
    "attachment_blobs",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("content", LargeBinary, nullable=False),
)

complaints = Table(
    "complaints",
    metadata,
    Column("seq", BigInteger, Identity(), primary_key=True),
    Column("id", String(32), nullable=False, unique=True),
    Column("case_number", String(32), index=True),
    Column("place_code", String(12), nullable=False, index=True),
    Column("summary", Text, nullable=False),
    Column("from_rating", Boolean, nullable=False),
    # none_as_null: no answer is SQL NULL, which the answered filter tests (not a JSON null)
    Column("filed_by", JSONB(none_as_null=True)),
    Column("filed_at", DateTime(timezone=True), nullable=False),
    Column("answer", JSONB(none_as_null=True)),
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

matters = Table(
    "matters",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("current_version", Integer, nullable=False),
    Column("published", Boolean, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

matter_versions = Table(
    "matter_versions",
    metadata,
    Column("code", String(64), ForeignKey("matters.code"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("name", String(100), nullable=False),
    Column("department_code", String(32), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("deciding_tier", String(16), nullable=False),
    Column("limit_working_days", Integer, nullable=False),
    Column("proxy_allowance_days", Integer, nullable=False),
    Column("stage_days", JSONB, nullable=False),
    Column("materials", JSONB, nullable=False),
    Column("authorization_required", Boolean, nullable=False),
    Column("timeout_default_stages", JSONB, nullable=False),
    Column("department_fee_yuan", Numeric(10, 2)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("code", "version"),
)

places = Table(
    "places",
    metadata,
    Column("code", String(12), primary_key=True),
    Column("name", String(50), nullable=False),
    Column("tier", String(8), nullable=False),
    Column("parent_code", String(12)),
    Column("active", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
)
"""The division tree as routing publishes it (``place.*``): the read model of known places."""

stations = Table(
    "stations",
    metadata,
    Column("code", String(15), primary_key=True),
    Column("place_code", String(12), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
)
"""The service stations as routing publishes them (``place.station_*``)."""
