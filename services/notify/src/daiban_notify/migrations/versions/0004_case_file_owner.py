"""notify: the first-inquiry owner of a case (from case.taken_over / case.accepted), who hears
what the agent of the case must

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 20:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = 'notify'


def upgrade() -> None:
    op.add_column('case_files', sa.Column('owner_id', sa.String(length=64), nullable=True),
                  schema=S)


def downgrade() -> None:
    op.drop_column('case_files', 'owner_id', schema=S)
