"""audit: the roots of the ledger tree's complete subtrees, append-only, so that a proof or a
tree head reads O(log n) hashes; filled here for the entries already in the ledger. The head row
keeps the tree's right edge, so that an append reads nothing more

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every append (the old code's too) writes the head row first: this lock waits for the appends
# in flight and holds off the next ones until the upgrade commits, so that what is read from the
# ledger below is all of it; reads go on meanwhile.
HOLD_THE_APPENDS = "LOCK TABLE audit.ledger_head IN EXCLUSIVE MODE"

# node(left, right) = SHA-256(0x01 ‖ left ‖ right), as domain/merkle.py hashes it
PAIRS_OF_LEAVES = """
INSERT INTO audit.ledger_subtree (height, idx, root_hash)
SELECT 1, (l.seq - 1) / 2, sha256('\\x01'::bytea || l.leaf_hash || r.leaf_hash)
FROM audit.ledger l JOIN audit.ledger r ON r.seq = l.seq + 1
WHERE l.seq % 2 = 1
ON CONFLICT DO NOTHING
"""
PAIRS_OF_SUBTREES = """
INSERT INTO audit.ledger_subtree (height, idx, root_hash)
SELECT l.height + 1, l.idx / 2, sha256('\\x01'::bytea || l.root_hash || r.root_hash)
FROM audit.ledger_subtree l
JOIN audit.ledger_subtree r ON r.height = l.height AND r.idx = l.idx + 1
WHERE l.height = :height AND l.idx % 2 = 0
ON CONFLICT DO NOTHING
"""


def upgrade() -> None:
    op.execute(HOLD_THE_APPENDS)
    op.create_table(
        "ledger_subtree",
        sa.Column("height", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("idx", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("root_hash", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("height", "idx"),
        sa.CheckConstraint("height >= 1 AND idx >= 0", name="a_subtree_above_the_leaves"),
        schema="audit",
    )
    _fill_from_the_leaves()
    # the right edge kept with the head is written by the first append after the upgrade
    op.add_column("ledger_head", sa.Column("edge_size", sa.BigInteger(), nullable=True),
                  schema="audit")
    op.add_column("ledger_head", sa.Column("right_edge", sa.LargeBinary(), nullable=True),
                  schema="audit")
    op.execute("CREATE TRIGGER ledger_subtree_append_only BEFORE UPDATE OR DELETE ON "
               "audit.ledger_subtree FOR EACH ROW EXECUTE FUNCTION audit.refuse_change()")
    op.execute("CREATE TRIGGER ledger_subtree_never_truncated BEFORE TRUNCATE ON "
               "audit.ledger_subtree FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()")


def _fill_from_the_leaves() -> None:
    """One INSERT … SELECT a height, from the stored leaf hashes up: a ledger of a million
    entries is filled in seconds, without reading it into Python."""
    bind = op.get_bind()
    size = int(bind.execute(sa.text("SELECT coalesce(max(seq), 0) FROM audit.ledger")).scalar_one())
    bind.execute(sa.text(PAIRS_OF_LEAVES))
    for height in range(1, size.bit_length() - 1):  # the pairs of height h make height h + 1
        bind.execute(sa.text(PAIRS_OF_SUBTREES), {"height": height})


def downgrade() -> None:
    op.drop_column("ledger_head", "right_edge", schema="audit")
    op.drop_column("ledger_head", "edge_size", schema="audit")
    op.drop_table("ledger_subtree", schema="audit")
