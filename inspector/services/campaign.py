"""The campaign board (进度看板): for one plan, where every target department stands in the stages of art. 32.

One row per target: 检查通知 (the letter of kind ``inspection_notice``), 自查表 (form sent, returned, how many
discrepancies), 实地检查 (scheduled, state, date), 整改通知书 (number, issued, deadline), the findings (open /
reported / verified / overdue, by the one overdue rule of :mod:`inspector.workflow`) and 复查 (a ``review`` letter
and its next step, and the newest re-inspection of :mod:`inspector.services.reinspection`; 实地检查 is the first
inspection, never a re-inspection). Each stage has a state for colouring
(:data:`STATES`) and the plan has counts of them.

:func:`board` reads everything in a fixed number of queries, whatever the number of targets: the UI paints a plan of
200 departments from one read. ``today`` is passed in (the overdue and late states depend on it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import String, case, func, type_coerce
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from inspector import dialect, workflow
from inspector.forms.selfreport import SPEC as SELFREPORT_FORM
from inspector.forms import xlsx as form_xlsx
from inspector.model import (
    ChecklistItem,
    Finding,
    FindingStatus,
    Inspection,
    InspectionStatus,
    InspectionResult,
    IssuedDocument,
    Letter,
    NoticeStatus,
    RectificationNotice,
    SelfReport,
    SelfReportAnswer,
    Verdict,
)
from inspector.services import plans
from inspector.services.discrepancy import FOUND_WANTING
from inspector.services.letter_kinds import CLOSE, REINSPECT
from inspector.services.letter_inspection import KEY as INSPECTION_NOTICE
from inspector.timezones import china_day, china_today

REVIEW = "review"

NOT_STARTED, IN_PROGRESS, DONE, LATE = "not_started", "in_progress", "done", "late"
STATES = (NOT_STARTED, IN_PROGRESS, DONE, LATE)
STATE_LABELS = {NOT_STARTED: ("未开始", "Not started"), IN_PROGRESS: ("进行中", "In progress"),
                DONE: ("已完成", "Done"), LATE: ("逾期", "Late")}

STAGES = ("notice", "selfreport", "inspection", "rectification", "findings", "review")
STAGE_LABELS = {"notice": ("检查通知", "Inspection notice"), "selfreport": ("自查表", "Self-report"),
                "inspection": ("实地检查", "On-site inspection"), "rectification": ("整改通知书", "Rectification notice"),
                "findings": ("问题整改", "Findings"), "review": ("复查", "Review")}

NEXT_STEP_LABELS = {CLOSE: ("予以销号", "Close"), REINSPECT: ("组织复查", "Inspect again")}
OPEN = (FindingStatus.DRAFT, FindingStatus.NOTIFIED, FindingStatus.RECTIFYING, FindingStatus.REOPENED)
VERIFIED = (FindingStatus.VERIFIED, FindingStatus.CLOSED)


@dataclass(frozen=True)
class BoardRow:
    """One target department of the plan, every stage of art. 32 as read from the vault."""

    department_id: str
    department: str
    scheduled_on: date | None = None
    # 检查通知
    notice_letter_id: str | None = None
    notice_letter_status: str | None = None       # None | "draft" | "issued"
    notice_letter_number: str = ""
    notice_letter_on: date | None = None
    # 自查表
    form_sent: bool = False
    form_sent_at: datetime | None = None
    returned_at: datetime | None = None
    answered: int = 0
    items: int = 0
    discrepancies: int = 0
    # 实地检查
    inspection_id: str | None = None
    inspection_status: str | None = None          # None | InspectionStatus value
    inspected_on: date | None = None
    # 整改通知书
    rect_notice_id: str | None = None
    rect_notice_status: str | None = None         # None | "draft" | "issued"
    rect_notice_number: str = ""
    rect_notice_on: date | None = None
    rect_deadline: date | None = None
    # 问题
    findings_total: int = 0
    findings_open: int = 0
    findings_reported: int = 0
    findings_verified: int = 0
    findings_overdue: int = 0
    # 复查
    review_letter_id: str | None = None
    review_status: str | None = None              # None | "draft" | "issued"
    review_number: str = ""
    review_on: date | None = None
    review_next_step: str = ""                    # "" | CLOSE | REINSPECT
    review_reinspect_on: date | None = None       # the re-inspection's date the review letter gives
    reinspection_id: str | None = None            # the newest re-inspection (复查) of the department
    reinspection_status: str | None = None        # None | InspectionStatus value
    reinspection_on: date | None = None           # its day: completed (Beijing), else the day it is planned for
    counted: bool = True                          # False: answered, items, discrepancies not counted yet
    states: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, (date, datetime)):
                out[key] = value.isoformat()
        return out


@dataclass(frozen=True)
class Board:
    plan_id: str
    title: str
    year: int
    today: date
    rows: list[BoardRow] = field(default_factory=list)

    def with_counts(self, counts: dict[str, tuple[int, int, int]]) -> "Board":
        """This board with its self-reports' counts (:func:`selfreport_counts`) filled in."""
        def filled(row: BoardRow) -> BoardRow:
            answered, items, discrepancies = counts.get(row.department_id, (0, 0, 0))
            return replace(row, answered=answered, items=items, discrepancies=discrepancies, counted=True)

        return replace(self, rows=[row if row.counted else filled(row) for row in self.rows])

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        """Per stage, how many targets are in each state."""
        out = {stage: {state: 0 for state in STATES} for stage in STAGES}
        for row in self.rows:
            for stage, state in row.states.items():
                out[stage][state] += 1
        return out

    @property
    def totals(self) -> dict[str, int]:
        """Plan-level figures: targets, each stage done, findings by group."""
        rows = self.rows
        return {"targets": len(rows),
                "notices_issued": sum(r.notice_letter_status == "issued" for r in rows),
                "forms_sent": sum(r.form_sent for r in rows),
                "forms_returned": sum(r.returned_at is not None for r in rows),
                "discrepancies": sum(r.discrepancies for r in rows),
                "inspected": sum(r.inspection_status == InspectionStatus.COMPLETED.value for r in rows),
                "rect_notices_issued": sum(r.rect_notice_status == "issued" for r in rows),
                "findings": sum(r.findings_total for r in rows),
                "findings_open": sum(r.findings_open for r in rows),
                "findings_reported": sum(r.findings_reported for r in rows),
                "findings_verified": sum(r.findings_verified for r in rows),
                "findings_overdue": sum(r.findings_overdue for r in rows),
                "reviews_issued": sum(r.review_status == "issued" for r in rows)}

    def as_dict(self) -> dict[str, Any]:
        return {"plan_id": self.plan_id, "title": self.title, "year": self.year, "today": self.today.isoformat(),
                "totals": self.totals, "counts": self.counts, "rows": [r.as_dict() for r in self.rows]}


def _status(value: Any) -> str:
    return NoticeStatus(value).value


def _raw(column) -> Any:
    """A column read as the text stored (no conversion per row): enough to compare, sort and count."""
    return type_coerce(column, String).label(column.key)


def _when(stored: str | None) -> datetime | None:
    """A stored UTC timestamp (:data:`inspector.model.types.UTC_FORMAT`) as an aware datetime."""
    return datetime.fromisoformat(stored.replace("Z", "+00:00")) if stored else None


def _day_of(value: Any) -> date | None:
    """A letter's date field (YYYY-MM-DD text), or None when empty or not a date."""
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _newest_letters(session: Session, plan_id: str, *kinds: str) -> dict[str, dict[str, Any]]:
    """Per kind, department id → its letter of that kind under the plan: the newest issued one, else the newest
    draft (one read for every kind asked)."""
    out: dict[str, dict[str, Any]] = {kind: {} for kind in kinds}
    letters = dialect.rows(session, select(Letter.id, Letter.kind, Letter.department_id, _raw(Letter.status),
                                           Letter.number, Letter.issued_on, Letter.serial, _raw(Letter.created_at),
                                           Letter.fields)
                           .where(Letter.plan_id == plan_id, Letter.kind.in_(kinds)))
    for letter in sorted(letters, key=lambda x: (x.status == "issued", x.issued_on or date.min, x.serial or 0,
                                                  x.created_at)):
        if letter.department_id:
            out[letter.kind][letter.department_id] = letter  # the one sorted last wins
    return out


def _self_reports(session: Session, plan_id: str) -> dict[str, Any]:
    """Department id → its current self-report (the newest one no re-import superseded): id, received_at."""
    reports = dialect.rows(session, select(SelfReport.id, SelfReport.department_id, SelfReport.supersedes_id,
                                  _raw(SelfReport.received_at), _raw(SelfReport.created_at))
                           .where(SelfReport.plan_id == plan_id))
    superseded = {r.supersedes_id for r in reports if r.supersedes_id}
    out: dict[str, Any] = {}
    for r in sorted((r for r in reports if r.id not in superseded), key=lambda r: (r.received_at, r.created_at)):
        out[r.department_id] = r
    return out


def _forms_sent(session: Session, plan_id: str, targets: list[dict[str, Any]], title: str) -> dict[str, datetime]:
    """Department id → when its self-report form was first made (the form's register entry, by its file name)."""
    names = {form_xlsx.safe_filename(f"{t['department']}-{title}-{SELFREPORT_FORM.name[0]}") + form_xlsx.SUFFIX:
             t["department_id"] for t in targets}
    out: dict[str, datetime] = {}
    # every form of that kind, filtered here: as many as the targets at most, and no list of thousands of names
    # sent as parameters
    rows = dialect.rows(session, select(IssuedDocument.filename, func.min(_raw(IssuedDocument.created_at)))
                        .where(IssuedDocument.kind == SELFREPORT_FORM.issued_kind)
                        .group_by(IssuedDocument.filename))
    for filename, created in rows:
        if filename in names:
            out[names[filename]] = _when(created)
    return out


def _inspections(session: Session, plan_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Department id → its newest first inspection under the plan (started last, else made last), and department
    id → its newest re-inspection (复查), from one read."""
    first: dict[str, Any] = {}
    again: dict[str, Any] = {}
    rows = dialect.rows(session, select(Inspection.id, Inspection.department_id, _raw(Inspection.status),
                               _raw(Inspection.started_at), _raw(Inspection.ended_at), _raw(Inspection.created_at),
                               Inspection.scheduled_on, Inspection.reinspects_notice_id)
                        .where(Inspection.plan_id == plan_id))
    for insp in sorted(rows, key=lambda i: (i.started_at is not None, i.started_at or "", i.created_at)):
        (first if insp.reinspects_notice_id is None else again)[insp.department_id] = insp
    return first, again


def _answered(session: Session, plan_id: str, reports: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Department id → (items its current self-report answered, items it holds): counted by the database for every
    report of the plan, kept for the current ones (no list of thousands of ids sent as parameters)."""
    if not reports:
        return {}
    by_report = {r.id: d for d, r in reports.items()}
    out: dict[str, tuple[int, int]] = {}
    for report_id, n_answered, n in dialect.rows(session,
            select(SelfReportAnswer.self_report_id, func.count(SelfReportAnswer.answer), func.count())
            .join(SelfReport, SelfReport.id == SelfReportAnswer.self_report_id)
            .where(SelfReport.plan_id == plan_id)
            .group_by(SelfReportAnswer.self_report_id)):
        if report_id in by_report:
            out[by_report[report_id]] = (n_answered, n)
    return out


def _discrepancies(session: Session, plan_id: str, template_id: str, reports: dict[str, Any],
                   answered: dict[str, tuple[int, int]]) -> dict[str, int]:
    """Department id → rows of the discrepancy view (:mod:`inspector.services.discrepancy`), counted in bulk.

    An item is a discrepancy when the current self-report left it unanswered (no answer, or no conclusion), or
    declared it 符合 while the newest inspection of the department under the plan with a verdict for it found
    不符合 or 部分符合. The second kind is counted by the database (a window picks each item's newest verdict), so
    a board of thousands of departments reads one row per self-report, not every answer and verdict.
    """
    if not reports:
        return {}
    items = session.exec(select(func.count()).select_from(ChecklistItem)
                         .where(ChecklistItem.template_id == template_id)).one()
    by_report = {r.id: d for d, r in reports.items()}
    # the plan's first inspections of each department, newest first (rank 1)
    ranked = (select(Inspection.id, Inspection.department_id,
                     func.row_number().over(
                         partition_by=Inspection.department_id,
                         order_by=(case((Inspection.started_at.is_(None), 0), else_=1).desc(),
                                   _raw(Inspection.started_at).desc(), _raw(Inspection.created_at).desc()))
                     .label("rank"))
              .where(Inspection.plan_id == plan_id, Inspection.reinspects_notice_id.is_(None))
              .cte("ranked"))
    insp, newer = ranked.alias("insp"), ranked.alias("newer")
    result, newer_result = aliased(InspectionResult), aliased(InspectionResult)
    # a verdict of an older inspection counts only when no newer one has a verdict for the item (most departments
    # have one inspection: rank 1 needs no look)
    superseded = (select(newer.c.id).join(newer_result, newer_result.inspection_id == newer.c.id)
                  .where(newer.c.department_id == insp.c.department_id, newer.c.rank < insp.c.rank,
                         newer_result.item_id == result.item_id, newer_result.verdict.is_not(None))
                  .exists())
    wanting = [v.value for v in FOUND_WANTING]
    found = dialect.rows(session,
        select(SelfReportAnswer.self_report_id, func.count())
        .join(SelfReport, SelfReport.id == SelfReportAnswer.self_report_id)
        .join(insp, insp.c.department_id == SelfReport.department_id)
        # `|| ''`: SQLite (no statistics) would otherwise look the answers up by item — every department's answer
        # to it — rather than by the report; PostgreSQL hashes the join either way
        .join(result, (result.inspection_id == insp.c.id) & (result.item_id == SelfReportAnswer.item_id.concat("")))
        .where(SelfReport.plan_id == plan_id, _raw(SelfReportAnswer.answer) == Verdict.COMPLIANT.value,
               _raw(result.verdict).in_(wanting), (insp.c.rank == 1) | ~superseded)
        .group_by(SelfReportAnswer.self_report_id))
    out = {d: items - answered.get(d, (0, 0))[0] for d in reports}
    for report_id, n in found:
        if report_id in by_report:
            out[by_report[report_id]] += n
    return out


def _notices(session: Session, plan_id: str) -> dict[str, tuple[Any, date | None]]:
    """Department id → (its newest notice under the plan, the deadline in force: a 更正通知's if one corrected it)."""
    notices = dialect.rows(session, select(RectificationNotice.id, RectificationNotice.department_id,
                                  _raw(RectificationNotice.status), RectificationNotice.number,
                                  RectificationNotice.issued_on, RectificationNotice.deadline,
                                  RectificationNotice.serial, RectificationNotice.corrects_id,
                                  _raw(RectificationNotice.created_at))
                           .where(RectificationNotice.plan_id == plan_id))
    corrections: dict[str, Any] = {}
    for n in sorted((n for n in notices if n.corrects_id and n.status == "issued"),
                    key=lambda n: (n.issued_on or date.min, n.serial or 0)):
        corrections[n.corrects_id] = n
    out: dict[str, tuple[Any, date | None]] = {}
    for n in sorted((n for n in notices if not n.corrects_id),
                    key=lambda n: (n.status == "issued", n.issued_on or date.min, n.serial or 0, n.created_at)):
        fix = corrections.get(n.id)
        out[n.department_id] = (n, fix.deadline if fix and fix.deadline else n.deadline)
    return out


def _finding_counts(session: Session, plan_id: str, today: date) -> dict[str, dict[str, int]]:
    """Department id → findings of the plan: total, open, reported, verified, overdue (one row per department,
    counted by the database)."""
    def count(condition) -> Any:
        return func.sum(case((condition, 1), else_=0))

    status = type_coerce(Finding.status, String)
    out: dict[str, dict[str, int]] = {}
    for dept, total, n_open, reported, verified, late in dialect.rows(session,
            select(Finding.department_id, func.count(), count(status.in_([s.value for s in OPEN])),
                   count(status == FindingStatus.REPORTED.value), count(status.in_([s.value for s in VERIFIED])),
                   count(workflow.overdue_where(Finding.status, Finding.deadline, today)))
            .where(Finding.plan_id == plan_id).group_by(Finding.department_id)):
        out[dept] = dict(total=total, open=int(n_open or 0), reported=int(reported or 0),
                         verified=int(verified or 0), overdue=int(late or 0))
    return out


def _states(row: dict[str, Any], today: date) -> dict[str, str]:
    """The colour of each stage (see the module's docstring for the rules)."""
    due = row["scheduled_on"] is not None and row["scheduled_on"] <= today
    inspected = row["inspection_status"] == InspectionStatus.COMPLETED.value
    started = row["inspection_status"] is not None and row["inspection_status"] != InspectionStatus.PLANNED.value
    letter = row["notice_letter_status"]
    notice = DONE if letter == "issued" else LATE if due and not started else IN_PROGRESS if letter else NOT_STARTED
    if row["returned_at"] is not None:
        selfreport = DONE
    elif row["form_sent"]:
        selfreport = LATE if due else IN_PROGRESS
    else:
        selfreport = LATE if due and not started else NOT_STARTED
    inspection = (DONE if inspected else IN_PROGRESS if row["inspection_status"] is not None
                  else LATE if row["scheduled_on"] is not None and row["scheduled_on"] < today else NOT_STARTED)
    total, rect = row["findings_total"], row["rect_notice_status"]
    if rect == "issued":
        rectification = DONE
    elif rect == "draft":
        rectification = IN_PROGRESS
    else:
        rectification = NOT_STARTED
    if row["findings_overdue"]:
        findings = LATE
    elif total and row["findings_verified"] == total:
        findings = DONE
    elif total:
        findings = IN_PROGRESS
    else:
        findings = DONE if inspected else NOT_STARTED
    deadline_passed = row["rect_deadline"] is not None and row["rect_deadline"] < today
    reinspected = row["reinspection_status"] == InspectionStatus.COMPLETED.value
    review = (DONE if row["review_status"] == "issued" or reinspected
              else IN_PROGRESS if row["review_status"] or row["reinspection_status"]
              else LATE if rect == "issued" and deadline_passed else NOT_STARTED)
    return dict(notice=notice, selfreport=selfreport, inspection=inspection, rectification=rectification,
                findings=findings, review=review)


def _reinspection(insp: Any) -> dict[str, Any]:
    if insp is None:
        return dict(reinspection_id=None, reinspection_status=None, reinspection_on=None)
    ended = _when(insp.ended_at) if insp.status == InspectionStatus.COMPLETED.value else None
    return dict(reinspection_id=insp.id, reinspection_status=insp.status,
                reinspection_on=china_day(ended) if ended else insp.scheduled_on)


def selfreport_counts(session: Session, plan_id: str, template_id: str | None = None,
                      reports: dict[str, Any] | None = None) -> dict[str, tuple[int, int, int]]:
    """Department id → (items answered, items held, discrepancies) of its current self-report: the part of the
    board that reads every answer and verdict of the plan. :func:`board` with ``counts=False`` leaves it out (the
    UI paints the board first and fills these after)."""
    if template_id is None:
        template_id = plans.plan_fields(session, plan_id)["template_id"]  # the plan alone, not its targets
    reports = _self_reports(session, plan_id) if reports is None else reports
    answered = _answered(session, plan_id, reports)
    discrepancies = _discrepancies(session, plan_id, template_id, reports, answered)
    return {d: (*answered.get(d, (0, 0)), discrepancies.get(d, 0)) for d in reports}


def board(session: Session, plan_id: str, today: date | None = None, *, counts: bool = True) -> Board:
    """The plan's board: one row per target, in the plan's order (scheduled date, then name by pinyin). Without
    ``counts`` the self-reports' answers are not counted (:func:`selfreport_counts`; rows whose self-report has
    returned say ``counted=False`` until :meth:`Board.with_counts` fills them)."""
    today = today or china_today()
    detail = plans.get_plan(session, plan_id)
    plan, targets = detail.plan, detail.targets
    letters = _newest_letters(session, plan_id, INSPECTION_NOTICE, REVIEW)
    notice_letters, reviews = letters[INSPECTION_NOTICE], letters[REVIEW]
    sent = _forms_sent(session, plan_id, targets, plan.title)
    reports = _self_reports(session, plan_id)
    inspections, reinspections = _inspections(session, plan_id)
    tallies = selfreport_counts(session, plan_id, plan.template_id, reports) if counts else {}
    notices = _notices(session, plan_id)
    counts_of = _finding_counts(session, plan_id, today)
    rows = []
    for t in targets:
        d = t["department_id"]
        letter, review, report, insp = notice_letters.get(d), reviews.get(d), reports.get(d), inspections.get(d)
        notice, deadline = notices.get(d, (None, None))
        c = counts_of.get(d, {})
        answered, items, discrepancies = tallies.get(d, (0, 0, 0))
        inspected_on = None
        if insp is not None:
            when = _when(insp.ended_at or insp.started_at)
            inspected_on = china_day(when) if when else None
        values = dict(
            department_id=d, department=t["department"], scheduled_on=t["scheduled_on"],
            notice_letter_id=letter.id if letter else None,
            notice_letter_status=_status(letter.status) if letter else None,
            notice_letter_number=letter.number if letter else "", notice_letter_on=letter.issued_on if letter else None,
            form_sent=d in sent or report is not None, form_sent_at=sent.get(d),
            returned_at=_when(report.received_at) if report else None,
            answered=answered, items=items, discrepancies=discrepancies,
            counted=counts or report is None,
            inspection_id=insp.id if insp else None,
            inspection_status=insp.status if insp else None, inspected_on=inspected_on,
            rect_notice_id=notice.id if notice else None,
            rect_notice_status=_status(notice.status) if notice else None,
            rect_notice_number=notice.number if notice else "", rect_notice_on=notice.issued_on if notice else None,
            rect_deadline=deadline,
            findings_total=c.get("total", 0), findings_open=c.get("open", 0), findings_reported=c.get("reported", 0),
            findings_verified=c.get("verified", 0), findings_overdue=c.get("overdue", 0),
            review_letter_id=review.id if review else None, review_status=_status(review.status) if review else None,
            review_number=review.number if review else "", review_on=review.issued_on if review else None,
            review_next_step=str((review.fields or {}).get("next_step") or "") if review else "",
            review_reinspect_on=_day_of((review.fields or {}).get("reinspect_on")) if review else None,
            **_reinspection(reinspections.get(d)))
        rows.append(BoardRow(**values, states=_states(values, today)))
    return Board(plan_id=plan.id, title=plan.title, year=plan.year, today=today, rows=rows)


def export_board(session: Session, plan_id: str, path: Path, today: date | None = None) -> Board:
    """Write the board as an xlsx workbook at ``path`` (atomically); returns the board written."""
    from inspector.forms.campaign_board import write_board

    data = board(session, plan_id, today)
    write_board(data, Path(path))
    return data
