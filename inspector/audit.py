"""The tamper-evident audit chain (art. 17 日志审计, art. 29 可审计).

Every flush of a vault session that creates, changes or deletes a row writes,
in the same transaction, one :class:`~inspector.model.AuditEvent` per row::

    digest = H(canonical {type, id, op, values})          # the change itself
    hash   = H(canonical [seq, ts, actor, device, action, type, id, digest, prev_hash])

``H`` is the vault's hash algorithm (SM3 by default, SHA-256 selectable),
recorded in ``vault_meta`` at creation. The first event links to a genesis
value bound to the vault id. Triggers refuse UPDATE and DELETE on the chain;
:func:`verify` recomputes it anyway, so editing, deleting or reordering events
is caught even when the triggers were dropped first, and the head kept in
``audit_head`` catches a truncated tail. With ``deep=True`` it also checks that
every row still matches the digest of its last event, which catches a row
edited behind the application's back.

Changes must go through ORM sessions made by the vault (Core ``UPDATE``
statements bypass the hooks and would later be reported by the deep check).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable

from cryptography.hazmat.primitives import hashes
from sqlalchemy import Connection, event, inspect, insert, select, text
from sqlalchemy.orm import Session, sessionmaker
from sqlmodel import SQLModel

from inspector import changes, dialect
from inspector.model import AuditEvent, AuditHead, Record, utcnow
from inspector.model.types import plain_value
from inspector.progress import CancelToken, ProgressFn, check

HASH_ALGORITHMS = {"sm3": hashes.SM3, "sha256": hashes.SHA256}
DEFAULT_HASH = "sm3"
_NOT_AUDITED = {AuditEvent.__tablename__, AuditHead.__tablename__}
_OPS_ORDER = {"create": 0, "update": 1, "delete": 2}


def h(alg: str, data: bytes) -> str:
    hasher = hashes.Hash(HASH_ALGORITHMS[alg]())
    hasher.update(data)
    return hasher.finalize().hex()


def _json_default(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"bytes": len(value)}
    plain = plain_value(value)
    if plain is value:
        raise TypeError(f"cannot audit a {type(value).__name__}")
    return plain


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default).encode()


def genesis(alg: str, vault_id: str) -> str:
    return h(alg, canonical(["inspector-audit-genesis", vault_id]))


ADDED_COLUMNS: dict[str, dict[str, Any]] = {
    "inspection": {"rep_signed_digest": None, "rep_not_signed": "", "rep_not_signed_note": "",
                   "unchecked_items": [], "correction_no": 0, "corrected_at": None, "correction_reason": "",
                   "reinspects_notice_id": None, "scope_items": [], "scheduled_on": None},
    "rectification_notice": {"content": {}, "content_sha256": "", "corrects_id": None, "correction_reason": "",
                             "changes": [], "colophon": {}},
    "issued_document": {"superseded_at": None, "superseded_by": ""},
    "checklist_template": {"label": "", "status": "published", "published_at": None, "derived_from_id": None,
                           "regulation_version_id": None, "note": ""},
    "checklist_item": {"requirement": "", "requirement_en": ""},
    "evidence_blob": {"cipher": "", "file_key": None},
    "sync_bundle": {"acknowledged_at": None},
}
"""Columns added to existing tables after vaults were made (migration 0005), with the value the migration gave
every existing row. A row's digest leaves such a column out while it holds that value, so the events recorded
before the column existed still match their rows; any other value is in the digest like every column.
``rectification_notice.colophon`` came with migration 0006, the re-inspection columns of ``inspection`` with 0007, the version columns of ``checklist_template`` and
``checklist_item`` with 0008, the evidence store's columns of ``evidence_blob`` with 0009, ``sync_bundle.acknowledged_at`` with 0011."""


def digest_values(table: str, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` as a row-change digest covers them (:data:`ADDED_COLUMNS` at their first value left out)."""
    added = ADDED_COLUMNS.get(table)
    if not added:
        return values
    return {k: v for k, v in values.items() if k not in added or v != added[k]}


def change_digest(alg: str, table: str, object_id: str, op: str, values: dict[str, Any]) -> str:
    return h(alg, canonical({"type": table, "id": object_id, "op": op, "values": digest_values(table, values)}))


def link_hash(alg: str, seq: int, ts: str, actor: str, device: str, action: str,
              object_type: str, object_id: str, digest: str, prev_hash: str) -> str:
    return h(alg, canonical([seq, ts, actor, device, action, object_type, object_id, digest, prev_hash]))


@dataclass
class AuditContext:
    """Who is changing which vault; kept in ``session.info['audit']``."""

    vault_id: str
    device_id: str
    actor: str
    alg: str = DEFAULT_HASH
    preserve_bookkeeping: bool = False  # set by sync import, which brings its own revisions


@dataclass
class PendingEvent:
    action: str
    object_type: str
    object_id: str
    digest: str


def _row_values(obj: SQLModel) -> tuple[str, str, dict[str, Any]]:
    mapper = inspect(obj).mapper
    values = {attr.key: getattr(obj, attr.key) for attr in mapper.column_attrs}
    table = mapper.local_table.name
    pk = mapper.primary_key[0].key
    return table, str(values[pk]), values


# ---- session hooks -----------------------------------------------------------------------


def _before_flush(session: Session, flush_context, instances) -> None:
    ctx: AuditContext | None = session.info.get("audit")
    if ctx is None or ctx.preserve_bookkeeping:
        return
    now = utcnow()
    for obj in session.new:
        if isinstance(obj, Record):
            obj.created_at = obj.updated_at = now
            obj.origin_device = obj.updated_device = ctx.device_id
            obj.revision = 1
            obj.vv = {ctx.device_id: 1}
    for obj in session.dirty:
        if isinstance(obj, Record) and session.is_modified(obj, include_collections=False):
            obj.updated_at = now
            obj.updated_device = ctx.device_id
            obj.revision = (obj.revision or 0) + 1
            vv = dict(obj.vv or {})
            vv[ctx.device_id] = vv.get(ctx.device_id, 0) + 1
            obj.vv = vv


def _after_flush(session: Session, flush_context) -> None:
    ctx: AuditContext | None = session.info.get("audit")
    if ctx is None:
        return
    pending: list[PendingEvent] = []
    groups = (("create", session.new), ("update", session.dirty), ("delete", session.deleted))
    for op, objs in groups:
        for obj in objs:
            if not isinstance(obj, SQLModel) or inspect(obj).mapper.local_table.name in _NOT_AUDITED:
                continue
            if op == "update" and not session.is_modified(obj, include_collections=False):
                continue
            table, oid, values = _row_values(obj)
            pending.append(PendingEvent(f"{table}.{op}", table, oid, change_digest(ctx.alg, table, oid, op, values)))
    if pending:
        pending.sort(key=lambda e: (_OPS_ORDER[e.action.rsplit(".", 1)[1]], e.object_type, e.object_id))
        append(session, pending)


def append(session: Session, events: Iterable[PendingEvent]) -> None:
    """Append ``events`` to the chain (inside the session's transaction) and note what they are about.

    Every audited write passes here, so this is where :mod:`inspector.changes` learns which
    tables a session changed.
    """
    ctx: AuditContext = session.info["audit"]
    conn = session.connection()
    events = list(events)
    if not events:
        return
    changes.note(session, {ev.object_type for ev in events})
    # FOR UPDATE: on the hub, concurrent sessions append one after the other (SQLite has one writer anyway)
    head = conn.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1).with_for_update()).first()
    seq, prev = (head.seq, head.hash) if head else (0, genesis(ctx.alg, ctx.vault_id))
    rows = []
    for ev in events:
        seq += 1
        ts = _json_default(utcnow())
        link = link_hash(ctx.alg, seq, ts, ctx.actor, ctx.device_id, ev.action, ev.object_type,
                         ev.object_id, ev.digest, prev)
        rows.append(dict(seq=seq, ts=ts, actor=ctx.actor, device_id=ctx.device_id, action=ev.action,
                         object_type=ev.object_type, object_id=ev.object_id, digest=ev.digest,
                         prev_hash=prev, hash=link))
        prev = link
    dialect.insert_many(conn, AuditEvent.__table__, rows)
    if head:
        conn.execute(AuditHead.__table__.update().where(AuditHead.id == 1).values(seq=seq, hash=prev))
    else:
        conn.execute(insert(AuditHead).values(id=1, seq=seq, hash=prev))


def create_event(alg: str, table: str, values: dict[str, Any], pk: str = "id") -> PendingEvent:
    """The event an ORM flush writes for a new row of ``table`` with these column ``values``."""
    oid = str(values[pk])
    return PendingEvent(f"{table}.create", table, oid, change_digest(alg, table, oid, "create", values))


def insert_rows(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (every column's value) into ``table`` with one Core statement, and their create events.

    The rows and the events are those an ORM flush with the hooks would write (a
    session marked ``preserve_bookkeeping``: values kept as given), without the
    unit of work's cost per object: for bulk writes such as a bundle's import.
    """
    if not rows:
        return
    dialect.insert_many(session.connection(), table, rows)
    pk = list(table.primary_key.columns)[0].key
    events = [create_event(session.info["audit"].alg, table.name, row, pk) for row in rows]
    events.sort(key=lambda e: e.object_id)
    append(session, events)


def is_row_event(action: str, object_type: str) -> bool:
    """Whether an event records a row's change (``<table>.create|update|delete``), which the deep check
    compares the row with; every other event (a backup, a conflict's resolution) is about something else."""
    return action in {f"{object_type}.{op}" for op in _OPS_ORDER}


def record(session: Session, action: str, object_type: str, object_id: str, payload: dict[str, Any]) -> None:
    """Write an event for something that is not a row change (a passphrase change, a backup).

    Such an event can never pose as a row's change: its action is not ``<object_type>.create|update|delete``
    (the rows' own events, written by the flush hooks), and the deep check looks only at those.
    """
    if is_row_event(action, object_type):
        raise ValueError(f"{action!r} is a row change; only the flush hooks write those")
    ctx: AuditContext = session.info["audit"]
    session.flush()
    digest = h(ctx.alg, canonical({"type": object_type, "id": object_id, "op": action, "values": payload}))
    append(session, [PendingEvent(action, object_type, object_id, digest)])


def install(maker: sessionmaker) -> None:
    """Attach the audit hooks to every session ``maker`` creates."""
    event.listen(maker, "before_flush", _before_flush)
    event.listen(maker, "after_flush", _after_flush)


# ---- verification ------------------------------------------------------------------------


@dataclass
class VerifyReport:
    ok: bool = True
    events: int = 0
    records_checked: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (zh, en)
    first_bad_seq: int | None = None

    def fail(self, seq: int | None, zh: str, en: str) -> None:
        self.ok = False
        if self.first_bad_seq is None and seq is not None:
            self.first_bad_seq = seq
        self.problems.append((zh, en))


def verify(conn: Connection, alg: str, vault_id: str, *, deep: bool = False,
           progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> VerifyReport:
    """Recompute the chain on ``conn``; report the first broken link (and, with ``deep``, edited rows)."""
    report = VerifyReport()
    total = conn.execute(text("SELECT count(*) FROM audit_event")).scalar_one()
    expected_seq, prev = 1, genesis(alg, vault_id)
    last_seq, last_hash = 0, prev
    result = conn.execute(select(AuditEvent.__table__).order_by(AuditEvent.seq)).yield_per(2000)
    for row in result:
        if report.events % 2000 == 0:
            check(cancel)
            if progress:
                progress(report.events, total, "audit")
        report.events += 1
        if row.seq != expected_seq:
            report.fail(expected_seq, f"审计链在第 {expected_seq} 条处中断：该事件缺失或顺序被改动（下一条为第 {row.seq} 条）。",
                        f"Audit chain broken at event {expected_seq}: missing or reordered (next is {row.seq}).")
            return report
        if row.prev_hash != prev:
            report.fail(row.seq, f"审计链在第 {row.seq} 条处断开：前一事件被删除、修改或调换。",
                        f"Audit chain broken at event {row.seq}: the previous event was deleted, edited or moved.")
            return report
        recomputed = link_hash(alg, row.seq, row.ts, row.actor, row.device_id, row.action, row.object_type,
                               row.object_id, row.digest, row.prev_hash)
        if recomputed != row.hash:
            report.fail(row.seq, f"第 {row.seq} 条审计事件的内容被改动。", f"Audit event {row.seq} was altered.")
            return report
        prev = row.hash
        last_seq, last_hash = row.seq, row.hash
        expected_seq += 1
    head = conn.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, genesis(alg, vault_id))
    if (head_seq, head_hash) != (last_seq, last_hash):
        report.fail(min(head_seq, last_seq) + 1,
                    f"审计链末尾不完整：记录的最新事件为第 {head_seq} 条，实际只到第 {last_seq} 条。",
                    f"The audit chain was truncated: its head says event {head_seq}, the chain ends at {last_seq}.")
        return report
    if deep:
        _verify_rows(conn, alg, report, cancel)
    return report


def _verify_rows(conn: Connection, alg: str, report: VerifyReport, cancel: CancelToken | None) -> None:
    """Every row must match the digest of the last change recorded for it (events that are not row changes,
    such as a conflict's resolution or a backup, say nothing about a row's values and are passed over)."""
    row_change = ("e.action IN (e.object_type || '.create', e.object_type || '.update', "
                  "e.object_type || '.delete')")
    last = {
        (r.object_type, r.object_id): (r.seq, r.digest, r.action)
        for r in conn.execute(text(
            "SELECT e.seq, e.object_type, e.object_id, e.digest, e.action FROM audit_event e "
            f"JOIN (SELECT max(seq) AS seq FROM audit_event e WHERE {row_change} GROUP BY object_type, object_id) m "
            "ON e.seq = m.seq"))
    }
    for table in SQLModel.metadata.sorted_tables:
        if table.name in _NOT_AUDITED:
            continue
        pk = list(table.primary_key.columns)[0].name
        for row in conn.execute(select(table)).mappings():
            check(cancel)
            report.records_checked += 1
            oid = str(row[pk])
            seen = last.get((table.name, oid))
            op = seen[2].rsplit(".", 1)[1] if seen else None
            if seen is None or op == "delete":
                report.fail(None, f"{table.name} 中的记录 {oid} 没有对应的审计事件（绕过应用写入）。",
                            f"Row {oid} of {table.name} has no audit event (written behind the application's back).")
                continue
            if change_digest(alg, table.name, oid, op, dict(row)) != seen[1]:
                report.fail(seen[0], f"{table.name} 中的记录 {oid} 与其最后一条审计事件（第 {seen[0]} 条）不符：被绕过应用改动。",
                            f"Row {oid} of {table.name} does not match its last audit event ({seen[0]}): edited behind the application's back.")
