"""Deletions that travel: every deleted synchronised record leaves a tombstone (ODK Central's approach).

A tombstone (:class:`~inspector.model.Tombstone`) has the deleted record's id, its table, what a person called it,
who deleted it and why, and the record's version vector at the time. It is made by a session hook for every
deletion of a synchronised record — whatever service deleted it — so no path can delete without one; it is a
synchronised record itself and travels in every bundle.

On the receiving side (:mod:`inspector.sync.importer`):

* a tombstone for a record the receiver has as it was deleted (nothing changed since, nothing frozen) deletes it
  there too;
* a tombstone for a record the receiver changed since, or holds frozen (an issued notice states it, a completed
  inspection recorded it), becomes a conflict of kind ``deletion``: never a silent loss;
* a record that arrives for an id the receiver holds a tombstone of is not brought back while its version is one
  the deletion saw (an old bundle, re-imported); a version changed elsewhere after the deletion becomes a
  conflict of kind ``deleted``.

The imports apply deletions themselves (their sessions keep the bundle's bookkeeping), so the hook leaves them be.
"""

from __future__ import annotations

import contextlib
from typing import Any, Iterator

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from inspector.model import Record, Tombstone

REASON = "tombstones.reason"
TITLE_FIELDS = ("title", "name", "number", "code", "filename")
"""The fields that name a record, in the order they are tried (the sync page and conflicts name records so too)."""
DELETION = "deletion"
"""Conflict kind: the other side deleted a record this side changed since, or holds frozen."""
DELETED = "deleted"
"""Conflict kind: a record this side deleted, changed on the other side after the deletion."""
KINDS = (DELETION, DELETED)


@contextlib.contextmanager
def reason(session: Session, text: str) -> Iterator[None]:
    """Record ``text`` as the reason of the deletions made inside the block."""
    before = session.info.get(REASON)
    session.info[REASON] = text
    try:
        yield
    finally:
        if before is None:
            session.info.pop(REASON, None)
        else:
            session.info[REASON] = before


def title_of(obj: Any) -> str:
    """What a person calls a record: its title, name, file name, number or code."""
    get = obj.get if isinstance(obj, dict) else lambda k: getattr(obj, k, None)
    return next((str(get(k)) for k in TITLE_FIELDS if get(k)), "")


def tombstone_for(obj: Record, *, reason: str, actor: str) -> Tombstone:
    return Tombstone(id=obj.id, table_name=obj.__tablename__, title=title_of(obj)[:200], reason=reason,
                     deleted_by=actor, record_vv=dict(obj.vv or {}))


def install(maker: sessionmaker) -> None:
    """Give every deletion of a synchronised record made through ``maker``'s sessions its tombstone (installed
    before :func:`inspector.audit.install`, so the tombstone is audited with the deletion)."""

    @event.listens_for(maker, "before_flush")
    def _before_flush(session: Session, flush_context, instances) -> None:
        ctx = session.info.get("audit")
        if ctx is None or ctx.preserve_bookkeeping:
            return
        for obj in list(session.deleted):
            if not isinstance(obj, Record) or isinstance(obj, Tombstone):
                continue
            if session.get(Tombstone, obj.id) is None:
                session.add(tombstone_for(obj, reason=session.info.get(REASON, ""), actor=ctx.actor))
