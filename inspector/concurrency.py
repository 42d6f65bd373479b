"""Two people editing the same record: the second save is refused, never a silent overwrite (issue 20).

Every synchronised record counts its changes (``revision``, kept by :mod:`inspector.audit`). An editor
remembers the revision it showed and hands it to the service that saves; :func:`expect` reads the row again
**locked** for the rest of the unit of work (``SELECT … FOR UPDATE`` on the hub: a second writer waits, then sees
the new revision) and refuses the save when someone else changed the record meanwhile, naming who and when
and what the record holds now — the editor then shows that version. On a vault (one writer at a time) the same
rule holds between two windows or the window and the command line.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from sqlmodel import Session, select

from inspector.errors import ExitCode, InspectorError
from inspector.model import AuditEvent, Record
from inspector.timezones import china_minutes


class StaleEditError(InspectorError):
    """Someone else saved the record since the editor read it; nothing of this save was written."""

    exit_code = ExitCode.BUSY

    def __init__(self, zh: str, en: str, *, current: dict[str, Any], revision: int) -> None:
        super().__init__(zh, en)
        self.current = current
        """The record's fields as they are now (the other person's version)."""
        self.revision = revision


def lock(session: Session, record: Record) -> Record:
    """``record`` read again and locked for the rest of the unit of work (what this session changed in it is
    flushed first): on the hub a second writer of it waits here, then sees what the first did — so a status step
    (issuing, discarding, scheduling) is judged on the record as it is, never on what another session held."""
    session.flush()
    session.refresh(record, with_for_update=True)
    return record


def _who(session: Session, table: str, *record_ids: str) -> str:
    """Who changed one of the records last (the audit chain's actor, as a name)."""
    actor = session.exec(select(AuditEvent.actor).where(AuditEvent.object_type == table,
                                                        AuditEvent.object_id.in_(record_ids))
                         .order_by(AuditEvent.seq.desc()).limit(1)).first() or ""
    from inspector.services.findings import actor_name  # noqa: PLC0415 (findings imports this module)

    return actor_name(session, actor) if actor else ""


def expect_rows(session: Session, owner: Record, table: type[Record], seen: dict[str, int] | None,
                now: dict[str, int], *, what: tuple[str, str], current: Callable[[], dict[str, Any]]) -> None:
    """Refuse a save of a set of rows (a plan's targets) unless they are still those the editor showed: ``seen``
    (row id → revision; None: no check) against ``now``, as read once the caller locked the owner row (the plan,
    :func:`lock`), so two savers on the hub take turns. Rows added, removed or changed by someone else all refuse
    it; the error carries ``current()`` (the other person's version)."""
    if seen is None or seen == now:
        return
    changed = sorted(set(seen) ^ set(now) | {k for k in set(seen) & set(now) if seen[k] != now[k]})
    who = _who(session, table.__tablename__, *changed)
    times = session.exec(select(table.updated_at).where(table.id.in_(changed))).all()
    when = china_minutes(max(times)) if times else ""
    raise StaleEditError(
        f"{who or '另一位用户'}" + (f"已于 {when} " if when else "已") + f"修改了{what[0]}，您的这次修改未保存，以免覆盖"
        "他人的修改。下面显示的是其修改后的内容，请在此基础上重新修改。",
        f"{who or 'Someone else'} changed {what[1]}" + (f" at {when}" if when else "") + "; your change was not "
        "saved, so as not to overwrite theirs. Their version is shown now; make your change again on it.",
        current=current(), revision=owner.revision)


def expect(session: Session, record: Record, revision: int | None, *, what: tuple[str, str],
           shown: Iterable[str] = ()) -> None:
    """Refuse the save unless ``record`` is still at ``revision`` (None: the caller saw no revision; no check).
    ``what``: the record's name in Chinese and English; ``shown``: its fields the message quotes."""
    if revision is None:
        return
    session.refresh(record, with_for_update=True)
    if record.revision == revision:
        return
    table = type(record).__tablename__
    who = _who(session, table, record.id)
    when = china_minutes(record.updated_at)
    current = {f: getattr(record, f) for f in shown}
    quoted = "；".join(f"{v}" for v in current.values() if isinstance(v, str) and v)[:200]
    raise StaleEditError(
        f"{who or '另一位用户'}已于 {when} 修改了此{what[0]}，您的这次修改未保存，以免覆盖他人的修改。"
        f"下面显示的是其修改后的内容，请在此基础上重新修改。" + (f"当前内容：{quoted}" if quoted else ""),
        f"{who or 'Someone else'} changed this {what[1]} at {when}; your change was not saved, so as not to "
        "overwrite theirs. Their version is shown now; make your change again on it."
        + (f" Now: {quoted}" if quoted else ""),
        current=current, revision=record.revision)
