"""audit: the ledger as a Merkle tree, its order and who/what/when/where, signed checkpoints,
and a trigger that refuses UPDATE, DELETE and TRUNCATE of the ledger and its checkpoints

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from daiban_audit.domain.entry import LedgerEntry, Recorded

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PROTECTED = ("ledger", "checkpoint")

REFUSE = """
CREATE OR REPLACE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit.% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def upgrade() -> None:
    for name, kind in (("leaf_hash", sa.LargeBinary()), ("flow_version", sa.Integer()),
                       ("happened_at", sa.DateTime(timezone=True)),
                       ("staff_id", sa.String(64)), ("staff_name", sa.String(50)),
                       ("station_code", sa.String(32))):
        op.add_column("ledger", sa.Column(name, kind, nullable=True), schema="audit")
    _reseal_existing_entries()
    op.alter_column("ledger", "leaf_hash", nullable=False, schema="audit")
    op.drop_column("ledger", "prev_hash", schema="audit")
    op.drop_column("ledger", "hash", schema="audit")
    op.drop_column("ledger_head", "hash", schema="audit")
    op.create_index("ix_audit_ledger_staff", "ledger", ["staff_id", "seq"], schema="audit")
    op.create_table(
        "checkpoint",
        sa.Column("tree_size", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("root_hash", sa.LargeBinary(), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("tree_size"),
        schema="audit",
    )
    op.execute(REFUSE)
    for table in PROTECTED:
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON audit.{table} "
                   "FOR EACH ROW EXECUTE FUNCTION audit.refuse_change()")
        op.execute(f"CREATE TRIGGER {table}_never_truncated BEFORE TRUNCATE ON audit.{table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()")


def _reseal_existing_entries() -> None:
    """Entries of the hash chain get their leaf hash and what is read from their data."""
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT seq, event_id, event_type, source, subject, place, occurred_at, data "
        "FROM audit.ledger ORDER BY seq")).mappings().all()
    for row in rows:
        entry = LedgerEntry.sealed(Recorded.of_event(
            event_id=row["event_id"], event_type=row["event_type"], source=row["source"],
            subject=row["subject"], place=row["place"], occurred_at=row["occurred_at"],
            data=row["data"]), seq=row["seq"])
        r = entry.recorded
        bind.execute(sa.text(
            "UPDATE audit.ledger SET leaf_hash = :leaf, flow_version = :fv, happened_at = :at, "
            "staff_id = :sid, staff_name = :sname, station_code = :station WHERE seq = :seq"),
            {"leaf": entry.leaf_hash, "fv": r.flow_version, "at": r.happened_at,
             "sid": r.who.staff_id, "sname": r.who.staff_name, "station": r.who.station_code,
             "seq": entry.seq})


def downgrade() -> None:
    for table in PROTECTED:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON audit.{table}")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_never_truncated ON audit.{table}")
    op.execute("DROP FUNCTION IF EXISTS audit.refuse_change()")
    op.drop_table("checkpoint", schema="audit")
    op.drop_index("ix_audit_ledger_staff", table_name="ledger", schema="audit")
    op.add_column("ledger_head", sa.Column("hash", sa.String(64), nullable=False,
                                           server_default="0" * 64), schema="audit")
    op.add_column("ledger", sa.Column("prev_hash", sa.String(64), nullable=False,
                                      server_default=""), schema="audit")
    op.add_column("ledger", sa.Column("hash", sa.String(64), nullable=False,
                                      server_default=""), schema="audit")
    for name in ("station_code", "staff_name", "staff_id", "happened_at", "flow_version",
                 "leaf_hash"):
        op.drop_column("ledger", name, schema="audit")
