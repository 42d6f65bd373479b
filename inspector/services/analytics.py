"""What the inspections of a plan found (issue 17 §2): the failure matrix, compliance rates, rectification
timeliness, severity and art. 33 escalation counts, repeat findings, and the calendar of dates to come.

Every function makes a fixed number of queries whatever the size of the plan (one per table it reads) and
does the counting in Python, so a campaign of 200 departments × 55 items × 5 000 findings costs the same
number of round trips as a small one.

Which verdicts count: for each department of the plan, the verdicts of its **latest first inspection** under
the plan (by creation time); an earlier visit that a later one replaced is not counted twice. Re-inspections
(复查, ``Inspection.reinspects_notice_id`` set) are never counted: they check a few items of a notice, and a
partial re-inspection must not replace a department's inspection. Unanswered items (no verdict yet) are not
counted anywhere.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from inspector import workflow
from inspector.collation import pinyin_key as sort_key
from inspector.errors import BadInputError, NotFoundError
from inspector.model import (
    ChecklistItem,
    ChecklistSection,
    Department,
    Escalation,
    EscalationKind,
    EscalationState,
    Finding,
    FindingStatus,
    FindingTransition,
    Inspection,
    InspectionResult,
    InspectionStatus,
    Plan,
    PlanTarget,
    RectificationNotice,
    Severity,
    Verdict,
)
from inspector.model.enums import NoticeStatus
from inspector.timezones import china_day

FAILED = (Verdict.NON_COMPLIANT, Verdict.PARTIAL)


def _plan(session: Session, plan_id: str) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError(f"没有编号为 {plan_id} 的检查计划。", f"No plan with id {plan_id}.")
    return plan


def _departments(session: Session, plan_id: str) -> list[tuple[str, str]]:
    """(id, name) of the plan's targets, by pinyin."""
    rows = session.exec(
        select(Department.id, Department.name).join(PlanTarget, PlanTarget.department_id == Department.id)
        .where(PlanTarget.plan_id == plan_id)
    ).all()
    return sorted(((i, n) for i, n in rows), key=lambda r: sort_key(r[1]))


def _verdicts(session: Session, plan_id: str) -> list[tuple[str, str, Verdict]]:
    """(department id, item id, verdict) of each department's latest inspection under the plan."""
    inspections = session.exec(
        select(Inspection.id, Inspection.department_id, Inspection.created_at)
        .where(Inspection.plan_id == plan_id, Inspection.reinspects_notice_id.is_(None))
    ).all()
    latest: dict[str, tuple] = {}
    for iid, dept, created in inspections:
        if dept not in latest or (created, iid) > latest[dept]:
            latest[dept] = (created, iid)
    keep = {v[1]: d for d, v in latest.items()}
    rows = session.exec(
        select(InspectionResult.inspection_id, InspectionResult.item_id, InspectionResult.verdict)
        .join(Inspection, Inspection.id == InspectionResult.inspection_id)
        .where(Inspection.plan_id == plan_id, Inspection.reinspects_notice_id.is_(None),
               InspectionResult.verdict.is_not(None))
    ).all()
    return [(keep[iid], item, Verdict(v)) for iid, item, v in rows if iid in keep]


# ---- the matrix ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixRow:
    """A checklist section (``key`` its number) or an article (``key`` its number), with its failures."""

    key: int
    label: str
    non_compliant: dict[str, int]   # department id → count of 不符合
    partial: dict[str, int]         # department id → count of 部分符合
    total_non_compliant: int
    total_partial: int
    cells: dict[str, int] = field(default_factory=dict)   # column id → the cell's count (see Matrix.columns)

    @property
    def total(self) -> int:
        return self.total_non_compliant + self.total_partial

    def failed(self, department_id: str) -> int:
        return self.non_compliant.get(department_id, 0) + self.partial.get(department_id, 0)

    def cell(self, column_id: str) -> int:
        """The heat map's cell: 不符合 + 部分符合 of a department, or the count of a verdict."""
        return self.cells.get(column_id, 0)


MATRIX_COLUMNS = ("departments", "verdicts")
VERDICT_COLUMNS = ((Verdict.COMPLIANT, "符合"), (Verdict.PARTIAL, "部分符合"), (Verdict.NON_COMPLIANT, "不符合"),
                   (Verdict.NOT_APPLICABLE, "不适用"))


@dataclass(frozen=True)
class Matrix:
    by: str                               # "section" | "article"
    departments: list[tuple[str, str]]    # (id, label) of the columns: the plan's departments, or the verdicts
    rows: list[MatrixRow]                 # most often failed first
    columns: str = "departments"          # "departments" | "verdicts"


def matrix(session: Session, plan_id: str, by: str = "section", columns: str = "departments") -> Matrix:
    """Sections (``by="section"``) or articles (``by="article"``) × departments (``columns="departments"``:
    how many items each department was found 不符合 and 部分符合) or × verdicts (``columns="verdicts"``: how
    many items, over the plan's departments' counted inspections, were found 符合 / 部分符合 / 不符合 / 不适用;
    column ids are the :class:`Verdict` values). An item citing several articles counts under each. Rows most
    often failed first (不符合 + 部分符合, then 不符合 alone, then number) whatever the columns; every section or
    article of the checklist is a row, zeros included, so the office sees what was never failed too."""
    if by not in ("section", "article"):
        raise BadInputError(f"矩阵的行只能按章节或条款：{by}。", f"The matrix rows are by section or article, not {by}.")
    if columns not in MATRIX_COLUMNS:
        raise BadInputError(f"矩阵的列只能按单位或检查结论：{columns}。",
                            f"The matrix columns are by departments or verdicts, not {columns}.")
    plan = _plan(session, plan_id)
    departments = _departments(session, plan_id)
    items = session.exec(
        select(ChecklistItem.id, ChecklistItem.section_no, ChecklistItem.articles)
        .where(ChecklistItem.template_id == plan.template_id)
    ).all()
    keys_of: dict[str, list[int]] = {}
    for iid, section_no, articles in items:
        keys_of[iid] = [section_no] if by == "section" else sorted(set(articles or []))
    if by == "section":
        labels = {n: f"{n}. {t}" for n, t in session.exec(
            select(ChecklistSection.number, ChecklistSection.title)
            .where(ChecklistSection.template_id == plan.template_id)).all()}
    else:
        labels = {a: f"第{a}条" for keys in keys_of.values() for a in keys}
    nc: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    pa: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_verdict: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    targets = {d for d, _ in departments}
    for dept, item, verdict in _verdicts(session, plan_id):
        if dept not in targets:
            continue
        for key in keys_of.get(item, []):
            by_verdict[key][verdict.value] += 1
            if verdict in FAILED:
                (nc if verdict is Verdict.NON_COMPLIANT else pa)[key][dept] += 1

    def cells(k: int) -> dict[str, int]:
        if columns == "verdicts":
            return dict(by_verdict.get(k, {}))
        return {d: nc.get(k, {}).get(d, 0) + pa.get(k, {}).get(d, 0) for d in targets
                if nc.get(k, {}).get(d, 0) + pa.get(k, {}).get(d, 0)}

    rows = [MatrixRow(key=k, label=labels.get(k, str(k)), non_compliant=dict(nc.get(k, {})),
                      partial=dict(pa.get(k, {})), total_non_compliant=sum(nc.get(k, {}).values()),
                      total_partial=sum(pa.get(k, {}).values()), cells=cells(k))
            for k in labels]
    rows.sort(key=lambda r: (-r.total, -r.total_non_compliant, r.key))
    cols = ([(v.value, label) for v, label in VERDICT_COLUMNS] if columns == "verdicts" else departments)
    return Matrix(by=by, departments=cols, rows=rows, columns=columns)


# ---- compliance ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    key: str          # department id, or the section number as text
    label: str
    compliant: int
    answered: int     # 符合 + 部分符合 + 不符合 (不适用 and unanswered excluded)

    @property
    def rate(self) -> float | None:
        """符合 / answered, or None when nothing applicable was answered."""
        return self.compliant / self.answered if self.answered else None


@dataclass(frozen=True)
class Compliance:
    by_department: list[Rate]
    by_section: list[Rate]
    overall: Rate


def compliance(session: Session, plan_id: str) -> Compliance:
    """Compliance rate = items found 符合 / items answered 符合, 部分符合 or 不符合. 不适用 is left out of both
    (it is neither a pass nor a failure) and so are unanswered items; 部分符合 is not 符合. Per department
    (the plan's targets, by pinyin; a department not yet inspected has rate None) and per checklist section."""
    plan = _plan(session, plan_id)
    departments = _departments(session, plan_id)
    section_of = dict(session.exec(select(ChecklistItem.id, ChecklistItem.section_no)
                                   .where(ChecklistItem.template_id == plan.template_id)).all())
    sections = sorted(session.exec(select(ChecklistSection.number, ChecklistSection.title)
                                   .where(ChecklistSection.template_id == plan.template_id)).all())
    ok_d: dict[str, int] = defaultdict(int)
    n_d: dict[str, int] = defaultdict(int)
    ok_s: dict[int, int] = defaultdict(int)
    n_s: dict[int, int] = defaultdict(int)
    for dept, item, verdict in _verdicts(session, plan_id):
        if verdict is Verdict.NOT_APPLICABLE:
            continue
        sec = section_of.get(item)
        n_d[dept] += 1
        n_s[sec] += 1
        if verdict is Verdict.COMPLIANT:
            ok_d[dept] += 1
            ok_s[sec] += 1
    return Compliance(
        by_department=[Rate(d, name, ok_d[d], n_d[d]) for d, name in departments],
        by_section=[Rate(str(n), f"{n}. {t}", ok_s[n], n_s[n]) for n, t in sections],
        overall=Rate("", "", sum(ok_d[d] for d, _ in departments), sum(n_d[d] for d, _ in departments)),
    )


# ---- timeliness, severity, escalation ------------------------------------------------------------


@dataclass(frozen=True)
class Timeliness:
    days: dict[str, int]        # finding id → days from its notice's issue to its verification
    median_days: float | None
    overdue: dict[str, int]     # finding id → days overdue today
    open_total: int             # findings the departments still owe (notified, rectifying, reopened)

    @property
    def overdue_count(self) -> int:
        return len(self.overdue)

    @property
    def overdue_days_total(self) -> int:
        return sum(self.overdue.values())

    @property
    def overdue_days_max(self) -> int:
        return max(self.overdue.values(), default=0)


def timeliness(session: Session, plan_id: str, today: date) -> Timeliness:
    """Days from the notice's issue date to the (latest) verification, Beijing days, per finding verified or
    closed after verification; their median; the findings overdue today by the one overdue rule
    (:func:`inspector.workflow.is_overdue`) with their days overdue."""
    _plan(session, plan_id)
    findings = session.exec(
        select(Finding.id, Finding.status, Finding.deadline, RectificationNotice.issued_on)
        .outerjoin(RectificationNotice, RectificationNotice.id == Finding.notice_id)
        .where(Finding.plan_id == plan_id)
    ).all()
    verified_at: dict[str, date] = {}
    for fid, at in session.exec(
        select(FindingTransition.finding_id, FindingTransition.at)
        .join(Finding, Finding.id == FindingTransition.finding_id)
        .where(Finding.plan_id == plan_id, FindingTransition.to_status == FindingStatus.VERIFIED)
    ).all():
        day = china_day(at)
        if fid not in verified_at or day > verified_at[fid]:
            verified_at[fid] = day
    days: dict[str, int] = {}
    overdue: dict[str, int] = {}
    open_total = 0
    for fid, status, deadline, issued_on in findings:
        status = FindingStatus(status)
        if status in (FindingStatus.VERIFIED, FindingStatus.CLOSED) and issued_on and fid in verified_at:
            days[fid] = (verified_at[fid] - issued_on).days
        if status in workflow.OPEN_STATUSES:
            open_total += 1
        if workflow.is_overdue(status, deadline, today):
            overdue[fid] = (today - deadline).days
    return Timeliness(days=days, median_days=statistics.median(days.values()) if days else None,
                      overdue=overdue, open_total=open_total)


def by_severity(session: Session, plan_id: str) -> dict[Severity, int]:
    """The plan's findings by severity, all three, zeros included."""
    _plan(session, plan_id)
    counts = {s: 0 for s in Severity}
    for sev, n in session.exec(select(Finding.severity, func.count()).where(Finding.plan_id == plan_id)
                               .group_by(Finding.severity)).all():
        counts[Severity(sev)] = n
    return counts


def by_escalation(session: Session, plan_id: str) -> dict[tuple[EscalationKind, EscalationState], int]:
    """Art. 33 escalations of the plan's findings by kind and state (待报告/已报告, 待移送/已移送), zeros included."""
    _plan(session, plan_id)
    counts = {(k, s): 0 for k in EscalationKind for s in EscalationState}
    for kind, state in session.exec(
        select(Escalation.kind, Escalation.state).join(Finding, Finding.id == Escalation.finding_id)
        .where(Finding.plan_id == plan_id)
    ).all():
        counts[(EscalationKind(kind), EscalationState(state))] += 1
    return counts


# ---- repeats -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Repeat:
    finding_id: str
    title: str
    department_id: str
    department: str
    item_code: str
    earlier_plans: list[str]   # titles of the earlier plans in which the item was 不符合, oldest first


def _plan_order(plan: Plan) -> tuple:
    return (plan.year, plan.start_on or date(plan.year, 1, 1), plan.created_at)


def repeats(session: Session, plan_id: str) -> list[Repeat]:
    """The plan's findings whose checklist item (matched by its code, so a newer checklist version still
    matches) was found 不符合 for the same department in an earlier plan. Earlier: by year, then start date
    (1 January when unset), then creation. Listed by department (pinyin), then item code."""
    plan = _plan(session, plan_id)
    plans = {p.id: p for p in session.exec(select(Plan)).all()}
    mine = session.exec(
        select(Finding.id, Finding.title, Finding.department_id, Department.name, ChecklistItem.code)
        .join(ChecklistItem, ChecklistItem.id == Finding.item_id)
        .join(Department, Department.id == Finding.department_id)
        .where(Finding.plan_id == plan_id)
    ).all()
    if not mine:
        return []
    here = _plan_order(plan)
    before: dict[tuple[str, str], set[str]] = defaultdict(set)
    for dept, code, pid in session.exec(
        select(Inspection.department_id, ChecklistItem.code, Inspection.plan_id)
        .join(InspectionResult, InspectionResult.inspection_id == Inspection.id)
        .join(ChecklistItem, ChecklistItem.id == InspectionResult.item_id)
        .where(Inspection.plan_id.is_not(None), Inspection.plan_id != plan_id,
               Inspection.reinspects_notice_id.is_(None), InspectionResult.verdict == Verdict.NON_COMPLIANT)
    ).all():
        if pid in plans and _plan_order(plans[pid]) < here:
            before[(dept, code)].add(pid)
    out = [Repeat(fid, title, dept, name, code,
                  [plans[p].title for p in sorted(before[(dept, code)], key=lambda p: _plan_order(plans[p]))])
           for fid, title, dept, name, code in mine if (dept, code) in before]
    out.sort(key=lambda r: (sort_key(r.department), r.item_code, r.title))
    return out


# ---- everything at once --------------------------------------------------------------------------


@dataclass(frozen=True)
class Analytics:
    plan_id: str
    plan_title: str
    today: date
    sections: Matrix
    articles: Matrix
    compliance: Compliance
    timeliness: Timeliness
    severity: dict[Severity, int]
    escalation: dict[tuple[EscalationKind, EscalationState], int]
    section_verdicts: Matrix    # the same rows × verdicts
    article_verdicts: Matrix
    repeats: list[Repeat] = field(default_factory=list)

    def matrix(self, by: str = "section", columns: str = "departments") -> Matrix:
        """One of the four matrices read."""
        return {("section", "departments"): self.sections, ("article", "departments"): self.articles,
                ("section", "verdicts"): self.section_verdicts,
                ("article", "verdicts"): self.article_verdicts}[(by, columns)]


def analytics(session: Session, plan_id: str, today: date) -> Analytics:
    """All of the above in one read (the analytics view makes one trip to the worker thread)."""
    plan = _plan(session, plan_id)
    return Analytics(plan_id=plan.id, plan_title=plan.title, today=today,
                     sections=matrix(session, plan_id, "section"), articles=matrix(session, plan_id, "article"),
                     compliance=compliance(session, plan_id), timeliness=timeliness(session, plan_id, today),
                     severity=by_severity(session, plan_id), escalation=by_escalation(session, plan_id),
                     section_verdicts=matrix(session, plan_id, "section", "verdicts"),
                     article_verdicts=matrix(session, plan_id, "article", "verdicts"),
                     repeats=repeats(session, plan_id))


# ---- the calendar --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarEvent:
    day: date
    kind: str          # "inspection" (a plan target's scheduled date) | "notice" (a notice's deadline) |
    #                    "finding" (an open finding's own deadline, when it differs from its notice's) |
    #                    "reinspection" (a planned re-inspection's scheduled date)
    title: str         # the plan's title, the notice's number (also for a re-inspection), the finding's title
    department_id: str
    department: str
    ref_id: str        # the plan, notice, finding or re-inspection (the Inspection's id)


def calendar(session: Session, first: date, last: date) -> list[CalendarEvent]:
    """Scheduled inspections (plan targets' dates), the deadlines of issued notices, and the deadlines of open
    findings that differ from their notice's (a reopened finding's new deadline, a finding without a notice),
    and the scheduled dates of re-inspections not yet completed between ``first`` and ``last`` inclusive, by
    day then kind then department (pinyin)."""
    events: list[CalendarEvent] = []
    for day, pid, title, dept, name in session.exec(
        select(PlanTarget.scheduled_on, Plan.id, Plan.title, Department.id, Department.name)
        .join(Plan, Plan.id == PlanTarget.plan_id).join(Department, Department.id == PlanTarget.department_id)
        .where(PlanTarget.scheduled_on >= first, PlanTarget.scheduled_on <= last)
    ).all():
        events.append(CalendarEvent(day, "inspection", title, dept, name, pid))
    for day, nid, number, dept, name in session.exec(
        select(RectificationNotice.deadline, RectificationNotice.id, RectificationNotice.number,
               Department.id, Department.name)
        .join(Department, Department.id == RectificationNotice.department_id)
        .where(RectificationNotice.status == NoticeStatus.ISSUED, RectificationNotice.deadline >= first,
               RectificationNotice.deadline <= last)
    ).all():
        events.append(CalendarEvent(day, "notice", number, dept, name, nid))
    for day, fid, title, dept, name, notice_deadline in session.exec(
        select(Finding.deadline, Finding.id, Finding.title, Department.id, Department.name,
               RectificationNotice.deadline)
        .join(Department, Department.id == Finding.department_id)
        .outerjoin(RectificationNotice, RectificationNotice.id == Finding.notice_id)
        .where(Finding.status.in_(sorted(s.value for s in workflow.OPEN_STATUSES)),
               Finding.deadline >= first, Finding.deadline <= last)
    ).all():
        if day != notice_deadline:
            events.append(CalendarEvent(day, "finding", title, dept, name, fid))
    for day, iid, number, dept, name in session.exec(
        select(Inspection.scheduled_on, Inspection.id, RectificationNotice.number, Department.id, Department.name)
        .join(RectificationNotice, RectificationNotice.id == Inspection.reinspects_notice_id)
        .join(Department, Department.id == Inspection.department_id)
        .where(Inspection.reinspects_notice_id.is_not(None), Inspection.status != InspectionStatus.COMPLETED,
               Inspection.scheduled_on >= first, Inspection.scheduled_on <= last)
    ).all():
        events.append(CalendarEvent(day, "reinspection", number or "", dept, name, iid))
    order = {"inspection": 0, "reinspection": 1, "notice": 2, "finding": 3}
    events.sort(key=lambda e: (e.day, order[e.kind], sort_key(e.department), e.title))
    return events
