"""The vault: creation, unlocking, keyring policy, passphrase change, rekey, damage detection."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import keyring
import pytest
import sqlcipher3
from sqlmodel import select

from inspector import keystore
from inspector.crypto.keyfile import KeyFile
from inspector.errors import (
    AuthError,
    BadInputError,
    IncompatibleError,
    IntegrityFailure,
    KeyFileDamaged,
    NotFoundError,
    VaultBusyError,
)
from inspector.model import Department
from inspector.services.maintenance import check_vault
from inspector.vault import Vault, key_path_for, vault_files
from tests.conftest import FAST_KDF, PASSPHRASE


def snapshot(path: Path) -> dict[str, str]:
    """Hashes of every file of the vault that exists (and which exist)."""
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in vault_files(path) if f.exists()}


def add_department(vault: Vault, name: str = "晋城市测试局") -> str:
    with vault.session() as s:
        d = Department(name=name)
        s.add(d)
    return d.id


def test_new_vault_is_encrypted_owner_only_and_in_the_keyring(vault, vault_path, memory_keyring):
    add_department(vault, "绝密测试单位名称")
    vault.close()
    raw = vault_path.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert "绝密测试单位名称".encode() not in raw and b"department" not in raw
    for f in (vault_path, key_path_for(vault_path)):
        assert stat.S_IMODE(f.stat().st_mode) == 0o600
    # the keyring holds exactly the raw key, and opening needs nothing else
    stored = memory_keyring.get_password(keystore.SERVICE, vault.vault_id)
    assert stored and len(bytes.fromhex(stored)) == 32
    with Vault.open(vault_path) as again, again.session() as s:
        assert s.exec(select(Department.name)).all() == ["绝密测试单位名称"]


def test_unlock_order_keyring_then_environment_then_prompt(vault, vault_path, memory_keyring, monkeypatch):
    vault.close()
    memory_keyring.store.clear()
    with pytest.raises(AuthError):
        Vault.open(vault_path)
    asked = []
    with Vault.open(vault_path, prompt=lambda: asked.append(1) or PASSPHRASE):
        pass
    assert asked == [1]
    memory_keyring.store.clear()
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", PASSPHRASE)
    with Vault.open(vault_path, prompt=lambda: pytest.fail("prompted although the environment had it")):
        pass
    # the passphrase unlock put the key back in the keyring: no prompt, no environment needed now
    monkeypatch.delenv("INSPECTOR_PASSPHRASE")
    with Vault.open(vault_path, prompt=lambda: pytest.fail("prompted although the keyring had it")):
        pass


def test_wrong_passphrase_is_refused_and_leaves_every_file_unchanged(vault, vault_path, memory_keyring):
    add_department(vault)
    vault.close()
    memory_keyring.store.clear()
    before = snapshot(vault_path)
    with pytest.raises(AuthError) as err:
        Vault.open(vault_path, passphrase="not the passphrase")
    assert "口令不正确" in err.value.zh and "Wrong" in err.value.en
    with pytest.raises(AuthError):
        Vault.open(vault_path, key=os.urandom(32), use_keyring=False)
    assert snapshot(vault_path) == before
    assert not Path(str(vault_path) + "-wal").exists()


@pytest.mark.parametrize("backend_path", ["keyrings.alt.file.PlaintextKeyring", "keyring.backends.fail.Keyring"])
def test_insecure_keyrings_never_receive_the_key(tmp_path, backend_path, monkeypatch):
    module, _, cls = backend_path.rpartition(".")
    backend = getattr(__import__(module, fromlist=[cls]), cls)()
    if hasattr(backend, "file_path"):
        monkeypatch.setattr(type(backend), "file_path", str(tmp_path / "plain.cfg"), raising=False)
    keyring.set_keyring(backend)
    st = keystore.status()
    assert not st.usable and "明文" in st.reason_zh
    from inspector.services.setup import create_vault

    v = create_vault(tmp_path / "v.vault", PASSPHRASE, kdf=FAST_KDF)
    assert v.keyring_status is not None and not v.keyring_status.usable
    v.close()
    assert not (tmp_path / "plain.cfg").exists()
    with pytest.raises(AuthError):  # nothing stored, so the passphrase is needed every time
        Vault.open(tmp_path / "v.vault")


def test_missing_vault_and_existing_target_are_clear_errors(tmp_path, vault_path, vault):
    with pytest.raises(NotFoundError) as err:
        Vault.open(tmp_path / "nowhere.vault")
    assert "找不到保险库" in err.value.zh
    with pytest.raises(BadInputError):
        Vault.create(vault_path, PASSPHRASE, kdf=FAST_KDF)
    with pytest.raises(BadInputError):
        Vault.create(tmp_path / "short.vault", "short", kdf=FAST_KDF)
    assert not (tmp_path / "short.vault").exists()


def test_change_passphrase_rewraps_without_touching_the_database_key(vault, vault_path, memory_keyring):
    dept = add_department(vault)
    old_key = vault.key
    vault.change_passphrase(PASSPHRASE, "一个全新的恢复口令 2026")
    vault.close()
    assert KeyFile.load(key_path_for(vault_path)).knows(old_key)
    memory_keyring.store.clear()
    with pytest.raises(AuthError):
        Vault.open(vault_path, passphrase=PASSPHRASE)
    with Vault.open(vault_path, passphrase="一个全新的恢复口令 2026") as v:
        assert v.key == old_key
        with v.session() as s:
            assert s.get(Department, dept) is not None


def test_rekey_replaces_the_database_key(vault, vault_path, memory_keyring):
    dept = add_department(vault)
    old_key = vault.key
    vault.rekey(PASSPHRASE)
    assert vault.key != old_key
    with vault.session() as s:
        assert s.get(Department, dept) is not None
    vault.close()
    with pytest.raises(AuthError):
        Vault.open(vault_path, key=old_key, use_keyring=False)
    with Vault.open(vault_path) as v:  # the keyring was updated
        assert v.key != old_key
    memory_keyring.store.clear()
    with Vault.open(vault_path, passphrase=PASSPHRASE) as v:
        assert check_vault(v).ok


def test_a_rekey_while_another_program_writes_is_refused_unchanged(vault, vault_path, monkeypatch):
    from inspector import db

    monkeypatch.setattr(db, "CONNECTION_PRAGMAS", tuple(
        "PRAGMA busy_timeout = 50" if "busy_timeout" in p else p for p in db.CONNECTION_PRAGMAS))
    dept = add_department(vault)
    old_key = vault.key
    other = sqlcipher3.connect(str(vault_path), isolation_level=None)
    other.execute(f"PRAGMA key = \"x'{old_key.hex()}'\"")
    other.execute("BEGIN IMMEDIATE")
    with pytest.raises(VaultBusyError):
        vault.rekey(PASSPHRASE)
    other.execute("ROLLBACK")
    other.close()
    kf = KeyFile.load(key_path_for(vault_path))
    assert vault.key == old_key and len(kf.entries) == 1 and kf.knows(old_key)
    vault.rekey(PASSPHRASE)
    with vault.session() as s:
        assert s.get(Department, dept) is not None


def test_an_interrupted_rekey_still_opens(vault, vault_path, memory_keyring):
    """Crash after the key file was rewritten with both keys but before the pages were re-encrypted."""
    dept = add_department(vault)
    current = vault.key
    vault.close()
    kf = KeyFile.load(key_path_for(vault_path))
    kf.seal(PASSPHRASE, [os.urandom(32), current])
    kf.save(key_path_for(vault_path))
    memory_keyring.store.clear()
    with Vault.open(vault_path, passphrase=PASSPHRASE) as v, v.session() as s:
        assert v.key == current and s.get(Department, dept) is not None
    kf = KeyFile.load(key_path_for(vault_path))  # settled: the key that was never used is gone
    assert len(kf.entries) == 1 and kf.knows(current)


def test_a_flipped_byte_in_the_database_is_detected(vault, vault_path, memory_keyring):
    for n in range(200):
        add_department(vault, f"单位{n}")
    vault.close()
    data = bytearray(vault_path.read_bytes())
    assert len(data) > 5 * 4096
    data[3 * 4096 + 100] ^= 0x01  # inside page 4
    vault_path.write_bytes(bytes(data))
    with Vault.open(vault_path) as v:
        report = check_vault(v)
    assert not report.ok
    assert any("cipher_integrity_check" in en and "FAILED" in en for _, en in report.lines)


def test_a_flipped_byte_in_the_first_page_is_damage_not_a_wrong_passphrase(vault, vault_path, memory_keyring):
    vault.close()
    data = bytearray(vault_path.read_bytes())
    data[200] ^= 0x01
    vault_path.write_bytes(bytes(data))
    memory_keyring.store.clear()
    with pytest.raises(IntegrityFailure) as err:
        Vault.open(vault_path, passphrase=PASSPHRASE)
    assert "损坏" in err.value.zh


def test_a_tampered_key_file_is_refused(vault, vault_path, memory_keyring):
    import json

    from inspector.crypto.keyfile import checksum

    vault.close()
    memory_keyring.store.clear()
    kf_path = key_path_for(vault_path)
    original = kf_path.read_text()
    kf_path.write_text(original.replace('"iterations": 2', '"iterations": 1'))
    with pytest.raises(KeyFileDamaged):  # an edit the checksum catches: damage, not a wrong passphrase
        Vault.open(vault_path, passphrase=PASSPHRASE)
    doc = json.loads(original)
    doc["kdf"]["iterations"] = 1
    doc["checksum"] = checksum(doc)
    kf_path.write_text(json.dumps(doc))
    with pytest.raises(AuthError):  # the KDF parameters are authenticated, whatever the checksum says
        Vault.open(vault_path, passphrase=PASSPHRASE)
    kf_path.write_text("{not json")
    with pytest.raises(BadInputError) as err:
        Vault.open(vault_path, passphrase=PASSPHRASE)
    assert "密钥文件" in err.value.zh


def test_a_vault_from_a_newer_schema_is_refused_unchanged(vault, vault_path):
    key = vault.key
    vault.close()
    conn = sqlcipher3.connect(str(vault_path))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    before = snapshot(vault_path)
    with pytest.raises(IncompatibleError) as err:
        Vault.open(vault_path)
    assert "更新版本" in err.value.zh
    assert snapshot(vault_path) == before


def test_connection_settings(vault):
    with vault.engine.connect() as conn:
        pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("temp_store") == 2  # MEMORY
        assert pragma("cipher_version").startswith("4.")


def test_a_closed_vault_leaves_nothing_of_its_engine_in_memory(tmp_path):
    """The ORM's per-mapper statement caches are keyed by dialect: closing a vault drops its entries, so
    locking and unlocking (and a test suite's hundreds of vaults) do not pile up dialects and compiled SQL."""
    import gc

    from sqlalchemy.engine.default import DefaultDialect

    from inspector.services import plans
    from inspector.services.setup import create_vault

    def dialects() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if isinstance(o, DefaultDialect))

    before = dialects()
    for n in range(3):
        v = create_vault(tmp_path / f"v{n}.vault", PASSPHRASE, kdf=FAST_KDF)
        with v.session() as s:
            plans.create_department(s, name=f"单位{n}")
        v.close()
        del v, s
    assert dialects() == before


def test_a_rekey_while_an_inspector_window_has_the_vault_open_is_refused(vault, vault_path):
    """The window keeps the old key: rekeying under it would make its next read look like damage."""
    import subprocess
    import sys
    import textwrap

    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from PySide6.QtCore import QLockFile
        lock = QLockFile({str(vault_path) + ".lock"!r})
        assert lock.tryLock(0)
        print("held", flush=True)
        sys.stdin.read()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        old_key = vault.key
        with pytest.raises(VaultBusyError, match="Inspector 窗口"):
            vault.rekey(PASSPHRASE)
        kf = KeyFile.load(key_path_for(vault_path))
        assert vault.key == old_key and len(kf.entries) == 1 and kf.knows(old_key)
    finally:
        holder.stdin.close()
        holder.wait(10)
    vault.rekey(PASSPHRASE)  # the window closed (its lock file may stay behind: a dead owner frees it)
    assert vault.key != old_key
