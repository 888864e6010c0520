"""notify: staff members' channel preferences (muted SMS / e-mail)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 14:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = 'notify'


def upgrade() -> None:
    op.create_table('preferences',
    sa.Column('staff_id', sa.String(length=64), nullable=False),
    sa.Column('muted', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('staff_id'),
    schema=S
    )


def downgrade() -> None:
    op.drop_table('preferences', schema=S)
