"""routing master data and matter catalogue

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 13:11:05.540026
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('idempotency_keys',
    sa.Column('principal', sa.String(length=64), nullable=False),
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('result', sa.String(length=128), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('principal', 'key'),
    schema='routing'
    )
    op.create_table('matters',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('matter', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('code', 'version'),
    schema='routing'
    )
    op.create_table('places',
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('parent_code', sa.String(length=12), nullable=True),
    sa.Column('distance_km', sa.Numeric(precision=5, scale=1), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['parent_code'], ['routing.places.code'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('code'),
    schema='routing'
    )
    op.create_index(op.f('ix_routing_places_parent_code'), 'places', ['parent_code'], unique=False, schema='routing')
    op.create_table('departments',
    sa.Column('county_code', sa.String(length=6), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['county_code'], ['routing.places.code'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('county_code', 'code'),
    schema='routing'
    )
    op.create_table('stations',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('place_code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['place_code'], ['routing.places.code'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('code'),
    schema='routing'
    )
    op.create_index(op.f('ix_routing_stations_place_code'), 'stations', ['place_code'], unique=False, schema='routing')
    op.create_table('staff',
    sa.Column('staff_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('phone', sa.String(length=11), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('station_code', sa.String(length=16), nullable=False),
    sa.Column('skills', postgresql.ARRAY(sa.String(length=32)), nullable=False),
    sa.Column('partner_id', sa.String(length=64), nullable=True),
    sa.Column('duty', sa.String(length=16), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['routing.staff.staff_id'], initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['station_code'], ['routing.stations.code'], initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('staff_id'),
    schema='routing'
    )
    op.create_index(op.f('ix_routing_staff_partner_id'), 'staff', ['partner_id'], unique=False, schema='routing')
    op.create_index(op.f('ix_routing_staff_station_code'), 'staff', ['station_code'], unique=False, schema='routing')


def downgrade() -> None:
    op.drop_index(op.f('ix_routing_staff_station_code'), table_name='staff', schema='routing')
    op.drop_index(op.f('ix_routing_staff_partner_id'), table_name='staff', schema='routing')
    op.drop_table('staff', schema='routing')
    op.drop_index(op.f('ix_routing_stations_place_code'), table_name='stations', schema='routing')
    op.drop_table('stations', schema='routing')
    op.drop_table('departments', schema='routing')
    op.drop_index(op.f('ix_routing_places_parent_code'), table_name='places', schema='routing')
    op.drop_table('places', schema='routing')
    op.drop_table('matters', schema='routing')
    op.drop_table('idempotency_keys', schema='routing')
