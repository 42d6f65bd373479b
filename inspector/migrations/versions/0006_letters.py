"""letters: the documents the procedure still lacks (检查通知, 整改复查意见书, 督办通知, art. 33 letters), and the
版记 / 附注 of a notice

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08

``letter`` is new; the added ``rectification_notice.colophon`` has a server default ({}), the value existing rows
take, named in ``inspector.audit.ADDED_COLUMNS`` so the audit digests recorded before this migration still match.
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('letter',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('origin_device', sa.String(length=36), nullable=False),
    sa.Column('updated_device', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('vv', sa.JSON(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('serial', sa.Integer(), nullable=True),
    sa.Column('number', sa.String(), nullable=False),
    sa.Column('plan_id', sa.String(length=36), nullable=True),
    sa.Column('department_id', sa.String(length=36), nullable=True),
    sa.Column('notice_id', sa.String(length=36), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('colophon', sa.JSON(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('content_sha256', sa.String(), nullable=False),
    sa.Column('file_sha256', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['notice_id'], ['rectification_notice.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('year', 'serial')
    )
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letter_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_letter_notice_id'), ['notice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_letter_plan_id'), ['plan_id'], unique=False)

    with op.batch_alter_table('rectification_notice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('colophon', sa.JSON(), nullable=False, server_default='{}'))


def downgrade() -> None:
    with op.batch_alter_table('rectification_notice', schema=None) as batch_op:
        batch_op.drop_column('colophon')
    with op.batch_alter_table('letter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letter_plan_id'))
        batch_op.drop_index(batch_op.f('ix_letter_notice_id'))
        batch_op.drop_index(batch_op.f('ix_letter_department_id'))
    op.drop_table('letter')
