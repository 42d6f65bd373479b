"""Findings (问题): creating them from checklist items and moving them through the status flow."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from inspector import workflow
from inspector.errors import NotFoundError
from inspector.model import ChecklistItem, Finding, FindingStatus, FindingTransition, Inspection, utcnow


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
) -> FindingTransition:
    """Move ``finding`` to ``target`` if the rules of :mod:`inspector.workflow` allow it."""
    current = FindingStatus(finding.status)
    ctx = workflow.TransitionContext(has_notice=finding.notice_id is not None, reason=reason, deadline=deadline)
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
