"""The office hub (issue 20): the schema by the same migrations, the audit chain, the rules, on PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect as sa_inspect
from sqlmodel import SQLModel

from inspector import audit, ops, schema
from inspector.services import plans


def test_the_same_migrations_give_postgresql_the_models_schema(hub):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from inspector.services.search import include_name

    with hub.engine.connect() as conn:
        assert schema.current_revision(conn) == schema.head_revision()
        ctx = MigrationContext.configure(conn, opts={"include_name": include_name, "compare_type": False})
        diff = compare_metadata(ctx, SQLModel.metadata)
        tables = set(sa_inspect(conn).get_table_names())
    # migration 0011 made every foreign key DEFERRABLE on PostgreSQL (the models do not say): the same keys otherwise
    def key(fk):
        return (fk.parent.name, tuple(c.name for c in fk.columns), fk.referred_table.name)

    removed = {key(d[1]) for d in diff if d[0] == "remove_fk"}
    added = {key(d[1]) for d in diff if d[0] == "add_fk"}
    assert removed == added and removed
    with hub.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND NOT condeferrable"
                                    ).scalar_one() == 0
    assert [d for d in diff if d[0] not in {"remove_fk", "add_fk"}] == []
    assert {t.name for t in SQLModel.metadata.sorted_tables} <= tables
    assert "finding_search" in tables  # the search index's own table on PostgreSQL


def test_the_audit_chain_holds_and_refuses_edits_on_postgresql(either):
    ops.write(either, lambda s: plans.create_department(s, name="市教育局"))
    with either.engine.connect() as conn:
        report = audit.verify(conn, either.audit_hash, either.vault_id, deep=True)
    assert report.ok, report.problems
    with pytest.raises(Exception, match="append-only"), either.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_event SET actor = 'x' WHERE seq = 1")
    with pytest.raises(Exception, match="append-only"), either.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_event WHERE seq = 1")
