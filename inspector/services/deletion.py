"""Deleting what was made in error, while it may still change, with a reason (issue: deletions that travel).

What may be deleted this way:

* an evidence file, while what it belongs to may change (:func:`inspector.services.evidence.guard`);
* a finding not stated in an issued notice and whose inspection is not completed (its files, status steps,
  escalations and draft-notice links go with it);
* a draft plan no inspection or self-report has started from (its targets go with it);
* a draft rectification notice (its findings stay, as drafts);
* a department nothing refers to (never planned, inspected or reported on).

Frozen records (completed inspections, issued notices, signed records) are never deleted this way; destroying
evidence past its retention is :mod:`inspector.services.destruction`'s procedure. Every deletion is audited with its
reason and leaves tombstones (:mod:`inspector.tombstones`) that travel in bundles.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, select

from inspector import audit, lifecycle, tombstones
from inspector.errors import BadInputError, NotFoundError
from inspector.model import (
    TABLES,
    Department,
    Escalation,
    Evidence,
    Finding,
    FindingTransition,
    NoticeFinding,
    NoticeStatus,
    Plan,
    PlanStatus,
    PlanTarget,
    Record,
    RectificationNotice,
    referring_columns,
)
from inspector.services import evidence as evidence_service

KINDS = {"evidence": Evidence, "finding": Finding, "plan": Plan, "notice": RectificationNotice,
         "department": Department}
KIND_TEXT = {"evidence": ("证据文件", "evidence file"), "finding": ("问题", "finding"), "plan": ("检查计划", "plan"),
             "notice": ("整改通知书", "notice"), "department": ("单位", "department")}
MAX_REASON = 500
LOOSE_OWNERS = {"evidence": ("owner_type", "owner_id")}
"""References without a foreign key: an evidence file's owner."""


@dataclass(frozen=True)
class Deleted:
    kind: str
    id: str
    title: str
    records: int
    """How many records went (the one named and what belonged to it)."""


def _reason(text: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise BadInputError("请填写删除原因。", "Give a reason for the deletion.")
    if len(text) > MAX_REASON:
        raise BadInputError(f"删除原因过长（{len(text)} 字，上限 {MAX_REASON} 字）。",
                            f"The reason is too long ({len(text)} characters, limit {MAX_REASON}).")
    return text


def references(session: Session, obj: SQLModel, ignore: set[str] = frozenset()) -> list[tuple[str, str]]:
    """(table, id) of the records that refer to ``obj`` (by foreign key, or as an evidence file's owner), leaving
    out the ids in ``ignore`` (those deleted with it)."""
    table = obj.__tablename__
    found = []
    for other, column in referring_columns(table):
        if "id" in other.c:
            for (rid,) in session.connection().execute(sa_select(other.c.id).where(column == obj.id)):
                if rid not in ignore:
                    found.append((other.name, rid))
    for other_name, (type_col, id_col) in LOOSE_OWNERS.items():
        other = SQLModel.metadata.tables[other_name]
        for (rid,) in session.connection().execute(
                sa_select(other.c.id).where(other.c[type_col] == table, other.c[id_col] == obj.id)):
            if rid not in ignore:
                found.append((other_name, rid))
    return found


def frozen_reason(session: Session, obj: Record) -> tuple[str, str] | None:
    """Why ``obj`` may not be deleted here because it is frozen (completed, issued, signed, in use), or None."""
    try:
        if isinstance(obj, Evidence):
            evidence_service.guard(session, obj)
        elif isinstance(obj, Finding):
            notice = lifecycle.freezing_notice(session, obj)
            if notice is not None:
                raise lifecycle.notice_frozen_error(notice)
            lifecycle.guard_finding_evidence(session, obj)
        elif isinstance(obj, Plan) and PlanStatus(obj.status) is not PlanStatus.DRAFT:
            raise BadInputError("只能删除草稿状态的检查计划。", "Only a draft plan can be deleted.")
        elif isinstance(obj, RectificationNotice) and NoticeStatus(obj.status) is not NoticeStatus.DRAFT:
            raise BadInputError(f"已签发的整改通知书不能删除：{obj.number}",
                                f"An issued notice cannot be deleted: {obj.number}")
    except BadInputError as err:  # FrozenError, SignatureWouldVoid and the form's files among them
        return err.zh, err.en
    return None


def _children(session: Session, obj: Record) -> list[Record]:
    """What goes with ``obj``, children before their parents."""
    if isinstance(obj, Finding):
        found: list[Record] = [*evidence_service.evidence_of(session, "finding", obj.id)]
        for model in (FindingTransition, Escalation, NoticeFinding):
            found += session.exec(select(model).where(model.finding_id == obj.id)).all()
        return found
    if isinstance(obj, Plan):
        return list(session.exec(select(PlanTarget).where(PlanTarget.plan_id == obj.id)).all())
    if isinstance(obj, RectificationNotice):
        return list(session.exec(select(NoticeFinding).where(NoticeFinding.notice_id == obj.id)).all())
    return []


def _check_links(session: Session, obj: Record) -> None:
    """A draft notice's links go with a finding; an issued one's never do (caught by :func:`frozen_reason`)."""
    if isinstance(obj, NoticeFinding):
        notice = session.get(RectificationNotice, obj.notice_id)
        if notice is not None and NoticeStatus(notice.status) is not NoticeStatus.DRAFT:
            raise lifecycle.notice_frozen_error(notice)


def delete(session: Session, kind: str, record_id: str, reason: str, *, void_signature: bool = False) -> Deleted:
    """Delete a record made in error (see the module's text), with what belongs to it; refused with the reason
    when it is frozen or something else refers to it, before anything changes. A file of a record the
    representative signed: refused with :class:`~inspector.lifecycle.SignatureWouldVoid` until the user confirmed
    (``void_signature``), then the signature is voided."""
    model = KINDS.get(kind)
    if model is None:
        raise BadInputError(f"不能删除这类记录：{kind}", f"Records of this kind cannot be deleted: {kind}")
    obj = session.get(model, record_id)
    zh, en = KIND_TEXT[kind]
    if obj is None:
        raise NotFoundError(f"找不到该{zh}：{record_id}（可能已被删除）", f"No {en} with id {record_id} (it may be deleted)")
    if isinstance(obj, Evidence):
        evidence_service.guard(session, obj, void_signature_ok=void_signature)  # asks before voiding a signature
    frozen = frozen_reason(session, obj) if not (isinstance(obj, Evidence) and void_signature) else None
    if frozen is not None:
        raise lifecycle.FrozenError(f"不能删除：{frozen[0]}", f"Cannot be deleted: {frozen[1]}")
    text = _reason(reason)  # after the checks above: no reason is asked for what cannot go
    children = _children(session, obj)
    for child in children:
        _check_links(session, child)
    going = {obj.id, *(c.id for c in children)}
    blockers = [ref for c in [*children, obj] for ref in references(session, c, going)]
    if blockers:
        table, _ = blockers[0]
        label = TABLES[table]
        raise BadInputError(f"不能删除：还有{label.zh}引用该{zh}（共 {len(blockers)} 条）。请先处理这些记录。",
                            f"Cannot be deleted: {len(blockers)} record(s) of {label.en} still refer to this {en}. "
                            "Deal with those first.")
    title = tombstones.title_of(obj)
    with tombstones.reason(session, text):
        for child in children:
            if isinstance(child, Evidence):
                evidence_service.remove_evidence(session, child.id)
            else:
                session.delete(child)
                session.flush()
        if isinstance(obj, Evidence):
            evidence_service.remove_evidence(session, obj.id, void_signature=void_signature)
        else:
            session.delete(obj)
            session.flush()
    audit.record(session, "record.deleted", obj.__tablename__, record_id,
                 {"reason": text, "records": len(going), "title": title})
    return Deleted(kind=kind, id=record_id, title=title, records=len(going))
