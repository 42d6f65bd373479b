"""Keeping a vault sound (art. 23): integrity checks, encrypted backups, checked restores.

Backup file layout (version 1)::

    b"INSPECTOR-BACKUP\\n"            magic
    uint32 big-endian                 length of the header
    header (UTF-8 JSON)               version, vault id, time, schema revision, audit head,
                                      size and SHA-256 of the payload, and the vault's key file
    payload                           a SQLCipher snapshot of the database, encrypted with the
                                      vault key (taken with SQLite's online backup API, so the
                                      vault may be open and in use meanwhile)
    evidence files (version 2)        the evidence store's files the snapshot names, one after
                                      the other as they are on disk (each encrypted under its own
                                      key, which only the snapshot holds, and authenticated by it
                                      on restore); the header lists each file's name and size

A file destroyed (crypto-shredded) before a backup is therefore in no backup made
afterwards: neither its key nor its file is copied.

Nothing in the file is plaintext data: the payload is the encrypted database
and the key inside the header is wrapped by the recovery passphrase as in the
key file. Restoring therefore needs the passphrase that was valid when the
backup was made.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import struct
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import sqlcipher3
from sqlalchemy import exc as sa_exc, text

from inspector import audit, evidence_store
from inspector.crypto.keyfile import KeyFile
from inspector.db import quiet_sqlcipher, raw_key_pragma
from inspector.errors import BadInputError, IncompatibleError, IntegrityFailure
from inspector.model import AuditHead, EvidenceBlob
from inspector.paths import fsync_dir, make_private, private_umask
from inspector.progress import CancelToken, ProgressFn, check, no_progress
from inspector.vault import META_DEVICE_ID, Vault, key_path_for

MAGIC = b"INSPECTOR-BACKUP\n"
BACKUP_VERSION = 2
CHUNK = 1 << 20
dbapi_errors = (sa_exc.DatabaseError, sqlcipher3.DatabaseError)


# ---- check -------------------------------------------------------------------------------


@dataclass
class CheckReport:
    ok: bool = True
    lines: list[tuple[str, str]] = field(default_factory=list)  # (zh, en), good and bad
    audit: audit.VerifyReport | None = None

    def add(self, good: bool, zh: str, en: str) -> None:
        self.ok = self.ok and good
        self.lines.append((("✓ " if good else "✗ ") + zh, ("ok: " if good else "FAILED: ") + en))


def check_vault(vault: Vault, progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> CheckReport:
    """``cipher_integrity_check``, ``integrity_check``, evidence hashes and the deep audit verification.

    A step that cannot even run (SQLite reports the file malformed) is reported
    as failed; the remaining steps still run.
    """
    report = CheckReport()
    steps = [
        ("cipher_integrity_check", "加密页校验（cipher_integrity_check）", _cipher_pages),
        ("integrity_check", "数据库结构校验（integrity_check）", _structure),
        ("evidence files", "证据文件（认证与哈希）", _evidence),
        ("audit chain", "审计链", _audit),
    ]
    if vault.engine.dialect.name == "postgresql":  # the hub: its pages and files are PostgreSQL's to check
        steps = [("schema version", "数据结构版本", _schema_version), ("audit chain", "审计链", _audit)]
    with vault.engine.connect() as conn:
        for n, (en, zh, step) in enumerate(steps):
            check(cancel)
            progress(n, len(steps), en)
            try:
                problems, summary = step(conn, vault, report, cancel)
            except dbapi_errors as exc:
                problems, summary = [(f"无法完成：{exc}", f"could not run: {exc}")], ("", "")
                conn.rollback()
            if problems:
                for p_zh, p_en in problems:
                    report.add(False, f"{zh}：{p_zh}", f"{en}: {p_en}")
            else:
                report.add(True, f"{zh}通过{summary[0]}", f"{en}{summary[1]}")
        progress(len(steps), len(steps), "")
    return report


def _schema_version(conn, vault, report, cancel):
    from inspector import schema

    current = schema.current_revision(conn)
    if current != schema.head_revision():
        return [(f"为 {current}，应为 {schema.head_revision()}", f" is {current}, expected {schema.head_revision()}")], ("", "")
    return [], (f"（{current}）", f" ({current})")


def _cipher_pages(conn, vault, report, cancel):
    bad = conn.exec_driver_sql("PRAGMA cipher_integrity_check").all()
    return [(f"{len(bad)} 处页面校验失败", f"{len(bad)} bad pages")] if bad else [], ("", "")


def _structure(conn, vault, report, cancel):
    result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").all()]
    return ([] if result == ["ok"] else [("; ".join(result[:3]),) * 2]), ("", "")


def _evidence(conn, vault, report, cancel):
    """Every evidence file read through: authenticated chunk by chunk, its length and SHA-256 against its record;
    and no file in the store that no record names."""
    damaged, missing = [], []
    rows = conn.execute(text(f"SELECT sha256, size, data, cipher, file_key FROM {EvidenceBlob.__tablename__}"))
    for sha, size, data, cipher, key in rows:
        check(cancel)
        if key is None:
            if data is None or hashlib.sha256(data).hexdigest() != sha:
                damaged.append(sha)
            continue
        if vault.evidence.stored_size(bytes(key)) is None:
            missing.append(sha)
            continue
        try:
            for _ in vault.evidence.open_stream(bytes(key), cipher, sha, size, cancel=cancel):
                pass
        except IntegrityFailure:
            damaged.append(sha)
    known = {evidence_store.file_name(bytes(k)) for (k,) in conn.execute(
        text(f"SELECT file_key FROM {EvidenceBlob.__tablename__} WHERE file_key IS NOT NULL"))}
    strays = vault.evidence.unknown(known)
    problems = []
    if damaged:
        problems.append((f"{len(damaged)} 个证据文件已损坏或被替换（{_shas(damaged)}）",
                         f"{len(damaged)} evidence file(s) damaged or swapped ({_shas(damaged)})"))
    if missing:
        problems.append((f"{len(missing)} 个证据文件缺失（{_shas(missing)}）",
                         f"{len(missing)} evidence file(s) missing ({_shas(missing)})"))
    if strays:
        problems.append((f"证据目录中有 {len(strays)} 个没有记录的文件", f"{len(strays)} file(s) in the evidence "
                         "store that no record names"))
    return problems, ("", "")


def _shas(shas: list[str]) -> str:
    return "、".join(sha[:12] + "…" for sha in shas[:3]) + ("…" if len(shas) > 3 else "")


def _audit(conn, vault, report, cancel):
    report.audit = audit.verify(conn, vault.audit_hash, vault.vault_id, deep=True, cancel=cancel)
    summary = (f"（{report.audit.events} 条事件，{report.audit.records_checked} 条记录）",
               f" ({report.audit.events} events, {report.audit.records_checked} records)")
    return report.audit.problems, summary


# ---- backup ------------------------------------------------------------------------------


def backup(vault: Vault, out: Path, progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> dict:
    """Write a consistent, encrypted snapshot of ``vault`` to ``out``; returns the header."""
    out = Path(out)
    if out.exists():
        raise BadInputError(f"目标文件已存在，不会覆盖：{out}", f"The target file exists and will not be overwritten: {out}")
    snapshot = out.with_name(out.name + ".snapshot")
    partial = out.with_name(out.name + ".partial")
    try:
        with private_umask():
            _snapshot(vault, snapshot, progress, cancel)
            # the same checks as a restore: never report success for a backup that restore would refuse
            try:
                _check_snapshot(snapshot, vault.key, vault.vault_id, out, progress, cancel)
            except IntegrityFailure as exc:
                raise IntegrityFailure(
                    f"备份未完成：{exc.zh}\n当前保险库本身未通过校验，这样的备份将无法恢复；原有数据未被改动。"
                    "请联系管理员（技术人员可运行“inspector vault check”查看详情）。",
                    f"No backup was made: {exc.en}\nThe vault itself fails its check, so this backup could not be "
                    "restored; nothing was changed. Ask your administrator (`inspector vault check` shows the "
                    "details).") from None
            size = snapshot.stat().st_size
            sha = hashlib.sha256()
            with snapshot.open("rb") as f:
                for chunk in iter(lambda: f.read(CHUNK), b""):
                    sha.update(chunk)
            with vault.engine.connect() as conn:
                head = conn.execute(text(f"SELECT seq, hash FROM {AuditHead.__tablename__}")).first()
                revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
            header = {
                "version": BACKUP_VERSION, "vault_id": vault.vault_id, "schema": revision,
                "created_at": audit._json_default(audit.utcnow()), "size": size, "sha256": sha.hexdigest(),
                "audit_head": {"seq": head.seq, "hash": head.hash} if head else None,
                "keyfile": json.loads(vault.keyfile.to_bytes()),
            }
            files = _snapshot_files(snapshot, vault)
            header["evidence"] = [{"name": p.name, "size": p.stat().st_size} for p in files]
            head_bytes = json.dumps(header, ensure_ascii=False).encode()
            with partial.open("wb") as dst:
                dst.write(MAGIC + struct.pack(">I", len(head_bytes)) + head_bytes)
                total = header["size"] + sum(e["size"] for e in header["evidence"])
                done = 0
                for src_path, entry in zip([snapshot, *files], [header, *header["evidence"]]):
                    done = _copy_to(dst, src_path, entry["size"], cancel, progress, done, total)
                dst.flush()
                os.fsync(dst.fileno())
            os.replace(partial, out)
            fsync_dir(out.parent)
    finally:
        for f in (snapshot, partial):
            with contextlib.suppress(OSError):
                f.unlink()
    with vault.session() as s:
        audit.record(s, "vault.backup", "vault", vault.vault_id, {"file": out.name, "sha256": header["sha256"]})
    return header


def _copy_to(dst, src_path: Path, size: int, cancel: CancelToken | None, progress: ProgressFn, done: int,
             total: int) -> int:
    """Append the file ``src_path`` (``size`` bytes, as listed in the header) to the backup being written."""
    copied = 0
    with src_path.open("rb") as src:
        for chunk in iter(lambda: src.read(CHUNK), b""):
            check(cancel)
            dst.write(chunk)
            copied += len(chunk)
            progress(done + copied, total, "backup")
    if copied != size:
        raise BadInputError("备份期间证据文件被改动，未生成备份；请重试。",
                            "An evidence file changed while the backup ran; no backup was made. Try again.")
    return done + copied


def _snapshot_files(snapshot: Path, vault: Vault) -> list[Path]:
    """The evidence files the database snapshot names (each must be there: the store never loses a named file)."""
    conn = sqlcipher3.connect(str(snapshot))
    try:
        quiet_sqlcipher(conn)
        conn.execute(raw_key_pragma(vault.key))
        keys = [bytes(k) for (k,) in conn.execute(
            f"SELECT file_key FROM {EvidenceBlob.__tablename__} WHERE file_key IS NOT NULL ORDER BY sha256")]
    finally:
        conn.close()
    files = [vault.evidence.path_of(k) for k in keys]
    missing = [p for p in files if not p.is_file()]
    if missing:
        raise IntegrityFailure(f"备份未完成：{len(missing)} 个证据文件缺失。原有数据未被改动；请运行“inspector vault check”。",
                               f"No backup was made: {len(missing)} evidence file(s) are missing. Nothing was changed; "
                               "run `inspector vault check`.")
    return files


def _snapshot(vault: Vault, target: Path, progress: ProgressFn, cancel: CancelToken | None) -> None:
    dst = sqlcipher3.connect(str(target))
    raw = vault.engine.raw_connection()
    try:
        quiet_sqlcipher(dst)
        dst.execute(raw_key_pragma(vault.key))

        def step(status, remaining, total):
            check(cancel)
            progress(total - remaining, total, "backup")

        raw.driver_connection.backup(dst, pages=64, progress=step)
    finally:
        raw.close()
        dst.close()
    make_private(target)


def read_header(path: Path) -> tuple[dict, int]:
    """The header of a backup file and the offset of its payload."""
    damaged = BadInputError(f"不是 Inspector 备份文件，或文件已损坏：{path}",
                            f"Not an Inspector backup file, or the file is damaged: {path}")
    try:
        with Path(path).open("rb") as f:
            if f.read(len(MAGIC)) != MAGIC:
                raise damaged
            (length,) = struct.unpack(">I", f.read(4))
            if length > 1 << 20:
                raise damaged
            header = json.loads(f.read(length).decode("utf-8"))
    except FileNotFoundError:
        raise BadInputError(f"找不到备份文件：{path}", f"Backup file not found: {path}") from None
    except (struct.error, ValueError, UnicodeDecodeError):
        raise damaged from None
    if not isinstance(header, dict):
        raise damaged
    version = header.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > BACKUP_VERSION:
        raise IncompatibleError(f"该备份由更新版本的 Inspector 创建：{path}",
                                f"This backup was made by a newer Inspector: {path}")
    shapes = {"version": int, "vault_id": str, "size": int, "sha256": str, "keyfile": dict, "created_at": str}
    if not all(isinstance(header.get(k), t) and not isinstance(header.get(k), bool) for k, t in shapes.items()) \
            or header["size"] < 0:
        raise damaged
    entries = header.get("evidence", [])
    if not isinstance(entries, list) or not all(
            isinstance(e, dict) and isinstance(e.get("name"), str) and re.fullmatch(r"[0-9a-f]{40}", e["name"])
            and isinstance(e.get("size"), int) and not isinstance(e.get("size"), bool) and e["size"] >= 0
            for e in entries):
        raise damaged
    return header, len(MAGIC) + 4 + length


def restore(backup_file: Path, new_path: Path, passphrase: str, progress: ProgressFn = no_progress,
            cancel: CancelToken | None = None, *, use_keyring: bool = True) -> Vault:
    """Check ``backup_file`` thoroughly, then make it a vault at ``new_path`` (never overwriting)."""
    backup_file, new_path = Path(backup_file), Path(new_path)
    if new_path.exists() or key_path_for(new_path).exists():
        raise BadInputError(f"目标位置已有文件，不会覆盖：{new_path}",
                            f"Something already exists at the target and will not be overwritten: {new_path}")
    header, offset = read_header(backup_file)
    keyfile = KeyFile.from_bytes(json.dumps(header["keyfile"]).encode(), str(backup_file))
    keys = keyfile.unwrap(passphrase)  # AuthError before anything is written
    store_target = evidence_store.store_dir(new_path)
    if store_target.exists():
        raise BadInputError(f"目标位置已有证据目录，不会覆盖：{store_target}",
                            f"An evidence folder already exists at the target and will not be overwritten: {store_target}")
    staging = new_path.with_name(new_path.name + ".restoring")
    store_staging = evidence_store.EvidenceStore(store_target.with_name(store_target.name + ".restoring"))
    entries = header.get("evidence") or []
    total = header["size"] + sum(e["size"] for e in entries)
    new_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with private_umask(), backup_file.open("rb") as src:
            src.seek(offset)
            sha = hashlib.sha256()
            done = _copy_exact(src, staging, header["size"], sha, cancel, progress, 0, total)
            if sha.hexdigest() != header["sha256"]:
                raise _damaged_backup(backup_file)
            for entry in entries:
                target = store_staging.root / entry["name"][:2] / entry["name"]
                target.parent.mkdir(parents=True, exist_ok=True)
                done = _copy_exact(src, target, entry["size"], None, cancel, progress, done, total)
            if src.read(1):
                raise _damaged_backup(backup_file)
        _check_snapshot(staging, keys[0], header["vault_id"], backup_file, progress, cancel)
        _check_evidence(staging, keys[0], store_staging, backup_file, cancel)
        if entries:
            os.replace(store_staging.root, store_target)  # the files first: a crash leaves no record without its file
        os.replace(staging, new_path)
        keyfile.save(key_path_for(new_path))
    finally:
        for f in (staging, staging.with_name(staging.name + "-wal"), staging.with_name(staging.name + "-shm")):
            with contextlib.suppress(OSError):
                f.unlink()
        shutil.rmtree(store_staging.root, ignore_errors=True)
    vault = Vault.open(new_path, key=keys[0], use_keyring=use_keyring)
    # A restored copy is a new device: two live vaults must never count changes under one device id.
    vault.set_meta(META_DEVICE_ID, str(uuid.uuid4()))
    vault.close()
    vault = Vault.open(new_path, key=keys[0], use_keyring=use_keyring)
    with vault.session() as s:
        audit.record(s, "vault.restore", "vault", vault.vault_id,
                     {"from": backup_file.name, "sha256": header["sha256"], "made": header["created_at"]})
    return vault


def _damaged_backup(backup_file: Path) -> IntegrityFailure:
    return IntegrityFailure(f"备份文件已损坏（内容哈希不符或不完整）：{backup_file}",
                            f"The backup file is damaged (hash mismatch or incomplete): {backup_file}")


def _copy_exact(src, target: Path, size: int, sha, cancel: CancelToken | None, progress: ProgressFn, done: int,
                total: int) -> int:
    """Copy exactly ``size`` bytes of ``src`` into a new file ``target`` (synced); a short read is damage."""
    left = size
    with target.open("wb") as dst:
        while left:
            check(cancel)
            chunk = src.read(min(CHUNK, left))
            if not chunk:
                raise IntegrityFailure("备份文件不完整。", "The backup file is incomplete.")
            if sha is not None:
                sha.update(chunk)
            dst.write(chunk)
            left -= len(chunk)
            done += len(chunk)
            progress(done, total, "restore")
        dst.flush()
        os.fsync(dst.fileno())
    return done


def _check_evidence(snapshot: Path, key: bytes, store: evidence_store.EvidenceStore, where: Path,
                    cancel: CancelToken | None) -> None:
    """Every evidence file the snapshot names is in the backup and authenticates to its record; nothing else is."""
    conn = sqlcipher3.connect(str(snapshot))
    try:
        quiet_sqlcipher(conn)
        conn.execute(raw_key_pragma(key))
        rows = conn.execute(f"SELECT sha256, size, cipher, file_key FROM {EvidenceBlob.__tablename__} "
                            "WHERE file_key IS NOT NULL").fetchall()
    finally:
        conn.close()
    names = {evidence_store.file_name(bytes(k)) for *_, k in rows}
    if {p.name for p in store.files()} != names:
        raise IntegrityFailure(f"备份中的证据文件与数据库记录不符：{where}",
                               f"The evidence files in the backup do not match the database's records: {where}")
    for sha, size, cipher, k in rows:
        for _ in store.open_stream(bytes(k), cipher, sha, size, cancel=cancel):
            pass


def _check_snapshot(path: Path, key: bytes, vault_id: str, where: Path, progress: ProgressFn = no_progress,
                    cancel: CancelToken | None = None) -> None:
    """What a restore requires of a database snapshot: sound pages, sound structure, a sound audit chain
    that every row matches. Raises :class:`IntegrityFailure` naming the first problem."""
    conn = sqlcipher3.connect(str(path))
    try:
        quiet_sqlcipher(conn)
        conn.execute(raw_key_pragma(key))
        try:
            bad = conn.execute("PRAGMA cipher_integrity_check").fetchall()
            ok = conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        except sqlcipher3.DatabaseError:
            bad, ok = [("undecryptable",)], False
        if bad or not ok:
            raise IntegrityFailure(f"备份中的数据库未通过完整性校验：{where}",
                                   f"The database in the backup fails its integrity check: {where}")
        from sqlalchemy import create_engine

        engine = create_engine("sqlite://", creator=lambda: conn)
        with engine.connect() as c:
            alg = c.exec_driver_sql("SELECT value FROM vault_meta WHERE key='audit_hash'").scalar_one()
            report = audit.verify(c, alg, vault_id, deep=True, progress=progress, cancel=cancel)
        if not report.ok:
            raise IntegrityFailure(f"备份中的审计链校验失败：{report.problems[0][0]}",
                                   f"The audit chain in the backup fails verification: {report.problems[0][1]}")
    finally:
        conn.close()
