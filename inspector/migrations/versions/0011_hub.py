"""the office hub on PostgreSQL (issue 20): evidence content kept in the database, foreign keys deferrable

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

* ``evidence_chunk`` — on the hub, an evidence file's sealed chunks (the same STREAM format as a vault's
  ``PATH.evidence/`` files, under the same per-file key), one row per 1 MiB chunk, written in the transaction
  of its record. A vault keeps its evidence in files and leaves this table empty. Storage, not a record: not
  audited (the ``evidence_blob`` row holds the hash and is), not in the models (``include_name``).
* ``sync_bundle.acknowledged_at`` — when the hub's acknowledgement said it holds a bundle this vault sent.
* On PostgreSQL every foreign key becomes ``DEFERRABLE INITIALLY IMMEDIATE``, so a bundle's import can defer
  them to its commit (``SET CONSTRAINTS ALL DEFERRED``) as a vault does with ``PRAGMA defer_foreign_keys``.
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

DEFERRABLE_FKS = """
DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT conrelid::regclass AS tbl, conname FROM pg_constraint
             WHERE contype = 'f' AND connamespace = current_schema()::regnamespace AND NOT condeferrable
    LOOP
        EXECUTE format('ALTER TABLE %s ALTER CONSTRAINT %I DEFERRABLE INITIALLY IMMEDIATE', c.tbl, c.conname);
    END LOOP;
END $$
"""


def upgrade() -> None:
    op.create_table('evidence_chunk',
                    sa.Column('name', sa.String(length=64), nullable=False),
                    sa.Column('n', sa.Integer(), nullable=False),
                    sa.Column('data', sa.LargeBinary(), nullable=False),
                    sa.PrimaryKeyConstraint('name', 'n'))
    with op.batch_alter_table('sync_bundle', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acknowledged_at', sa.String(length=32), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(DEFERRABLE_FKS)


def downgrade() -> None:
    with op.batch_alter_table('sync_bundle', schema=None) as batch_op:
        batch_op.drop_column('acknowledged_at')
    op.drop_table('evidence_chunk')
