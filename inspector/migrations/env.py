"""Alembic environment: migrations run on the vault's own (already keyed) connection."""

from alembic import context
from sqlmodel import SQLModel

import inspector.model  # noqa: F401  (registers every table on SQLModel.metadata)
from inspector.services.search import include_name

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
    include_name=include_name,  # the search index (migration 0002) is derived data, not in the models
)
with context.begin_transaction():
    context.run_migrations()
