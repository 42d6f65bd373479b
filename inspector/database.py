"""What a vault and the office hub share: units of work over an engine, with the audit and tombstone hooks.

:class:`~inspector.vault.Vault` (SQLCipher, one laptop) and :class:`~inspector.hub.store.Hub`
(PostgreSQL, the office) are both a :class:`Database`: the services get a :class:`VaultSession`
from either and obey the same rules on both.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, ContextManager, Iterator

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from inspector import audit, changes, tombstones
from inspector.errors import VaultLockedError
from inspector.model import VaultMeta
from inspector.progress import CancelToken, ProgressFn, no_progress

if TYPE_CHECKING:
    from inspector.vault import Vault


class VaultSession(Session):
    """A session of an open vault. Besides SQL it carries what a unit of work may need:
    the vault itself (for services that open sessions of their own or touch its files), and
    the progress callback and cancel token of the work it belongs to (no-op and None outside
    the UI's worker)."""

    vault: "Vault"  # or the hub: what a service reaches through it is the same
    progress: ProgressFn = no_progress
    cancel: CancelToken | None = None



class Database:
    """An open database of Inspector's schema: :meth:`session` is the one way to read and change it."""

    engine: Engine | None
    path: Path
    audit_context: audit.AuditContext
    _maker: sessionmaker

    @staticmethod
    def session_maker(engine: Engine) -> sessionmaker:
        maker = sessionmaker(engine, class_=VaultSession, expire_on_commit=False)
        tombstones.install(maker)  # before the audit hooks: a deletion's tombstone is audited with it
        audit.install(maker)
        return maker

    def errors(self) -> ContextManager[None]:
        """Turns the engine's low-level failures into errors a user can act on."""
        return contextlib.nullcontext()

    # ---- sessions --------------------------------------------------------------------------

    @contextlib.contextmanager
    def session(self, *, progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                read_only: bool = False) -> Iterator[VaultSession]:
        """A unit of work: committed (with its audit events) on success, rolled back on error.

        What it wrote goes to the open :func:`inspector.changes.recording` blocks once it
        commits. ``read_only``: rolled back at the end; a write inside it is a bug and raises.
        """
        if self.engine is None:
            raise VaultLockedError("保险库已锁定，请先解锁。", "The vault is locked; unlock it first.")
        with self.errors(), self._maker() as session:
            session.info["audit"] = self.audit_context
            session.vault, session.progress, session.cancel = self, progress or no_progress, cancel
            try:
                yield session
                if read_only:
                    if session.new or session.dirty or session.deleted or changes.noted(session):
                        raise RuntimeError(f"a read-only session wrote {sorted(changes.noted(session))}")
                    session.rollback()
                else:
                    session.commit()
                    changes.committed(session)
            except BaseException:
                session.rollback()
                raise

    def meta(self, key: str, default: str | None = None) -> str | None:
        with self.session() as s:
            row = s.get(VaultMeta, key)
            return row.value if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.session() as s:
            row = s.get(VaultMeta, key)
            if row is None:
                s.add(VaultMeta(key=key, value=value))
            else:
                row.value = value

    @property
    def closed(self) -> bool:
        return self.engine is None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

