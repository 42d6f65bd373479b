"""What a write changed, as areas of the application (after Anki's ``OpChanges``).

The audit hooks see every row a vault session creates, changes or deletes
(:mod:`inspector.audit`); they note its table in the session. When the session
commits, :meth:`inspector.vault.Vault.session` hands those tables to every
:func:`recording` open on this thread, so a unit of work — one session or a
whole import of several — knows what it changed without anyone declaring it::

    with changes.recording() as rec:
        importer.import_bundle(vault, path)
    rec.changes        # Changes(areas={FINDINGS, EVIDENCE, SYNC, …})

Screens subscribe to areas and reload only for those they show.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from sqlalchemy.orm import Session

from inspector.model import TABLES, Area

_TABLES_KEY = "inspector.changed_tables"

NOT_TABLES = frozenset({"vault", "bundle"})
"""Object types of audit events that are not rows (a backup, a passphrase change, a bundle made)."""


@dataclass(frozen=True)
class Changes:
    """The areas one write touched."""

    areas: frozenset[Area] = field(default_factory=frozenset)

    @classmethod
    def of_tables(cls, tables: Iterable[str]) -> "Changes":
        """The areas of ``tables``; a name that is neither a table nor a known non-row object is a bug."""
        return cls(frozenset(TABLES[t].area for t in tables if t not in NOT_TABLES))

    def touches(self, areas: Iterable[Area]) -> bool:
        return not self.areas.isdisjoint(areas)

    def __contains__(self, area: object) -> bool:
        return area in self.areas

    def __bool__(self) -> bool:
        return bool(self.areas)

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(self.areas | other.areas)


def note(session: Session, tables: Iterable[str]) -> None:
    """Called by the audit hooks: ``session`` wrote rows (or events) of ``tables``."""
    session.info.setdefault(_TABLES_KEY, set()).update(tables)


def noted(session: Session) -> set[str]:
    """The tables ``session`` has written so far."""
    return set(session.info.get(_TABLES_KEY, ()))


class Recorder:
    """What the sessions committed while it was open."""

    def __init__(self) -> None:
        self.tables: set[str] = set()

    @property
    def changes(self) -> Changes:
        return Changes.of_tables(self.tables)


_recorders: ContextVar[tuple[Recorder, ...]] = ContextVar("inspector_change_recorders", default=())


@contextlib.contextmanager
def recording() -> Iterator[Recorder]:
    """Collect what every vault session committed on this thread inside the block."""
    recorder = Recorder()
    token = _recorders.set((*_recorders.get(), recorder))
    try:
        yield recorder
    finally:
        _recorders.reset(token)


def committed(session: Session) -> None:
    """Called by the vault after ``session`` committed: its tables go to every open recorder."""
    tables = session.info.pop(_TABLES_KEY, None)
    if tables:
        for recorder in _recorders.get():
            recorder.tables |= tables
