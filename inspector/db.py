"""SQLCipher connections: the engine of a vault, key probing, and error translation.

The key is a 32-byte SQLCipher raw key (``PRAGMA key = "x'…'"``): no KDF runs at
open, which is what makes a keyring unlock fast. It reaches SQLite only through
the ``sqlite+pysqlcipher`` dialect's URL password, which SQLAlchemy masks in
every ``repr``; it is never logged.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Iterator

import sqlcipher3
from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import URL
from sqlalchemy.pool import QueuePool

from inspector.errors import IntegrityFailure, VaultBusyError

BUSY_TIMEOUT_MS = 5000

# Applied to every connection. WAL lets the UI read while a writer works; FULL
# synchronous makes every committed edit survive a power cut; temporary tables
# and sort spills stay in memory, never in plaintext temp files.
CONNECTION_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA temp_store = MEMORY",
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
)


def raw_key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def quiet_sqlcipher(conn) -> None:
    """SQLCipher prints HMAC failures to stderr by default; we report them ourselves."""
    conn.execute("PRAGMA cipher_log_level = NONE")


def make_engine(path: Path, key: bytes | None) -> Engine:
    """An engine on the vault at ``path``.

    ``key=None`` gives an unencrypted database through the same SQLite build (the
    benchmarks' baseline, so the comparison measures encryption and nothing else).
    """
    if key is None:
        url = URL.create("sqlite", database=str(path))
    else:
        url = URL.create("sqlite+pysqlcipher", password=f"x'{key.hex()}'", database=str(path))
    module = sqlcipher3
    # QueuePool, not the pysqlcipher dialect's default SingletonThreadPool: a reader
    # and a writer in the same thread must not share one connection (and one transaction).
    engine = create_engine(url, module=module, poolclass=QueuePool, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect", insert=True)
    def _quiet(dbapi_conn, record):  # before the dialect sends the key
        if key is not None:
            quiet_sqlcipher(dbapi_conn)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, record):
        dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cur = dbapi_conn.cursor()
        for pragma in CONNECTION_PRAGMAS:
            cur.execute(pragma)
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN")

    return engine


def pages_under(path: Path, key: bytes) -> tuple[int, int]:
    """(pages of the database file whose SQLCipher HMAC verifies under ``key``, pages in the file). Read-only.

    A wrong key fails on every page, damage on some: this tells "the key file belongs to another
    vault" from "the database is damaged" when the first page will not decrypt.
    """
    uri = path.resolve().as_uri() + "?mode=ro"
    conn = sqlcipher3.connect(uri, uri=True)
    try:
        quiet_sqlcipher(conn)
        conn.execute(raw_key_pragma(key))
        page_size = int(conn.execute("PRAGMA cipher_page_size").fetchone()[0])
        bad = sum(1 for (line,) in conn.execute("PRAGMA cipher_integrity_check") if "HMAC" in line)
    finally:
        conn.close()
    pages = path.stat().st_size // page_size
    return max(pages - bad, 0), pages


def settle(path: Path, key: bytes, *, checkpoint: bool = True) -> bool | None:
    """Open the vault at ``path`` with ``key`` and copy its write-ahead log back into the database file.

    ``None`` if ``key`` does not decrypt the vault (nothing is changed then); ``True`` once every
    committed page is in the database file and the log is empty; ``False`` if another connection
    kept the log from being copied back entirely (or ``checkpoint`` is false: only try the key).

    The connection is read-write on purpose: SQLite first recovers a log left by a killed
    process, so the key is tried against what the vault really holds — the log's pages where it
    has them, not the older pages in the file. (A wrong key changes nothing: recovering and
    checkpointing copy encrypted pages as they are.) ``PRAGMA cipher_integrity_check`` reads the
    database file alone, so after a rekey the file must hold the pages the log holds.
    """
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        quiet_sqlcipher(conn)
        conn.execute(raw_key_pragma(key))
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.OperationalError as e:
            if is_busy(e):
                raise busy_error(path) from None
            raise
        except sqlcipher3.DatabaseError:
            return None
        if not checkpoint:
            return False
        try:
            busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlcipher3.OperationalError:  # e.g. a vault on a read-only medium: it still opens
            return False
        return busy == 0
    finally:
        conn.close()


def is_busy(error: Exception) -> bool:
    """Whether an SQLite error means another connection holds the lock."""
    text = str(getattr(error, "orig", None) or error)
    return "locked" in text or "busy" in text


def busy_error(path: Path) -> VaultBusyError:
    return VaultBusyError(
        f"保险库正被另一个程序使用，请稍后再试：{path}",
        f"The vault is in use by another program; try again shortly: {path}",
    )


@contextlib.contextmanager
def translated_errors(path: Path) -> Iterator[None]:
    """Turn SQLite's low-level failures into errors a user can act on."""
    try:
        yield
    except exc.OperationalError as e:
        if is_busy(e):
            raise busy_error(path) from None
        raise
    except exc.DatabaseError as e:
        if isinstance(e.orig, (sqlcipher3.DatabaseError, sqlite3.DatabaseError)) and (
            "not a database" in str(e.orig) or "malformed" in str(e.orig)
        ):
            raise IntegrityFailure(
                f"保险库文件已损坏（解密校验失败）：{path}。请运行“inspector vault check”并从备份恢复。",
                f"The vault file is damaged (decryption check failed): {path}. "
                "Run `inspector vault check` and restore from a backup.",
            ) from None
        raise
