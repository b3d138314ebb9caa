"""Initial schema: articles, copies, events merged across articles, reports, runs, rejected inputs.

Revision ID: 0001
Revises:
Create Date: 2026-11-26 23:32:30.783982
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table('actors',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('key', sa.String(length=500), nullable=False),
    sa.Column('name', sa.String(length=400), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actors')),
    sa.UniqueConstraint('key', name=op.f('uq_actors_key'))
    )
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actors_name'), ['name'], unique=False)

    op.create_table('merges',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('report_id', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('matched', sa.String(length=200), nullable=True),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('previous_event', sa.String(length=40), nullable=True),
    sa.Column('run_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_merges'))
    )
    with op.batch_alter_table('merges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_merges_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_merges_report_id'), ['report_id'], unique=False)

    op.create_table('places',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('key', sa.String(length=500), nullable=False),
    sa.Column('name', sa.String(length=400), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('geonames_id', sa.BigInteger(), nullable=True),
    sa.Column('precision', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_places')),
    sa.UniqueConstraint('key', name=op.f('uq_places_key'))
    )
    op.create_table('runs',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('inputs', sa.JSON(), nullable=False),
    sa.Column('stats', sa.JSON(), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('host', sa.String(length=255), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_runs'))
    )
    op.create_table('sources',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=400), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sources')),
    sa.UniqueConstraint('name', name=op.f('uq_sources_name'))
    )
    op.create_table('articles',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('ext_id', sa.String(length=1000), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('lang', sa.String(length=16), nullable=True),
    sa.Column('published_start', sa.Date(), nullable=True),
    sa.Column('published_end', sa.Date(), nullable=True),
    sa.Column('published_precision', sa.String(length=8), nullable=True),
    sa.Column('source_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('origin', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('error_code', sa.String(length=40), nullable=True),
    sa.Column('error_message', sa.Text(), nullable=True),
    sa.Column('duplicate_of', sa.String(length=64), nullable=True),
    sa.Column('similarity', sa.Float(), nullable=True),
    sa.Column('signature', sa.LargeBinary(), nullable=True),
    sa.Column('run_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['duplicate_of'], ['articles.id'],
                            name=op.f('fk_articles_duplicate_of_articles'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_articles_run_id_runs')),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_articles_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles'))
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_duplicate_of'), ['duplicate_of'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_source_id'), ['source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_url'), ['url'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('modality', sa.String(length=16), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('place_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('location_name', sa.String(length=400), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('date_start', sa.Date(), nullable=True),
    sa.Column('date_end', sa.Date(), nullable=True),
    sa.Column('date_precision', sa.String(length=8), nullable=True),
    sa.Column('span_start', sa.Date(), nullable=True),
    sa.Column('span_end', sa.Date(), nullable=True),
    sa.Column('n_reports', sa.Integer(), nullable=False),
    sa.Column('n_articles', sa.Integer(), nullable=False),
    sa.Column('killed', sa.Float(), nullable=True),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], name=op.f('fk_events_place_id_places')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_block', ['type', 'country', 'span_start'], unique=False)
        batch_op.create_index('ix_events_country_date', ['country', 'date_start'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_date_start'), ['date_start'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_updated_at'), ['updated_at'], unique=False)

    op.create_table('rejected',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('ext_id', sa.String(length=1000), nullable=False),
    sa.Column('origin', sa.Text(), nullable=True),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('run_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('seen', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_rejected_run_id_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rejected')),
    sa.UniqueConstraint('key', name=op.f('uq_rejected_key'))
    )
    with op.batch_alter_table('rejected', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rejected_url'), ['url'], unique=False)

    op.create_table('article_bands',
    sa.Column('band', sa.BigInteger(), nullable=False),
    sa.Column('article_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'],
                            name=op.f('fk_article_bands_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('band', 'article_id', name=op.f('pk_article_bands'))
    )
    with op.batch_alter_table('article_bands', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_bands_article_id'), ['article_id'], unique=False)

    op.create_table('reports',
    sa.Column('pk', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('article_id', sa.String(length=64), nullable=False),
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('local_id', sa.String(length=100), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('modality', sa.String(length=16), nullable=False),
    sa.Column('date_start', sa.Date(), nullable=True),
    sa.Column('date_end', sa.Date(), nullable=True),
    sa.Column('date_precision', sa.String(length=8), nullable=True),
    sa.Column('place_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('features', sa.JSON(), nullable=False),
    sa.Column('link', sa.JSON(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'],
                            name=op.f('fk_reports_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_reports_event_id_events')),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], name=op.f('fk_reports_place_id_places')),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_reports')),
    sa.UniqueConstraint('id', name=op.f('uq_reports_id'))
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reports_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_place_id'), ['place_id'], unique=False)

    op.create_table('attributions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('report_id', sa.String(length=200), nullable=False),
    sa.Column('source_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('via', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'],
                            name=op.f('fk_attributions_report_id_reports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_attributions_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attributions'))
    )
    with op.batch_alter_table('attributions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attributions_report_id'), ['report_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attributions_source_id'), ['source_id'], unique=False)

    op.create_table('mentions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('report_id', sa.String(length=200), nullable=False),
    sa.Column('article_id', sa.String(length=64), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'],
                            name=op.f('fk_mentions_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentions'))
    )
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentions_report_id'), ['report_id'], unique=False)

    op.create_table('report_actors',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('report_id', sa.String(length=200), nullable=False),
    sa.Column('actor_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_report_actors_actor_id_actors')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'],
                            name=op.f('fk_report_actors_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_actors'))
    )
    with op.batch_alter_table('report_actors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_actors_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_actors_report_id'), ['report_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('report_actors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_actors_report_id'))
        batch_op.drop_index(batch_op.f('ix_report_actors_actor_id'))

    op.drop_table('report_actors')
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentions_report_id'))

    op.drop_table('mentions')
    with op.batch_alter_table('attributions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attributions_source_id'))
        batch_op.drop_index(batch_op.f('ix_attributions_report_id'))

    op.drop_table('attributions')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_place_id'))
        batch_op.drop_index(batch_op.f('ix_reports_event_id'))
        batch_op.drop_index(batch_op.f('ix_reports_article_id'))

    op.drop_table('reports')
    with op.batch_alter_table('article_bands', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_bands_article_id'))

    op.drop_table('article_bands')
    with op.batch_alter_table('rejected', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rejected_url'))

    op.drop_table('rejected')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_updated_at'))
        batch_op.drop_index(batch_op.f('ix_events_date_start'))
        batch_op.drop_index('ix_events_country_date')
        batch_op.drop_index('ix_events_block')

    op.drop_table('events')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_url'))
        batch_op.drop_index(batch_op.f('ix_articles_source_id'))
        batch_op.drop_index(batch_op.f('ix_articles_duplicate_of'))

    op.drop_table('articles')
    op.drop_table('sources')
    op.drop_table('runs')
    op.drop_table('places')
    with op.batch_alter_table('merges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_merges_report_id'))
        batch_op.drop_index(batch_op.f('ix_merges_event_id'))

    op.drop_table('merges')
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actors_name'))

    op.drop_table('actors')
