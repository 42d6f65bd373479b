"""Rectification notices (整改通知书): numbered without gaps per year when issued."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from inspector.errors import BadInputError
from inspector.model import (
    Finding,
    FindingStatus,
    NoticeFinding,
    NoticeStatus,
    RectificationNotice,
)
from inspector.services.findings import transition

DEFAULT_NUMBER_PATTERN = "晋数安检〔{year}〕{serial}号"


def draft_notice(session: Session, department_id: str, findings: list[Finding], *, plan_id: str | None = None,
                 deadline: date | None = None, year: int | None = None) -> RectificationNotice:
    if not findings:
        raise BadInputError("整改通知书至少需要包含一个问题。", "A rectification notice needs at least one finding.")
    for f in findings:
        if f.department_id != department_id:
            raise BadInputError(f"问题“{f.title}”不属于该单位。", f"Finding '{f.title}' belongs to another department.")
    notice = RectificationNotice(department_id=department_id, plan_id=plan_id, deadline=deadline,
                                 year=year or date.today().year)
    session.add(notice)
    session.flush()
    for f in findings:
        session.add(NoticeFinding(notice_id=notice.id, finding_id=f.id))
    session.flush()
    return notice


def issue_notice(session: Session, notice: RectificationNotice, *, issued_on: date | None = None,
                 pattern: str = DEFAULT_NUMBER_PATTERN) -> RectificationNotice:
    """Give the notice the next number of its year and mark its findings as notified."""
    if notice.status is NoticeStatus.ISSUED:
        raise BadInputError(f"整改通知书已签发：{notice.number}", f"The notice was already issued: {notice.number}")
    last = session.exec(select(func.max(RectificationNotice.serial)).where(RectificationNotice.year == notice.year)).one()
    notice.serial = (last or 0) + 1
    notice.number = pattern.format(year=notice.year, serial=notice.serial)
    notice.status = NoticeStatus.ISSUED
    notice.issued_on = issued_on or date.today()
    links = session.exec(select(NoticeFinding).where(NoticeFinding.notice_id == notice.id)).all()
    for link in links:
        finding = session.get(Finding, link.finding_id)
        finding.notice_id = notice.id
        if notice.deadline and not finding.deadline:
            finding.deadline = notice.deadline
        transition(session, finding, FindingStatus.NOTIFIED)
    session.flush()
    return notice
