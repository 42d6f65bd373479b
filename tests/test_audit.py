"""The audit chain: written with every change, append-only, and tamper-evident even without its triggers."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes
from sqlalchemy import exc, text

from inspector import audit
from inspector.model import AuditEvent, Department
from inspector.services.setup import create_vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.engines import vault_on_both_engines  # noqa: F401  (every test's vault: SQLCipher, then the hub)


def events(vault) -> list:
    with vault.engine.connect() as conn:
        return conn.execute(text("SELECT * FROM audit_event ORDER BY seq")).all()


def verify(vault, deep=False) -> audit.VerifyReport:
    with vault.engine.connect() as conn:
        return audit.verify(conn, vault.audit_hash, vault.vault_id, deep=deep)


def raw(vault, *statements: str) -> None:
    """Tamper as an attacker holding the key would: straight SQL, no triggers."""
    with vault.engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # the hub: its owner can switch the triggers off
            conn.exec_driver_sql("ALTER TABLE audit_event DISABLE TRIGGER USER")
        else:
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_event_no_update")
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_event_no_delete")
        for sql in statements:
            conn.exec_driver_sql(sql)


def test_sm3_is_the_real_sm3():
    # GB/T 32905-2016 example 1: SM3("abc")
    assert audit.h("sm3", b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert audit.HASH_ALGORITHMS["sm3"] is hashes.SM3


def test_every_change_writes_an_event_in_the_same_transaction(vault):
    before = len(events(vault))
    with vault.session() as s:
        d = Department(name="审计测试局")
        s.add(d)
    with vault.session() as s:
        s.get(Department, d.id).notes = "改了备注"
    with vault.session() as s:
        s.delete(s.get(Department, d.id))
    new = events(vault)[before:]
    # a deletion leaves its tombstone (inspector/tombstones.py), audited with it
    assert [e.action for e in new] == ["department.create", "department.update", "tombstone.create",
                                       "department.delete"]
    assert all(e.object_id == d.id and e.actor == vault.audit_context.actor for e in new)
    assert vault.audit_context.actor.startswith(("os:", "hub:"))
    # a rolled-back session leaves neither the row nor an event
    with pytest.raises(RuntimeError), vault.session() as s:
        s.add(Department(name="不会保存"))
        s.flush()
        raise RuntimeError("boom")
    assert len(events(vault)) == before + 4
    assert verify(vault, deep=True).ok


def test_bookkeeping_fields_track_changes(vault):
    with vault.session() as s:
        d = Department(name="版本测试局")
        s.add(d)
    assert d.revision == 1 and d.vv == {vault.device_id: 1} and d.origin_device == vault.device_id
    with vault.session() as s:
        d2 = s.get(Department, d.id)
        d2.notes = "x"
    assert d2.revision == 2 and d2.vv == {vault.device_id: 2} and d2.updated_at > d.created_at


def test_triggers_refuse_update_and_delete(vault):
    for sql in ("UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event WHERE seq = 1"):
        with pytest.raises(exc.DatabaseError, match="append-only"), vault.engine.begin() as conn:
            conn.exec_driver_sql(sql)
    assert verify(vault).ok


def test_an_edited_event_is_caught(vault):
    raw(vault, "UPDATE audit_event SET actor = 'someone else' WHERE seq = 3")
    report = verify(vault)
    assert not report.ok and report.first_bad_seq == 3
    assert "第 3 条" in report.problems[0][0]


def test_a_deleted_event_is_caught(vault):
    raw(vault, "DELETE FROM audit_event WHERE seq = 5")
    report = verify(vault)
    assert not report.ok and report.first_bad_seq == 5


def test_reordered_events_are_caught(vault):
    n = len(events(vault))
    raw(vault, "UPDATE audit_event SET seq = -1 WHERE seq = 4", "UPDATE audit_event SET seq = 4 WHERE seq = 6",
        "UPDATE audit_event SET seq = 6 WHERE seq = -1")
    assert len(events(vault)) == n
    report = verify(vault)
    assert not report.ok and report.first_bad_seq == 4


def test_a_truncated_tail_is_caught(vault):
    last = events(vault)[-1].seq
    raw(vault, f"DELETE FROM audit_event WHERE seq = {last}")
    report = verify(vault)
    assert not report.ok and "truncated" in report.problems[0][1]


def test_a_forged_but_consistent_event_still_breaks_the_next_link(vault):
    """Rewriting an event and recomputing its own hash does not help: the next event's link no longer matches."""
    e = events(vault)[2]
    forged = audit.link_hash(vault.audit_hash, e.seq, e.ts, "mallory", e.device_id, e.action, e.object_type,
                             e.object_id, e.digest, e.prev_hash)
    raw(vault, f"UPDATE audit_event SET actor = 'mallory', hash = '{forged}' WHERE seq = {e.seq}")
    report = verify(vault)
    assert not report.ok and report.first_bad_seq == e.seq + 1


def test_a_row_edited_behind_the_applications_back_is_caught_by_the_deep_check(vault):
    with vault.session() as s:
        d = Department(name="原始名称")
        s.add(d)
    assert verify(vault, deep=True).ok
    with vault.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE department SET name = '篡改名称' WHERE id = '{d.id}'")
    assert verify(vault).ok  # the chain itself is intact...
    report = verify(vault, deep=True)  # ...but the row no longer matches its last event
    assert not report.ok and d.id in report.problems[0][1]


def test_sha256_can_be_chosen_per_vault(tmp_path):
    v = create_vault(tmp_path / "sha.vault", PASSPHRASE, audit_hash="sha256", kdf=FAST_KDF)
    try:
        assert v.audit_hash == "sha256"
        first = events(v)[0]
        assert first.prev_hash == audit.genesis("sha256", v.vault_id)
        assert verify(v, deep=True).ok
    finally:
        v.close()


def test_explicit_events_join_the_chain(vault):
    with vault.session() as s:
        audit.record(s, "vault.test", "vault", vault.vault_id, {"why": "test"})
    last = events(vault)[-1]
    assert last.action == "vault.test" and verify(vault).ok
    assert AuditEvent.__tablename__ == "audit_event"
