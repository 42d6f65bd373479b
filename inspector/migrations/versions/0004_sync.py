"""sync: the bundles this vault made or applied, and the conflicts waiting for a decision

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24

Both tables are local to a vault (not synchronised). See ``docs/bundle-format.md``.
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_bundle',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('direction', sa.String(), nullable=False),
    sa.Column('sender_name', sa.String(), nullable=False),
    sa.Column('sender_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('sender_vault_id', sa.String(length=36), nullable=False),
    sa.Column('recipients', sa.JSON(), nullable=False),
    sa.Column('scope', sa.String(), nullable=False),
    sa.Column('since_seq', sa.Integer(), nullable=False),
    sa.Column('local_seq', sa.Integer(), nullable=False),
    sa.Column('checkpoint_seq', sa.Integer(), nullable=False),
    sa.Column('checkpoint_hash', sa.String(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('processed_at', sa.String(length=32), nullable=False),
    sa.Column('filename', sa.String(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sync_bundle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_bundle_sender_vault_id'), ['sender_vault_id'], unique=False)

    op.create_table('sync_conflict',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('table_name', sa.String(), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('incoming', sa.JSON(), nullable=False),
    sa.Column('bundle_id', sa.String(length=36), nullable=False),
    sa.Column('sender_name', sa.String(), nullable=False),
    sa.Column('detected_at', sa.String(length=32), nullable=False),
    sa.Column('resolved_at', sa.String(length=32), nullable=True),
    sa.Column('resolution', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_conflict_record_id'), ['record_id'], unique=False)


def downgrade() -> None:
    op.drop_table('sync_conflict')
    op.drop_table('sync_bundle')
