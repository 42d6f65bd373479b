"""deletions that travel (tombstone) and destruction with approval (destruction, art. 29)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('updated_at', sa.String(length=32), nullable=False),
        sa.Column('origin_device', sa.String(length=36), nullable=False),
        sa.Column('updated_device', sa.String(length=36), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('vv', sa.JSON(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table('tombstone', *_record_columns(),
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('deleted_by', sa.String(), nullable=False),
    sa.Column('record_vv', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('destruction', *_record_columns(),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('legal_basis', sa.String(), nullable=False),
    sa.Column('requested_by', sa.String(), nullable=False),
    sa.Column('requested_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('requested_at', sa.String(length=32), nullable=True),
    sa.Column('decided_by', sa.String(), nullable=False),
    sa.Column('decided_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('decided_at', sa.String(length=32), nullable=True),
    sa.Column('decision_note', sa.String(), nullable=False),
    sa.Column('approval_cms', sa.String(), nullable=False),
    sa.Column('destroyed_at', sa.String(length=32), nullable=True),
    sa.Column('destroyed_device', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('destruction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_destruction_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('destruction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_destruction_status'))
    op.drop_table('destruction')
    op.drop_table('tombstone')
