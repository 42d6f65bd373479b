"""The evidence store: files beside the database, each encrypted under its own key, and one consistent unit with it.

Crash tests fork a child that SIGKILLs itself at a step of :mod:`inspector.evidence_store` (the ``_step`` hook),
then reopen the vault as a user would and check that no record lacks its file and no file lacks a record.
"""

from __future__ import annotations

import hashlib
import os
import signal
import time
import tracemalloc
from pathlib import Path

import pytest
from sqlmodel import select

from inspector import audit, evidence_store
from inspector.errors import BadInputError, IntegrityFailure
from inspector.hub.store import Hub
from inspector.model import AuditEvent, Department, EvidenceBlob, Inspection
from inspector.services import evidence as ev_svc
from inspector.services import maintenance
from inspector.vault import Vault
from tests.conftest import PASSPHRASE

MARKER = b"PLAINTEXT-EVIDENCE-MARKER-"


def content(n: int = 3000, salt: bytes = b"") -> bytes:
    return (MARKER + salt) * n


def an_inspection(s) -> str:
    """The demo's running inspection: its files may still be removed."""
    from inspector.model import InspectionStatus

    return s.exec(select(Inspection.id).where(Inspection.status == InspectionStatus.IN_PROGRESS)).one()


def add(vault, data: bytes, name: str = "录音.m4a") -> ev_svc.EvidenceInfo:
    with vault.session() as s:
        return ev_svc.EvidenceInfo.of(ev_svc.add_evidence(s, "inspection", an_inspection(s), name, data), "")


def store_files(vault) -> list[Path]:
    """The evidence files of the store: a vault's files; a hub's, named by its chunk rows (inspector.hub.evidence)."""
    if isinstance(vault, Hub):
        with vault.engine.connect() as conn:
            return [Path(name) for name in conn.exec_driver_sql("SELECT DISTINCT name FROM evidence_chunk").scalars()]
    return list(vault.evidence.files())


def old(path: Path) -> None:
    """Make a file look as if a crash had left it long ago (the sweep leaves fresh files alone)."""
    past = time.time() - 2 * evidence_store.SWEEP_AGE
    os.utime(path, (past, past))


def raw_bytes(path: Path) -> bytes:
    """Every byte of a vault on disk: the database, its log and the key file."""
    return b"".join(p.read_bytes() for p in path.parent.iterdir() if p.is_file())


def test_a_file_lives_encrypted_beside_the_database_under_a_key_of_its_own(demo_vault):
    before = set(store_files(demo_vault))
    data = content()
    info = add(demo_vault, data)
    [path] = set(store_files(demo_vault)) - before
    stored = path.read_bytes()
    assert stored.startswith(evidence_store.MAGIC) and MARKER not in stored
    assert info.sha256 not in path.name and MARKER not in raw_bytes(demo_vault.path)
    with demo_vault.session() as s:
        blob = s.get(EvidenceBlob, info.sha256)
        assert blob.data is None and len(blob.file_key) == 32 and blob.cipher == "AES-256-GCM"
        assert ev_svc.read_blob(s, info.sha256) == data


def test_the_same_content_is_stored_once_and_goes_with_its_last_record(demo_either):  # on both engines
    demo_vault = demo_either
    before = len(store_files(demo_vault))
    data = content(salt=b"twice")
    first, second = add(demo_vault, data, "a.bin"), add(demo_vault, data, "b.bin")
    assert first.sha256 == second.sha256 and len(store_files(demo_vault)) == before + 1
    with demo_vault.session() as s:
        ev_svc.remove_evidence(s, first.id)
    assert len(store_files(demo_vault)) == before + 1  # the other record still needs it
    with demo_vault.session() as s:
        ev_svc.remove_evidence(s, second.id)
        assert len(store_files(demo_vault)) == before + 1  # removed only once the deletion is committed
    assert len(store_files(demo_vault)) == before


def test_a_unit_of_work_that_fails_leaves_no_file(demo_either):  # on both engines
    demo_vault = demo_either
    before = set(store_files(demo_vault))
    with pytest.raises(RuntimeError):
        with demo_vault.session() as s:
            ev_svc.add_evidence(s, "inspection", an_inspection(s), "x.bin", content(salt=b"rollback"))
            raise RuntimeError("something later failed")
    assert set(store_files(demo_vault)) == before


def test_sm4_gcm_where_the_vault_is_set_to_national_algorithms(demo_either):  # on both engines
    from inspector.services import settings

    demo_vault = demo_either

    with demo_vault.session() as s:
        settings.put(s, settings.EVIDENCE_CIPHER, "SM4-GCM")
    data = content(salt=b"sm4")
    info = add(demo_vault, data)
    with demo_vault.session() as s:
        blob = s.get(EvidenceBlob, info.sha256)
        key = bytes(blob.file_key)
        if isinstance(demo_vault, Hub):  # a hub keeps it wrapped under its evidence key (inspector.hub.evidence)
            key = demo_vault.evidence._unwrap(key, info.sha256)
        assert blob.cipher == "SM4-GCM" and len(key) == 16
        assert ev_svc.read_blob(s, info.sha256) == data


# ---- damage: tampered, truncated, swapped, missing ------------------------------------------------------


def _file_of(vault, sha: str) -> Path:
    with vault.session() as s:
        return vault.evidence.path_of(bytes(s.get(EvidenceBlob, sha).file_key))


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 100])


@pytest.mark.parametrize("harm", ["tampered", "truncated", "swapped", "missing"])
def test_a_damaged_file_is_refused_on_read_and_found_by_vault_check(demo_vault, harm):
    a, b = add(demo_vault, content(salt=b"A")), add(demo_vault, content(salt=b"B"))
    path_a, path_b = _file_of(demo_vault, a.sha256), _file_of(demo_vault, b.sha256)
    if harm == "tampered":
        _flip(path_a)
    elif harm == "truncated":
        _truncate(path_a)
    elif harm == "swapped":
        data_a, data_b = path_a.read_bytes(), path_b.read_bytes()
        path_a.write_bytes(data_b)
        path_b.write_bytes(data_a)
    else:
        path_a.unlink()
    with demo_vault.session() as s:
        with pytest.raises(IntegrityFailure) as err:
            ev_svc.read_blob(s, a.sha256)
    assert "证据文件已损坏" in err.value.zh and "damaged" in err.value.en and "vault check" in err.value.en
    assert MARKER.decode() not in str(err.value)
    report = maintenance.check_vault(demo_vault)
    assert not report.ok
    failed = [en for _zh, en in report.lines if en.startswith("FAILED")]
    assert len(failed) == 1 and "evidence files" in failed[0] and a.sha256[:12] in failed[0]
    assert ("missing" if harm == "missing" else "damaged") in failed[0]


def test_vault_check_reads_every_file_through(demo_vault):
    add(demo_vault, content(salt=b"fine"))
    report = maintenance.check_vault(demo_vault)
    assert report.ok, report.lines


# ---- crashes --------------------------------------------------------------------------------------------


def killed_at(path: Path, step: str, work) -> bool:
    """Run ``work(vault)`` in a forked child SIGKILLed at evidence-store step ``step``; whether the kill came."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            def kill(name: str) -> None:
                if name == step:
                    os.kill(os.getpid(), signal.SIGKILL)

            evidence_store._step = kill
            vault = Vault.open(path, passphrase=PASSPHRASE, use_keyring=False)
            work(vault)
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def consistent(path: Path) -> Vault:
    """Reopen after a crash (leftovers aged so the sweep takes them): every record has its file, no file is
    unnamed, and vault check passes."""
    for f in evidence_store.EvidenceStore(evidence_store.store_dir(path)).files():
        old(f)
    vault = Vault.open(path, passphrase=PASSPHRASE, use_keyring=False)
    with vault.session() as s:
        known = evidence_store.known_names(s)
        assert {p.name for p in vault.evidence.files()} == known
    report = maintenance.check_vault(vault)
    assert report.ok, report.lines
    return vault


needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="kills a forked process (POSIX only)")


@needs_fork
@pytest.mark.parametrize("step", ["writing", "sealed"])
def test_a_crash_while_adding_leaves_no_record_without_its_file(demo_vault_path, step):
    big = content(200_000, b"crash")  # ~5 MB: several chunks
    assert killed_at(demo_vault_path, step, lambda v: add(v, big))
    vault = consistent(demo_vault_path)
    try:
        with vault.session() as s:
            assert s.get(EvidenceBlob, hashlib.sha256(big).hexdigest()) is None
        assert len(vault.swept) == 1  # the file the crash left, reported
        with vault.session() as s:
            events = s.exec(select(AuditEvent).where(AuditEvent.action == "evidence.sweep")).all()
            assert len(events) == 1
    finally:
        vault.close()


@needs_fork
def test_a_crash_while_deleting_leaves_no_record_without_its_file(demo_vault_path):
    with Vault.open(demo_vault_path, passphrase=PASSPHRASE, use_keyring=False) as v:
        info = add(v, content(salt=b"delete"))

    def delete(v):
        with v.session() as s:
            ev_svc.remove_evidence(s, info.id)

    assert killed_at(demo_vault_path, "dropping", delete)
    vault = consistent(demo_vault_path)
    try:
        with vault.session() as s:
            assert s.get(EvidenceBlob, info.sha256) is None
        assert len(vault.swept) == 1
    finally:
        vault.close()


@needs_fork
def test_a_crash_while_importing_leaves_no_record_without_its_file(tmp_path, demo_vault_path):
    from inspector.sync import exporter, importer
    from tests.sync_helpers import introduce, make_office

    with Vault.open(demo_vault_path, passphrase=PASSPHRASE, use_keyring=False) as laptop:
        office = make_office(tmp_path / "office.vault")
        introduce(laptop, office, "李明", "办公室 王芳")
        exporter.export_bundle(laptop, tmp_path / "a.inspbundle", ["办公室 王芳"])
        office.close()
    assert killed_at(tmp_path / "office.vault", "sealed",
                     lambda v: importer.import_bundle(v, tmp_path / "a.inspbundle"))
    vault = consistent(tmp_path / "office.vault")
    try:
        with vault.session() as s:
            assert s.exec(select(EvidenceBlob)).first() is None  # all or nothing
        assert vault.swept
        assert importer.import_bundle(vault, tmp_path / "a.inspbundle").applied  # and the bundle still goes in
        assert maintenance.check_vault(vault).ok
    finally:
        vault.close()


def test_a_fresh_unnamed_file_is_left_for_its_writer(demo_vault_path):
    """Another process may be writing a file whose record it has not committed yet: the sweep leaves it."""
    with Vault.open(demo_vault_path, passphrase=PASSPHRASE, use_keyring=False) as v:
        sealed = v.evidence.seal([b"being written elsewhere"])
    with Vault.open(demo_vault_path, passphrase=PASSPHRASE, use_keyring=False) as v:
        assert v.swept == [] and sealed.path.exists()
    old(sealed.path)
    with Vault.open(demo_vault_path, passphrase=PASSPHRASE, use_keyring=False) as v:
        assert v.swept == [sealed.path.name] and not sealed.path.exists()


# ---- a vault from before the store ----------------------------------------------------------------------


def test_content_kept_inside_an_older_vault_moves_out_when_it_opens(demo_vault_path):
    data = content(salt=b"inline")
    sha = hashlib.sha256(data).hexdigest()
    with Vault.open(demo_vault_path, passphrase=PASSPHRASE, use_keyring=False) as v:
        with v.session() as s:  # as migration 0009 leaves a row of an older vault: the content inside
            s.add(EvidenceBlob(sha256=sha, size=len(data), data=data, created_at=audit.utcnow()))
    with Vault.open(demo_vault_path, passphrase=PASSPHRASE, use_keyring=False) as v:
        with v.session() as s:
            blob = s.get(EvidenceBlob, sha)
            assert blob.data is None and blob.file_key is not None
            assert ev_svc.read_blob(s, sha) == data
        assert maintenance.check_vault(v).ok


# ---- size: streamed, memory flat ------------------------------------------------------------------------


def test_a_large_file_streams_in_and_out_with_flat_memory(vault, tmp_path):
    """200 MB added from disk, read back through, exported and imported: Python's peak stays a few chunks."""
    size = 200 << 20
    src = tmp_path / "server-room.mp4"
    with src.open("wb") as f:
        block = os.urandom(1 << 20)
        for n in range(size >> 20):
            f.write(block[n:] + block[:n])
    with vault.session() as s:
        dept = Department(name="测试单位")
        s.add(dept)
        s.flush()
        dept_id = dept.id
    tracemalloc.start()
    try:
        with vault.session() as s:
            batch = ev_svc.add_files(s, "inspection", dept_id, "", [src])
            assert not batch.errors and batch.added[0].size == size
        sha = batch.added[0].sha256
        with vault.session() as s:
            seen = sum(len(c) for c in evidence_store.open_stream(s, sha))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == size
    assert peak < 16 << 20, f"peak {peak >> 20} MB for a {size >> 20} MB file"


def test_an_empty_or_folder_file_is_refused_and_nothing_is_stored(either, tmp_path):  # on both engines
    vault = either
    (tmp_path / "empty.bin").write_bytes(b"")
    with vault.session() as s:
        batch = ev_svc.add_files(s, "inspection", "x", "", [tmp_path / "empty.bin", tmp_path])
    assert [type(e) for e in batch.errors] == [BadInputError, BadInputError] and not batch.added
    assert store_files(vault) == []


# ---- backup and restore ---------------------------------------------------------------------------------


def test_a_backup_carries_the_evidence_and_a_restore_checks_it_before_moving_in(demo_vault, tmp_path):
    data = content(salt=b"backup")
    info = add(demo_vault, data)
    maintenance.backup(demo_vault, tmp_path / "b.inspbak")
    assert MARKER not in (tmp_path / "b.inspbak").read_bytes()
    restored = maintenance.restore(tmp_path / "b.inspbak", tmp_path / "r" / "restored.vault", PASSPHRASE,
                                   use_keyring=False)
    try:
        with restored.session() as s:
            assert ev_svc.read_blob(s, info.sha256) == data
        assert maintenance.check_vault(restored).ok
    finally:
        restored.close()


def test_a_backup_with_a_damaged_evidence_file_is_refused_and_nothing_is_made(demo_vault, tmp_path):
    add(demo_vault, content(salt=b"damaged-backup"))
    maintenance.backup(demo_vault, tmp_path / "b.inspbak")
    data = bytearray((tmp_path / "b.inspbak").read_bytes())
    data[-50] ^= 0x01  # inside the last evidence file
    (tmp_path / "b.inspbak").write_bytes(bytes(data))
    target = tmp_path / "r" / "restored.vault"
    with pytest.raises(IntegrityFailure):
        maintenance.restore(tmp_path / "b.inspbak", target, PASSPHRASE, use_keyring=False)
    assert not target.exists() and not evidence_store.store_dir(target).exists()
    assert sorted(p.name for p in target.parent.iterdir()) == []


def test_a_destroyed_file_is_in_no_backup_made_afterwards(demo_vault, tmp_path):
    info = add(demo_vault, content(salt=b"gone"))
    with demo_vault.session() as s:
        ev_svc.remove_evidence(s, info.id)
    maintenance.backup(demo_vault, tmp_path / "b.inspbak")
    header, _ = maintenance.read_header(tmp_path / "b.inspbak")
    with demo_vault.session() as s:
        names = evidence_store.known_names(s)
    assert {e["name"] for e in header["evidence"]} == names


# ---- video: what it is, read from its header through random access ----------------------------------------


def box(kind: bytes, payload: bytes) -> bytes:
    import struct

    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def mp4(seconds: int, width: int, height: int, media: int) -> bytes:
    """A minimal MP4: ftyp, a large mdat, then moov (mvhd: timescale 1000; a video trak's tkhd with the size)."""
    import struct

    mvhd = box(b"mvhd", bytes(4) + bytes(8) + struct.pack(">II", 1000, seconds * 1000) + bytes(80))
    tkhd = box(b"tkhd", bytes(4) + bytes(72) + struct.pack(">II", width << 16, height << 16))
    return (box(b"ftyp", b"isom" + bytes(4) + b"isomavc1") + box(b"mdat", os.urandom(1024) * (media // 1024))
            + box(b"moov", mvhd + box(b"trak", tkhd)))


def test_a_video_tells_its_duration_and_size_without_being_read_whole(either):  # on both engines
    vault = either
    from inspector import media

    data = mp4(83, 1920, 1080, 5 << 20)  # the header behind 5 MB of media, past several chunks
    with vault.session() as s:
        dept = Department(name="视频单位")
        s.add(dept)
        s.flush()
        info = ev_svc.EvidenceInfo.of(ev_svc.add_evidence(s, "inspection", dept.id, "机房巡查.mp4", data), "")
    reads: list[tuple[int, int]] = []
    store = type(vault.evidence)  # a vault's files, or a hub's chunk rows
    real = store.read_at

    def counting(self, key, cipher, sha, size, offset, length):
        reads.append((offset, length))
        return real(self, key, cipher, sha, size, offset, length)

    store.read_at = counting
    try:
        with vault.session() as s:
            video = media.video_of(s, info.sha256)
    finally:
        store.read_at = real
    assert video == media.VideoInfo(83.0, 1920, 1080) and video.duration_text == "01:23"
    assert sum(n for _, n in reads) < 1 << 16  # a few headers, not the media
    with vault.session() as s:
        assert evidence_store.read_at(s, info.sha256, 3 << 20, 10) == data[3 << 20:(3 << 20) + 10]
        assert media.video_of(s, ev_svc.add_evidence(s, "inspection", dept.id, "x.mp4", b"not a video").blob_sha256) \
            is None


@needs_fork
def test_a_crash_while_backing_up_leaves_the_vault_whole_and_no_backup(demo_vault_path, tmp_path):
    """Killed after the snapshot, while the evidence files are copied: the vault is untouched and consistent, and
    no file stands at the backup's name (only the partial one, never taken for a backup)."""
    with Vault.open(demo_vault_path, passphrase=PASSPHRASE, use_keyring=False) as v:
        add(v, content(50_000, b"backup-crash"))
    target = tmp_path / "b.inspbak"
    pid = os.fork()
    if pid == 0:
        try:
            real = maintenance._copy_to

            def copy_then_die(*args, **kwargs):
                real(*args, **kwargs)
                os.kill(os.getpid(), signal.SIGKILL)

            maintenance._copy_to = copy_then_die
            vault = Vault.open(demo_vault_path, passphrase=PASSPHRASE, use_keyring=False)
            maintenance.backup(vault, target)
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status)
    assert not target.exists()
    consistent(demo_vault_path).close()
