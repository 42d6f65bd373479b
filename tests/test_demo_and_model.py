"""The demo vault, evidence storage and the agreement of models and migrations."""

from __future__ import annotations

import io

import sqlcipher3
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from PIL import Image
from sqlalchemy import create_engine
from sqlmodel import SQLModel, func, select

from inspector import schema
from inspector.db import raw_key_pragma
from inspector.model import (
    Evidence,
    Finding,
    Inspection,
    InspectionResult,
    InspectionStatus,
    PlanTarget,
    SelfReport,
    Verdict,
)
from inspector.services import search
from inspector.services.evidence import add_evidence, read_blob


def test_demo_vault_has_the_four_steps(demo_either):  # the demo's data, in a vault and on a hub
    with demo_either.session() as s:
        assert s.exec(select(func.count()).select_from(PlanTarget)).one() >= 3
        assert s.exec(select(func.count()).select_from(SelfReport)).one() >= 1
        running = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).one()
        verdicts = s.exec(select(InspectionResult.verdict).where(InspectionResult.inspection_id == running.id)).all()
        assert len(verdicts) >= 10 and set(verdicts) <= set(Verdict)
        findings = s.exec(select(Finding)).all()
        assert len(findings) >= 3
        for f in findings:
            ev = s.exec(select(Evidence).where(Evidence.owner_type == "finding", Evidence.owner_id == f.id)).one()
            image = Image.open(io.BytesIO(read_blob(s, ev.blob_sha256)))
            assert image.format == "PNG" and image.size == (960, 600)
        assert len({f.status for f in findings}) >= 2


def test_evidence_is_content_addressed_and_never_plaintext_on_disk(vault, vault_path):
    marker = b"EVIDENCE-PLAINTEXT-MARKER-" * 50
    with vault.session() as s:
        from inspector.model import Department

        d = Department(name="x")
        s.add(d)
        s.flush()
        f = Finding(department_id=d.id, title="t")
        s.add(f)
        s.flush()
        a = add_evidence(s, "finding", f.id, "a.txt", marker)
        b = add_evidence(s, "finding", f.id, "copy-of-a.txt", marker)
        assert a.blob_sha256 == b.blob_sha256 and a.mime == "text/plain"
    vault.close()
    files = [p for p in vault_path.parent.rglob("*") if p.is_file()]
    assert any(".evidence" in str(p) for p in files)  # the store's file is among those read
    for path in files:
        assert b"EVIDENCE-PLAINTEXT-MARKER" not in path.read_bytes(), path


def test_migrations_from_an_empty_vault_match_the_models(tmp_path):
    """An empty SQLCipher database upgraded by the shipped migrations has exactly the models' schema."""
    path = tmp_path / "empty.db"
    key = b"\x01" * 32

    def connect():
        conn = sqlcipher3.connect(str(path))
        conn.execute(raw_key_pragma(key))
        return conn

    engine = create_engine("sqlite://", creator=connect)
    with engine.begin() as conn:
        before, after = schema.upgrade(conn, str(path))
    assert before is None and after == schema.head_revision()
    with engine.connect() as conn:
        # the search index (migration 0002) is derived data, left out of the models as env.py leaves it out
        context = MigrationContext.configure(conn, opts={"include_name": search.include_name})
        diff = compare_metadata(context, SQLModel.metadata)
        triggers = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars().all()
        skipped = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') "
                                       "AND name NOT LIKE 'sqlite_%'").scalars().all()
    assert diff == []
    assert set(triggers) == {"audit_event_no_update", "audit_event_no_delete", *search.TRIGGERS}
    model_names = {t.name for t in SQLModel.metadata.tables.values()} | {
        ix.name for t in SQLModel.metadata.tables.values() for ix in t.indexes} | {"alembic_version"}
    assert {n for n in skipped if n not in model_names} == {  # exactly the search objects were left out
        "evidence_chunk",  # and the hub's evidence storage (migration 0011), empty in a vault
        search.FTS_TABLE, f"{search.FTS_TABLE}_data", f"{search.FTS_TABLE}_idx", f"{search.FTS_TABLE}_config",
        f"{search.FTS_TABLE}_docsize", search.KEY_TABLE, search.VOCAB_TABLE, search.LIST_INDEX}
    engine.dispose()


def test_stored_times_read_back_exactly_and_a_malformed_one_is_refused():
    from datetime import UTC, datetime, timedelta

    import pytest

    from inspector.model.types import UTCDateTime, utc_text

    column = UTCDateTime()
    for moment in (datetime(2026, 11, 24, 8, 0, tzinfo=UTC), datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
                   datetime(2026, 3, 1, 1, 2, 3, 4, tzinfo=UTC) + timedelta(hours=8)):
        back = column.process_result_value(utc_text(moment), None)
        assert back == moment and back.utcoffset() == timedelta(0)
    for bad in ("2026-11-24T08:00:00.000000+08:00", "2026-11-24 08:00:00", "2026-13-24T08:00:00.000000Z",
                "2026-11-24T08:00:00.00000xZ"):
        with pytest.raises(ValueError):
            column.process_result_value(bad, None)
