"""sla: the applicant's masked name on a tracked case, for the public board's results

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 13:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('tracked_cases', sa.Column('applicant_masked', sa.String(length=50), nullable=True), schema='sla')


def downgrade() -> None:
    op.drop_column('tracked_cases', 'applicant_masked', schema='sla')
