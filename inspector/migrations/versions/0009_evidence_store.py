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
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns('evidence_blob')}
    if {'cipher', 'file_key'} <= present:  # kept by a downgrade (see below): nothing to add
        return
    with op.batch_alter_table('evidence_blob', schema=None) as batch_op:
        batch_op.alter_column('data', existing_type=sa.LargeBinary(), nullable=True)
        batch_op.add_column(sa.Column('cipher', sa.String(length=16), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('file_key', sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    """Keeps the columns: the files' keys are only here, so dropping them would destroy every evidence file in the
    store (and the content cannot be put back into the database from a migration). An older Inspector ignores
    them; upgrading again finds them in place."""
