"""Read-only listings shared by the command line (``--json``), the Python API and the UI."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from inspector import workflow
from inspector.collation import by_pinyin
from inspector.model import (
    Department,
    Finding,
    FindingStatus,
    Inspection,
    InspectionResult,
    Plan,
    PlanTarget,
    Verdict,
)
from inspector.timezones import china_today


def list_departments(session: Session) -> list[dict[str, Any]]:
    """Every department (id, name, code, contact, phone, address), by pinyin of the name."""
    rows = session.exec(select(Department)).all()
    return by_pinyin([dict(id=d.id, name=d.name, code=d.code, contact=d.contact_name, phone=d.contact_phone,
                           address=d.address) for d in rows])


def list_plans(session: Session) -> list[dict[str, Any]]:
    targets = dict(session.exec(select(PlanTarget.plan_id, func.count()).group_by(PlanTarget.plan_id)).all())
    rows = session.exec(select(Plan).order_by(Plan.year.desc(), Plan.title)).all()
    return [
        dict(id=p.id, title=p.title, year=p.year, status=p.status.value, focus=p.focus,
             start_on=p.start_on, end_on=p.end_on, targets=targets.get(p.id, 0))
        for p in rows
    ]


def list_inspections(session: Session) -> list[dict[str, Any]]:
    answered = dict(session.exec(
        select(InspectionResult.inspection_id, func.count())
        .where(InspectionResult.verdict.is_not(None)).group_by(InspectionResult.inspection_id)
    ).all())
    rows = session.exec(
        select(Inspection, Department.name).join(Department, Department.id == Inspection.department_id)
        .order_by(Inspection.started_at.desc())
    ).all()
    return [
        dict(id=i.id, department=name, department_id=i.department_id, plan_id=i.plan_id,
             status=i.status.value, started_at=i.started_at, answered=answered.get(i.id, 0))
        for i, name in rows
    ]


def list_findings(session: Session, *, status: FindingStatus | None = None,
                  department_id: str | None = None, today: date | None = None) -> list[dict[str, Any]]:
    today = today or china_today()
    query = select(Finding, Department.name).join(Department, Department.id == Finding.department_id)
    if status is not None:
        query = query.where(Finding.status == status)
    if department_id is not None:
        query = query.where(Finding.department_id == department_id)
    rows = session.exec(query.order_by(Finding.created_at)).all()
    return [
        dict(id=f.id, title=f.title, department=name, severity=f.severity.value, status=f.status.value,
             articles=f.articles, deadline=f.deadline, escalate_secrecy=f.escalate_secrecy,
             escalate_police=f.escalate_police,
             overdue=workflow.is_overdue(f.status, f.deadline, today))
        for f, name in rows
    ]


def verdict_counts(session: Session, inspection_id: str) -> dict[str, int]:
    rows = session.exec(
        select(InspectionResult.verdict, func.count()).where(InspectionResult.inspection_id == inspection_id)
        .group_by(InspectionResult.verdict)
    ).all()
    counts = {v.value: 0 for v in Verdict}
    for verdict, n in rows:
        if verdict is not None:
            counts[Verdict(verdict).value] = n
    return counts
