"""The evidence store: evidence files beside the database, each encrypted on its own.

Files of a vault at ``PATH`` (next to those :mod:`inspector.vault` lists)::

    PATH.evidence/ab/ab12…ef      one file per evidence content

Each file is ``MAGIC`` followed by the file's content sealed in 1 MiB chunks
(:mod:`inspector.crypto.stream`, associated data ``LABEL``) under a random key of
its own. The key, the cipher, the content's SHA-256 (its address) and size are in
the file's ``evidence_blob`` row, inside the encrypted database; a file's name is
derived from its key, so it reveals nothing of the content and the database knows
which file is whose. Adding a file with content the vault already has stores
nothing new; deleting the row and the file erases the content for good, since
the key existed nowhere else (crypto-shredding, art. 29).

**One consistent unit.** A file is written under a temporary name, synced, and
renamed into place *before* the row that names it is committed; a file is removed
only *after* the deletion of its row is committed. A crash at any moment can
therefore leave only a file no row names, never a row without its file; such
files (and temporary ones) are removed when the vault next opens
(:func:`sweep`, once they have lain untouched for :data:`SWEEP_AGE`, so that a file
another process is still writing is never taken for one), and the removal is
reported. A leftover cannot be read by anyone meanwhile: its key was never
committed, or was deleted. Changes of a session follow its
transaction: files written in a unit of work that rolls back are removed at once.

Memory does not grow with a file: everything here streams one chunk at a time.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from inspector.crypto import stream
from inspector.errors import BadInputError, IntegrityFailure, NotFoundError
from inspector.model import EvidenceBlob, VaultMeta, utcnow
from inspector.paths import fsync_dir, private_umask
from inspector.progress import CancelToken, ProgressFn, check

log = logging.getLogger(__name__)

MAGIC = b"INSPEV1\n"
LABEL = b"inspector-evidence/1"
PART = ".part"
META_CIPHER = "evidence_cipher"
"""``vault_meta`` key: the cipher new evidence files are sealed with (AES-256-GCM unless set to SM4-GCM)."""
MAX_READ_WHOLE = 256 << 20
"""The largest file :func:`read_bytes` hands back whole; larger ones are streamed (:func:`open_stream`)."""

SWEEP_AGE = 3600.0
"""Seconds an unnamed file must have lain untouched before :func:`sweep` removes it: a file another process (or
another open of the same vault) is writing, whose row is not committed yet, is never taken for a crash's leftover."""

_NEW = "evidence_store.new"
_DROP = "evidence_store.drop"


def _step(name: str) -> None:
    """Called as a file passes each step (``writing``, ``sealed``, ``dropping``); the crash tests kill the process
    here."""


def store_dir(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".evidence")


def file_name(key: bytes) -> str:
    """The file holding content sealed under ``key``: a name derived from the key, telling nothing of the content."""
    return hashlib.sha256(b"inspector-evidence-name\x00" + key).hexdigest()[:40]


@dataclass(frozen=True)
class Sealed:
    """A file just written into the store (not yet named by any row); ``key`` is what its row keeps (on the hub,
    the file's key wrapped under the hub's evidence key)."""

    path: Path
    key: bytes
    cipher: str
    sha256: str
    size: int


def damaged(sha256: str, why_zh: str = "内容被改动、被替换或不完整", why_en: str = "altered, swapped or incomplete"
            ) -> IntegrityFailure:
    return IntegrityFailure(f"证据文件已损坏（{why_zh}）：{sha256[:12]}…。请运行“inspector vault check”检查保险库。",
                            f"An evidence file is damaged ({why_en}): {sha256[:12]}…. Run `inspector vault check`.")


class Meter:
    """Counts and hashes content as it streams into a store (a vault's files, the hub's chunks); stops it past
    ``limit`` bytes or at ``cancel``, and reports progress."""

    def __init__(self, limit: int | None = None, cancel: CancelToken | None = None,
                 progress: ProgressFn | None = None, total: int = 0, done: int = 0) -> None:
        self.digest, self.size = hashlib.sha256(), 0
        self._limit, self._cancel, self._progress, self._total, self._done = limit, cancel, progress, total, done

    def through(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        for piece in chunks:
            check(self._cancel)
            self.digest.update(piece)
            self.size += len(piece)
            if self._limit is not None and self.size > self._limit:
                raise BadInputError(f"证据文件超过上限（{self._limit // (1 << 20)} MB）。",
                                    f"The evidence file exceeds the limit ({self._limit // (1 << 20)} MB).")
            if self._progress is not None:
                self._progress(self._done + self.size, self._total, "evidence")
            yield piece


def opened(cipher: str, key: bytes, sealed: Iterable[bytes], sha256: str, size: int, *,
           check_hash: bool = True) -> Iterator[bytes]:
    """The content of a sealed file's chunks, each authenticated as it comes; its length and (``check_hash``)
    SHA-256 checked at the end. Damage raises :class:`IntegrityFailure`."""
    digest, seen = hashlib.sha256(), 0
    for plain in stream.decrypt(stream.aead(cipher, key), LABEL, sealed, lambda: damaged(sha256)):
        if check_hash:
            digest.update(plain)
        seen += len(plain)
        yield plain
    if seen != size or (check_hash and digest.hexdigest() != sha256):
        raise damaged(sha256)


def span(chunk_at: Callable[[int], bytes | None], cipher: str, key: bytes, sha256: str, size: int, offset: int,
         length: int) -> bytes:
    """``length`` bytes of a sealed file's content from ``offset``, decrypting only the chunks they lie in
    (``chunk_at(n)``: the n-th sealed chunk, None if missing). Each chunk read is authenticated."""
    if offset < 0 or length < 0 or offset > size:
        raise ValueError("outside the file")
    length = min(length, size - offset)
    if length == 0:
        return b""
    chunks = max(1, -(-size // stream.CHUNK))
    first, last = offset // stream.CHUNK, (offset + length - 1) // stream.CHUNK
    opener = stream.aead(cipher, key)
    out = bytearray()
    for index in range(first, last + 1):
        sealed = chunk_at(index)
        if sealed is None:
            raise damaged(sha256, "文件缺失", "the file is missing")
        out += stream.decrypt_chunk(opener, LABEL, index, index == chunks - 1, sealed, lambda: damaged(sha256))
    start = offset - first * stream.CHUNK
    return bytes(out[start:start + length])


class EvidenceStore:
    """The folder of one vault's evidence files."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_of(self, key: bytes) -> Path:
        name = file_name(key)
        return self.root / name[:2] / name

    # ---- writing ------------------------------------------------------------------------------------

    def seal(self, chunks: Iterable[bytes], cipher: str = stream.AES_256_GCM, *, limit: int | None = None,
             cancel: CancelToken | None = None, progress: ProgressFn | None = None, total: int = 0,
             done: int = 0) -> Sealed:
        """Encrypt a stream of content into a new file, durable on return (removed again on any error)."""
        key = os.urandom(stream.CIPHERS[cipher])
        final = self.path_of(key)
        tmp = final.with_name(final.name + PART)
        meter = Meter(limit, cancel, progress, total, done)

        with private_umask():
            final.parent.mkdir(parents=True, exist_ok=True)
            try:
                with open(tmp, "wb") as f:
                    f.write(MAGIC)
                    for n, sealed in enumerate(stream.encrypt(stream.aead(cipher, key), LABEL, meter.through(chunks))):
                        f.write(sealed)
                        if n == 0:
                            _step("writing")
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(tmp, final)
                fsync_dir(final.parent)
                _step("sealed")
            except BaseException:
                with contextlib.suppress(OSError):
                    tmp.unlink()
                raise
        return Sealed(final, key, cipher, meter.digest.hexdigest(), meter.size)

    # ---- reading ------------------------------------------------------------------------------------

    def open_stream(self, key: bytes, cipher: str, sha256: str, size: int, *, check_hash: bool = True,
                    cancel: CancelToken | None = None) -> Iterator[bytes]:
        """The content, decrypted chunk by chunk; an altered, swapped, truncated or missing file raises
        :class:`IntegrityFailure` (at the chunk where it shows, or at the end for the hash)."""
        path = self.path_of(key)
        try:
            f = open(path, "rb")
        except FileNotFoundError:
            raise damaged(sha256, "文件缺失", "the file is missing") from None
        with f:
            if f.read(len(MAGIC)) != MAGIC:
                raise damaged(sha256)

            def pieces() -> Iterator[bytes]:
                while block := f.read(stream.CHUNK + stream.TAG):
                    check(cancel)
                    yield block

            yield from opened(cipher, key, pieces(), sha256, size, check_hash=check_hash)

    def read_at(self, key: bytes, cipher: str, sha256: str, size: int, offset: int, length: int) -> bytes:
        """``length`` bytes of the content from ``offset``, decrypting only the chunks they lie in (random access:
        a video's header at its end is read without the rest). Each chunk read is authenticated."""
        try:
            f = open(self.path_of(key), "rb")
        except FileNotFoundError:
            raise damaged(sha256, "文件缺失", "the file is missing") from None

        def chunk_at(index: int) -> bytes:
            f.seek(len(MAGIC) + index * (stream.CHUNK + stream.TAG))
            return f.read(stream.CHUNK + stream.TAG)

        with f:
            return span(chunk_at, cipher, key, sha256, size, offset, length)

    def stored_size(self, key: bytes) -> int | None:
        try:
            return self.path_of(key).stat().st_size
        except FileNotFoundError:
            return None

    # ---- removing -----------------------------------------------------------------------------------

    def remove(self, key: bytes) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path_of(key).unlink()

    def files(self) -> Iterator[Path]:
        """Every file in the store (temporary ones included)."""
        if not self.root.is_dir():
            return
        for sub in sorted(self.root.iterdir()):
            if sub.is_dir():
                yield from sorted(sub.iterdir())
            else:
                yield sub

    def sweep(self, known: set[str], *, older_than: float = SWEEP_AGE) -> list[str]:
        """Remove every file whose name is not in ``known`` (temporary ones included) and that is older than
        ``older_than`` seconds; returns their names."""
        removed = []
        for path in self.unknown(known, older_than=older_than):
            with contextlib.suppress(OSError):
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink()
                removed.append(path.name)
        return removed

    def unknown(self, known: set[str], *, older_than: float = SWEEP_AGE) -> list[Path]:
        """The files whose name is not in ``known`` and that have lain untouched for ``older_than`` seconds."""
        now = time.time()
        return [p for p in self.files() if p.name not in known and _age(p, now) > older_than]


def _age(path: Path, now: float) -> float:
    try:
        return now - path.stat().st_mtime
    except OSError:
        return 0.0


# ---- the store inside a vault's units of work ---------------------------------------------------------


def install(maker: sessionmaker) -> None:
    """Make files follow the transactions of ``maker``'s sessions: new files are removed on rollback, dropped files
    are removed once their rows' deletion is committed."""

    @event.listens_for(maker, "after_commit")
    def _committed(session: Session) -> None:
        session.info.pop(_NEW, None)
        for store, key in session.info.pop(_DROP, []):
            _step("dropping")
            store.remove(key)

    @event.listens_for(maker, "after_rollback")
    def _rolled_back(session: Session) -> None:
        session.info.pop(_DROP, None)
        for store, key in session.info.pop(_NEW, []):
            store.remove(key)


def store_of(session: Session) -> EvidenceStore:
    """The evidence store of the session's vault — on the hub, its chunks in this session's transaction."""
    store = session.vault.evidence  # type: ignore[attr-defined]
    return store.within(session) if hasattr(store, "within") else store


def cipher_of(session: Session) -> str:
    row = session.get(VaultMeta, META_CIPHER)
    return row.value if row is not None and row.value in stream.CIPHERS else stream.AES_256_GCM


def put(session: Session, chunks: Iterable[bytes], *, limit: int | None = None, cancel: CancelToken | None = None,
        progress: ProgressFn | None = None, total: int = 0, done: int = 0) -> EvidenceBlob:
    """Store a stream of content; returns its row (the one the vault already had for the same content)."""
    store = store_of(session)
    sealed = store.seal(chunks, cipher_of(session), limit=limit, cancel=cancel, progress=progress, total=total,
                        done=done)
    existing = session.get(EvidenceBlob, sealed.sha256)
    if existing is not None:
        store.remove(sealed.key)
        return existing
    if not getattr(store, "transactional", False):
        session.info.setdefault(_NEW, []).append((store, sealed.key))
    blob = EvidenceBlob(sha256=sealed.sha256, size=sealed.size, cipher=sealed.cipher, file_key=sealed.key,
                        created_at=utcnow())
    session.add(blob)
    session.flush()
    return blob


def adopt(session: Session, sealed: Sealed) -> None:
    """Let the running unit of work own a file sealed outside :func:`put` (removed if it rolls back)."""
    store = store_of(session)
    if not getattr(store, "transactional", False):  # the hub's chunks go with the transaction by themselves
        session.info.setdefault(_NEW, []).append((store, sealed.key))


def drop(session: Session, blob: EvidenceBlob) -> None:
    """Delete ``blob``'s row; its file goes once the deletion is committed."""
    if blob.file_key:
        store = store_of(session)
        if getattr(store, "transactional", False):
            store.remove(bytes(blob.file_key))  # the hub: gone with the row, in the same transaction
        else:
            session.info.setdefault(_DROP, []).append((store, bytes(blob.file_key)))
    session.delete(blob)
    session.flush()


def get_blob(session: Session, sha256: str) -> EvidenceBlob:
    blob = session.get(EvidenceBlob, sha256)
    if blob is None:
        raise NotFoundError(f"找不到证据内容 {sha256[:12]}…", f"Evidence content {sha256[:12]}… not found")
    return blob


def open_stream(session: Session, sha256: str, *, check_hash: bool = True,
                cancel: CancelToken | None = None) -> Iterator[bytes]:
    """The content at ``sha256``, streamed and checked."""
    blob = get_blob(session, sha256)
    if blob.file_key is None:  # still inside the database (a vault from before the store, until it is moved out)
        return _checked_inline(blob.data or b"", sha256)
    return store_of(session).open_stream(bytes(blob.file_key), blob.cipher, sha256, blob.size,
                                         check_hash=check_hash, cancel=cancel)


def read_at(session: Session, sha256: str, offset: int, length: int) -> bytes:
    """Part of a file's content (see :meth:`EvidenceStore.read_at`)."""
    blob = get_blob(session, sha256)
    if blob.file_key is None:
        return (blob.data or b"")[offset:offset + length]
    return store_of(session).read_at(bytes(blob.file_key), blob.cipher, sha256, blob.size, offset, length)


def read_bytes(session: Session, sha256: str) -> bytes:
    """The whole content of a file small enough to hold (a photo, a drawn signature)."""
    blob = get_blob(session, sha256)
    if blob.size > MAX_READ_WHOLE:
        raise BadInputError(f"文件过大（{blob.size // (1 << 20)} MB），无法整体打开；请导出后查看。",
                            f"The file is too large ({blob.size // (1 << 20)} MB) to open whole; export it to view it.")
    return b"".join(open_stream(session, sha256))


def reader(session: Session, sha256: str) -> Callable[[], bytes]:
    """A function that reads the whole (checked) content of a file without the session: for worker threads."""
    blob = get_blob(session, sha256)
    if blob.file_key is None:
        data = blob.data or b""
        return lambda: b"".join(_checked_inline(data, sha256))
    # not the session's: the function runs after it, on a worker (the hub's store then reads on its own connections)
    store, key, cipher, size = session.vault.evidence, bytes(blob.file_key), blob.cipher, blob.size
    return lambda: b"".join(store.open_stream(key, cipher, sha256, size))


def _checked_inline(data: bytes, sha256: str) -> Iterator[bytes]:
    if hashlib.sha256(data).hexdigest() != sha256:
        raise damaged(sha256)
    yield data


def looks_whole(session: Session, sha256: str) -> bool:
    """Whether the file of ``sha256`` is there at its sealed length (a cheap check; :func:`open_stream` and
    ``vault check`` authenticate every byte)."""
    blob = session.get(EvidenceBlob, sha256)
    if blob is None:
        return False
    if blob.file_key is None:
        return hashlib.sha256(blob.data or b"").hexdigest() == sha256
    return store_of(session).stored_size(bytes(blob.file_key)) == len(MAGIC) + stream.sealed_size(blob.size)


def known_names(session: Session) -> set[str]:
    keys = session.execute(select(EvidenceBlob.file_key).where(EvidenceBlob.file_key.is_not(None))).scalars()
    return {file_name(bytes(k)) for k in keys}


def sweep(session: Session, *, older_than: float = SWEEP_AGE) -> list[str]:
    """Remove the store's files no row names (left by a crash); returns their names."""
    removed = store_of(session).sweep(known_names(session), older_than=older_than)
    if removed:
        log.info("evidence store: %d unreferenced file(s) removed", len(removed))
    return removed


def move_inline(session: Session, cancel: CancelToken | None = None) -> int:
    """Move the content a vault from before the store kept inside the database out into the store (one file per
    call's unit of work is fine: each row is updated only after its file is durable)."""
    moved = 0
    shas = session.execute(select(EvidenceBlob.sha256).where(EvidenceBlob.file_key.is_(None))).scalars().all()
    for sha in shas:
        check(cancel)
        blob = session.get(EvidenceBlob, sha)
        data = blob.data or b""
        if hashlib.sha256(data).hexdigest() != sha:
            continue  # damaged: left where it is, for `vault check` to report
        sealed = store_of(session).seal([data], cipher_of(session))
        adopt(session, sealed)
        blob.file_key, blob.cipher, blob.data = sealed.key, sealed.cipher, None
        session.flush()
        moved += 1
    return moved
