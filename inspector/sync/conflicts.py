"""Conflicts the user decides, and the list of bundles made and applied."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from inspector import audit
from inspector.errors import BadInputError, NotFoundError
from inspector.model import TABLES, SyncBundle, SyncConflict, utcnow
from inspector.sync import records

KEEP_LOCAL, KEEP_INCOMING = "local", "incoming"
HIDDEN = frozenset({*records.BOOKKEEPING, "id"})
"""Fields never shown or compared: the record's id and its sync bookkeeping."""


@dataclass
class FieldDiff:
    name: str
    local: Any
    incoming: Any


@dataclass
class ConflictRow:
    id: str
    table: str
    table_zh: str
    record_id: str
    kind: str
    title: str
    """A human name for the record (its title, name, number or code)."""
    sender: str
    detected_at: datetime
    local_updated_at: str
    incoming_updated_at: str
    fields: list[FieldDiff] = field(default_factory=list)
    resolved: str = ""


def _title(row: dict[str, Any]) -> str:
    for key in ("title", "name", "number", "code", "filename", "notes", "reason"):
        if row.get(key):
            return str(row[key])
    return row.get("id", "")[:8]


def _row(session: Session, c: SyncConflict) -> ConflictRow:
    model = records.BY_NAME[c.table_name]
    local = session.get(model, c.record_id)
    mine = records.to_dict(local) if local is not None else {}
    diffs = [FieldDiff(k, mine.get(k), v) for k, v in c.incoming.items() if k not in HIDDEN and mine.get(k) != v]
    return ConflictRow(id=c.id, table=c.table_name, table_zh=TABLES[c.table_name].zh,
                       record_id=c.record_id, kind=c.kind, title=_title(mine or c.incoming), sender=c.sender_name,
                       detected_at=c.detected_at, local_updated_at=str(mine.get("updated_at", "")),
                       incoming_updated_at=str(c.incoming.get("updated_at", "")), fields=diffs, resolved=c.resolution)


def list_conflicts(session: Session, *, include_resolved: bool = False) -> list[ConflictRow]:
    query = select(SyncConflict).order_by(SyncConflict.detected_at, SyncConflict.id)
    if not include_resolved:
        query = query.where(SyncConflict.resolved_at == None)  # noqa: E711
    return [_row(session, c) for c in session.exec(query)]


def open_count(session: Session) -> int:
    return len(session.exec(select(SyncConflict.id).where(SyncConflict.resolved_at == None)).all())  # noqa: E711


def resolve(session: Session, conflict_id: str, keep: str) -> ConflictRow:
    """Keep the local version or take the incoming one; either way the result wins the next exchange."""
    if keep not in (KEEP_LOCAL, KEEP_INCOMING):
        raise BadInputError(f"未知的处理方式：{keep}", f"Unknown choice: {keep}")
    c = session.get(SyncConflict, conflict_id)
    if c is None:
        raise NotFoundError(f"找不到该冲突：{conflict_id}", f"No such conflict: {conflict_id}")
    if c.resolved_at is not None:
        raise BadInputError("该冲突已处理。", "This conflict was already resolved.")
    model = records.BY_NAME[c.table_name]
    local = session.get(model, c.record_id)
    if local is None:
        raise NotFoundError("冲突所涉及的本地记录已不存在。", "The local record of this conflict no longer exists.")
    incoming, fresh = records.parse(c.table_name, c.incoming, f"conflict {c.id}")
    if keep == KEEP_INCOMING:
        for key in records.columns(model):
            if key not in HIDDEN:
                setattr(local, key, getattr(fresh, key))
    if c.kind == "concurrent":
        # knowing both versions now: our next change (the audit hooks add one) supersedes both
        local.vv = records.merged(local.vv or {}, incoming["vv"])
    local.updated_at = utcnow()
    c.resolved_at, c.resolution = utcnow(), keep
    session.flush()
    # about the conflict, not the record: the record's own change is the update event the flush wrote
    audit.record(session, "sync.resolve", SyncConflict.__tablename__, c.id,
                 {"table": c.table_name, "record": c.record_id, "keep": keep})
    return _row(session, c)


def history(session: Session, limit: int = 200) -> list[SyncBundle]:
    """Bundles made and applied, newest first."""
    return list(session.exec(select(SyncBundle).order_by(SyncBundle.processed_at.desc()).limit(limit)))
