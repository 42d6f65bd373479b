"""official records hold: what a signature attests, completion and reopening, frozen notices and their
corrections, the register's superseded documents, and art. 33 escalations

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05

Every added column has a server default, the value existing rows take; ``inspector.audit.ADDED_COLUMNS``
names them so the audit digests recorded before this migration still match their rows.
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('escalation',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('origin_device', sa.String(length=36), nullable=False),
    sa.Column('updated_device', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('vv', sa.JSON(), nullable=False),
    sa.Column('finding_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('state', sa.String(length=32), nullable=False),
    sa.Column('authority', sa.String(), nullable=False),
    sa.Column('done_at', sa.String(length=32), nullable=True),
    sa.Column('done_by', sa.String(), nullable=False),
    sa.Column('reference', sa.String(), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('finding_id', 'kind')
    )
    with op.batch_alter_table('escalation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_escalation_finding_id'), ['finding_id'], unique=False)

    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rep_signed_digest', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('rep_not_signed', sa.String(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('rep_not_signed_note', sa.String(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('unchecked_items', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('correction_no', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('corrected_at', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('correction_reason', sa.String(), nullable=False, server_default=''))

    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('superseded_at', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('superseded_by', sa.String(), nullable=False, server_default=''))

    with op.batch_alter_table('rectification_notice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('content_sha256', sa.String(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('corrects_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('correction_reason', sa.String(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('changes', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.create_index(batch_op.f('ix_rectification_notice_corrects_id'), ['corrects_id'], unique=False)
        batch_op.create_foreign_key('fk_rectification_notice_corrects_id', 'rectification_notice',
                                    ['corrects_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('rectification_notice', schema=None) as batch_op:
        batch_op.drop_constraint('fk_rectification_notice_corrects_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_rectification_notice_corrects_id'))
        for column in ('changes', 'correction_reason', 'corrects_id', 'content_sha256', 'content'):
            batch_op.drop_column(column)
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.drop_column('superseded_by')
        batch_op.drop_column('superseded_at')
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        for column in ('correction_reason', 'corrected_at', 'correction_no', 'unchecked_items',
                       'rep_not_signed_note', 'rep_not_signed', 'rep_signed_digest'):
            batch_op.drop_column(column)
    with op.batch_alter_table('escalation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_escalation_finding_id'))
    op.drop_table('escalation')
