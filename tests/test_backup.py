"""Backups (art. 23): consistent encrypted snapshots, checked before a restore is used."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from inspector.errors import AuthError, BadInputError, IntegrityFailure
from inspector.model import AuditEvent, Department, Finding
from inspector.services import maintenance
from inspector.services.evidence import add_evidence, read_blob
from inspector.vault import Vault, key_path_for
from tests.conftest import PASSPHRASE


def counts(vault) -> tuple[int, int, int]:
    with vault.session() as s:
        return (s.exec(select(func.count()).select_from(Department)).one(),
                s.exec(select(func.count()).select_from(Finding)).one(),
                s.exec(select(func.count()).select_from(AuditEvent)).one())


def test_round_trip_while_the_vault_is_in_use(demo_vault, tmp_path):
    before = counts(demo_vault)
    writer = demo_vault.engine.connect()
    steps = []

    def progress(done, total, message):
        # another connection holds an uncommitted write while the snapshot is being copied
        if not steps:
            writer.begin()
            writer.exec_driver_sql("INSERT INTO vault_meta(key, value) VALUES ('uncommitted', 'x')")
        steps.append(done)
        if done == total:
            writer.rollback()

    backup = tmp_path / "b.inspector-backup"
    header = maintenance.backup(demo_vault, backup, progress)
    writer.close()
    assert len(steps) > 1
    assert header["vault_id"] == demo_vault.vault_id and backup.stat().st_mode & 0o077 == 0
    data = backup.read_bytes()
    assert "晋城市人力资源和社会保障局".encode() not in data and b"SQLite format 3" not in data

    restored = maintenance.restore(backup, tmp_path / "restored.vault", PASSPHRASE)
    try:
        assert counts(restored)[:2] == before[:2]
        assert restored.vault_id == demo_vault.vault_id
        assert restored.device_id != demo_vault.device_id  # a restored copy counts its changes apart
        assert restored.meta("uncommitted") is None
        assert maintenance.check_vault(restored).ok
    finally:
        restored.close()


def test_evidence_survives_backup(vault, tmp_path):
    with vault.session() as s:
        d = Department(name="证据测试局")
        s.add(d)
        s.flush()
        f = Finding(department_id=d.id, title="t")
        s.add(f)
        s.flush()
        ev = add_evidence(s, "finding", f.id, "photo.jpg", b"\xff\xd8 JPEG bytes of a photo")
    maintenance.backup(vault, tmp_path / "b")
    restored = maintenance.restore(tmp_path / "b", tmp_path / "r.vault", PASSPHRASE)
    with restored.session() as s:
        assert read_blob(s, ev.blob_sha256) == b"\xff\xd8 JPEG bytes of a photo"
    restored.close()


def test_a_damaged_backup_is_refused_and_nothing_is_created(vault, tmp_path):
    b = tmp_path / "b"
    maintenance.backup(vault, b)
    data = bytearray(b.read_bytes())
    data[-5000] ^= 0x40
    b.write_bytes(bytes(data))
    target = tmp_path / "r.vault"
    with pytest.raises(IntegrityFailure):
        maintenance.restore(b, target, PASSPHRASE)
    assert list(tmp_path.glob("r.vault*")) == []


def test_wrong_passphrase_or_garbage_or_existing_target(vault, tmp_path, vault_path):
    b = tmp_path / "b"
    maintenance.backup(vault, b)
    with pytest.raises(AuthError):
        maintenance.restore(b, tmp_path / "r.vault", "wrong passphrase!")
    assert list(tmp_path.glob("r.vault*")) == []
    with pytest.raises(BadInputError):
        maintenance.restore(b, vault_path, PASSPHRASE)  # never overwrites
    (tmp_path / "junk").write_bytes(b"PK\x03\x04 not a backup")
    with pytest.raises(BadInputError):
        maintenance.restore(tmp_path / "junk", tmp_path / "r2.vault", PASSPHRASE)
    with pytest.raises(BadInputError):
        maintenance.backup(vault, b)  # never overwrites either


def test_a_backup_whose_audit_chain_was_tampered_is_refused(vault, tmp_path, monkeypatch):
    with vault.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_event_no_update")
        conn.exec_driver_sql("UPDATE audit_event SET actor = 'x' WHERE seq = 2")
    with pytest.raises(IntegrityFailure, match="备份未完成"):  # a backup now checks its snapshot first
        maintenance.backup(vault, tmp_path / "b")
    assert not (tmp_path / "b").exists()
    # one made without that check (an older Inspector's) is still refused by restore
    with monkeypatch.context() as m:
        m.setattr(maintenance, "_check_snapshot", lambda *a, **k: None)
        maintenance.backup(vault, tmp_path / "b")
    with pytest.raises(IntegrityFailure, match="audit|审计"):
        maintenance.restore(tmp_path / "b", tmp_path / "r.vault", PASSPHRASE)
    assert not (tmp_path / "r.vault").exists() and not key_path_for(tmp_path / "r.vault").exists()


def test_backup_is_recorded_in_the_audit_trail(vault, tmp_path):
    maintenance.backup(vault, tmp_path / "b")
    with vault.engine.connect() as conn:
        last = conn.exec_driver_sql("SELECT action FROM audit_event ORDER BY seq DESC LIMIT 1").scalar()
    assert last == "vault.backup"
    assert isinstance(vault, Vault)


@pytest.mark.parametrize("change", [
    lambda h: h.pop("keyfile"), lambda h: h.pop("size"), lambda h: h.pop("sha256"), lambda h: h.pop("vault_id"),
    lambda h: h.update(size="12"), lambda h: h.update(keyfile=[]), lambda h: h.update(version="9"),
])
def test_a_backup_header_missing_what_restore_needs_is_damaged(vault, tmp_path, run, change):
    import json
    import struct

    good = tmp_path / "b"
    maintenance.backup(vault, good)
    header, offset = maintenance.read_header(good)
    change(header)
    data = good.read_bytes()
    head = json.dumps(header).encode()
    bad = tmp_path / "bad"
    bad.write_bytes(maintenance.MAGIC + struct.pack(">I", len(head)) + head + data[offset:])
    code, out, err = run("vault", "restore", bad, "--vault", tmp_path / "r.vault", env={"INSPECTOR_PASSPHRASE": PASSPHRASE})
    assert code == 4 and "已损坏" in err and "damaged" in err and "Traceback" not in err
    assert not (tmp_path / "r.vault").exists() and not key_path_for(tmp_path / "r.vault").exists()
