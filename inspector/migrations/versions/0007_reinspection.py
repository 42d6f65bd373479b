"""re-inspection (复查): an inspection may re-inspect an issued rectification notice, over some of the items

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

The added ``inspection`` columns have server defaults (the values existing rows take), named in
``inspector.audit.ADDED_COLUMNS`` so the audit digests recorded before this migration still match.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reinspects_notice_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('scope_items', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('scheduled_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_inspection_reinspects_notice_id'), ['reinspects_notice_id'],
                              unique=False)
        batch_op.create_foreign_key('fk_inspection_reinspects_notice_id', 'rectification_notice',
                                    ['reinspects_notice_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.drop_constraint('fk_inspection_reinspects_notice_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_inspection_reinspects_notice_id'))
        batch_op.drop_column('scheduled_on')
        batch_op.drop_column('scope_items')
        batch_op.drop_column('reinspects_notice_id')
