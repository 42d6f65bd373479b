"""signing: the vault's signing identities and its trust store

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

Both tables are local to a vault (not synchronised): ``signing_identity`` holds
the private keys this vault signs with (PKCS#8 DER, only inside the encrypted
database), ``trusted_certificate`` the certificates whose signatures it trusts.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('signing_identity',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('inspector_id', sa.String(length=36), nullable=True),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('subject', sa.String(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('cert_der', sa.LargeBinary(), nullable=False),
    sa.Column('chain_pem', sa.String(), nullable=False),
    sa.Column('key_der', sa.LargeBinary(), nullable=False),
    sa.Column('source', sa.String(), nullable=False),
    sa.Column('not_before', sa.String(length=32), nullable=False),
    sa.Column('not_after', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['inspector_id'], ['inspector.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('fingerprint')
    )
    with op.batch_alter_table('signing_identity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signing_identity_inspector_id'), ['inspector_id'], unique=False)

    op.create_table('trusted_certificate',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(), nullable=False),
    sa.Column('label', sa.String(), nullable=False),
    sa.Column('cert_der', sa.LargeBinary(), nullable=False),
    sa.Column('is_ca', sa.Boolean(), nullable=False),
    sa.Column('added_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('fingerprint')
    )


def downgrade() -> None:
    # Like 0001, refuse: dropping these tables would destroy private keys that exist nowhere else.
    raise NotImplementedError("downgrading below 0003 would destroy the vault's signing keys")
