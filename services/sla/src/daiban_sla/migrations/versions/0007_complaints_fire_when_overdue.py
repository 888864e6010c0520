"""sla: complaints fire when overdue

A complaint's clock keeps when the sweeper is to look at it (its deadline) and when it was seen
overdue. Unanswered complaints of before are due at once: the sweeper reckons their deadline and
fires those already past it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 14:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('complaint_clocks', sa.Column('due_at', sa.DateTime(timezone=True),
                                                nullable=True), schema='sla')
    op.add_column('complaint_clocks', sa.Column('overdue_at', sa.DateTime(timezone=True),
                                                nullable=True), schema='sla')
    op.create_index(op.f('ix_sla_complaint_clocks_due_at'), 'complaint_clocks', ['due_at'],
                    unique=False, schema='sla')
    op.execute("UPDATE sla.complaint_clocks SET due_at = filed_at WHERE answered_at IS NULL")


def downgrade() -> None:
    op.drop_index(op.f('ix_sla_complaint_clocks_due_at'), table_name='complaint_clocks',
                  schema='sla')
    op.drop_column('complaint_clocks', 'overdue_at', schema='sla')
    op.drop_column('complaint_clocks', 'due_at', schema='sla')
