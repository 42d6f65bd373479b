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
    # the hub's own index (inspector/hub/roles.py: the evidence chunks' row-level security finds a content by it)
    own = [d for d in diff if d[0] == "remove_index" and d[1].name == "hub_evidence_blob_file_name"]
    assert len(own) == 1
    assert [d for d in diff if d[0] not in {"remove_fk", "add_fk"} and d not in own] == []
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


# ---- the hub's signing keys, sealed ---------------------------------------------------------------------------


def _stored_keys(hub) -> dict[str, bytes]:
    """``signing_identity.key_der`` as any SQL login (or a dump) reads it."""
    with hub.engine.connect() as conn:
        return {r[0]: bytes(r[1]) for r in conn.exec_driver_sql("SELECT fingerprint, key_der FROM signing_identity")}


def _locked(hub_address):
    """The hub opened on a machine without its evidence key (an empty keyring, no evidence passphrase)."""
    import keyring

    from inspector.hub.store import Hub
    from tests.memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    return Hub.open(hub_address)


def test_the_hubs_signing_keys_are_sealed_in_postgresql(hub, hub_address):
    from cryptography.hazmat.primitives import serialization

    from inspector.errors import AuthError
    from inspector.services import settings
    from inspector.signing import identity
    from inspector.sync import crypto

    ops.write(hub, lambda s: settings.set_identity(s, "王芳", "", ""))
    fpr = ops.write(hub, lambda s: identity.create_identity(s, None).fingerprint).result
    loaded = ops.read(hub, identity.load_identity)
    key = serialization.load_der_private_key(loaded.key_der, None)  # every caller gets the plain DER
    raw = key.private_numbers().private_value.to_bytes(32, "big")
    stored = _stored_keys(hub)[fpr]
    assert stored.startswith(b"ISK1") and loaded.key_der not in stored and raw not in stored
    with pytest.raises(ValueError):
        serialization.load_der_private_key(stored, None)
    crypto.sign_manifest(b"{}", loaded.cert_der, loaded.key_der)  # it signs
    with hub.engine.connect() as conn:
        report = audit.verify(conn, hub.audit_hash, hub.vault_id, deep=True)
    assert report.ok, report.problems
    # moved to another identity's row, a sealed key does not open
    from inspector.hub.keys import SigningKeySeal

    with pytest.raises(Exception, match="damaged"):
        hub.signing_keys.open("0" * 64, stored)
    assert isinstance(hub.signing_keys, SigningKeySeal)
    # a machine without the hub's evidence key: a clear error, in both languages, when it comes to the key
    other = _locked(hub_address)
    try:
        assert other.sealed_now == 0 and other.left_plain == 0
        with other.session(read_only=True) as s, pytest.raises(AuthError) as err:
            identity.load_identity(s)
        assert "签名密钥已锁定" in err.value.zh and "signing keys are locked" in err.value.en
        assert ops.read(other, lambda s: identity.export_cert_pem(s, None))  # the certificate: yes
        with pytest.raises(AuthError, match="签名密钥已锁定"):  # nor can it make a key it could not keep sealed
            ops.write(other, lambda s: identity.create_identity(s, None))
        # unlocked while open, by the evidence passphrase: a wrong one changes nothing; kept in memory only
        import keyring

        from inspector.hub.store import EVIDENCE_KEYRING_SERVICE
        from tests.conftest import HUB_EVIDENCE_PASSPHRASE

        with pytest.raises(AuthError):
            other.unlock_evidence("not the evidence passphrase")
        assert not other.evidence.unlocked and not other.signing_keys.unlocked
        assert other.unlock_evidence(HUB_EVIDENCE_PASSPHRASE, remember=False)
        assert other.evidence.unlocked and keyring.get_password(EVIDENCE_KEYRING_SERVICE, other.vault_id) is None
        assert ops.read(other, identity.load_identity).fingerprint == fpr  # the signing key opens now
    finally:
        other.close()


def test_a_key_stored_plain_before_is_sealed_on_opening(hub, hub_address, monkeypatch):
    from cryptography.hazmat.primitives import serialization

    from inspector.hub.store import Hub
    from inspector.services import settings
    from inspector.signing import identity
    from tests.conftest import HUB_EVIDENCE_PASSPHRASE

    ops.write(hub, lambda s: settings.set_identity(s, "王芳", "", ""))
    with monkeypatch.context() as m:  # as an Inspector before issue 20's sealing wrote it
        m.setattr(identity, "_stored_key", lambda session, fingerprint, key_der: key_der)
        fpr = ops.write(hub, lambda s: identity.create_identity(s, None).fingerprint).result
    serialization.load_der_private_key(_stored_keys(hub)[fpr], None)  # plain, as it was
    locked = _locked(hub_address)  # without the evidence key: left as it is, and still usable
    try:
        assert (locked.sealed_now, locked.left_plain) == (0, 1)
        assert ops.read(locked, identity.load_identity).fingerprint == fpr
    finally:
        locked.close()
    again = Hub.open(hub_address, evidence_passphrase=HUB_EVIDENCE_PASSPHRASE)
    try:
        assert (again.sealed_now, again.left_plain) == (1, 0)
        stored = _stored_keys(hub)[fpr]
        assert stored.startswith(b"ISK1")
        loaded = ops.read(again, identity.load_identity)
        assert loaded.key_der not in stored
        serialization.load_der_private_key(loaded.key_der, None)
        with again.engine.connect() as conn:  # sealed as an audited change of the row
            report = audit.verify(conn, again.audit_hash, again.vault_id, deep=True)
        assert report.ok, report.problems
    finally:
        again.close()


def test_rows_read_as_json_are_what_the_driver_gives(either):
    """inspector.dialect.rows (one JSON text on PostgreSQL): the same values and types as the driver's rows, for
    every kind of column the services read in bulk — text, numbers, dates, UTC timestamps, enums, JSON, NULLs,
    names given twice — and nothing for no row."""
    from datetime import date

    from sqlalchemy import func
    from sqlmodel import select

    from inspector import dialect
    from inspector.model import Department, Letter, Plan
    from inspector.services import campaign

    with either.session() as s:
        plan = s.exec(select(Plan)).first()
        template = plan.template_id if plan else None
        if plan is None:
            from inspector.model import ChecklistTemplate

            template = s.exec(select(ChecklistTemplate)).first().id
            plan = Plan(title="计划", year=2026, template_id=template)
            s.add(plan)
            s.flush()
        d = Department(name="单位甲")
        s.add(d)
        s.flush()
        s.add_all([Letter(kind="review", status="issued", year=2026, serial=7, number="晋数复〔2026〕7号",
                          plan_id=plan.id, department_id=d.id, issued_on=date(2026, 3, 4),
                          fields={"next_step": "reinspect", "n": [1, 2]}),
                   Letter(kind="review", status="draft", year=2026, plan_id=plan.id, department_id=d.id,
                          fields={})])
    statements = [
        select(Letter.id, Letter.status, Letter.serial, Letter.number, Letter.issued_on, Letter.created_at,
               Letter.fields, campaign._raw(Letter.updated_at)).where(Letter.department_id == d.id)
        .order_by(Letter.created_at, Letter.id),
        select(Letter.department_id, func.count(), func.count(Letter.serial)).group_by(Letter.department_id)
        .where(Letter.department_id == d.id),
        select(Letter.id).where(Letter.department_id == "none"),
    ]
    with either.session(read_only=True) as s:
        for statement in statements:
            expected = [tuple(r) for r in s.execute(statement).all()]
            got = dialect.rows(s, statement)
            assert [tuple(r) for r in got] == expected
            assert [[type(v) for v in r] for r in got] == [[type(v) for v in r] for r in expected]
        [first] = [r for r in dialect.rows(s, statements[0]) if r.serial == 7]
        assert first.issued_on == date(2026, 3, 4) and first.fields["n"] == [1, 2] and first.created_at.tzinfo
