"""自查评估 (art. 32 (2)): the departments' self-reports under a plan.

A department answers the checklist in the xlsx form Inspector writes for it
(:mod:`inspector.forms.selfreport`); each import is kept, and a re-import
supersedes the previous one. This module answers what the office asks of them:
which one is current (:func:`latest_self_report`), and where each target of a
plan stands (:func:`plan_targets`). Where a self-report and the inspectors'
verdicts disagree is :mod:`inspector.services.discrepancy`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from inspector.model import SelfReport, SelfReportAnswer
from inspector.services import plans


def latest_self_report(session: Session, plan_id: str | None, department_id: str) -> SelfReport | None:
    """The department's current self-report for the plan: the newest one no re-import superseded."""
    if plan_id is None:
        return None
    reports = session.exec(select(SelfReport).where(SelfReport.plan_id == plan_id,
                                                    SelfReport.department_id == department_id)).all()
    superseded = {r.supersedes_id for r in reports if r.supersedes_id}
    current = [r for r in reports if r.id not in superseded]
    return max(current, key=lambda r: (r.received_at, r.created_at), default=None)


@dataclass(frozen=True)
class TargetState:
    """A target of the plan and its current self-report (if one was imported)."""

    department_id: str
    department: str
    received_at: datetime | None = None
    respondent: str = ""
    filename: str = ""
    answered: int = 0
    items: int = 0


def plan_targets(session: Session, plan_id: str) -> list[TargetState]:
    """The plan's targets in the plan's order, each with its current self-report and how much it answered."""
    out = []
    for target in plans.get_plan(session, plan_id).targets:
        report = latest_self_report(session, plan_id, target["department_id"])
        if report is None:
            out.append(TargetState(target["department_id"], target["department"]))
            continue
        answers = session.exec(select(SelfReportAnswer.answer, func.count()).where(
            SelfReportAnswer.self_report_id == report.id).group_by(SelfReportAnswer.answer)).all()
        out.append(TargetState(target["department_id"], target["department"], report.received_at,
                               report.respondent, report.source_filename,
                               answered=sum(n for answer, n in answers if answer is not None),
                               items=sum(n for _, n in answers)))
    return out
