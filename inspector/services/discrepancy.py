"""The discrepancy view: where a department's self-report and the inspectors' findings on site disagree.

For each department with a self-report under a plan (its current one, see
:func:`inspector.services.selfreports.latest_self_report`), two kinds of rows:

* ``contradicted`` — the department declared 符合 and the inspectors found
  不符合 or 部分符合;
* ``unanswered`` — the department left the item without a conclusion.

The inspectors' verdict for an item is the one of the newest inspection of
that department under that plan which has a verdict for it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Optional

from sqlmodel import Session, select

from inspector.model import (
    ChecklistItem,
    Department,
    Inspection,
    InspectionResult,
    Plan,
    SelfReport,
    SelfReportAnswer,
    Verdict,
)
from inspector.services.selfreports import latest_self_report

CONTRADICTED, UNANSWERED = "contradicted", "unanswered"
FOUND_WANTING = (Verdict.NON_COMPLIANT, Verdict.PARTIAL)


@dataclass(frozen=True)
class Discrepancy:
    kind: str                         # CONTRADICTED | UNANSWERED
    plan_id: str
    plan: str
    department_id: str
    department: str
    item_id: str
    item_code: str
    item_title: str
    declared: Optional[Verdict]       # the department's conclusion (None: unanswered)
    found: Optional[Verdict]          # the inspectors' verdict (None: not inspected yet)
    inspection_id: Optional[str]      # the inspection that gave ``found``
    self_report_id: str

    @property
    def kind_zh(self) -> str:
        return {CONTRADICTED: "自查符合但检查发现问题", UNANSWERED: "自查未作答"}[self.kind]

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["declared"] = self.declared.value if self.declared else None
        d["found"] = self.found.value if self.found else None
        return d


def _found(session: Session, plan_id: str, department_id: str) -> dict[str, tuple[Verdict, str]]:
    """Item id → (verdict, inspection id), the newest inspection's verdict first."""
    rows = session.exec(
        select(InspectionResult.item_id, InspectionResult.verdict, Inspection.id)
        .join(Inspection, Inspection.id == InspectionResult.inspection_id)
        .where(Inspection.plan_id == plan_id, Inspection.department_id == department_id,
               Inspection.reinspects_notice_id.is_(None), InspectionResult.verdict.is_not(None))
    ).all()
    started = {i.id: (i.started_at is not None, i.started_at, i.created_at) for i in session.exec(
        select(Inspection).where(Inspection.plan_id == plan_id, Inspection.department_id == department_id)).all()}
    out: dict[str, tuple[Verdict, str]] = {}
    for item_id, verdict, inspection_id in sorted(rows, key=lambda r: started[r[2]], reverse=True):
        out.setdefault(item_id, (Verdict(verdict), inspection_id))
    return out


def discrepancies(session: Session, *, plan_id: str | None = None,
                  department_id: str | None = None) -> list[Discrepancy]:
    """Every discrepancy, by plan, department name and checklist order."""
    query = select(SelfReport.plan_id, SelfReport.department_id).distinct()
    if plan_id:
        query = query.where(SelfReport.plan_id == plan_id)
    if department_id:
        query = query.where(SelfReport.department_id == department_id)
    out: list[Discrepancy] = []
    for pid, did in session.exec(query).all():
        report = latest_self_report(session, pid, did)
        plan, department = session.get(Plan, pid), session.get(Department, did)
        items = session.exec(select(ChecklistItem).where(ChecklistItem.template_id == plan.template_id)
                             .order_by(ChecklistItem.position)).all()
        declared = {a.item_id: Verdict(a.answer) if a.answer else None for a in session.exec(
            select(SelfReportAnswer).where(SelfReportAnswer.self_report_id == report.id)).all()}
        found = _found(session, pid, did)
        for item in items:
            said = declared.get(item.id)
            verdict, inspection_id = found.get(item.id, (None, None))
            if said is None:
                kind = UNANSWERED
            elif said is Verdict.COMPLIANT and verdict in FOUND_WANTING:
                kind = CONTRADICTED
            else:
                continue
            out.append(Discrepancy(kind=kind, plan_id=pid, plan=plan.title, department_id=did,
                                   department=department.name, item_id=item.id, item_code=item.code,
                                   item_title=item.title, declared=said, found=verdict,
                                   inspection_id=inspection_id, self_report_id=report.id))
    out.sort(key=lambda d: (d.plan, d.department, d.kind != CONTRADICTED))
    return out


@dataclass(frozen=True)
class DiscrepancyView:
    """The rows of the discrepancy view, and where a double-click on a row not inspected yet goes."""

    rows: list[Discrepancy] = field(default_factory=list)
    inspections: dict[tuple[str, str], str] = field(default_factory=dict)
    """(plan id, department id) → the department's newest inspection under the plan."""


def discrepancy_view(session: Session, plan_id: str | None = None) -> DiscrepancyView:
    """Every discrepancy of the plan (of all plans without one), and each department's newest inspection."""
    newest: dict[tuple[str, str], str] = {}
    query = select(Inspection).where(Inspection.reinspects_notice_id.is_(None))  # a 复查 is not compared
    if plan_id:
        query = query.where(Inspection.plan_id == plan_id)
    for insp in sorted(session.exec(query).all(),
                       key=lambda i: (i.started_at is not None, i.started_at, i.created_at)):
        if insp.plan_id:
            newest[(insp.plan_id, insp.department_id)] = insp.id  # the newest comes last
    return DiscrepancyView(discrepancies(session, plan_id=plan_id), newest)
