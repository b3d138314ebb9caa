"""Indexes for the API's reads: the listing's orders, the map's area filter, actors by kind.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 18:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_date_start'))
        batch_op.create_index('ix_events_date_id', ['date_start', 'id'], unique=False)
        batch_op.create_index('ix_events_type_date', ['type', 'date_start', 'id'], unique=False)
        batch_op.create_index('ix_events_killed_id', ['killed', 'id'], unique=False)
        batch_op.create_index('ix_events_articles_id', ['n_articles', 'id'], unique=False)
        batch_op.create_index('ix_events_lat_lon', ['lat', 'lon'], unique=False)
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actors_kind'), ['kind'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actors_kind'))
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_lat_lon')
        batch_op.drop_index('ix_events_articles_id')
        batch_op.drop_index('ix_events_killed_id')
        batch_op.drop_index('ix_events_type_date')
        batch_op.drop_index('ix_events_date_id')
        batch_op.create_index(batch_op.f('ix_events_date_start'), ['date_start'], unique=False)
