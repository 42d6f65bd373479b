"""The overview (概览): where the findings stand, what is overdue, what is under way, what art. 33 still requires
(escalations not yet reported or referred).

One read, :func:`dashboard_data`, returns everything the dashboard shows, so the
UI makes a single trip to the worker thread. ``today`` is always passed in: the
overdue figures depend on it, and tests fix it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from inspector import workflow
from inspector.model import (
    ChecklistItem,
    Department,
    Finding,
    FindingStatus,
    Inspection,
    InspectionResult,
    InspectionStatus,
    Plan,
    PlanStatus,
    PlanTarget,
    Severity,
    SigningIdentity,
    SyncConflict,
    VaultMeta,
)
from inspector.services import settings
from inspector.services.escalations import EscalationRow, list_escalations

DEFAULT_LIMIT = 20
"""How many rows each list of the dashboard holds (the totals are counted in full)."""


@dataclass(frozen=True)
class OverdueFinding:
    """A finding whose department still owes a rectification past its deadline."""

    finding_id: str
    title: str
    department_id: str
    department: str
    severity: Severity
    status: FindingStatus
    deadline: date
    days_overdue: int


@dataclass(frozen=True)
class RunningInspection:
    """An on-site inspection in progress, with how many checklist items have a verdict."""

    inspection_id: str
    department_id: str
    department: str
    started_at: datetime | None
    answered: int
    total: int


@dataclass(frozen=True)
class PlanProgress:
    """An active plan: its targets, and how many of them were inspected (inspection completed)."""

    plan_id: str
    title: str
    year: int
    start_on: date | None
    end_on: date | None
    targets: int
    inspected: int
    in_progress: int


@dataclass(frozen=True)
class DashboardData:
    today: date
    by_status: dict[FindingStatus, int]
    by_severity: dict[Severity, int]
    overdue: list[OverdueFinding] = field(default_factory=list)
    overdue_total: int = 0
    running: list[RunningInspection] = field(default_factory=list)
    running_total: int = 0
    plans: list[PlanProgress] = field(default_factory=list)
    escalations: list[EscalationRow] = field(default_factory=list)
    escalations_total: int = 0
    setup: list[SetupStep] = field(default_factory=list)  # a new vault's first steps (getting_started)

    @property
    def findings_total(self) -> int:
        return sum(self.by_status.values())


def finding_counts(session: Session) -> tuple[dict[FindingStatus, int], dict[Severity, int]]:
    """Findings by status (all seven) and by severity (all three), zeros included."""
    by_status = {s: 0 for s in FindingStatus}
    for status, n in session.exec(select(Finding.status, func.count()).group_by(Finding.status)).all():
        by_status[FindingStatus(status)] = n
    by_severity = {s: 0 for s in Severity}
    for severity, n in session.exec(select(Finding.severity, func.count()).group_by(Finding.severity)).all():
        by_severity[Severity(severity)] = n
    return by_status, by_severity


def overdue_findings(session: Session, today: date, limit: int = DEFAULT_LIMIT) -> tuple[list[OverdueFinding], int]:
    """The longest overdue first (up to ``limit``), and how many there are in all."""
    where = workflow.overdue_where(Finding.status, Finding.deadline, today)
    total = session.exec(select(func.count()).select_from(Finding).where(*where)).one()
    rows = session.exec(
        select(Finding, Department.name).join(Department, Department.id == Finding.department_id)
        .where(*where).order_by(Finding.deadline, Department.name, Finding.title).limit(limit)
    ).all()
    return [
        OverdueFinding(finding_id=f.id, title=f.title, department_id=f.department_id, department=name,
                       severity=Severity(f.severity), status=FindingStatus(f.status), deadline=f.deadline,
                       days_overdue=(today - f.deadline).days)
        for f, name in rows
    ], total


def running_inspections(session: Session, limit: int = DEFAULT_LIMIT) -> tuple[list[RunningInspection], int]:
    """Inspections in progress, the latest started first, with answered / total checklist items."""
    where = Inspection.status == InspectionStatus.IN_PROGRESS
    total = session.exec(select(func.count()).select_from(Inspection).where(where)).one()
    rows = session.exec(
        select(Inspection, Department.name).join(Department, Department.id == Inspection.department_id)
        .where(where).order_by(Inspection.started_at.desc(), Department.name).limit(limit)
    ).all()
    ids = [i.id for i, _ in rows]
    answered = dict(session.exec(
        select(InspectionResult.inspection_id, func.count())
        .where(InspectionResult.inspection_id.in_(ids), InspectionResult.verdict.is_not(None))
        .group_by(InspectionResult.inspection_id)
    ).all()) if ids else {}
    templates = {i.template_id for i, _ in rows}
    items = dict(session.exec(
        select(ChecklistItem.template_id, func.count())
        .where(ChecklistItem.template_id.in_(templates)).group_by(ChecklistItem.template_id)
    ).all()) if templates else {}
    return [
        RunningInspection(inspection_id=i.id, department_id=i.department_id, department=name,
                          started_at=i.started_at, answered=answered.get(i.id, 0), total=items.get(i.template_id, 0))
        for i, name in rows
    ], total


def active_plans(session: Session) -> list[PlanProgress]:
    """Active plans with their targets, inspected (a completed inspection) and in progress."""
    plans = session.exec(select(Plan).where(Plan.status == PlanStatus.ACTIVE)
                         .order_by(Plan.year.desc(), Plan.start_on, Plan.title)).all()
    result = []
    for plan in plans:
        targets = set(session.exec(select(PlanTarget.department_id).where(PlanTarget.plan_id == plan.id)).all())
        visits = session.exec(select(Inspection.department_id, Inspection.status)
                              .where(Inspection.plan_id == plan.id, Inspection.reinspects_notice_id.is_(None))).all()
        done = {d for d, st in visits if st == InspectionStatus.COMPLETED and d in targets}
        going = {d for d, st in visits if st == InspectionStatus.IN_PROGRESS and d in targets} - done
        result.append(PlanProgress(plan_id=plan.id, title=plan.title, year=plan.year, start_on=plan.start_on,
                                   end_on=plan.end_on, targets=len(targets), inspected=len(done),
                                   in_progress=len(going)))
    return result


def pending_escalations(session: Session, limit: int = DEFAULT_LIMIT) -> tuple[list[EscalationRow], int]:
    """Art. 33 escalations not yet done (待报告, 待移送), up to ``limit``, and how many there are in all;
    an unlawful act (to stop at once) first."""
    rows = list_escalations(session, pending_only=True)
    rows.sort(key=lambda r: not r.immediate)  # stable: the core's order (department, finding) within each kind
    return rows[:limit], len(rows)


def dashboard_data(session: Session, today: date, *, limit: int = DEFAULT_LIMIT) -> DashboardData:
    """Everything the overview shows, in one session."""
    by_status, by_severity = finding_counts(session)
    overdue, overdue_total = overdue_findings(session, today, limit)
    running, running_total = running_inspections(session, limit)
    escalations, escalations_total = pending_escalations(session, limit)
    return DashboardData(today=today, by_status=by_status, by_severity=by_severity, overdue=overdue,
                         overdue_total=overdue_total, running=running, running_total=running_total,
                         plans=active_plans(session), escalations=escalations, escalations_total=escalations_total,
                         setup=getting_started(session))


# ---- a new vault's first steps, and the counts beside the navigation ------------------------------------

SETUP_STEPS = ("organisation", "signing", "departments", "plan")
"""What a new vault needs before the first inspection, in the order to do it: the issuing organisation and
its document-number pattern, a signing identity, the departments, a first plan."""


@dataclass(frozen=True)
class SetupStep:
    key: str  # one of SETUP_STEPS
    done: bool


def getting_started(session: Session) -> list[SetupStep]:
    """Each first step and whether it is done; every one is read from the vault, so the list ticks itself."""

    def stored(setting: settings.Setting) -> bool:
        row = session.get(VaultMeta, setting.key)
        return row is not None and bool(row.value.strip())

    def some(table) -> bool:
        return session.exec(select(table.id).limit(1)).first() is not None

    done = {
        "organisation": stored(settings.ORG_NAME) and stored(settings.DOC_NUMBER_PATTERN),
        "signing": some(SigningIdentity),
        "departments": some(Department),
        "plan": some(Plan),
    }
    return [SetupStep(key, done[key]) for key in SETUP_STEPS]


@dataclass(frozen=True)
class NavigationCounts:
    """What waits on each part of the work: shown as badges beside the navigation."""

    escalations: int  # art. 33 reports or referrals not yet done
    running: int  # inspections in progress
    overdue: int  # findings past their rectification deadline
    to_verify: int  # rectifications reported by the department, awaiting verification
    conflicts: int  # synchronisation conflicts not yet resolved


def navigation_counts(session: Session, today: date) -> NavigationCounts:
    """Five counts in one session (each a single COUNT query but the escalations)."""

    def count(table, *where) -> int:
        return session.exec(select(func.count()).select_from(table).where(*where)).one()

    return NavigationCounts(
        escalations=len(list_escalations(session, pending_only=True)),
        running=count(Inspection, Inspection.status == InspectionStatus.IN_PROGRESS),
        overdue=count(Finding, *workflow.overdue_where(Finding.status, Finding.deadline, today)),
        to_verify=count(Finding, Finding.status == FindingStatus.REPORTED),
        conflicts=count(SyncConflict, SyncConflict.resolved_at.is_(None)),
    )
