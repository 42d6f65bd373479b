"""Findings (问题, art. 32 (3)(4), art. 33): made from checklist items, edited, attached evidence, moved
through the status flow by the rules of :mod:`inspector.workflow`.

Lists of findings at any size are :mod:`inspector.services.search`; this module is one finding at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from inspector import concurrency, lifecycle, regulation, workflow
from inspector.errors import BadInputError, NotFoundError
from inspector.model import (
    ChecklistItem,
    Department,
    Finding,
    FindingStatus,
    FindingTransition,
    Inspection,
    InspectionResult,
    Inspector,
    RectificationNotice,
    Severity,
    utcnow,
)
from inspector.services import evidence as evidence_service
from inspector.services.evidence import EvidenceBatch, EvidenceInfo
from inspector.timezones import china_today


def get_finding(session: Session, finding_id: str) -> Finding:
    finding = session.get(Finding, finding_id)
    if finding is None:
        raise NotFoundError(f"找不到问题：{finding_id}", f"No finding with id {finding_id}")
    return finding


def finding_from_item(session: Session, inspection: Inspection, item: ChecklistItem, **fields) -> Finding:
    """A draft finding prefilled from a checklist item: its title, articles and default severity."""
    values = dict(
        department_id=inspection.department_id, plan_id=inspection.plan_id, inspection_id=inspection.id,
        item_id=item.id, title=item.title, articles=list(item.articles), severity=item.default_severity,
        rectification_requirement=item.requirement or "",
    )
    values.update(fields)
    finding = Finding(**values)
    session.add(finding)
    session.flush()
    return finding


def transition(
    session: Session,
    finding: Finding,
    target: FindingStatus,
    *,
    actor: str = "",
    reason: str = "",
    deadline: date | None = None,
    reinspection: bool = False,
) -> FindingTransition:
    """Move ``finding`` to ``target`` if the rules of :mod:`inspector.workflow` allow it (``reinspection``: the
    step follows from a completed re-inspection, :data:`inspector.workflow.BY_REINSPECTION`)."""
    current = FindingStatus(finding.status)
    ctx = workflow.TransitionContext(has_notice=finding.notice_id is not None, reason=reason, deadline=deadline,
                                     reinspection=reinspection)
    workflow.check(current, target, ctx)
    now = utcnow()
    step = FindingTransition(finding_id=finding.id, from_status=current, to_status=target, at=now,
                             actor=actor or session.info["audit"].actor, reason=reason)
    finding.status = target
    finding.status_changed_at = now
    if deadline is not None:
        finding.deadline = deadline
    if target is FindingStatus.VERIFIED and reason:
        finding.verification_note = reason
    session.add(step)
    session.flush()
    return step


# ---- one finding, for the editor -----------------------------------------------------------

EDITABLE_FIELDS = ("title", "description", "location", "articles", "severity", "escalate_secrecy",
                   "escalate_police", "handling_opinion", "rectification_requirement", "deadline")


@dataclass(frozen=True)
class HistoryStep:
    """One row of a finding's status history (``finding_transition``)."""

    at: datetime
    from_status: FindingStatus
    to_status: FindingStatus
    actor: str
    reason: str


@dataclass(frozen=True)
class FindingDetail:
    """Everything the finding editor shows, read in one session."""

    id: str
    title: str
    description: str
    location: str
    department: str
    item_code: str
    item_title: str
    item_text: str
    articles: tuple[int, ...]
    severity: Severity
    escalate_secrecy: bool
    escalate_police: bool
    handling_opinion: str
    rectification_requirement: str
    deadline: date | None
    status: FindingStatus
    notice_number: str
    verification_note: str
    overdue: bool
    history: tuple[HistoryStep, ...] = ()
    revision: int = 0                               # what a save hands back (inspector.concurrency)
    evidence: tuple[EvidenceInfo, ...] = ()         # attached to the finding
    result_evidence: tuple[EvidenceInfo, ...] = ()  # attached to the inspection result of its item

    @property
    def transitions(self) -> tuple[FindingStatus, ...]:
        """The steps a user can take from here (:func:`inspector.workflow.by_hand`): a draft has none,
        it becomes 已通知 when its notice is issued."""
        return workflow.by_hand(self.status)


def actor_name(session: Session, actor: str) -> str:
    """Who an audit actor is, as a person reads it (an inspector's name, an OS account, a hub login)."""
    if actor.startswith("hub:"):  # hub:LOGIN/os:ACCOUNT
        return actor[4:].split("/", 1)[0]
    if actor.startswith("inspector:"):
        person = session.get(Inspector, actor.split(":", 1)[1])
        if person is not None:
            return person.name
    return actor.split(":", 1)[1] if actor.startswith("os:") else actor


def finding_detail(session: Session, finding_id: str, today: date | None = None) -> FindingDetail:
    f = get_finding(session, finding_id)
    department = session.get(Department, f.department_id)
    item = session.get(ChecklistItem, f.item_id) if f.item_id else None
    notice = session.get(RectificationNotice, f.notice_id) if f.notice_id else None
    steps = session.exec(select(FindingTransition).where(FindingTransition.finding_id == f.id)
                         .order_by(FindingTransition.at)).all()
    result = None
    if f.inspection_id and f.item_id:
        result = session.exec(select(InspectionResult).where(InspectionResult.inspection_id == f.inspection_id,
                                                             InspectionResult.item_id == f.item_id)).first()
    status = FindingStatus(f.status)
    return FindingDetail(
        id=f.id, title=f.title, description=f.description, location=f.location,
        department=department.name if department else "", item_code=item.code if item else "",
        item_title=item.title if item else "", item_text=item.text if item else "", articles=tuple(f.articles),
        severity=Severity(f.severity), escalate_secrecy=f.escalate_secrecy, escalate_police=f.escalate_police,
        handling_opinion=f.handling_opinion, rectification_requirement=f.rectification_requirement,
        deadline=f.deadline, status=status, notice_number=notice.number if notice else "",
        verification_note=f.verification_note, revision=f.revision,
        overdue=workflow.is_overdue(status, f.deadline, today or china_today()),
        history=tuple(HistoryStep(at=t.at, from_status=FindingStatus(t.from_status),
                                  to_status=FindingStatus(t.to_status), actor=actor_name(session, t.actor),
                                  reason=t.reason) for t in steps),
        evidence=evidence_service.infos_of(session, "finding", f.id, f.item_id or ""),
        result_evidence=(evidence_service.infos_of(session, "inspection_result", result.id, f.item_id or "")
                         if result else ()),
    )


def regulation_of_finding(session: Session, finding: Finding):
    """The regulation version the finding's checklist cites (its inspection's, else its plan's)."""
    from inspector.services import regulation_versions

    if finding.inspection_id:
        return regulation_versions.regulation_for_inspection(session, finding.inspection_id)
    return regulation_versions.regulation_for_plan(session, finding.plan_id)


def _checked(field_name: str, value: Any) -> Any:
    if field_name == "title":
        if not str(value).strip():
            raise BadInputError("问题标题不能为空。", "A finding needs a title.")
        return str(value).strip()
    if field_name == "severity":
        return Severity(value)
    if field_name == "articles":
        numbers = sorted({int(n) for n in value})
        known = regulation.articles()
        for n in numbers:
            if n not in known:
                raise BadInputError(f"《{regulation.regulation()['title']}》中没有第{n}条。",
                                    f"The regulation has no article {n}.")
        return numbers
    if field_name in ("escalate_secrecy", "escalate_police"):
        return bool(value)
    if field_name == "deadline":
        if value is not None and not isinstance(value, date):
            raise BadInputError("整改期限不是有效日期。", "The rectification deadline is not a valid date.")
        return value
    return str(value)


def update_finding(session: Session, finding_id: str, changes: dict[str, Any], *,
                   void_signature: bool = False, revision: int | None = None) -> Finding:
    """Apply edits of the finding's own fields (:data:`EDITABLE_FIELDS`) through the ORM, so they are audited.

    What froze the finding decides first (:func:`inspector.lifecycle.guard_finding`: an issued notice, a
    completed or signed inspection); art. 33's rules follow: an escalated finding is at least 较大, and setting
    a flag opens its escalation record (待报告/待移送). ``revision``: the one the editor showed; a finding someone
    else saved since is refused (:func:`inspector.concurrency.expect`)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    finding = get_finding(session, finding_id)
    concurrency.expect(session, finding, revision, what=("问题", "finding"),
                       shown=("title", "description", "rectification_requirement"))
    with regulation.using(regulation_of_finding(session, finding)):  # the articles its checklist version cites
        checked = {k: _checked(k, v) for k, v in changes.items()}  # all checked before any is applied
    after = {k: checked.get(k, getattr(finding, k)) for k in EDITABLE_FIELDS}
    checked.update(lifecycle.check_escalated_severity(after, explicit="severity" in changes))
    changed = {k: v for k, v in checked.items() if getattr(finding, k) != v}
    if not changed:
        return finding
    lifecycle.guard_finding(session, finding, changed, void_signature_ok=void_signature)
    from inspector.services import escalations  # escalations reads findings' rows only

    escalations.check_flags(session, finding, changed)
    for key, value in changed.items():
        setattr(finding, key, value)
    session.flush()
    escalations.open_for_flags(session, finding)
    return finding


def change_status(session: Session, finding_id: str, target: FindingStatus, *, reason: str = "",
                  deadline: date | None = None) -> Finding:
    """One step a user takes by hand (:func:`inspector.workflow.by_hand`), through the rules of the flow.

    The one way the editor, the rectification page, the forms and the command line move a
    finding; ``notified`` is refused here: only issuing a notice sets it.
    """
    finding = concurrency.lock(session, get_finding(session, finding_id))  # judged on its status as it is now
    workflow.check_by_hand(FindingStatus(finding.status), FindingStatus(target))
    transition(session, finding, FindingStatus(target), reason=reason, deadline=deadline)
    return finding


def add_finding_files(session: Session, finding_id: str, files: list[str | Path | tuple[str, bytes]], *,
                      void_signature: bool = False) -> EvidenceBatch:
    """Attach files (paths read here, or ``(name, bytes)``) to a finding; each bad file is reported, not fatal.
    The record lists every file of its findings, so a completed or signed inspection decides first; when no file
    can be stored, nothing changes (a confirmed signature is not voided for nothing)."""
    finding = get_finding(session, finding_id)
    if not void_signature:  # completed, or signed and not confirmed: refused before any file is looked at
        lifecycle.guard_finding_evidence(session, finding)
    good, refused = evidence_service.precheck(files)
    if not good:
        return EvidenceBatch(errors=refused)
    lifecycle.guard_finding_evidence(session, finding, void_signature_ok=void_signature)
    batch = evidence_service.add_files(session, "finding", finding.id, finding.item_id or "", good)
    batch.errors[:0] = refused
    return batch
