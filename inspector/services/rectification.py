"""Rectification notices (整改通知书): numbered without gaps per year when issued."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from inspector import audit, concurrency, dialect, lifecycle, workflow
from inspector.errors import BadInputError, NotFoundError
from inspector.model import (
    Department,
    Finding,
    FindingStatus,
    Letter,
    NoticeFinding,
    NoticeStatus,
    Plan,
    RectificationItem,
    RectificationNotice,
    RectificationReport,
    Severity,
)
from inspector.services.findings import _checked, get_finding, transition
from inspector.timezones import china_today

DEFAULT_NUMBER_PATTERN = "晋数安检〔{year}〕{serial}号"


def draft_notice(session: Session, department_id: str, findings: list[Finding], *, plan_id: str | None = None,
                 deadline: date | None = None, year: int | None = None) -> RectificationNotice:
    if not findings:
        raise BadInputError("整改通知书至少需要包含一个问题。", "A rectification notice needs at least one finding.")
    for f in findings:
        if f.department_id != department_id:
            raise BadInputError(f"问题“{f.title}”不属于该单位。", f"Finding '{f.title}' belongs to another department.")
    notice = RectificationNotice(department_id=department_id, plan_id=plan_id, deadline=deadline,
                                 year=year or china_today().year)
    session.add(notice)
    session.flush()
    for f in findings:
        session.add(NoticeFinding(notice_id=notice.id, finding_id=f.id))
    session.flush()
    return notice


def issue_notice(session: Session, notice: RectificationNotice, *, issued_on: date | None = None,
                 pattern: str = DEFAULT_NUMBER_PATTERN) -> RectificationNotice:
    """Give the notice the next number of its year and mark its findings as notified; what it states is frozen
    into the notice (:attr:`RectificationNotice.content`), so every re-export says the same.

    A 更正通知 (``corrects_id``) is numbered the same way; issuing it applies its corrections to the findings
    (their status stays) and marks every file of the notice it corrects as corrected in the register."""
    from inspector.services.documents import (  # documents reads this module
        live_notice_data,
        notice_snapshot,
    )

    concurrency.lock(session, notice)  # issued by someone else meanwhile: refused below, never numbered twice
    if notice.status is NoticeStatus.ISSUED:
        raise BadInputError(f"整改通知书已签发：{notice.number}", f"The notice was already issued: {notice.number}")
    notice.serial = next_serial(session, notice.year)
    notice.number = pattern.format(year=notice.year, serial=notice.serial)
    notice.status = NoticeStatus.ISSUED
    notice.issued_on = issued_on or china_today()
    links = session.exec(select(NoticeFinding).where(NoticeFinding.notice_id == notice.id)).all()
    if notice.corrects_id:
        _apply_correction(session, notice)
    else:
        for link in links:
            finding = session.get(Finding, link.finding_id)
            finding.notice_id = notice.id
            if notice.deadline and not finding.deadline:
                finding.deadline = notice.deadline
            transition(session, finding, FindingStatus.NOTIFIED)
    session.flush()
    notice.content = notice_snapshot(live_notice_data(session, notice))
    notice.content_sha256 = _content_hash(notice.content)
    session.flush()
    return notice


def next_serial(session: Session, year: int) -> int:
    """The next number of ``year`` in the one 发文 register: notices (更正通知 too) and letters
    (:class:`~inspector.model.Letter`: 检查通知, 整改复查意见书…) share the series, without gaps. The register is
    locked until the caller's transaction ends: on the hub two people issuing at once take turns, never one number
    twice."""
    dialect.serialise(session, dialect.REGISTER)
    last = max(session.exec(select(func.max(RectificationNotice.serial)).where(RectificationNotice.year == year)).one()
               or 0,
               session.exec(select(func.max(Letter.serial)).where(Letter.year == year)).one() or 0)
    return last + 1


def content_hash(content: dict) -> str:
    """SHA-256 of frozen content (a notice's or a letter's), over its canonical JSON."""
    return _content_hash(content)


def _content_hash(content: dict) -> str:
    return hashlib.sha256(audit.canonical(content)).hexdigest()


def _apply_correction(session: Session, notice: RectificationNotice) -> None:
    original = get_notice(session, notice.corrects_id)
    for change in notice.changes:
        finding = get_finding(session, change["finding_id"])
        value = _checked(change["field"], _from_json(change["field"], change["new"]))
        setattr(finding, change["field"], value)
    lifecycle.supersede_own_documents(session, "notice", original.id, notice.number)
    session.flush()


def _from_json(field_name: str, value):
    if field_name == "deadline" and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def _to_json(value):
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


def draft_correction(session: Session, notice_id: str, changes: dict[str, dict], reason: str, *,
                     today: date | None = None) -> RectificationNotice:
    """A draft 更正通知 for the issued notice ``notice_id``: ``changes`` maps a finding of it to the corrected
    fields (:data:`inspector.lifecycle.CORRECTABLE_FIELDS`); nothing changes until the correction is issued."""
    original = get_notice(session, notice_id)
    if NoticeStatus(original.status) is not NoticeStatus.ISSUED:
        raise BadInputError("只有已签发的整改通知书才需要更正；草稿可以直接修改。",
                            "Only an issued notice is corrected; a draft can simply be edited.")
    if not reason.strip():
        raise BadInputError("更正通知需要写明更正原因。", "A correction notice needs a reason.")
    stated = set(session.exec(select(NoticeFinding.finding_id).where(NoticeFinding.notice_id == notice_id)).all())
    entries, findings = [], []
    for finding_id, fields in changes.items():
        if finding_id not in stated:
            raise BadInputError(f"问题 {finding_id} 不在整改通知书 {original.number} 中。",
                                f"Finding {finding_id} is not in notice {original.number}.")
        finding = get_finding(session, finding_id)
        for name, value in fields.items():
            if name not in lifecycle.CORRECTABLE_FIELDS:
                label = lifecycle.FIELD_LABELS.get(name, (name, name))
                raise BadInputError(f"更正通知不能更正“{label[0]}”。", f"A correction notice cannot correct {label[1]}.")
            new = _checked(name, value)
            old = getattr(finding, name)
            if new != old:
                entries.append(dict(finding_id=finding_id, field=name, old=_to_json(old), new=_to_json(new)))
        if any(e["finding_id"] == finding_id for e in entries):
            findings.append(finding)
    if not entries:
        raise BadInputError("没有需要更正的内容（新内容与原通知书相同）。",
                            "Nothing to correct: the new content is what the notice already states.")
    correction = RectificationNotice(department_id=original.department_id, plan_id=original.plan_id,
                                     deadline=original.deadline, year=(today or china_today()).year,
                                     corrects_id=original.id, correction_reason=reason.strip(), changes=entries)
    session.add(correction)
    session.flush()
    for f in findings:
        session.add(NoticeFinding(notice_id=correction.id, finding_id=f.id))
    session.flush()
    return correction


def corrected_by(session: Session, notice_id: str) -> list[RectificationNotice]:
    """The issued 更正通知 that correct ``notice_id``, oldest first."""
    return list(session.exec(select(RectificationNotice).where(
        RectificationNotice.corrects_id == notice_id, RectificationNotice.status == NoticeStatus.ISSUED)
        .order_by(RectificationNotice.issued_on, RectificationNotice.serial)).all())


# ---- the rectification step as the UI sees it ----------------------------------------------

NOTICE_DRAFT, NOTICE_OPEN, NOTICE_CLOSED = "draft", "open", "closed"
"""A notice's state, derived: a draft; issued with findings still to close; issued with every finding closed."""

def notice_state(status: NoticeStatus, finding_statuses: list[FindingStatus]) -> str:
    """``draft``; ``closed`` once every finding of an issued notice is closed; else ``open``."""
    if NoticeStatus(status) is NoticeStatus.DRAFT:
        return NOTICE_DRAFT
    if finding_statuses and all(FindingStatus(s) is FindingStatus.CLOSED for s in finding_statuses):
        return NOTICE_CLOSED
    return NOTICE_OPEN


@dataclass(frozen=True)
class NoticeRow:
    notice_id: str
    number: str
    year: int
    serial: int | None
    department_id: str
    department: str
    plan_id: str | None
    status: NoticeStatus
    issued_on: date | None
    deadline: date | None
    findings: int
    open_findings: int
    overdue_findings: int
    state: str
    corrects_id: str | None = None
    corrects_number: str = ""     # a 更正通知: the number of the notice it corrects
    corrected_by: tuple[str, ...] = ()  # an issued notice: the numbers of the issued 更正通知 correcting it


@dataclass(frozen=True)
class ReportedItem:
    """What a department reported for one finding in an imported rectification report (整改情况): the measures
    taken, when they were completed, the supporting material it lists, and which report said so."""

    finding_id: str
    finding_title: str
    finding_status: FindingStatus
    measures: str
    completed_on: date | None
    evidence_list: str
    report_id: str
    received_at: datetime
    source_filename: str


@dataclass(frozen=True)
class NoticeFindingRow:
    finding_id: str
    title: str
    severity: Severity
    status: FindingStatus
    deadline: date | None
    days_left: int | None
    verification_note: str = ""
    reported: ReportedItem | None = None  # what the department last reported for it (an imported report)

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def actions(self) -> tuple[FindingStatus, ...]:
        """The hand-set statuses the rules allow from here."""
        return workflow.by_hand(self.status)


@dataclass(frozen=True)
class NoticeDetail:
    notice: NoticeRow
    plan_title: str
    findings: list[NoticeFindingRow] = field(default_factory=list)
    reinspections: list[Any] = field(default_factory=list)
    """Its re-inspections (:class:`inspector.services.reinspection.ReinspectionRow`), oldest first."""
    reinspect_refusal: tuple[str, str] | None = None
    """Why no re-inspection can be scheduled now (Chinese, English); None: one can."""


@dataclass(frozen=True)
class DraftCandidate:
    """A draft finding not yet in any draft notice."""

    finding_id: str
    title: str
    severity: Severity
    department_id: str
    department: str
    plan_id: str | None
    deadline: date | None


@dataclass(frozen=True)
class ReportRow:
    report_id: str
    notice_id: str
    notice_number: str
    department: str
    received_at: datetime
    source_filename: str
    items: int
    superseded: bool


@dataclass(frozen=True)
class ReportDetail:
    """One imported rectification report and each finding it reports on, in the notice's order."""

    report: ReportRow
    items: list[ReportedItem] = field(default_factory=list)
    superseded_by: str = ""  # the file of the newer report that replaced it


def _reported_items(session: Session, where) -> list[ReportedItem]:
    rows = session.exec(
        select(RectificationItem, RectificationReport, Finding)
        .join(RectificationReport, RectificationReport.id == RectificationItem.report_id)
        .join(Finding, Finding.id == RectificationItem.finding_id)
        .where(where).order_by(RectificationReport.received_at.desc(), Finding.created_at)
    ).all()
    return [ReportedItem(finding_id=f.id, finding_title=f.title, finding_status=FindingStatus(f.status),
                         measures=item.measures, completed_on=item.completed_on, evidence_list=item.evidence_list,
                         report_id=report.id, received_at=report.received_at, source_filename=report.source_filename)
            for item, report, f in rows]


def reported_rectification(session: Session, finding_id: str) -> ReportedItem | None:
    """What the department last reported for ``finding_id`` (the newest imported report that lists it), or None
    when no imported report does (e.g. 已报整改 was registered by hand for a report on paper)."""
    items = _reported_items(session, RectificationItem.finding_id == finding_id)
    return items[0] if items else None


def report_detail(session: Session, report_id: str) -> ReportDetail:
    """One imported rectification report: where it came from and what it reports for each finding."""
    row = next((r for r in list_reports(session) if r.report_id == report_id), None)
    if row is None:
        raise NotFoundError(f"找不到整改情况报告：{report_id}", f"No rectification report with id {report_id}")
    newer = session.exec(select(RectificationReport.source_filename)
                         .where(RectificationReport.supersedes_id == report_id)).first()
    return ReportDetail(report=row, items=_reported_items(session, RectificationItem.report_id == report_id),
                        superseded_by=newer or "")


def _notice_rows(session: Session, today: date, notice_id: str | None = None) -> list[NoticeRow]:
    query = select(RectificationNotice, Department.name).join(
        Department, Department.id == RectificationNotice.department_id)
    links = select(NoticeFinding.notice_id, Finding.status, Finding.deadline).join(
        Finding, Finding.id == NoticeFinding.finding_id)
    if notice_id is not None:
        query = query.where(RectificationNotice.id == notice_id)
        links = links.where(NoticeFinding.notice_id == notice_id)
    statuses: dict[str, list[tuple[FindingStatus, date | None]]] = {}
    for nid, status, deadline in session.exec(links).all():
        statuses.setdefault(nid, []).append((FindingStatus(status), deadline))
    numbers = dict(session.exec(select(RectificationNotice.id, RectificationNotice.number)).all())
    corrections: dict[str, list[str]] = {}
    for corrects, number in session.exec(
            select(RectificationNotice.corrects_id, RectificationNotice.number)
            .where(RectificationNotice.corrects_id.is_not(None), RectificationNotice.status == NoticeStatus.ISSUED)
            .order_by(RectificationNotice.year, RectificationNotice.serial)).all():
        corrections.setdefault(corrects, []).append(number)
    rows = []
    for n, name in session.exec(query).all():
        found = statuses.get(n.id, [])
        # a 更正通知 lists the findings it corrects; they are counted once, under the notice they were issued in
        issued = NoticeStatus(n.status) is NoticeStatus.ISSUED and not n.corrects_id
        rows.append(NoticeRow(
            notice_id=n.id, number=n.number, year=n.year, serial=n.serial, department_id=n.department_id, department=name,
            plan_id=n.plan_id, status=NoticeStatus(n.status), issued_on=n.issued_on, deadline=n.deadline,
            findings=len(found),
            open_findings=sum(1 for s, _ in found if s is not FindingStatus.CLOSED) if issued else 0,
            overdue_findings=0 if n.corrects_id else sum(1 for s, d in found if workflow.is_overdue(s, d, today)),
            state=notice_state(n.status, [s for s, _ in found]),
            corrects_id=n.corrects_id, corrects_number=numbers.get(n.corrects_id, "") if n.corrects_id else "",
            corrected_by=tuple(corrections.get(n.id, ())),
        ))
    # drafts first, then the latest issued number first
    rows.sort(key=lambda r: (r.status is NoticeStatus.ISSUED, -r.year, -(r.serial or 0), r.department))
    return rows


def list_notices(session: Session, today: date) -> list[NoticeRow]:
    """Every notice with its findings counted; drafts first, then the newest issued."""
    return _notice_rows(session, today)


def notice_detail(session: Session, notice_id: str, today: date) -> NoticeDetail:
    """One notice and its findings, each with its deadline and days left (negative: overdue)."""
    rows = _notice_rows(session, today, notice_id)
    if not rows:
        raise NotFoundError(f"找不到整改通知书：{notice_id}", f"No rectification notice with id {notice_id}")
    notice = rows[0]
    plan = session.get(Plan, notice.plan_id) if notice.plan_id else None
    findings = session.exec(
        select(Finding).join(NoticeFinding, NoticeFinding.finding_id == Finding.id)
        .where(NoticeFinding.notice_id == notice_id).order_by(Finding.created_at)
    ).all()
    reported: dict[str, ReportedItem] = {}
    for item in _reported_items(session, RectificationItem.finding_id.in_([f.id for f in findings])):
        reported.setdefault(item.finding_id, item)  # newest report first
    from inspector.services import reinspection

    refusal = reinspection.refusal(session, notice_id, today)
    return NoticeDetail(notice=notice, plan_title=plan.title if plan else "",
                        reinspections=reinspection.of_notice(session, notice_id),
                        reinspect_refusal=(refusal.zh, refusal.en) if refusal else None, findings=[
        NoticeFindingRow(finding_id=f.id, title=f.title, severity=Severity(f.severity),
                         status=FindingStatus(f.status), deadline=f.deadline,
                         days_left=workflow.days_left(f.status, f.deadline, today), verification_note=f.verification_note,
                         reported=reported.get(f.id))
        for f in findings
    ])


def _in_draft_notices(session: Session) -> set[str]:
    return set(session.exec(
        select(NoticeFinding.finding_id).join(RectificationNotice, RectificationNotice.id == NoticeFinding.notice_id)
        .where(RectificationNotice.status == NoticeStatus.DRAFT)
    ).all())


def draft_candidates(session: Session) -> list[DraftCandidate]:
    """Draft findings that a new notice can take (not already in a draft notice), by department."""
    taken = _in_draft_notices(session)
    rows = session.exec(
        select(Finding, Department.name).join(Department, Department.id == Finding.department_id)
        .where(Finding.status == FindingStatus.DRAFT).order_by(Department.name, Finding.created_at)
    ).all()
    return [DraftCandidate(finding_id=f.id, title=f.title, severity=Severity(f.severity),
                           department_id=f.department_id, department=name, plan_id=f.plan_id, deadline=f.deadline)
            for f, name in rows if f.id not in taken]


def create_draft(session: Session, department_id: str, finding_ids: list[str], *, plan_id: str | None = None,
                 deadline: date | None = None, today: date | None = None) -> RectificationNotice:
    """A draft notice for ``department_id`` from draft findings not already in another draft notice."""
    today = today or china_today()
    if deadline is None:
        raise BadInputError("请设定整改期限。", "Please set a rectification deadline.")
    if deadline < today:
        raise BadInputError("整改期限不能早于今天。", "The rectification deadline cannot be in the past.")
    taken = _in_draft_notices(session)
    findings = []
    for fid in dict.fromkeys(finding_ids):
        f = get_finding(session, fid)
        if FindingStatus(f.status) is not FindingStatus.DRAFT:
            raise BadInputError(f"问题“{f.title}”已不是草稿，不能再列入整改通知书。",
                                f"Finding '{f.title}' is no longer a draft and cannot go into a notice.")
        if f.id in taken:
            raise BadInputError(f"问题“{f.title}”已列入另一份整改通知书草稿。",
                                f"Finding '{f.title}' is already in another draft notice.")
        findings.append(f)
    if plan_id is None:
        plans = {f.plan_id for f in findings}
        plan_id = plans.pop() if len(plans) == 1 else None
    return draft_notice(session, department_id, findings, plan_id=plan_id, deadline=deadline, year=today.year)


def get_notice(session: Session, notice_id: str) -> RectificationNotice:
    notice = session.get(RectificationNotice, notice_id)
    if notice is None:
        raise NotFoundError(f"找不到整改通知书：{notice_id}", f"No rectification notice with id {notice_id}")
    return notice


def issue(session: Session, notice_id: str, *, issued_on: date | None = None) -> RectificationNotice:
    """Issue a draft with the vault's number pattern (:data:`inspector.services.settings.DOC_NUMBER_PATTERN`)."""
    from inspector.services import settings  # settings imports this module

    notice = get_notice(session, notice_id)
    return issue_notice(session, notice, issued_on=issued_on,
                        pattern=settings.get(session, settings.DOC_NUMBER_PATTERN))


def discard_draft(session: Session, notice_id: str) -> None:
    """Delete a draft notice (its findings stay drafts); an issued notice is never deleted."""
    notice = concurrency.lock(session, get_notice(session, notice_id))  # issued meanwhile: kept
    if NoticeStatus(notice.status) is not NoticeStatus.DRAFT:
        raise BadInputError(f"已签发的整改通知书不能删除：{notice.number}",
                            f"An issued notice cannot be deleted: {notice.number}")
    for link in session.exec(select(NoticeFinding).where(NoticeFinding.notice_id == notice_id)).all():
        session.delete(link)
    session.flush()
    session.delete(notice)
    session.flush()


def list_reports(session: Session) -> list[ReportRow]:
    """Rectification reports received (整改情况), newest first, with how many findings each covers."""
    items = dict(session.exec(select(RectificationItem.report_id, func.count())
                              .group_by(RectificationItem.report_id)).all())
    superseded = set(session.exec(select(RectificationReport.supersedes_id)
                                  .where(RectificationReport.supersedes_id.is_not(None))).all())
    rows = session.exec(
        select(RectificationReport, RectificationNotice.number, Department.name)
        .join(RectificationNotice, RectificationNotice.id == RectificationReport.notice_id)
        .join(Department, Department.id == RectificationReport.department_id)
        .order_by(RectificationReport.received_at.desc())
    ).all()
    return [ReportRow(report_id=r.id, notice_id=r.notice_id, notice_number=number, department=name,
                      received_at=r.received_at, source_filename=r.source_filename, items=items.get(r.id, 0),
                      superseded=r.id in superseded)
            for r, number, name in rows]
