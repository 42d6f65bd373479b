"""Schema migrations (Alembic, shipped in ``inspector/migrations``), applied when a vault opens."""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection

from inspector.errors import IncompatibleError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config(conn: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if conn is not None:
        cfg.attributes["connection"] = conn
    return cfg


@functools.cache
def _scripts() -> ScriptDirectory:
    """The shipped migrations; loaded once (compiling them costs ~4 ms, paid on every unlock otherwise)."""
    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    return _scripts().get_current_head()


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def ensure_known(revision: str | None, where: str) -> None:
    """Refuse a vault whose schema this version of Inspector does not know (written by a newer one)."""
    if revision is None:
        return
    try:
        known = _scripts().get_revision(revision)
    except CommandError:
        known = None
    if known is None:
        raise IncompatibleError(
            f"该保险库由更新版本的 Inspector 创建（数据结构版本 {revision}），请升级 Inspector 后再打开：{where}",
            f"This vault was written by a newer Inspector (schema {revision}); upgrade Inspector to open it: {where}",
        )


def upgrade(conn: Connection, where: str) -> tuple[str | None, str]:
    """Bring the schema on ``conn`` to head; returns (before, after)."""
    before = current_revision(conn)
    ensure_known(before, where)
    command.upgrade(_config(conn), "head")
    return before, head_revision()
