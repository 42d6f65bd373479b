"""Evidence on the hub: the same sealed files as a vault's store, kept as rows of ``evidence_chunk`` (issue 20).

Each evidence content is sealed exactly as in a vault (:mod:`inspector.evidence_store`: STREAM, 1 MiB chunks,
AES-256-GCM or SM4-GCM, a random key of its own), and each sealed chunk is one row, written in the transaction of
the record it belongs to — so a crash or a rollback can leave no chunk without its record, and there is nothing
to sweep. The file's key is not kept as it is: ``evidence_blob.file_key`` holds it wrapped (AES-256-GCM) under the
hub's **evidence key**, which lives outside PostgreSQL — in the OS keyring of each office machine, and in
``vault_meta`` only sealed by the hub's evidence passphrase (Argon2id, :class:`~inspector.crypto.keyfile.KeyFile`).
A dump of the database, or a user with SQL access and without that key, reads no evidence.

Reads go one chunk per query, so a 4 GB video streams with one chunk in memory.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, Engine, text

from inspector.crypto import stream
from inspector.errors import AuthError
from inspector.evidence_store import LABEL, MAGIC, Meter, Sealed, damaged, file_name, opened, span
from inspector.progress import CancelToken, ProgressFn, check

TABLE = "evidence_chunk"
WRAP_AAD = b"inspector-hub-evidence-key/1"


def locked() -> AuthError:
    return AuthError("集中库的证据密钥未解锁：请在本机输入集中库证据口令（桌面程序：点击状态栏中的“证据已锁定”；"
                     "命令行：设置 INSPECTOR_HUB_EVIDENCE_PASSPHRASE）。",
                     "The hub's evidence key is locked: enter the hub's evidence passphrase on this machine (in the "
                     "application: click \"Evidence locked\" in the status bar; on the command line: set "
                     "INSPECTOR_HUB_EVIDENCE_PASSPHRASE).")


class ChunkStore:
    """The hub's evidence files. Unbound it reads over connections of its own (for worker threads); bound to a
    unit of work (:meth:`within`) it reads and writes in that transaction."""

    transactional = True
    """Writes and removals belong to the unit of work (a vault's store removes its files after the commit)."""

    def __init__(self, engine: Engine, kek: bytes | None, conn: Connection | None = None) -> None:
        self.engine = engine
        self._kek = kek
        self._conn = conn

    def within(self, session) -> ChunkStore:
        return ChunkStore(self.engine, self._kek, session.connection())

    @property
    def unlocked(self) -> bool:
        return self._kek is not None

    # ---- the keys -----------------------------------------------------------------------------------

    def _wrap(self, key: bytes) -> bytes:
        if self._kek is None:
            raise locked()
        nonce = os.urandom(12)
        return nonce + AESGCM(self._kek).encrypt(nonce, key, WRAP_AAD)

    def _unwrap(self, stored: bytes, sha256: str) -> bytes:
        if self._kek is None:
            raise locked()
        try:
            return AESGCM(self._kek).decrypt(stored[:12], stored[12:], WRAP_AAD)
        except (InvalidTag, ValueError):
            raise damaged(sha256, "文件密钥无法解开", "its key does not unwrap") from None

    def _run(self, sql: str, **params):
        if self._conn is not None:
            return self._conn.execute(text(sql), params)
        with self.engine.begin() as conn:
            result = conn.execute(text(sql), params)
            return result.all() if result.returns_rows else []

    # ---- writing ------------------------------------------------------------------------------------

    def seal(self, chunks: Iterable[bytes], cipher: str = stream.AES_256_GCM, *, limit: int | None = None,
             cancel: CancelToken | None = None, progress: ProgressFn | None = None, total: int = 0,
             done: int = 0) -> Sealed:
        if self._conn is None:
            raise RuntimeError("the hub's evidence is written inside a unit of work (ChunkStore.within)")
        key = os.urandom(stream.CIPHERS[cipher])
        stored = self._wrap(key)
        name = file_name(stored)
        meter = Meter(limit, cancel, progress, total, done)
        for n, sealed in enumerate(stream.encrypt(stream.aead(cipher, key), LABEL, meter.through(chunks))):
            self._conn.execute(text(f"INSERT INTO {TABLE} (name, n, data) VALUES (:name, :n, :data)"),
                               {"name": name, "n": n, "data": sealed})
        return Sealed(Path(name), stored, cipher, meter.digest.hexdigest(), meter.size)

    def remove(self, stored: bytes) -> None:
        self._run(f"DELETE FROM {TABLE} WHERE name = :name", name=file_name(stored))

    # ---- reading ------------------------------------------------------------------------------------

    def _chunk(self, name: str, n: int) -> bytes | None:
        rows = list(self._run(f"SELECT data FROM {TABLE} WHERE name = :name AND n = :n", name=name, n=n))
        return bytes(rows[0][0]) if rows else None

    def open_stream(self, stored: bytes, cipher: str, sha256: str, size: int, *, check_hash: bool = True,
                    cancel: CancelToken | None = None) -> Iterator[bytes]:
        key = self._unwrap(stored, sha256)
        name = file_name(stored)
        if self._chunk(name, 0) is None:
            raise damaged(sha256, "文件缺失", "the file is missing")

        def pieces() -> Iterator[bytes]:
            n = 0
            while (block := self._chunk(name, n)) is not None:
                check(cancel)
                yield block
                n += 1

        yield from opened(cipher, key, pieces(), sha256, size, check_hash=check_hash)

    def read_at(self, stored: bytes, cipher: str, sha256: str, size: int, offset: int, length: int) -> bytes:
        name = file_name(stored)
        return span(lambda index: self._chunk(name, index), cipher, self._unwrap(stored, sha256), sha256, size,
                    offset, length)

    def stored_size(self, stored: bytes) -> int | None:
        """The size the file would have in a vault's store (its header and sealed chunks), or None if missing."""
        rows = list(self._run(f"SELECT count(*), coalesce(sum(octet_length(data)), 0) FROM {TABLE} "
                              "WHERE name = :name", name=file_name(stored)))
        count, total = rows[0]
        return len(MAGIC) + int(total) if count else None

    def unknown(self, known: set[str], **_) -> list[Path]:
        """Files no record names (none should exist: chunks are written in their record's transaction)."""
        names = [r[0] for r in self._run(f"SELECT DISTINCT name FROM {TABLE}")]
        return [Path(n) for n in names if n not in known]

    def sweep(self, known: set[str], **_) -> list[str]:
        return []
