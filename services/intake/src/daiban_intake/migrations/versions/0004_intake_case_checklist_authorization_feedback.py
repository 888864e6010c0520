"""intake: cases keep their checklist, authorization, notices and feedback; scans, complaints

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 13:57:49.776253
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('attachment_blobs',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    schema='intake'
    )
    op.create_table('complaints',
    sa.Column('seq', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('case_number', sa.String(length=32), nullable=True),
    sa.Column('place_code', sa.String(length=12), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('from_rating', sa.Boolean(), nullable=False),
    sa.Column('filed_by', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('filed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answer', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('id'),
    schema='intake'
    )
    op.create_index(op.f('ix_intake_complaints_case_number'), 'complaints', ['case_number'], unique=False, schema='intake')
    op.create_index(op.f('ix_intake_complaints_place_code'), 'complaints', ['place_code'], unique=False, schema='intake')
    op.create_table('attachments',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('case_number', sa.String(length=32), nullable=False),
    sa.Column('item', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=200), nullable=True),
    sa.Column('content_type', sa.String(length=32), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_number'], ['intake.cases.number'], ),
    sa.PrimaryKeyConstraint('id'),
    schema='intake'
    )
    op.create_index(op.f('ix_intake_attachments_case_number'), 'attachments', ['case_number'], unique=False, schema='intake')
    op.add_column('cases', sa.Column('applicant_home_village', sa.String(length=12), nullable=True), schema='intake')
    op.add_column('cases', sa.Column('special_groups', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'::jsonb"), nullable=False), schema='intake')
    op.add_column('cases', sa.Column('owner', postgresql.JSONB(astext_type=sa.Text()), nullable=True), schema='intake')
    op.add_column('cases', sa.Column('checklist', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'::jsonb"), nullable=False), schema='intake')
    op.add_column('cases', sa.Column('authorization', postgresql.JSONB(astext_type=sa.Text()), nullable=True), schema='intake')
    op.add_column('cases', sa.Column('notices', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'::jsonb"), nullable=False), schema='intake')
    op.add_column('cases', sa.Column('returns', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'::jsonb"), nullable=False), schema='intake')
    op.add_column('cases', sa.Column('relay_version', sa.Integer(), server_default=sa.text('0'), nullable=False), schema='intake')
    op.add_column('cases', sa.Column('decision', postgresql.JSONB(astext_type=sa.Text()), nullable=True), schema='intake')
    op.add_column('cases', sa.Column('closed_why', sa.String(length=32), nullable=True), schema='intake')
    op.add_column('cases', sa.Column('receipt', postgresql.JSONB(astext_type=sa.Text()), nullable=True), schema='intake')
    op.add_column('cases', sa.Column('rating', postgresql.JSONB(astext_type=sa.Text()), nullable=True), schema='intake')
    op.create_index('ix_intake_cases_matter_code', 'cases', ['matter_code'], unique=False, schema='intake')
    op.create_index('ix_intake_cases_opened_at', 'cases', ['opened_at'], unique=False, schema='intake')
    op.create_index(op.f('ix_intake_cases_status'), 'cases', ['status'], unique=False, schema='intake')
    # cases opened before: their taker owns them, their checklist is their matter version's
    op.execute("""
        UPDATE intake.cases c SET owner = c.opened_by,
            checklist = COALESCE((
                SELECT jsonb_agg(jsonb_build_object('material', m.material, 'state', 'missing',
                                                    'attachments', '[]'::jsonb, 'note', NULL)
                                 ORDER BY m.n)
                FROM intake.matter_versions v,
                     jsonb_array_elements(v.materials) WITH ORDINALITY AS m(material, n)
                WHERE v.code = c.matter_code AND v.version = c.matter_version), '[]'::jsonb)
    """)


def downgrade() -> None:
    op.drop_index(op.f('ix_intake_cases_status'), table_name='cases', schema='intake')
    op.drop_index('ix_intake_cases_opened_at', table_name='cases', schema='intake')
    op.drop_index('ix_intake_cases_matter_code', table_name='cases', schema='intake')
    op.drop_column('cases', 'rating', schema='intake')
    op.drop_column('cases', 'receipt', schema='intake')
    op.drop_column('cases', 'closed_why', schema='intake')
    op.drop_column('cases', 'decision', schema='intake')
    op.drop_column('cases', 'relay_version', schema='intake')
    op.drop_column('cases', 'returns', schema='intake')
    op.drop_column('cases', 'notices', schema='intake')
    op.drop_column('cases', 'authorization', schema='intake')
    op.drop_column('cases', 'checklist', schema='intake')
    op.drop_column('cases', 'owner', schema='intake')
    op.drop_column('cases', 'special_groups', schema='intake')
    op.drop_column('cases', 'applicant_home_village', schema='intake')
    op.drop_index(op.f('ix_intake_attachments_case_number'), table_name='attachments', schema='intake')
    op.drop_table('attachments', schema='intake')
    op.drop_index(op.f('ix_intake_complaints_place_code'), table_name='complaints', schema='intake')
    op.drop_index(op.f('ix_intake_complaints_case_number'), table_name='complaints', schema='intake')
    op.drop_table('complaints', schema='intake')
    op.drop_table('attachment_blobs', schema='intake')
