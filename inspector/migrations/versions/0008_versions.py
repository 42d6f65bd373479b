"""versions: the regulation as versioned data (regulation_version), checklist versions with a status, a label,
where they came from and the regulation version they cite; an item's default 整改要求

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

Existing checklists were published (they could not change): they take the status ``published``. The added
columns have server defaults, named in ``inspector.audit.ADDED_COLUMNS`` so the audit digests recorded before this
migration still match. The shipped regulation becomes a ``regulation_version`` row when the vault is next opened
(:func:`inspector.services.versions.seed_shipped`), through the audit chain like every write.
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('regulation_version',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('origin_device', sa.String(length=36), nullable=False),
    sa.Column('updated_device', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('vv', sa.JSON(), nullable=False),
    sa.Column('code', sa.String(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('title_en', sa.String(), nullable=False),
    sa.Column('doc_number', sa.String(), nullable=False),
    sa.Column('issuer', sa.String(), nullable=False),
    sa.Column('issuer_en', sa.String(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('effective_from', sa.Date(), nullable=True),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('published_at', sa.String(length=32), nullable=True),
    sa.Column('derived_from_id', sa.String(length=36), nullable=True),
    sa.Column('chapters', sa.JSON(), nullable=False),
    sa.Column('articles', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['derived_from_id'], ['regulation_version.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code', 'version')
    )
    with op.batch_alter_table('regulation_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_regulation_version_derived_from_id'), ['derived_from_id'], unique=False)

    with op.batch_alter_table('checklist_template', schema=None) as batch_op:
        batch_op.add_column(sa.Column('label', sa.String(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('status', sa.String(length=32), nullable=False, server_default='published'))
        batch_op.add_column(sa.Column('published_at', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('derived_from_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('regulation_version_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('note', sa.String(), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_checklist_template_derived_from_id'), ['derived_from_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checklist_template_regulation_version_id'), ['regulation_version_id'],
                              unique=False)
        batch_op.create_foreign_key('fk_checklist_template_derived_from_id', 'checklist_template',
                                    ['derived_from_id'], ['id'])
        batch_op.create_foreign_key('fk_checklist_template_regulation_version_id', 'regulation_version',
                                    ['regulation_version_id'], ['id'])

    with op.batch_alter_table('checklist_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('requirement', sa.String(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('requirement_en', sa.String(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('checklist_item', schema=None) as batch_op:
        batch_op.drop_column('requirement_en')
        batch_op.drop_column('requirement')
    with op.batch_alter_table('checklist_template', schema=None) as batch_op:
        batch_op.drop_constraint('fk_checklist_template_regulation_version_id', type_='foreignkey')
        batch_op.drop_constraint('fk_checklist_template_derived_from_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_checklist_template_regulation_version_id'))
        batch_op.drop_index(batch_op.f('ix_checklist_template_derived_from_id'))
        batch_op.drop_column('note')
        batch_op.drop_column('regulation_version_id')
        batch_op.drop_column('derived_from_id')
        batch_op.drop_column('published_at')
        batch_op.drop_column('status')
        batch_op.drop_column('label')
    with op.batch_alter_table('regulation_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_regulation_version_derived_from_id'))
    op.drop_table('regulation_version')
