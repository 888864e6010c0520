"""intake: a read model of the division tree and its stations, from routing's place events

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 12:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "places",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("tier", sa.String(length=8), nullable=False),
        sa.Column("parent_code", sa.String(length=12), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
        schema="intake",
    )
    op.create_table(
        "stations",
        sa.Column("code", sa.String(length=15), nullable=False),
        sa.Column("place_code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
        schema="intake",
    )
    op.create_index(op.f("ix_intake_stations_place_code"), "stations", ["place_code"],
                    unique=False, schema="intake")


def downgrade() -> None:
    op.drop_index(op.f("ix_intake_stations_place_code"), table_name="stations", schema="intake")
    op.drop_table("stations", schema="intake")
    op.drop_table("places", schema="intake")
