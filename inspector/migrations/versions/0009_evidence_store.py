"""evidence store: evidence content moves out of the database into files encrypted one by one

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06

``evidence_blob`` gains the file's key and cipher (:mod:`inspector.evidence_store`) and its ``data`` may be empty.
The added columns have server defaults named in ``inspector.audit.ADDED_COLUMNS`` so the audit digests recorded
before this migration still match. The content itself moves out when the vault is next opened
(:func:`inspector.evidence_store.move_inline`), through the audit chain like every write.
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('evidence_blob', schema=None) as batch_op:
        batch_op.alter_column('data', existing_type=sa.LargeBinary(), nullable=True)
        batch_op.add_column(sa.Column('cipher', sa.String(length=16), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('file_key', sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('evidence_blob', schema=None) as batch_op:
        batch_op.drop_column('file_key')
        batch_op.drop_column('cipher')
        batch_op.alter_column('data', existing_type=sa.LargeBinary(), nullable=False)
