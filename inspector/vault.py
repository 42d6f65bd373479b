"""The vault: one SQLCipher database file, its key, and the sessions that change it.

Files of a vault at ``PATH``:

* ``PATH`` — the SQLCipher 4 database (plus SQLite's ``PATH-wal``/``PATH-shm``,
  encrypted too); created owner-only.
* ``PATH.key`` — the database key wrapped by the recovery passphrase
  (:mod:`inspector.crypto.keyfile`).

Unlock order: the OS keyring (if secure), then ``INSPECTOR_PASSPHRASE``, then
the caller's prompt. A wrong passphrase or key is refused before anything is
written, so the files stay byte-for-byte as they were.
"""

from __future__ import annotations

import contextlib
import getpass
import logging
import os
import shutil
import uuid
from pathlib import Path
from typing import Callable

import sqlcipher3
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, SQLModel

from inspector import audit, evidence_store, keystore, schema
from inspector.crypto.keyfile import KdfParams, KeyFile, check_new_passphrase
from inspector.db import (
    busy_error,
    is_busy,
    make_engine,
    pages_under,
    settle,
    translated_errors,
)
from inspector.errors import (
    AuthError,
    BadInputError,
    ForeignKeyFile,
    IntegrityFailure,
    NotFoundError,
    VaultBusyError,
)
from inspector.database import Database, VaultSession  # noqa: F401  (VaultSession: imported from here too)
from inspector.model import EvidenceBlob, VaultMeta, utcnow
from inspector.paths import make_private, private_umask

log = logging.getLogger(__name__)

PASSPHRASE_ENV = "INSPECTOR_PASSPHRASE"
PassphrasePrompt = Callable[[], str]

# vault_meta keys
META_VAULT_ID = "vault_id"
META_DEVICE_ID = "device_id"
META_AUDIT_HASH = "audit_hash"
META_CREATED_AT = "created_at"
META_SELF_INSPECTOR = "self_inspector_id"  # declared in inspector.services.settings


def _rekey_step(name: str) -> None:
    """Called as :meth:`Vault.rekey` passes each step; the crash tests kill the process here."""


def key_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".key")


def vault_files(path: Path) -> list[Path]:
    """The files of the vault at ``path`` (its evidence store, a folder, is :func:`remove_vault_files`'s too)."""
    return [path, key_path_for(path), path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def copy_vault(src: Path, dst: Path) -> Path:
    """Copy a closed vault (database, key file and evidence store) to ``dst``; returns ``dst``."""
    src, dst = Path(src), Path(dst)
    with private_umask():
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
        shutil.copy2(key_path_for(src), key_path_for(dst))
        if evidence_store.store_dir(src).is_dir():
            shutil.copytree(evidence_store.store_dir(src), evidence_store.store_dir(dst))
    return dst


def remove_vault_files(path: Path) -> None:
    """Remove what a vault at ``path`` consists of (a half-made one); missing parts are no error."""
    for f in vault_files(path):
        with contextlib.suppress(OSError):
            f.unlink()
    shutil.rmtree(evidence_store.store_dir(path), ignore_errors=True)


def _default_actor() -> str:
    try:
        return f"os:{getpass.getuser()}"
    except Exception:
        return "os:unknown"


def initialize_store(engine: Engine, path: Path, vault_id: str, device_id: str, audit_hash: str,
                     actor: str | None) -> None:
    """Give a brand-new database its schema and identity (also the benchmarks' plain-SQLite baseline)."""
    with private_umask(), engine.begin() as conn:
        schema.upgrade(conn, str(path))
    make_private(path)
    maker = sessionmaker(engine, class_=Session)
    audit.install(maker)
    with maker() as session:
        session.info["audit"] = audit.AuditContext(vault_id, device_id, actor or _default_actor(), audit_hash)
        for k, v in {
            META_VAULT_ID: vault_id,
            META_DEVICE_ID: device_id,
            META_AUDIT_HASH: audit_hash,
            META_CREATED_AT: utcnow().isoformat(),
        }.items():
            session.add(VaultMeta(key=k, value=v))
        session.commit()


def forget_dialect(dialect: object) -> None:
    """Drop the statements the ORM compiled for ``dialect`` (an engine's, after it is disposed).

    SQLAlchemy's unit of work caches compiled INSERT/UPDATE/DELETE statements in each
    mapper (``Mapper._compiled_cache``, module-global like the models), keyed by the
    engine's dialect. Every vault opened and closed would otherwise stay in memory for the
    life of the process — its dialect, type processors and compiled SQL — through every
    lock and unlock of the application (and every vault a test suite makes).
    """
    for mapper in SQLModel._sa_registry.mappers:
        cache = mapper._compiled_cache
        for key in [k for k in list(cache) if isinstance(k, tuple) and k and k[0] is dialect]:
            cache.pop(key, None)


def window_holding(path: Path) -> bool:
    """Whether another process's Inspector window has the vault at ``path`` open.

    The window claims ``PATH.lock`` (Qt's ``QLockFile``: the owner's PID on the first
    line; on Windows the owner also keeps the file open without sharing it for writing).
    A lock whose process is gone, or that is this process's own, does not count.
    """
    lock = path.with_name(path.name + ".lock")
    try:
        first = lock.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0].strip()
    except OSError:
        return lock.exists()  # there but unreadable: someone holds it
    if not first.isdigit() or int(first) == os.getpid():
        return False
    pid = int(first)
    if os.name == "nt":  # os.kill(pid, 0) would send Ctrl-C there; an owned QLockFile refuses writers
        try:
            with open(lock, "a"):
                return False
        except PermissionError:
            return True
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


class Vault(Database):
    """An open, unlocked vault. Get one from :meth:`create` or :meth:`open`; :meth:`close` it after use."""

    def __init__(self, path: Path, engine: Engine, key: bytes, keyfile: KeyFile, actor: str | None) -> None:
        self.path = path
        self.engine = engine
        self._key = key
        self.keyfile = keyfile
        with engine.connect() as conn:
            meta = dict(conn.execute(select(VaultMeta.key, VaultMeta.value)).all())
        if meta.get(META_VAULT_ID) != keyfile.vault_id:
            engine.dispose()
            raise ForeignKeyFile(
                f"这个密钥文件属于另一个保险库：{key_path_for(path)} 记录的保险库编号与 {path} 中的不同。两个文件都未被改动。",
                f"The key file belongs to another vault: {key_path_for(path)} names another vault id than "
                f"{path} holds. Neither file was changed.",
            )
        self.vault_id = meta[META_VAULT_ID]
        self.device_id = meta[META_DEVICE_ID]
        self.audit_hash = meta.get(META_AUDIT_HASH, audit.DEFAULT_HASH)
        self.audit_context = audit.AuditContext(
            vault_id=self.vault_id,
            device_id=self.device_id,
            actor=actor or self.actor_for(meta.get(META_SELF_INSPECTOR)),
            alg=self.audit_hash,
        )
        self._maker = self.session_maker(engine)
        self.evidence = evidence_store.EvidenceStore(evidence_store.store_dir(path))
        evidence_store.install(self._maker)
        self.swept: list[str] = []
        """Evidence files a crash had left without a record, removed when this vault was opened."""
        self.keyring_status: keystore.KeyringStatus | None = None

    def errors(self):
        return translated_errors(self.path)

    @staticmethod
    def actor_for(inspector_id: str | None) -> str:
        """Who the audit trail names: the vault's inspector once known, else the OS account."""
        return f"inspector:{inspector_id}" if inspector_id else _default_actor()

    # ---- creation and unlocking ------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        *,
        audit_hash: str = audit.DEFAULT_HASH,
        kdf: KdfParams | None = None,
        actor: str | None = None,
        use_keyring: bool = True,
    ) -> "Vault":
        """Create a new, empty vault at ``path`` protected by ``passphrase``."""
        path = Path(path)
        if path.exists() or key_path_for(path).exists():
            raise BadInputError(f"该位置已有保险库：{path}", f"A vault already exists at {path}")
        if audit_hash not in audit.HASH_ALGORITHMS:
            raise BadInputError(f"不支持的审计哈希算法：{audit_hash}", f"Unsupported audit hash algorithm: {audit_hash}")
        check_new_passphrase(passphrase)
        key = os.urandom(32)
        vault_id, device_id = str(uuid.uuid4()), str(uuid.uuid4())
        with private_umask():
            path.parent.mkdir(parents=True, exist_ok=True)
        engine: Engine | None = None
        try:
            keyfile = KeyFile.create(vault_id, passphrase, [key], kdf)
            keyfile.save(key_path_for(path))
            with private_umask():
                engine = make_engine(path, key)
            initialize_store(engine, path, vault_id, device_id, audit_hash, actor)
            vault = cls(path, engine, key, keyfile, actor)
        except BaseException:
            if engine is not None:
                engine.dispose()  # release the files before removing them (Windows)
            remove_vault_files(path)
            raise
        vault.keyring_status = keystore.store_key(vault_id, key) if use_keyring else None
        return vault

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        passphrase: str | None = None,
        prompt: PassphrasePrompt | None = None,
        key: bytes | None = None,
        use_keyring: bool = True,
        actor: str | None = None,
    ) -> "Vault":
        """Unlock the vault at ``path``: keyring, then passphrase (argument, environment, prompt)."""
        path = Path(path)
        if not path.is_file():
            raise NotFoundError(
                f"找不到保险库：{path}。请先运行“inspector init”创建，或用 --vault 指定位置。",
                f"No vault at {path}. Create one with `inspector init`, or point --vault at it.",
            )
        keyfile = KeyFile.load(key_path_for(path))
        interrupted = len(keyfile.entries) > 1  # a rekey did not finish: see _finish_rekey
        candidates: list[bytes] = []
        chosen: bytes | None = None
        from_keyring = False
        if key is not None:
            candidates = [key]
        elif use_keyring:
            stored = keystore.load_key(keyfile.vault_id)
            if stored is not None and keyfile.knows(stored):
                candidates, from_keyring = [stored], True
        if interrupted and candidates:
            chosen = cls._finish_rekey(path, keyfile, candidates)
            if chosen is None and from_keyring:  # the keyring still holds the key the rekey replaced
                candidates, from_keyring = [], False
        if not candidates:
            secret = passphrase if passphrase is not None else os.environ.get(PASSPHRASE_ENV)
            if secret is None and prompt is not None:
                secret = prompt()
            if secret is None:
                raise AuthError(
                    "需要恢复口令才能打开保险库（未在系统密钥环中找到密钥）。",
                    "The recovery passphrase is needed to open this vault (no key in the system keyring).",
                )
            candidates = keyfile.unwrap(secret)
            if interrupted:
                chosen = cls._finish_rekey(path, keyfile, candidates)
        if chosen is None:  # a key that does not open the vault: the errors below say why
            chosen = candidates[0]
        engine = make_engine(path, chosen)
        try:
            with translated_errors(path):
                upgraded_from = cls._migrate(engine, path)
        except IntegrityFailure:
            engine.dispose()
            if key is not None and not keyfile.knows(key):
                raise AuthError("密钥不正确，保险库未作任何更改。", "Wrong key; the vault was not changed.") from None
            if cls._key_fits_nothing(path, chosen):
                raise ForeignKeyFile(
                    f"这个密钥文件属于另一个保险库：{key_path_for(path)} 中的密钥解不开 {path} 的任何一页（也可能是"
                    "数据库文件被换成了别的文件，或其开头已损坏）。两个文件都未被改动；请放回与这个保险库一起保存的密钥文件。",
                    f"The key file belongs to another vault: the key in {key_path_for(path)} opens none of the pages "
                    f"of {path} (or the database file was replaced, or its first bytes are damaged). Neither file "
                    "was changed; put back the key file kept with this vault.",
                ) from None
            raise
        except BaseException:
            engine.dispose()
            raise
        vault = cls(path, engine, chosen, keyfile, actor)
        if upgraded_from is not None and upgraded_from < "0008":
            vault._after_upgrade()
        vault._settle_evidence()
        if use_keyring and not from_keyring:
            vault.keyring_status = keystore.store_key(vault.vault_id, chosen)
        elif from_keyring:
            vault.keyring_status = keystore.status()
        return vault

    def _after_upgrade(self) -> None:
        """What a schema upgrade leaves to an audited write: since 0008, the shipped regulation as version 1."""
        from inspector.services.regulation_versions import seed_shipped

        with self.session() as s:
            seed_shipped(s)

    def _settle_evidence(self) -> None:
        """Make the evidence store agree with the database: remove files a crash left without a record (reported in
        :attr:`swept` and the audit trail), and move the content a vault from before the store held inside the
        database out into it."""
        with self.session() as s:
            self.swept = evidence_store.sweep(s) if self.evidence.root.is_dir() else []
            if self.swept:
                audit.record(s, "evidence.sweep", "vault", self.vault_id, {"removed": len(self.swept)})
            inline = s.execute(select(EvidenceBlob.sha256).where(EvidenceBlob.file_key.is_(None)).limit(1)).first()
        if inline is not None:
            with self.session() as s:
                evidence_store.move_inline(s)

    @staticmethod
    def _finish_rekey(path: Path, keyfile: KeyFile, candidates: list[bytes]) -> bytes | None:
        """Settle a rekey that was interrupted (the key file holds the new and the old key).

        The key in force is the one that decrypts the vault as SQLite recovers it — the
        write-ahead log included, where a killed rekey leaves its committed pages. Its log is
        copied back into the database file under that key (so ``vault check``, which reads the
        file, sees one key throughout), and only then is the other key dropped from the key file.
        ``None`` if no candidate decrypts the vault.
        """
        for candidate in candidates:
            settled = settle(path, candidate)
            if settled is None:
                continue
            if settled and keyfile.knows(candidate):
                keyfile.keep_only(candidate)
                try:
                    keyfile.save(key_path_for(path))
                    log.info("an interrupted rekey was settled")
                except OSError as exc:  # a read-only folder: the vault opens all the same, the next open retries
                    log.warning("an interrupted rekey could not be settled: %s", type(exc).__name__)
            return candidate
        return None

    @staticmethod
    def _key_fits_nothing(path: Path, key: bytes) -> bool:
        """Whether ``key`` verifies none of the database file's pages (damage spoils some, a wrong key all)."""
        try:
            fitting, pages = pages_under(path, key)
        except Exception:  # noqa: BLE001 — cannot even look: let the damage report stand
            return False
        return pages > 0 and fitting == 0

    @staticmethod
    def _migrate(engine: Engine, path: Path) -> str | None:
        """Bring the schema to the head revision; returns the revision it had, if it was older."""
        with engine.connect() as conn:
            current = schema.current_revision(conn)
        if current == schema.head_revision():
            return None
        with engine.connect() as conn:
            # A batch migration copies a table and drops the original; with foreign keys on, dropping a table
            # other rows refer to fails (migration 0005: rectification_notice, which findings refer to). SQLite's
            # procedure for this: foreign keys off (only possible outside a transaction), then checked before
            # the migration commits.
            raw = conn.connection.driver_connection
            raw.execute("PRAGMA foreign_keys = OFF")
            try:
                with conn.begin():
                    before, after = schema.upgrade(conn, str(path))
                    if conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                        raise IntegrityFailure(
                            f"升级保险库的数据结构时发现引用错误，未做任何更改：{path}",
                            f"Upgrading the vault's schema found a broken reference; nothing was changed: {path}")
            finally:
                raw.execute("PRAGMA foreign_keys = ON")
        log.info("vault schema upgraded from %s to %s", before, after)
        return before or ""

    def close(self) -> None:
        """Close every connection and forget the key; the object is unusable afterwards."""
        if self.engine is not None:
            self.engine.dispose()
            forget_dialect(self.engine.dialect)
        self.engine = None
        self._key = b""

    # ---- key management --------------------------------------------------------------------

    def change_passphrase(self, old: str, new: str) -> None:
        """Re-wrap the database key under ``new``; the database itself is not rewritten."""
        check_new_passphrase(new)
        keys = self.keyfile.unwrap(old)
        self.keyfile.seal(new, keys)
        self.keyfile.save(key_path_for(self.path))
        with self.session() as s:
            audit.record(s, "vault.change_passphrase", "vault", self.vault_id, {"kdf": "argon2id"})

    def rekey(self, passphrase: str) -> None:
        """Replace the database key itself (e.g. after a laptop was lost with the keyring unlocked).

        Crash-safe order: the key file first holds both keys (new first); SQLCipher
        re-encrypts every page in one transaction (into the write-ahead log); the log is
        copied back into the database file; only then is the old key dropped from the key
        file. A process killed anywhere leaves a vault whose next :meth:`open` finds the key in
        force and finishes the job (:meth:`_finish_rekey`).
        """
        self.keyfile.unwrap(passphrase)  # the passphrase is right
        if window_holding(self.path):
            # that window keeps the old key: its next read would fail as if the vault were damaged
            raise VaultBusyError(
                f"该保险库正在一个 Inspector 窗口中使用：{self.path}。请先关闭该窗口，再更换密钥；未做任何更改。",
                f"This vault is in use in an Inspector window: {self.path}. Close that window first, then "
                "replace the key; nothing was changed.")
        old_key, new_key = self._key, os.urandom(32)
        self.engine.dispose()
        raw = self.engine.raw_connection()  # outside any transaction: SQLCipher runs its own
        try:
            try:  # SQLCipher does not say why a rekey failed: make sure now that no one else is writing
                raw.driver_connection.execute("BEGIN IMMEDIATE")
                raw.driver_connection.execute("ROLLBACK")
            except sqlcipher3.OperationalError as e:
                if is_busy(e):
                    raise busy_error(self.path) from None
                raise
            _rekey_step("start")
            self.keyfile.seal(passphrase, [new_key, old_key])
            self.keyfile.save(key_path_for(self.path))
            _rekey_step("keyfile-both")
            raw.driver_connection.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
        except BaseException:
            raw.close()
            self.engine.dispose()
            with contextlib.suppress(Exception):
                if len(self.keyfile.entries) > 1 and settle(self.path, old_key, checkpoint=False) is not None:
                    self.keyfile.keep_only(old_key)  # rolled back: the new key was never used
                    self.keyfile.save(key_path_for(self.path))
            raise
        try:
            _rekey_step("rekeyed")
            # Every page is now in the log under the new key; the file still holds the old pages.
            settled = raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
            _rekey_step("checkpointed")
        finally:
            raw.close()
        self.engine.dispose()
        self.engine = make_engine(self.path, new_key)
        self._maker.configure(bind=self.engine)
        self._key = new_key
        if settled:
            self.keyfile.keep_only(new_key)
            self.keyfile.save(key_path_for(self.path))
        else:  # another program kept the log: both keys stay, and the next open settles it
            log.warning("rekey: the write-ahead log could not be copied back yet")
        _rekey_step("keyfile-new")
        self.keyring_status = keystore.store_key(self.vault_id, new_key)
        _rekey_step("keyring")
        with self.session() as s:
            audit.record(s, "vault.rekey", "vault", self.vault_id, {"cipher": "sqlcipher4"})
        _rekey_step("done")

    @property
    def key(self) -> bytes:
        """The raw database key (for backups); never log or display it."""
        return self._key
