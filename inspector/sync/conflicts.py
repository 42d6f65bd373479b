"""Conflicts the user decides, and the list of bundles made and applied.

A conflict of kind ``frozen`` or ``signed`` (:mod:`inspector.sync.frozen`) is about content frozen here: taking the
incoming version obeys the same rules as any other change. While the inspection is completed or the notice issued,
it is refused (reopen the inspection first; correct a notice with a 更正通知); while the representative's signature
holds, it voids the signature, only once the user confirmed (``void_signature``). A new record the import held back
has no local version: keeping the local version leaves it out, taking the incoming one adds it, and the records of
the same bundle that belong to it follow the same decision."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, select

from inspector import audit, lifecycle, tombstones
from inspector.errors import BadInputError, NotFoundError
from inspector.model import (
    TABLES,
    Inspection,
    SyncBundle,
    SyncConflict,
    Tombstone,
    utcnow,
)
from inspector.sync import frozen, records

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
    note_zh: str = ""
    note_en: str = ""
    """Why the incoming version was not taken when content is frozen here (completed, issued, signed), and what
    the user can do; empty for a plain conflict (changed on both sides, or a duplicate)."""
    held: bool = False
    """A new record the import held back: there is no local version (``fields`` list the incoming values)."""


def _title(row: dict[str, Any]) -> str:
    return frozen.title(row)


NO_LONGER_FROZEN = ("收到的版本当初因本机内容已冻结（已完成、已签发或已签字）而未被采用；现在已不再冻结，可以采用。",
                    "The incoming version was not applied because this content was frozen here (completed, issued "
                    "or signed); it no longer is, and the incoming version can be taken.")


def _reopen_note(c: SyncConflict) -> tuple[str, str]:
    n, reason = c.incoming["correction_no"], c.incoming["correction_reason"]
    return (f"收到的版本是 {c.sender_name} 重新打开的这次检查（第 {n} 次更正，原因：{reason}），本机已完成的版本此后也有修改。"
            "采用收到的版本即在本机重新打开该检查（记入审计记录）；保留本机版本，检查保持已完成。",
            f"The incoming version is this inspection as {c.sender_name} reopened it (correction {n}, reason: "
            f"{reason}); the completed version here changed since. Taking it reopens the inspection here (recorded "
            "in the audit chain); keeping the local version keeps it completed.")


def _held_records(session: Session) -> dict[str, tuple[str, str]]:
    """{record id: (table, title)} of the new records held back in open conflicts (no local version)."""
    held = {}
    for c in session.exec(select(SyncConflict).where(SyncConflict.resolved_at == None,  # noqa: E711
                                                     SyncConflict.kind.in_(frozen.KINDS))):
        if session.get(records.BY_NAME[c.table_name], c.record_id) is None:
            held[c.record_id] = (c.table_name, _title(c.incoming))
    return held


def _row(session: Session, c: SyncConflict, ctx: frozen.LiveContext | None = None) -> ConflictRow:
    if c.kind in tombstones.KINDS:
        return _deletion_row(session, c)
    model = records.BY_NAME[c.table_name]
    local = session.get(model, c.record_id)
    mine = records.to_dict(local) if local is not None else {}
    diffs = [FieldDiff(k, mine.get(k), v) for k, v in c.incoming.items() if k not in HIDDEN and mine.get(k) != v]
    note = ("", "")
    if c.resolved_at is None:
        ctx = ctx or frozen.LiveContext(session, _held_records(session))
        found = (frozen.judge(ctx, c.table_name, mine or None, c.incoming)
                 or frozen.judge_keep(ctx, c.table_name, mine or None, c.incoming))
        note = found.text() if found is not None else NO_LONGER_FROZEN if c.kind in frozen.KINDS else ("", "")
        if found is not None and found.cause == frozen.COMPLETED and c.table_name == "inspection" \
                and frozen.reopened(mine, c.incoming):
            note = _reopen_note(c)
    return ConflictRow(id=c.id, table=c.table_name, table_zh=TABLES[c.table_name].zh,
                       record_id=c.record_id, kind=c.kind, title=_title(mine or c.incoming), sender=c.sender_name,
                       detected_at=c.detected_at, local_updated_at=str(mine.get("updated_at", "")),
                       incoming_updated_at=str(c.incoming.get("updated_at", "")), fields=diffs, resolved=c.resolution,
                       note_zh=note[0], note_en=note[1], held=local is None)


def list_conflicts(session: Session, *, include_resolved: bool = False) -> list[ConflictRow]:
    query = select(SyncConflict).order_by(SyncConflict.detected_at, SyncConflict.id)
    if not include_resolved:
        query = query.where(SyncConflict.resolved_at == None)  # noqa: E711
    ctx = frozen.LiveContext(session, _held_records(session))
    return [_row(session, c, ctx) for c in session.exec(query).all()]


def open_count(session: Session) -> int:
    return len(session.exec(select(SyncConflict.id).where(SyncConflict.resolved_at == None)).all())  # noqa: E711


def resolve(session: Session, conflict_id: str, keep: str, *, void_signature: bool = False) -> ConflictRow:
    """Keep the local version or take the incoming one; either way the result wins the next exchange.

    Taking the incoming version changes this record as any other change would, under the same rules
    (:func:`inspector.sync.frozen.judge`): refused while it changes what a completed inspection or an issued
    notice states (:class:`~inspector.lifecycle.FrozenError`, saying what to do instead); while the
    representative's signature holds, refused with :class:`~inspector.lifecycle.SignatureWouldVoid` unless the
    user confirmed (``void_signature``), then the signature is voided in the audit chain. A reopen made on the
    other side is taken as a reopen here. A held-back new record is added (keep: incoming) or left out (local),
    and the held-back records that belong to it with it."""
    if keep not in (KEEP_LOCAL, KEEP_INCOMING):
        raise BadInputError(f"未知的处理方式：{keep}", f"Unknown choice: {keep}")
    c = session.get(SyncConflict, conflict_id)
    if c is None:
        raise NotFoundError(f"找不到该冲突：{conflict_id}", f"No such conflict: {conflict_id}")
    if c.resolved_at is not None:
        raise BadInputError("该冲突已处理。", "This conflict was already resolved.")
    _resolve(session, c, keep, void_signature=void_signature)
    return _row(session, c)


def _resolve(session: Session, c: SyncConflict, keep: str, *, void_signature: bool) -> None:
    if c.kind in tombstones.KINDS:
        _resolve_deletion(session, c, keep)
        return
    model = records.BY_NAME[c.table_name]
    local = session.get(model, c.record_id)
    if local is None and c.kind not in frozen.KINDS:
        raise NotFoundError("冲突所涉及的本地记录已不存在。", "The local record of this conflict no longer exists.")
    incoming, fresh = records.parse(c.table_name, c.incoming, f"conflict {c.id}")
    mine = records.to_dict(local) if local is not None else None
    reopened = False
    if keep == KEEP_LOCAL and mine is not None:
        found = frozen.judge_keep(frozen.LiveContext(session, _held_records(session)), c.table_name, mine, incoming)
        if found is not None:
            raise found.error()
    if keep == KEEP_INCOMING:
        found = frozen.judge(frozen.LiveContext(session, _held_records(session)), c.table_name, mine,
                             incoming)
        if (found is not None and c.table_name == "inspection" and found.cause == frozen.COMPLETED
                and frozen.reopened(mine, incoming)):
            found, reopened = None, True  # the other side reopened it, with a reason: a reopen here too
        if found is not None:
            if found.kind != frozen.SIGNED or not void_signature:
                raise found.error()
            _void(session, c, mine, incoming)
        if local is None:
            _check_parents(session, model, incoming)
            audit.insert_rows(session, model.__table__, [{k: getattr(fresh, k) for k in records.columns(model)}])
        else:
            for key in records.columns(model):
                if key not in HIDDEN:
                    setattr(local, key, getattr(fresh, key))
    if local is not None:
        if c.kind != "duplicate":
            # knowing both versions now: our next change (the audit hooks add one) supersedes both
            local.vv = records.merged(local.vv or {}, incoming["vv"])
        local.updated_at = utcnow()
    c.resolved_at, c.resolution = utcnow(), keep
    session.flush()
    if reopened:
        _reopened_here(session, local)
    # about the conflict, not the record: the record's own change is the update event the flush wrote
    audit.record(session, "sync.resolve", SyncConflict.__tablename__, c.id,
                 {"table": c.table_name, "record": c.record_id, "keep": keep})
    if local is None:
        for dependent in _dependents(session, c.record_id):
            _resolve(session, dependent, keep, void_signature=void_signature)


def _resolve_deletion(session: Session, c: SyncConflict, keep: str) -> None:
    """A deletion made on one side against a change (or a freeze) on the other (:mod:`inspector.tombstones`).

    ``deletion`` (the other side deleted a record this side changed or holds frozen): taking it deletes the record
    here, under the rules of any deletion; keeping it keeps the record. ``deleted`` (this side deleted a record the
    other side changed since): taking it brings the record back; keeping it keeps it deleted."""
    if keep == KEEP_INCOMING and c.kind == tombstones.DELETION:
        from inspector.services.deletion import frozen_reason, references
        from inspector.services.evidence import drop_unused_blob

        model = records.BY_NAME[c.incoming["table_name"]]
        local = session.get(model, c.record_id)
        if local is not None:
            frozen_now = frozen_reason(session, local)
            if frozen_now is not None:
                raise lifecycle.FrozenError(f"不能在本机删除：{frozen_now[0]}", f"Cannot be deleted here: {frozen_now[1]}")
            if references(session, local):
                raise BadInputError("不能在本机删除：本机还有记录引用它，请先处理这些记录。",
                                    "Cannot be deleted here: records here still refer to it; deal with those first.")
        _, fresh = records.parse(Tombstone.__tablename__, c.incoming, f"conflict {c.id}")
        audit.insert_rows(session, Tombstone.__table__,
                          [{k: getattr(fresh, k) for k in records.columns(Tombstone)}])
        if local is not None:
            sha = getattr(local, "blob_sha256", None)
            session.delete(local)
            session.flush()
            if sha:
                drop_unused_blob(session, sha)
    elif keep == KEEP_INCOMING:  # c.kind == DELETED: the record comes back
        model = records.BY_NAME[c.table_name]
        _, fresh = records.parse(c.table_name, c.incoming, f"conflict {c.id}")
        _check_parents(session, model, c.incoming)
        from inspector.sync.deletions import restore_deleted

        restore_deleted(session, c.record_id)
        audit.insert_rows(session, model.__table__, [{k: getattr(fresh, k) for k in records.columns(model)}])
    c.resolved_at, c.resolution = utcnow(), keep
    session.flush()
    audit.record(session, "sync.resolve", SyncConflict.__tablename__, c.id,
                 {"table": c.table_name, "record": c.record_id, "keep": keep})


DELETION_NOTES = {
    tombstones.DELETION: ("{sender} 删除了这条记录（原因：{reason}）；本机此后修改过它，或它在本机已冻结。采用对方的版本即在本机也删除；"
                          "保留本机版本则保留该记录。",
                          "{sender} deleted this record (reason: {reason}); it changed here since, or is frozen here. "
                          "Taking the incoming version deletes it here too; keeping the local version keeps it."),
    tombstones.DELETED: ("本机已删除这条记录；{sender} 此后又修改了它。采用对方的版本即恢复该记录；保留本机版本则保持删除。",
                         "This record was deleted here; {sender} changed it since. Taking the incoming version brings "
                         "it back; keeping the local version keeps it deleted."),
}


def _deletion_row(session: Session, c: SyncConflict) -> ConflictRow:
    if c.kind == tombstones.DELETION:
        model = records.BY_NAME.get(c.incoming.get("table_name", ""))
        local = session.get(model, c.record_id) if model is not None else None
        mine = records.to_dict(local) if local is not None else {}
        table = c.incoming.get("table_name", c.table_name)
        fields = [FieldDiff("reason", "", c.incoming.get("reason", ""))]
    else:
        mine, table = {}, c.table_name
        fields = [FieldDiff(k, None, v) for k, v in c.incoming.items() if k not in HIDDEN]
    zh, en = DELETION_NOTES[c.kind]
    values = {"sender": c.sender_name, "reason": c.incoming.get("reason") or "—"}
    label = TABLES.get(table, TABLES[c.table_name])
    return ConflictRow(id=c.id, table=table, table_zh=label.zh, record_id=c.record_id, kind=c.kind,
                       title=_title(mine or c.incoming), sender=c.sender_name, detected_at=c.detected_at,
                       local_updated_at=str(mine.get("updated_at", "")),
                       incoming_updated_at=str(c.incoming.get("updated_at", "")), fields=fields,
                       resolved=c.resolution, note_zh=zh.format(**values) if c.resolved_at is None else "",
                       note_en=en.format(**values) if c.resolved_at is None else "", held=not mine)


def _void(session: Session, c: SyncConflict, mine: dict[str, Any] | None, incoming: dict[str, Any]) -> None:
    """The user confirmed: void the signature the incoming version would void."""
    row = mine or incoming
    ctx = frozen.LiveContext(session)
    if c.table_name == "inspection":
        insp_id = row["id"]
    elif c.table_name == "evidence":
        insp_id = ctx.owner_inspection(row["owner_type"], row["owner_id"])
    else:
        insp_id = row.get("inspection_id")
    insp = session.get(Inspection, insp_id) if insp_id else None
    if insp is not None:
        lifecycle.void_signature(session, insp, why="sync conflict resolved: the incoming version was taken")


def _reopened_here(session: Session, insp: Inspection) -> None:
    """Taking the other side's reopen: recorded as a reopen, and the records this vault exported of it superseded
    in its register (as :func:`inspector.services.inspections.reopen_inspection` does)."""
    label = lifecycle.corrected_version_label(insp.correction_no)
    lifecycle.supersede_own_documents(session, "record", insp.id, label)
    audit.record(session, "inspection.reopened", "inspection", insp.id,
                 {"reason": insp.correction_reason, "correction_no": insp.correction_no, "via": "sync"})


def _check_parents(session: Session, model: type, row: dict[str, Any]) -> None:
    """A held-back record is added only if what it belongs to is here (its references, its evidence owner)."""
    missing = []
    for column in model.__table__.columns:
        for fk in column.foreign_keys:
            value = row.get(column.key)
            if value is None or fk.column.table.name == "evidence_blob":
                continue
            target = fk.column.table
            if session.connection().execute(sa_select(target.c.id).where(target.c.id == value)).first() is None:
                missing.append(target.name)
    if model.__tablename__ == "evidence" and row["owner_type"] in records.BY_NAME:
        owner = records.BY_NAME[row["owner_type"]].__table__
        if session.connection().execute(sa_select(owner.c.id).where(owner.c.id == row["owner_id"])).first() is None:
            missing.append(owner.name)
    if missing:
        label = TABLES.get(missing[0])
        raise BadInputError(f"这条记录所属的{label.zh if label else '记录'}不在本机，无法采用收到的版本。",
                            f"The {label.en if label else 'record'} this record belongs to is not here; the incoming "
                            "version cannot be taken.")


def _dependents(session: Session, record_id: str) -> list[SyncConflict]:
    """Open conflicts holding new records that belong to ``record_id`` (decided with it)."""
    out = []
    for c in session.exec(select(SyncConflict).where(SyncConflict.resolved_at == None,  # noqa: E711
                                                     SyncConflict.kind.in_(frozen.KINDS))
                          .order_by(SyncConflict.detected_at, SyncConflict.id)).all():
        if any(c.incoming.get(col) == record_id for col in frozen.PARENT_COLUMNS) \
                and session.get(records.BY_NAME[c.table_name], c.record_id) is None:
            out.append(c)
    return out


def history(session: Session, limit: int = 200) -> list[SyncBundle]:
    """Bundles made and applied, newest first."""
    return list(session.exec(select(SyncBundle).order_by(SyncBundle.processed_at.desc()).limit(limit)))
