"""Tombstones in an import: deletions applied, kept from coming back, or made conflicts (:mod:`inspector.tombstones`).

:func:`judge_records` runs over every batch of records before it is applied, :func:`judge_tombstones` over the
batches of tombstones (the last table a bundle carries), and :func:`apply` deletes, after a batch of tombstones is
in, the local records they delete.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session

from inspector.model import SYNCED_TABLES, Evidence, SyncConflict, Tombstone
from inspector.sync import records
from inspector.sync.records import CONFLICT, MERGE_VV, NEW, UNCHANGED
from inspector.tombstones import DELETED, DELETION

_ORDER = {m.__tablename__: n for n, m in enumerate(SYNCED_TABLES)}


def _chunks(items: list[str], size: int = 500):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def kept_local(session: Session, table: str, ids: list[str]) -> dict[str, list[dict[str, int]]]:
    """{record id: [incoming version vector, …]} of the conflicts about ``ids`` decided for the local side."""
    from inspector.sync.conflicts import KEEP_LOCAL

    kept: dict[str, list[dict[str, int]]] = {}
    for chunk in _chunks(ids):
        for record_id, incoming in session.connection().execute(
                sa_select(SyncConflict.record_id, SyncConflict.incoming).where(
                    SyncConflict.table_name == table, SyncConflict.record_id.in_(chunk),
                    SyncConflict.resolution == KEEP_LOCAL)):
            kept.setdefault(record_id, []).append((incoming or {}).get("vv") or {})
    return kept


def decided_before(kept: dict[str, list[dict[str, int]]], row: dict[str, Any]) -> bool:
    """The same version (or an older one) was decided for the local side already: not a conflict again (a later
    change is)."""
    return any(records.compare(vv, row["vv"]) in (records.EQUAL, records.LOCAL_NEWER) for vv in kept.get(row["id"], ()))


def judge_records(session: Session, table: str, actions: list[tuple[str, dict[str, Any], Any]]) -> None:
    """A new record this vault holds a tombstone of: not brought back while the deletion saw its version (an old
    bundle); a version changed elsewhere after the deletion is a conflict of kind ``deleted``."""
    new = {row["id"]: n for n, (action, row, _) in enumerate(actions) if action == NEW}
    if not new:
        return
    tombs: dict[str, dict[str, int]] = {}
    for chunk in _chunks(sorted(new)):
        for tid, vv in session.connection().execute(
                sa_select(Tombstone.id, Tombstone.record_vv).where(Tombstone.id.in_(chunk))):
            tombs[tid] = vv or {}
    if not tombs:
        return
    kept = kept_local(session, table, sorted(tombs))
    for record_id, vv in tombs.items():
        n = new[record_id]
        row = actions[n][1]
        if records.compare(vv, row["vv"]) in (records.EQUAL, records.LOCAL_NEWER) or decided_before(kept, row):
            actions[n] = (UNCHANGED, row, None)
        else:
            actions[n] = (CONFLICT, row, (record_id, DELETED))


def judge_tombstones(session: Session, actions: list[tuple[str, dict[str, Any], Any]],
                     doomed: list[tuple[str, str]]) -> None:
    """Incoming tombstones: a record here as the deletion saw it (and not frozen, nothing else referring to it) is
    deleted (appended to ``doomed`` as (table, id), applied by :func:`apply`); one changed here since, or frozen, is
    a conflict of kind ``deletion``. Both sides deleting the same record is no conflict."""
    from inspector.services.deletion import frozen_reason, references

    candidates = []
    for n, (action, row, target) in enumerate(actions):
        if action == CONFLICT and target[1] == "concurrent":
            actions[n] = (MERGE_VV, row, session.get(Tombstone, row["id"]))
        elif action == NEW:
            candidates.append(n)
    rows = [actions[n][1] for n in candidates]
    kept = kept_local(session, Tombstone.__tablename__, [r["id"] for r in rows])
    deletable: dict[str, Any] = {}
    for n in candidates:
        row = actions[n][1]
        model = records.BY_NAME.get(row["table_name"])
        local = session.get(model, row["id"]) if model is not None else None
        if local is None:
            continue
        unchanged = records.compare(local.vv or {}, row["record_vv"]) in (records.EQUAL, records.INCOMING_NEWER)
        if unchanged and frozen_reason(session, local) is None:
            deletable[row["id"]] = (n, local)
        elif decided_before(kept, row):
            actions[n] = (UNCHANGED, row, None)
        else:
            actions[n] = (CONFLICT, row, (row["id"], DELETION))
    # what something else here still refers to (a file added here to a finding deleted there) stays: a conflict
    changed = True
    while changed:
        changed = False
        for record_id, (n, local) in list(deletable.items()):
            if references(session, local, set(deletable)):
                del deletable[record_id]
                row = actions[n][1]
                actions[n] = (UNCHANGED, row, None) if decided_before(kept, row) else (CONFLICT, row,
                                                                                      (record_id, DELETION))
                changed = True
    doomed.extend((local.__tablename__, record_id) for record_id, (_, local) in deletable.items())


def apply(session: Session, doomed: list[tuple[str, str]]) -> None:
    """Delete the local records incoming tombstones delete, what refers to others first; an evidence file's content
    goes with its last record."""
    from inspector.services.evidence import drop_unused_blob

    for table, record_id in sorted(doomed, key=lambda d: -_ORDER[d[0]]):
        obj = session.get(records.BY_NAME[table], record_id)
        if obj is None:
            continue
        sha = obj.blob_sha256 if isinstance(obj, Evidence) else None
        session.delete(obj)
        session.flush()
        if sha is not None:
            drop_unused_blob(session, sha)
    doomed.clear()


def restore_deleted(session: Session, record_id: str) -> None:
    """Taking the incoming version of a record deleted here: its tombstone goes (it is back)."""
    tomb = session.get(Tombstone, record_id)
    if tomb is not None:
        session.delete(tomb)
        session.flush()

