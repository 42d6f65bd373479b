"""``vault rekey`` killed at every step: the next open recovers, ``vault check`` passes, nothing is lost.

The rekey runs in a forked child that SIGKILLs itself at a chosen step (through the
``inspector.vault._rekey_step`` hook), or — inside ``PRAGMA rekey`` itself — once the
write-ahead log has grown by a few pages. The parent then does what a user would: runs
``inspector vault check`` with the passphrase while the keyring still holds the old key.
"""

from __future__ import annotations

import os
import shutil
import signal
import struct
import threading
from pathlib import Path

import pytest
from sqlmodel import select

from inspector import db, keystore
from inspector import vault as vault_module
from inspector.crypto.keyfile import KeyFile
from inspector.model import Department
from inspector.services.maintenance import check_vault
from inspector.evidence_store import store_dir
from inspector.vault import Vault, copy_vault, key_path_for
from tests.conftest import FAST_KDF, PASSPHRASE

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="kills a forked process (POSIX only)")

DEPARTMENTS = 300  # ~220 pages: small, but every page is rewritten under the new key
PAGE = 4096
WAL_HEADER, FRAME_HEADER = 32, 24
BEFORE_COMMIT = ("start", "keyfile-both", "during")  # kills that leave the old key in force


@pytest.fixture(scope="module")
def master(tmp_path_factory) -> tuple[Path, bytes, str]:
    from inspector.services.setup import create_vault

    path = tmp_path_factory.mktemp("rekey-master") / "v.vault"
    v = create_vault(path, PASSPHRASE, kdf=FAST_KDF, use_keyring=False)
    with v.session() as s:
        s.add_all(Department(name=f"单位{n}") for n in range(DEPARTMENTS))
    key, vault_id = v.key, v.vault_id
    v.close()
    return path, key, vault_id


def fresh_copy(master, path: Path) -> None:
    for f in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        f.unlink(missing_ok=True)
    shutil.rmtree(store_dir(path), ignore_errors=True)
    path.unlink(missing_ok=True)
    key_path_for(path).unlink(missing_ok=True)
    copy_vault(master[0], path)


@pytest.fixture
def copy(master, tmp_path, memory_keyring) -> tuple[Path, bytes]:
    """This test's copy of the vault; the keyring holds its (old) key, as it would during a rekey."""
    _, key, vault_id = master
    path = tmp_path / "v.vault"
    fresh_copy(master, path)
    memory_keyring.set_password(keystore.SERVICE, vault_id, key.hex())
    return path, key


def wal_frames(path: Path) -> list[tuple[int, int, bytes]]:
    """(page number, commit size, page) of every frame in the vault's write-ahead log."""
    wal = path.with_name(path.name + "-wal")
    data = wal.read_bytes() if wal.exists() else b""
    frames, size = [], FRAME_HEADER + PAGE
    for off in range(WAL_HEADER, len(data) - size + 1, size):
        pgno, commit = struct.unpack(">II", data[off:off + 8])
        frames.append((pgno, commit, data[off + FRAME_HEADER:off + size]))
    return frames


def rekey_killed(path: Path, step: str) -> bool:
    """Rekey the vault in a forked child that is SIGKILLed at ``step``; whether the kill came."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            def kill(name: str) -> None:
                if name == step:
                    os.kill(os.getpid(), signal.SIGKILL)

            vault_module._rekey_step = kill
            if step == "during":  # inside PRAGMA rekey: a small page cache spills the rewritten pages to the log
                db.CONNECTION_PRAGMAS = (*db.CONNECTION_PRAGMAS, "PRAGMA cache_size = 4")
                wal = path.with_name(path.name + "-wal")

                def watch() -> None:
                    while True:
                        with_frames = wal.exists() and wal.stat().st_size > WAL_HEADER + 2 * (FRAME_HEADER + PAGE)
                        if with_frames:
                            os.kill(os.getpid(), signal.SIGKILL)

            v = Vault.open(path, passphrase=PASSPHRASE, use_keyring=False)
            if step == "during":
                threading.Thread(target=watch, daemon=True).start()
            v.rekey(PASSPHRASE)
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def assert_recovered(run, path: Path, old_key: bytes, *, rekeyed: bool, memory_keyring) -> None:
    # what the user does next: check the vault, passphrase at hand, the keyring still holding the old key
    code, out, err = run("vault", "check", "--vault", path, env={"INSPECTOR_PASSPHRASE": PASSPHRASE})
    assert code == 0 and "✗" not in out and "Traceback" not in err, out + err
    kf = KeyFile.load(key_path_for(path))
    assert len(kf.entries) == 1  # the interrupted rekey is settled one way or the other
    with Vault.open(path, passphrase=PASSPHRASE, use_keyring=False) as v:
        assert (v.key != old_key) is rekeyed and kf.knows(v.key)
        with v.session() as s:
            names = set(s.exec(select(Department.name)).all())
        assert {f"单位{n}" for n in range(DEPARTMENTS)} <= names
        assert check_vault(v).ok
        key = v.key
    # the keyring was brought up to date: no passphrase needed now
    assert memory_keyring.get_password(keystore.SERVICE, kf.vault_id) == key.hex()
    with Vault.open(path, prompt=lambda: pytest.fail("asked for the passphrase")) as v:
        assert v.key == key


@pytest.mark.parametrize("step", ["start", "keyfile-both", "during", "rekeyed", "checkpointed",
                                  "keyfile-new", "keyring", "done"])
def test_a_rekey_killed_at_any_step_recovers_on_the_next_open(master, copy, step, run, memory_keyring):
    path, old_key = copy
    if step != "during":
        assert rekey_killed(path, step), f"never reached {step!r}"
    else:
        for _attempt in range(10):
            if rekey_killed(path, step) and not any(commit for _, commit, _ in wal_frames(path)):
                break
            fresh_copy(master, path)  # the watcher was late, after the commit or the end: again
        else:
            pytest.fail("could not kill the process inside PRAGMA rekey")
    if step == "during":
        frames = wal_frames(path)
        assert frames and not any(commit for _, commit, _ in frames)  # killed mid-transaction
    if step == "rekeyed":  # the rewritten pages are all in the log, none yet in the database file
        assert {pgno for pgno, _, _ in wal_frames(path)} == set(range(1, path.stat().st_size // PAGE + 1))
    assert_recovered(run, path, old_key, rekeyed=step not in BEFORE_COMMIT, memory_keyring=memory_keyring)


def test_a_rekey_killed_while_its_pages_were_copied_back_recovers(copy, run, memory_keyring):
    """Killed during the checkpoint after the rekey: half the database file under the new key, half under
    the old one, the log still holding every page under the new key (what SQLite's checkpoint leaves)."""
    path, old_key = copy
    assert rekey_killed(path, "rekeyed")
    frames = wal_frames(path)
    with path.open("r+b") as f:
        for pgno, _, page in frames[: len(frames) // 2]:
            f.seek((pgno - 1) * PAGE)
            f.write(page)
    assert_recovered(run, path, old_key, rekeyed=True, memory_keyring=memory_keyring)


def test_without_a_keyring_the_first_check_after_the_kill_reports_no_damage(copy, run, memory_keyring):
    """The attack run's case: killed after the commit, no keyring, the passphrase opens the vault under the
    new key (its pages in the log) while ``cipher_integrity_check`` reads the database file (old pages)."""
    path, old_key = copy
    memory_keyring.store.clear()
    assert rekey_killed(path, "rekeyed")
    code, out, err = run("vault", "check", "--vault", path, env={"INSPECTOR_PASSPHRASE": PASSPHRASE})
    assert code == 0 and "页面校验失败" not in out and "备份" not in out + err, out + err
    assert_recovered(run, path, old_key, rekeyed=True, memory_keyring=memory_keyring)
