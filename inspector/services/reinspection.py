"""复查 — re-inspecting a department after its rectification notice (art. 32 (4); issue 17 §3).

When the findings of an issued notice are all reported (or verified, or closed), or the notice's deadline has
passed, the office schedules a re-inspection (:func:`schedule`): an :class:`~inspector.model.Inspection` of the
same department under the notice's plan, with ``reinspects_notice_id`` naming the notice and ``scope_items`` the
checklist items of the notice's findings (``scope="failed"``) or nothing, meaning the whole checklist
(``scope="all"``). It runs in the inspection runner like every inspection, its record is a 现场复查记录, and
completing it applies its verdicts to the notice's findings (:func:`outcome` tells beforehand what will happen,
:func:`apply_verdicts` does it, in the completion's transaction):

* 符合 — the finding is verified, from 已报整改 and also from 已通知 / 整改中 / 已重新打开 (the office saw it
  rectified on site though the department did not report: :data:`inspector.workflow.BY_REINSPECTION`);
* 不符合 / 部分符合 — a reported, verified or closed finding is reopened with a new deadline; a finding the
  department still owes stays as it is (its deadline, and whether it is overdue, unchanged);
* 不适用, or no verdict (recorded 未检查) — nothing changes.

A finding without a checklist item has no verdict to follow; the outcome lists it to be verified by hand.
Reopening a completed re-inspection and completing it again applies its verdicts again, by the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Optional

from sqlmodel import Session, select

from inspector import concurrency, workflow
from inspector.errors import BadInputError, NotFoundError
from inspector.model import (
    ChecklistItem,
    Finding,
    FindingStatus,
    Inspection,
    InspectionResult,
    InspectionStatus,
    NoticeStatus,
    Plan,
    PlanStatus,
    RectificationNotice,
    Verdict,
)
from inspector.model.tables import NoticeFinding
from inspector.timezones import china_today

SCOPE_FAILED, SCOPE_ALL = "failed", "all"
SCOPES = (SCOPE_FAILED, SCOPE_ALL)
REOPEN_PERIOD = timedelta(days=30)
"""A reopened finding's new deadline when the completion names none."""

VERIFY, REOPEN, STILL_OPEN, UNCHANGED, BY_HAND = "verify", "reopen", "still_open", "unchanged", "by_hand"


# ---- what can be re-inspected ----------------------------------------------------------------------------------


def issued_notice(session: Session, notice_id: str) -> RectificationNotice:
    """The issued (original, not a 更正通知) notice ``notice_id``; a clear error for anything else."""
    notice = session.get(RectificationNotice, notice_id)
    if notice is None:
        raise NotFoundError(f"找不到整改通知书：{notice_id}", f"No rectification notice with id {notice_id}")
    if NoticeStatus(notice.status) is not NoticeStatus.ISSUED:
        raise BadInputError("整改通知书尚未签发，不能安排复查。",
                            "The rectification notice has not been issued; no re-inspection can be scheduled.")
    if notice.corrects_id:
        original = session.get(RectificationNotice, notice.corrects_id)
        number = original.number if original else ""
        raise BadInputError(f"这是一份更正通知，请对原整改通知书{number}安排复查。",
                            f"This is a correction; schedule the re-inspection for the original notice {number}.")
    return notice


def notice_findings(session: Session, notice_id: str) -> list[Finding]:
    """The findings the notice lists, in the order they were found."""
    return list(session.exec(
        select(Finding).join(NoticeFinding, NoticeFinding.finding_id == Finding.id)
        .where(NoticeFinding.notice_id == notice_id).order_by(Finding.created_at, Finding.id)).all())


def pending(session: Session, notice_id: str) -> Optional[Inspection]:
    """The notice's re-inspection not completed yet (planned or in progress), if any."""
    return session.exec(select(Inspection).where(
        Inspection.reinspects_notice_id == notice_id,
        Inspection.status != InspectionStatus.COMPLETED).order_by(Inspection.created_at)).first()


def refusal(session: Session, notice_id: str, today: date | None = None) -> Optional[BadInputError]:
    """Why the notice cannot be re-inspected now (None: it can): not issued, already being re-inspected, or its
    deadline not reached while the department still owes a rectification."""
    try:
        notice = issued_notice(session, notice_id)
    except (BadInputError, NotFoundError) as exc:
        return exc
    findings = notice_findings(session, notice.id)
    if not findings:
        return BadInputError("整改通知书没有列出问题，无需复查。", "The notice lists no findings; there is nothing to re-inspect.")
    running = pending(session, notice.id)
    if running is not None:
        when = f"（{running.scheduled_on.isoformat()}）" if running.scheduled_on else ""
        when_en = f" ({running.scheduled_on.isoformat()})" if running.scheduled_on else ""
        return BadInputError(f"该整改通知书已安排复查{when}，请先完成或取消该复查。",
                             f"A re-inspection of this notice is already scheduled{when_en}; complete or cancel it "
                             "first.")
    today = today or china_today()
    owed = [f for f in findings if FindingStatus(f.status) in workflow.OPEN_STATUSES]
    deadlines = [f.deadline or notice.deadline for f in owed]
    if owed and not any(d is not None and d < today for d in deadlines):
        due = min((d for d in deadlines if d is not None), default=None)
        due_zh = f"（{due.isoformat()}）" if due else ""
        due_en = f" ({due.isoformat()})" if due else ""
        return BadInputError(
            f"还有{len(owed)}个问题未报整改，整改期限{due_zh}也未届满；单位报告整改或期限届满后才能安排复查。",
            f"{len(owed)} finding(s) are not reported rectified and the deadline{due_en} has not passed; a "
            "re-inspection can be scheduled once the department reports or the deadline passes.")
    return None


def _template_id(session: Session, notice: RectificationNotice, findings: list[Finding]) -> str:
    """The checklist the findings were found against (the plan's, when no finding names an inspection)."""
    for f in findings:
        if f.inspection_id:
            first = session.get(Inspection, f.inspection_id)
            if first is not None:
                return first.template_id
    plan = session.get(Plan, notice.plan_id) if notice.plan_id else None
    if plan is None:
        raise BadInputError("无法确定复查使用的检查表：整改通知书的问题不来自现场检查，也不属于检查计划。",
                            "Cannot tell which checklist to re-inspect with: the notice's findings come from no "
                            "inspection and it belongs to no plan.")
    return plan.template_id


def failed_items(session: Session, template_id: str, findings: list[Finding]) -> list[str]:
    """The checklist items of ``findings``, in checklist order."""
    wanted = {f.item_id for f in findings if f.item_id}
    if not wanted:
        return []
    rows = session.exec(select(ChecklistItem.id).where(ChecklistItem.template_id == template_id,
                                                       ChecklistItem.id.in_(sorted(wanted)))
                        .order_by(ChecklistItem.position)).all()
    return list(rows)


# ---- scheduling ----------------------------------------------------------------------------------------------


def schedule(session: Session, notice_id: str, *, scope: str = SCOPE_FAILED, scheduled_on: date | None = None,
             location: str = "", today: date | None = None) -> Inspection:
    """A planned re-inspection of the notice's department: only the items of the notice's findings
    (``scope="failed"``) or the whole checklist (``"all"``), on ``scheduled_on`` (today or later)."""
    from inspector.services.inspections import add_members

    if scope not in SCOPES:
        raise BadInputError(f"复查范围只能是“仅不合格项”（failed）或“全部检查项”（all）：{scope}",
                            f"The re-inspection covers the failed items (failed) or all items (all), not {scope}.")
    today = today or china_today()
    notice = session.get(RectificationNotice, notice_id)
    if notice is not None:  # one re-inspection pending per notice, also with two people scheduling at once
        concurrency.lock(session, notice)
    reason = refusal(session, notice_id, today)
    if reason is not None:
        raise reason
    notice = issued_notice(session, notice_id)
    if scheduled_on is not None and scheduled_on < today:
        raise BadInputError(f"复查日期不能早于今天（{today.isoformat()}）。",
                            f"The re-inspection date cannot be before today ({today.isoformat()}).")
    plan = session.get(Plan, notice.plan_id) if notice.plan_id else None
    if plan is not None and PlanStatus(plan.status) is PlanStatus.CLOSED:
        raise BadInputError(f"检查计划已结束，不能再安排复查：{plan.title}",
                            f"The plan is closed; no re-inspection can be scheduled: {plan.title}")
    findings = notice_findings(session, notice.id)
    template_id = _template_id(session, notice, findings)
    items = failed_items(session, template_id, findings) if scope == SCOPE_FAILED else []
    if scope == SCOPE_FAILED and not items:
        raise BadInputError("整改通知书所列问题都不对应检查项，请选择复查全部检查项。",
                            "None of the notice's findings comes from a checklist item; re-inspect all items "
                            "instead.")
    inspection = Inspection(plan_id=notice.plan_id, department_id=notice.department_id, template_id=template_id,
                            status=InspectionStatus.PLANNED, location=location.strip(),
                            reinspects_notice_id=notice.id, scope_items=items, scheduled_on=scheduled_on)
    session.add(inspection)
    session.flush()
    add_members(session, inspection, plan)
    return inspection


def cancel(session: Session, inspection_id: str) -> None:
    """Withdraw a planned re-inspection nobody has started (no verdict, note or file recorded yet)."""
    insp = session.get(Inspection, inspection_id)
    if insp is None:
        raise NotFoundError(f"找不到现场检查：{inspection_id}", f"No inspection with id {inspection_id}")
    concurrency.lock(session, insp)  # started meanwhile: refused below
    if not insp.reinspects_notice_id:
        raise BadInputError("这不是复查，不能取消。", "This is not a re-inspection; it cannot be cancelled.")
    started = session.exec(select(InspectionResult.id).where(InspectionResult.inspection_id == insp.id)).first()
    if InspectionStatus(insp.status) is not InspectionStatus.PLANNED or started is not None:
        raise BadInputError("复查已经开始，不能取消；请完成该复查。",
                            "The re-inspection has started and cannot be cancelled; complete it instead.")
    session.delete(insp)
    session.flush()


# ---- what its verdicts do ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Effect:
    """What completing the re-inspection does (or did) to one finding of the notice."""

    finding_id: str
    title: str
    item_id: Optional[str]
    item_code: str
    status: FindingStatus          # before
    verdict: Optional[Verdict]     # the re-inspection's verdict on the finding's item (None: none)
    action: str                    # VERIFY | REOPEN | STILL_OPEN | UNCHANGED | BY_HAND
    deadline: Optional[date]       # the finding's deadline now

    @property
    def zh(self) -> str:
        return {VERIFY: "予以核验（确认已整改到位）", REOPEN: "重新打开，设定新的整改期限",
                STILL_OPEN: "仍未整改到位，保持原状态", UNCHANGED: "不变", BY_HAND: "无对应检查项，需人工核验"}[self.action]

    @property
    def en(self) -> str:
        return {VERIFY: "Verified (rectified)", REOPEN: "Reopened with a new deadline",
                STILL_OPEN: "Still not rectified; stays as it is", UNCHANGED: "Unchanged",
                BY_HAND: "No checklist item; verify by hand"}[self.action]


def _action(status: FindingStatus, verdict: Optional[Verdict], has_item: bool) -> str:
    if not has_item:
        return BY_HAND
    if verdict is Verdict.COMPLIANT:
        if status in (FindingStatus.VERIFIED, FindingStatus.CLOSED):
            return UNCHANGED
        return VERIFY
    if verdict in (Verdict.NON_COMPLIANT, Verdict.PARTIAL):
        if status in workflow.OPEN_STATUSES:
            return STILL_OPEN
        if FindingStatus.REOPENED in workflow.allowed(status):
            return REOPEN
    return UNCHANGED


def outcome(session: Session, inspection_id: str) -> list[Effect]:
    """For each finding of the re-inspected notice, what the verdicts recorded so far do on completion
    (empty for an inspection that re-inspects nothing)."""
    insp = session.get(Inspection, inspection_id)
    if insp is None:
        raise NotFoundError(f"找不到现场检查：{inspection_id}", f"No inspection with id {inspection_id}")
    if not insp.reinspects_notice_id:
        return []
    scope = set(insp.scope_items or [])
    verdicts = {item: Verdict(v) for item, v in session.exec(
        select(InspectionResult.item_id, InspectionResult.verdict).where(
            InspectionResult.inspection_id == insp.id, InspectionResult.verdict.is_not(None))).all()}
    findings = notice_findings(session, insp.reinspects_notice_id)
    codes = dict(session.exec(select(ChecklistItem.id, ChecklistItem.code).where(
        ChecklistItem.id.in_(sorted({f.item_id for f in findings if f.item_id})))).all()) if findings else {}
    out = []
    for f in findings:
        checked = bool(f.item_id) and (not scope or f.item_id in scope) and f.item_id in codes
        verdict = verdicts.get(f.item_id) if checked else None
        status = FindingStatus(f.status)
        out.append(Effect(f.id, f.title, f.item_id, codes.get(f.item_id, "") if f.item_id else "", status,
                          verdict, _action(status, verdict, checked), f.deadline))
    return out


def apply_verdicts(session: Session, insp: Inspection, *, deadline: date | None = None,
                   today: date | None = None) -> list[Effect]:
    """Verify or reopen the notice's findings by the completed re-inspection's verdicts (:func:`outcome`);
    a reopened finding gets ``deadline`` (later than today; default: today + 30 days)."""
    from inspector.services.findings import transition

    effects = outcome(session, insp.id)
    if not effects:
        return []
    today = today or china_today()
    if deadline is None:
        deadline = today + REOPEN_PERIOD
    elif deadline <= today and any(e.action == REOPEN for e in effects):
        raise BadInputError(f"重新打开问题的整改期限须晚于今天（{today.isoformat()}）。",
                            f"The new deadline of reopened findings must be after today ({today.isoformat()}).")
    notice = session.get(RectificationNotice, insp.reinspects_notice_id)
    number = notice.number if notice else ""
    day = today.isoformat()
    for effect in effects:
        finding = session.get(Finding, effect.finding_id)
        if effect.action == VERIFY:
            transition(session, finding, FindingStatus.VERIFIED, reinspection=True,
                       reason=f"{day}复查（{number}）：{effect.item_code}符合，确认已整改到位。")
        elif effect.action == REOPEN:
            transition(session, finding, FindingStatus.REOPENED, deadline=deadline,
                       reason=f"{day}复查（{number}）：{effect.item_code}{effect.verdict.zh}，仍未整改到位。")
    return effects


# ---- reading -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReinspectionInfo:
    """What the runner and the record say of a re-inspection: the notice, its scope, the findings it checks."""

    notice_id: str
    notice_number: str
    notice_deadline: Optional[date]             # as corrected: a 更正通知 that moved a finding's deadline later
                                                # moves this one (the issued notice itself never changes)
    scheduled_on: Optional[date]
    scope: str                                  # SCOPE_FAILED | SCOPE_ALL
    findings: dict[str, list[dict]]             # item id → the notice's findings of that item (see below)
    unlinked: list[dict]                        # the notice's findings without a checklist item


def info(session: Session, insp: Inspection) -> Optional[ReinspectionInfo]:
    """The re-inspection facts of ``insp`` (None for a first inspection). Each finding as a dict: id, title,
    status, deadline, measures (what the department last reported, "" if nothing)."""
    if not insp.reinspects_notice_id:
        return None
    from inspector.services.rectification import reported_rectification

    notice = session.get(RectificationNotice, insp.reinspects_notice_id)
    by_item: dict[str, list[dict]] = {}
    unlinked: list[dict] = []
    for f in notice_findings(session, insp.reinspects_notice_id):
        reported = reported_rectification(session, f.id)
        row = dict(id=f.id, title=f.title, status=FindingStatus(f.status), deadline=f.deadline,
                   measures=reported.measures if reported else "")
        (by_item.setdefault(f.item_id, []) if f.item_id else unlinked).append(row)
    return ReinspectionInfo(notice_id=insp.reinspects_notice_id, notice_number=notice.number if notice else "",
                            notice_deadline=_corrected_deadline(session, notice),
                            scheduled_on=insp.scheduled_on,
                            scope=SCOPE_FAILED if insp.scope_items else SCOPE_ALL, findings=by_item,
                            unlinked=unlinked)


def _corrected_deadline(session: Session, notice: RectificationNotice | None) -> Optional[date]:
    """The notice's deadline, or the latest one its issued 更正通知 gave a finding, when that is later."""
    if notice is None:
        return None
    days = [notice.deadline] if notice.deadline else []
    for correction in session.exec(select(RectificationNotice).where(
            RectificationNotice.corrects_id == notice.id, RectificationNotice.status == NoticeStatus.ISSUED)):
        days += [date.fromisoformat(c["new"]) for c in correction.changes or []
                 if c.get("field") == "deadline" and c.get("new")]
    return max(days, default=None)


@dataclass(frozen=True)
class ReinspectionRow:
    """One re-inspection of a notice, as the notice's detail lists it."""

    id: str
    status: InspectionStatus
    scheduled_on: Optional[date]
    ended_at: Optional[datetime]
    scope: str                      # SCOPE_FAILED | SCOPE_ALL
    items: int                      # how many items it checks (0: the whole checklist)
    location: str


def of_notice(session: Session, notice_id: str) -> list[ReinspectionRow]:
    """The notice's re-inspections, oldest first."""
    return [ReinspectionRow(id=i.id, status=InspectionStatus(i.status), scheduled_on=i.scheduled_on,
                            ended_at=i.ended_at, scope=SCOPE_FAILED if i.scope_items else SCOPE_ALL,
                            items=len(i.scope_items or []), location=i.location)
            for i in session.exec(select(Inspection).where(Inspection.reinspects_notice_id == notice_id)
                                  .order_by(Inspection.created_at)).all()]
