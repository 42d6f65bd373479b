"""On-site inspections (实地检查, art. 32 (3)): start one, run its checklist, sign and complete it.

Everything the inspection runner shows is read in one go by :func:`runner_data`;
every edit is its own small write (:func:`set_verdict`, :func:`set_notes`,
:func:`add_result_evidence`), so nothing typed or decided on site waits for a
"save". A completed inspection is the record the department's representative
signed: its results can no longer change.

Two people editing the same result (issue 20): :func:`set_verdict` and :func:`set_notes` take the result's
``revision`` as the runner showed it (0: no result shown) and :func:`set_summary` the 检查小结 as it was shown;
someone else's save since is refused (:class:`inspector.concurrency.StaleEditError`), never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Optional

from sqlalchemy import func
from sqlmodel import Session, select

from inspector import audit, concurrency, lifecycle
from inspector.errors import BadInputError, NotFoundError
from inspector.model import (
    ChecklistItem,
    ChecklistSection,
    Department,
    Evidence,
    Finding,
    Inspection,
    InspectionMember,
    InspectionResult,
    InspectionStatus,
    Plan,
    PlanStatus,
    PlanTarget,
    RectificationNotice,
    SelfReportAnswer,
    Severity,
    TeamMember,
    TeamRole,
    Verdict,
    utcnow,
)
from inspector.services import evidence as evidence_service
from inspector.services.evidence import EvidenceBatch, EvidenceInfo
from inspector.services import reinspection as reinspection_service
from inspector.services import regulation_versions, settings
from inspector.services.findings import finding_from_item
from inspector.services.selfreports import latest_self_report

RESULT_OWNER = "inspection_result"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# ---- what the runner shows ------------------------------------------------------------------


@dataclass(frozen=True)
class RunnerItem:
    id: str
    section_no: int
    code: str
    title: str
    text: str
    how_to_check: str
    articles: tuple[int, ...]
    default_severity: Severity


@dataclass(frozen=True)
class RunnerSection:
    number: int
    clause: str
    title: str
    items: tuple[RunnerItem, ...]


@dataclass(frozen=True)
class ResultState:
    """The inspector's verdict and notes for one item (``result_id`` None: nothing recorded yet)."""

    result_id: Optional[str] = None
    verdict: Optional[Verdict] = None
    notes: str = ""
    answered_at: Optional[datetime] = None
    revision: int = 0
    """The result row's revision (0: no row yet): the runner's next save of this item is checked against it."""


@dataclass(frozen=True)
class SelfAnswer:
    """The department's own answer to one item, from its latest self-report."""

    answer: Optional[Verdict]
    explanation: str
    evidence_list: str


@dataclass(frozen=True)
class InspectionHeader:
    id: str
    department: str
    plan_title: str
    status: InspectionStatus
    location: str
    started_at: Optional[datetime]
    ended_at: Optional[datetime]
    rep_name: str
    rep_title: str
    rep_signed_at: Optional[datetime]
    rep_signature_sha256: Optional[str]
    summary: str = ""
    signature_holds: bool = False
    """The representative's signature attests the content as it is now (:func:`inspector.lifecycle.signature_holds`)."""
    rep_not_signed: str = ""
    rep_not_signed_note: str = ""
    correction_no: int = 0
    corrected_at: Optional[datetime] = None
    correction_reason: str = ""

    @property
    def editable(self) -> bool:
        return self.status is not InspectionStatus.COMPLETED

    @property
    def signed(self) -> bool:
        return self.rep_signature_sha256 is not None


@dataclass(frozen=True)
class RunnerData:
    """Everything the inspection runner shows, read in one session."""

    inspection: InspectionHeader
    sections: tuple[RunnerSection, ...]
    results: dict[str, ResultState]
    self_answers: Optional[dict[str, SelfAnswer]]  # None: the department has not submitted a self-report
    self_report: Optional[dict[str, Any]]          # respondent, received_at, source_filename
    evidence: dict[str, list[EvidenceInfo]]        # item id → files, oldest first
    findings: dict[str, list[dict[str, Any]]]      # item id → findings opened from it (id, title, severity)
    article_texts: dict[int, tuple[str, str]]      # number → (label 第九条, text)
    reinspection: Optional[reinspection_service.ReinspectionInfo] = None  # a 复查: the notice and its findings

    @property
    def items(self) -> list[RunnerItem]:
        return [item for section in self.sections for item in section.items]

    @property
    def answered(self) -> int:
        return sum(1 for r in self.results.values() if r.verdict is not None)


# ---- reading ----------------------------------------------------------------------------------


def get_inspection(session: Session, inspection_id: str) -> Inspection:
    inspection = session.get(Inspection, inspection_id)
    if inspection is None:
        raise NotFoundError(f"找不到现场检查：{inspection_id}", f"No inspection with id {inspection_id}")
    return inspection


def _item(session: Session, inspection: Inspection, item_id: str) -> ChecklistItem:
    item = session.get(ChecklistItem, item_id)
    if item is None or item.template_id != inspection.template_id:
        raise NotFoundError(f"本次检查的检查表中没有该检查项：{item_id}",
                            f"The checklist of this inspection has no item {item_id}")
    return item


def evidence_for_inspection(session: Session, inspection_id: str) -> dict[str, list[EvidenceInfo]]:
    """Evidence attached to the results of an inspection, by checklist item."""
    rows = session.exec(
        select(Evidence, InspectionResult.item_id)
        .join(InspectionResult, InspectionResult.id == Evidence.owner_id)
        .where(Evidence.owner_type == RESULT_OWNER, InspectionResult.inspection_id == inspection_id)
        .order_by(Evidence.captured_at, Evidence.created_at)
    ).all()
    out: dict[str, list[EvidenceInfo]] = {}
    for ev, item_id in rows:
        out.setdefault(item_id, []).append(EvidenceInfo.of(ev, item_id))
    return out


def runner_data(session: Session, inspection_id: str) -> RunnerData:
    """The checklist by art. 31 section, the results so far, the self-report answers, evidence and findings."""
    insp = get_inspection(session, inspection_id)
    department = session.get(Department, insp.department_id)
    plan = session.get(Plan, insp.plan_id) if insp.plan_id else None
    header = InspectionHeader(
        id=insp.id, department=department.name if department else "", plan_title=plan.title if plan else "",
        status=InspectionStatus(insp.status), location=insp.location, started_at=insp.started_at,
        ended_at=insp.ended_at, rep_name=insp.department_rep_name, rep_title=insp.department_rep_title,
        rep_signed_at=insp.rep_signed_at, rep_signature_sha256=insp.rep_signature_sha256, summary=insp.summary,
        signature_holds=lifecycle.signature_holds(session, insp), rep_not_signed=insp.rep_not_signed,
        rep_not_signed_note=insp.rep_not_signed_note, correction_no=insp.correction_no,
        corrected_at=insp.corrected_at, correction_reason=insp.correction_reason)

    items = _scope(insp, session.exec(select(ChecklistItem).where(ChecklistItem.template_id == insp.template_id)
                                      .order_by(ChecklistItem.position)).all())
    by_section: dict[int, list[RunnerItem]] = {}
    for i in items:
        by_section.setdefault(i.section_no, []).append(RunnerItem(
            id=i.id, section_no=i.section_no, code=i.code, title=i.title, text=i.text,
            how_to_check=i.how_to_check, articles=tuple(i.articles), default_severity=Severity(i.default_severity)))
    sections = tuple(
        RunnerSection(number=s.number, clause=s.clause, title=s.title, items=tuple(by_section.get(s.number, ())))
        for s in session.exec(select(ChecklistSection).where(ChecklistSection.template_id == insp.template_id)
                              .order_by(ChecklistSection.number)).all()
        if by_section.get(s.number) or not insp.scope_items  # a re-inspection shows only sections it checks
    )

    results = {
        r.item_id: _state(r)
        for r in session.exec(select(InspectionResult).where(InspectionResult.inspection_id == insp.id)).all()
    }

    report = latest_self_report(session, insp.plan_id, insp.department_id)
    self_answers, report_info = None, None
    if report is not None:
        self_answers = {
            a.item_id: SelfAnswer(Verdict(a.answer) if a.answer else None, a.explanation, a.evidence_list)
            for a in session.exec(select(SelfReportAnswer).where(SelfReportAnswer.self_report_id == report.id)).all()
        }
        report_info = dict(id=report.id, respondent=report.respondent, received_at=report.received_at,
                           source_filename=report.source_filename)

    findings: dict[str, list[dict[str, Any]]] = {}
    for f in session.exec(select(Finding).where(Finding.inspection_id == insp.id).order_by(Finding.created_at)).all():
        if f.item_id:
            findings.setdefault(f.item_id, []).append(finding_row(f))

    numbers = sorted({n for i in items for n in i.articles})
    texts = {}
    cites = regulation_versions.regulation_of(session, insp.template_id)  # the version its checklist cites, for ever
    for n in numbers:
        try:
            a = cites.article(n)
        except KeyError:
            continue
        texts[n] = (a.label, a.text)
    return RunnerData(header, sections, results, self_answers, report_info,
                      evidence_for_inspection(session, insp.id), findings, texts,
                      reinspection_service.info(session, insp))


def _scope(insp: Inspection, items):
    """The checklist items ``insp`` checks: all, or a re-inspection's ``scope_items`` (in checklist order)."""
    if not insp.scope_items:
        return list(items)
    wanted = set(insp.scope_items)
    return [i for i in items if (i.id if hasattr(i, "id") else i[0]) in wanted]


def finding_row(finding: Finding) -> dict[str, Any]:
    """A finding as the runner lists it beside its checklist item (:attr:`RunnerData.findings`)."""
    return dict(id=finding.id, title=finding.title, severity=Severity(finding.severity).value)


def list_inspection_rows(session: Session) -> list[dict[str, Any]]:
    """One row per inspection for the inspections page: department, plan, status, progress, times."""
    answered = dict(session.exec(
        select(InspectionResult.inspection_id, func.count())
        .where(InspectionResult.verdict.is_not(None)).group_by(InspectionResult.inspection_id)).all())
    totals = dict(session.exec(
        select(ChecklistItem.template_id, func.count()).group_by(ChecklistItem.template_id)).all())
    plans = dict(session.exec(select(Plan.id, Plan.title)).all())
    numbers = dict(session.exec(select(RectificationNotice.id, RectificationNotice.number).where(
        RectificationNotice.id.in_(select(Inspection.reinspects_notice_id).where(
            Inspection.reinspects_notice_id.is_not(None))))).all())
    rows = session.exec(
        select(Inspection, Department.name).join(Department, Department.id == Inspection.department_id)
    ).all()
    out = [
        dict(id=i.id, department=name, department_id=i.department_id, plan_id=i.plan_id,
             plan=plans.get(i.plan_id, "") if i.plan_id else "", status=InspectionStatus(i.status).value,
             answered=answered.get(i.id, 0), total=len(i.scope_items) if i.scope_items else totals.get(i.template_id, 0),
             started_at=i.started_at, ended_at=i.ended_at, location=i.location,
             signed=i.rep_signature_sha256 is not None, scheduled_on=i.scheduled_on,
             reinspects=numbers.get(i.reinspects_notice_id, "") if i.reinspects_notice_id else "")
        for i, name in rows
    ]
    # in progress first, then planned re-inspections by date, then the newest
    out.sort(key=lambda r: (r["status"] != InspectionStatus.IN_PROGRESS.value,
                            r["status"] != InspectionStatus.PLANNED.value,
                            r["scheduled_on"] or date.max if r["status"] == InspectionStatus.PLANNED.value else date.max,
                            -(r["started_at"].timestamp() if r["started_at"] else 0), r["department"]))
    return out


def startable_targets(session: Session) -> list[dict[str, Any]]:
    """Plan targets an inspection can be started for (plans not closed), with any inspection in progress."""
    running = {(i.plan_id, i.department_id): i.id for i in session.exec(
        select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).all()}
    rows = session.exec(
        select(PlanTarget, Plan, Department)
        .join(Plan, Plan.id == PlanTarget.plan_id).join(Department, Department.id == PlanTarget.department_id)
        .where(Plan.status != PlanStatus.CLOSED)
        .order_by(Plan.year.desc(), Plan.title, PlanTarget.scheduled_on, Department.name)
    ).all()
    return [dict(plan_id=p.id, plan=p.title, department_id=d.id, department=d.name, scheduled_on=t.scheduled_on,
                 running_id=running.get((p.id, d.id))) for t, p, d in rows]


# ---- writing ----------------------------------------------------------------------------------


def start_inspection(session: Session, plan_id: str, department_id: str, *, location: str = "") -> Inspection:
    """A new inspection in progress for a target of the plan; its members are the plan's team."""
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError(f"找不到检查计划：{plan_id}", f"No plan with id {plan_id}")
    if plan.status == PlanStatus.CLOSED:
        raise BadInputError(f"检查计划已结束，不能再开始检查：{plan.title}",
                            f"The plan is closed; no inspection can be started: {plan.title}")
    target = session.exec(select(PlanTarget).where(PlanTarget.plan_id == plan_id,
                                                   PlanTarget.department_id == department_id)).first()
    if target is not None:  # two people starting the department's visit at once: the second opens the first's
        concurrency.lock(session, target)
    department = session.get(Department, department_id)
    if target is None or department is None:
        raise BadInputError("该单位不是本检查计划的检查对象。", "This department is not a target of the plan.")
    running = session.exec(select(Inspection).where(
        Inspection.plan_id == plan_id, Inspection.department_id == department_id,
        Inspection.status == InspectionStatus.IN_PROGRESS)).first()
    if running is not None:
        raise BadInputError(f"{department.name}在本计划下已有进行中的检查，请直接打开该检查。",
                            f"{department.name} already has an inspection in progress under this plan; open it instead.")
    inspection = Inspection(plan_id=plan.id, department_id=department_id, template_id=plan.template_id,
                            status=InspectionStatus.IN_PROGRESS, location=location, started_at=utcnow())
    session.add(inspection)
    session.flush()
    add_members(session, inspection, plan)
    return inspection


def add_members(session: Session, inspection: Inspection, plan: Plan | None) -> None:
    """An inspection's members: the plan's team, and the user of this vault."""
    members: dict[str, TeamRole] = {}
    if plan is not None and plan.team_id:
        for m in session.exec(select(TeamMember).where(TeamMember.team_id == plan.team_id)).all():
            members[m.inspector_id] = TeamRole(m.role)
    me = settings.self_inspector(session)
    if me is not None:
        members.setdefault(me.id, TeamRole.MEMBER)
    for inspector_id, role in members.items():
        session.add(InspectionMember(inspection_id=inspection.id, inspector_id=inspector_id, role=role))
    session.flush()


def _editable(session: Session, inspection_id: str) -> Inspection:
    """The inspection, if it may still change (not completed); a change to what the representative signed must
    still pass :func:`inspector.lifecycle.guard_inspection`."""
    insp = get_inspection(session, inspection_id)
    if insp.status == InspectionStatus.COMPLETED:
        raise lifecycle.completed_error()
    if insp.status == InspectionStatus.PLANNED:  # the first answer starts a planned inspection
        insp.status = InspectionStatus.IN_PROGRESS
        insp.started_at = insp.started_at or utcnow()
    return insp


def _existing_result(session: Session, insp: Inspection, item_id: str) -> InspectionResult | None:
    return session.exec(select(InspectionResult).where(InspectionResult.inspection_id == insp.id,
                                                       InspectionResult.item_id == item_id)).first()


def _result(session: Session, insp: Inspection, item_id: str) -> InspectionResult:
    """The result row of an item, created on demand."""
    result = session.exec(select(InspectionResult).where(InspectionResult.inspection_id == insp.id,
                                                         InspectionResult.item_id == item_id)).first()
    if result is None:
        _item(session, insp, item_id)
        result = InspectionResult(inspection_id=insp.id, item_id=item_id)
        session.add(result)
        session.flush()
    return result


def _state(r: InspectionResult) -> ResultState:
    return ResultState(r.id, Verdict(r.verdict) if r.verdict else None, r.notes, r.answered_at, r.revision)


def _expect_result(session: Session, existing: InspectionResult | None, revision: int | None) -> None:
    """Refuse the save if someone else saved the item's result since the runner showed it at ``revision`` (0: it
    showed none; None: no check). A row holding neither verdict nor notes (made for a photo) has nothing to
    overwrite."""
    if revision is None or existing is None:
        return
    if revision == 0 and existing.verdict is None and not existing.notes:
        return
    try:
        concurrency.expect(session, existing, revision, what=("检查项的检查结果", "item's result"), shown=("notes",))
    except concurrency.StaleEditError as err:
        err.current["verdict"] = Verdict(existing.verdict) if existing.verdict else None
        raise


def set_verdict(session: Session, inspection_id: str, item_id: str, verdict: Verdict | None, *,
                void_signature: bool = False, revision: int | None = None) -> ResultState:
    """Record (or, with None, withdraw) the verdict on one item. ``revision``: the result's as shown (0: none was
    shown); someone else's save since is refused (:func:`inspector.concurrency.expect`)."""
    insp = _editable(session, inspection_id)
    verdict = Verdict(verdict) if verdict is not None else None
    existing = _existing_result(session, insp, item_id)
    _expect_result(session, existing, revision)
    if (existing.verdict if existing else None) != verdict:
        lifecycle.guard_inspection(session, insp, void_signature_ok=void_signature)
    result = existing or _result(session, insp, item_id)
    if result.verdict != verdict:
        result.verdict = verdict
        result.answered_at = utcnow() if verdict is not None else None
        session.flush()
    return _state(result)


def set_notes(session: Session, inspection_id: str, item_id: str, notes: str, *,
              void_signature: bool = False, revision: int | None = None) -> ResultState:
    """Keep the inspector's notes on one item (written only when they changed); ``revision`` as for
    :func:`set_verdict`."""
    insp = _editable(session, inspection_id)
    existing = _existing_result(session, insp, item_id)
    _expect_result(session, existing, revision)
    if (existing.notes if existing else "") != notes:
        lifecycle.guard_inspection(session, insp, void_signature_ok=void_signature)
    result = existing or _result(session, insp, item_id)
    if result.notes != notes:
        result.notes = notes
        session.flush()
    return _state(result)


def add_result_evidence(session: Session, inspection_id: str, item_id: str, filename: str, data: bytes,
                        *, mime: str | None = None, void_signature: bool = False) -> EvidenceInfo:
    """Attach a file to an item's result (created on demand); the bytes go only into the vault."""
    insp = _editable(session, inspection_id)
    lifecycle.guard_inspection(session, insp, void_signature_ok=void_signature)
    result = _result(session, insp, item_id)
    ev = evidence_service.add_evidence(session, RESULT_OWNER, result.id, filename, data, mime=mime)
    return EvidenceInfo.of(ev, item_id)


def new_finding(session: Session, inspection_id: str, item_id: str, *, void_signature: bool = False) -> Finding:
    """A draft finding from an item: its title, articles, default severity, the notes as description.

    Only while the inspection is not completed, and (a new finding changes what was signed) only once the user
    confirmed voiding the representative's signature."""
    insp = _editable(session, inspection_id)
    item = _item(session, insp, item_id)
    lifecycle.guard_inspection(session, insp, void_signature_ok=void_signature)
    result = session.exec(select(InspectionResult).where(InspectionResult.inspection_id == insp.id,
                                                         InspectionResult.item_id == item_id)).first()
    return finding_from_item(session, insp, item, description=result.notes if result else "",
                             location=insp.location)


def save_signature(session: Session, inspection_id: str, png: bytes, name: str, title: str = "") -> Inspection:
    """The department representative's drawn signature (PNG) with their name and title, bound to what it attests
    (:func:`inspector.lifecycle.content_digest`). Signing again replaces (and voids, in the audit chain) the
    earlier signature; a completed inspection's signature never changes."""
    insp = _editable(session, inspection_id)
    if not name.strip():
        raise BadInputError("请填写单位代表姓名。", "Please enter the representative's name.")
    if not png.startswith(PNG_MAGIC):
        raise BadInputError("签名图像无效，请重新签字。", "The signature image is invalid; please sign again.")
    lifecycle.void_signature(session, insp, why="signed again")
    insp.rep_signature_sha256 = evidence_service.store_blob(session, png)
    insp.department_rep_name = name.strip()
    insp.department_rep_title = title.strip()
    insp.rep_signed_at = utcnow()
    insp.rep_signed_digest = lifecycle.content_digest(session, insp.id)
    insp.rep_not_signed = insp.rep_not_signed_note = ""
    session.flush()
    return insp


def set_summary(session: Session, inspection_id: str, summary: str, *, void_signature: bool = False,
                shown: str | None = None) -> Inspection:
    """检查小结: the team's overall opinion, printed on the record (part of what the representative signs).

    ``shown``: the summary as the editor showed (or last saved) it; a different one saved by someone else since is
    refused (:class:`inspector.concurrency.StaleEditError`). The summary is compared, not the inspection's
    revision: verdicts, signatures and the start of the visit change the inspection row too."""
    if shown is not None:
        insp = concurrency.lock(session, get_inspection(session, inspection_id))  # for the rest of the unit of work
        if insp.summary.strip() != shown.strip():  # -1: never a revision, so refused with who, when and what
            concurrency.expect(session, insp, -1, what=("检查小结", "inspection summary"), shown=("summary",))
    insp = _editable(session, inspection_id)
    summary = summary.strip()
    if insp.summary != summary:
        lifecycle.guard_inspection(session, insp, void_signature_ok=void_signature)
        insp.summary = summary
        session.flush()
    return insp


@dataclass(frozen=True)
class CompletionCheck:
    """What completing needs, for the completion dialog: each empty list or False means done."""

    unanswered: tuple[str, ...]        # item codes without a verdict
    summary_missing: bool
    signature: str                     # "holds" | "void" (content changed since) | "none"
    signer: str
    signed_at: Optional[datetime]

    @property
    def ready(self) -> bool:
        return not self.unanswered and not self.summary_missing and self.signature == "holds"


def completion_check(session: Session, inspection_id: str) -> CompletionCheck:
    insp = get_inspection(session, inspection_id)
    signature = ("holds" if lifecycle.signature_holds(session, insp)
                 else "void" if insp.rep_signature_sha256 else "none")
    return CompletionCheck(unanswered=tuple(_unanswered(session, insp)), summary_missing=not insp.summary.strip(),
                           signature=signature, signer=insp.department_rep_name, signed_at=insp.rep_signed_at)


def _unanswered(session: Session, insp: Inspection) -> list[str]:
    answered = set(session.exec(select(InspectionResult.item_id).where(
        InspectionResult.inspection_id == insp.id, InspectionResult.verdict.is_not(None))).all())
    return [code for item_id, code in _scope(insp, session.exec(
        select(ChecklistItem.id, ChecklistItem.code).where(ChecklistItem.template_id == insp.template_id)
        .order_by(ChecklistItem.position)).all()) if item_id not in answered]


def complete_inspection(session: Session, inspection_id: str, *, summary: str | None = None,
                        record_unchecked: bool = False, rep_not_signed: str = "", note: str = "",
                        reopen_deadline: date | None = None) -> Inspection:
    """End the visit; from then on nothing of the inspection changes until it is reopened with a reason.

    Completing needs 检查小结 (``summary``, or one written before), the representative's signature over the
    content as it is, or a recorded reason why not (``rep_not_signed``: ``refused`` 拒绝签字 | ``absent``
    不在场), and an answer on every item, or the explicit choice to record the rest as 未检查
    (``record_unchecked``).

    Completing a re-inspection (复查) also verifies or reopens the findings of the notice it re-inspects, by its
    verdicts (:func:`inspector.services.reinspection.apply_verdicts`; ``reopen_deadline``: the new deadline of
    the findings it reopens)."""
    insp = concurrency.lock(session, get_inspection(session, inspection_id))  # completed meanwhile: refused
    if insp.status == InspectionStatus.COMPLETED:
        raise BadInputError("该检查已完成。", "This inspection is already completed.")
    if summary is not None:
        set_summary(session, inspection_id, summary)
    if not insp.summary.strip():
        raise BadInputError("完成检查前请填写检查小结（检查组的总体意见）。",
                            "Write the inspection summary (the team's overall opinion) before completing.")
    unanswered = _unanswered(session, insp)
    if unanswered and not record_unchecked:
        raise lifecycle.UnansweredItems(unanswered)
    if rep_not_signed:
        if rep_not_signed not in lifecycle.NOT_SIGNED_REASONS:
            raise BadInputError("未签字原因只能是“拒绝签字”或“不在场”。",
                                "The reason for no signature must be 'refused' or 'absent'.")
        if insp.rep_signature_sha256 and lifecycle.signature_holds(session, insp):
            raise BadInputError("单位代表已签字，不能再记录未签字原因。",
                                "The representative has signed; no reason for a missing signature applies.")
        # a signature over earlier content attests nothing now: withdrawn (audit event), the reason recorded
        lifecycle.void_signature(session, insp, why="content changed; completed without a new signature")
        insp.rep_not_signed, insp.rep_not_signed_note = rep_not_signed, note.strip()
    elif not insp.rep_signature_sha256:
        raise BadInputError("完成检查需要单位代表签字，或记录未签字的原因（拒绝签字/不在场）。",
                            "Completing needs the representative's signature, or the reason there is none "
                            "(refused / not present).")
    elif not lifecycle.signature_holds(session, insp):
        raise BadInputError(f"{insp.department_rep_name} 签字后检查内容已有变化，该签字不再有效，请重新签字。",
                            f"The content changed after {insp.department_rep_name} signed; the signature no longer "
                            "holds. Please have them sign again.")
    insp.unchecked_items = unanswered
    insp.status = InspectionStatus.COMPLETED
    insp.started_at = insp.started_at or utcnow()
    insp.ended_at = utcnow()
    session.flush()
    reinspection_service.apply_verdicts(session, insp, deadline=reopen_deadline)
    return insp


def reopen_inspection(session: Session, inspection_id: str, reason: str) -> Inspection:
    """The only way back from completed: with a reason, in the audit chain. The next record exported is a
    corrected version (更正版); every record exported before is marked superseded in the register."""
    insp = concurrency.lock(session, get_inspection(session, inspection_id))  # reopened meanwhile: refused
    if insp.status != InspectionStatus.COMPLETED:
        raise BadInputError("只有已完成的检查才能重新打开。", "Only a completed inspection can be reopened.")
    if not reason.strip():
        raise BadInputError("重新打开检查需要填写原因。", "Reopening an inspection needs a reason.")
    now = utcnow()
    insp.status = InspectionStatus.IN_PROGRESS
    insp.correction_no += 1
    insp.corrected_at = now
    insp.correction_reason = reason.strip()
    insp.unchecked_items = []
    label = lifecycle.corrected_version_label(insp.correction_no)
    lifecycle.supersede_own_documents(session, "record", insp.id, label, at=now)
    session.flush()
    audit.record(session, "inspection.reopened", "inspection", insp.id,
                 {"reason": insp.correction_reason, "correction_no": insp.correction_no})
    return insp


def add_result_files(session: Session, inspection_id: str, item_id: str,
                     files: list[str | Path | tuple[str, bytes]], *, void_signature: bool = False) -> EvidenceBatch:
    """Attach files (paths read here, or ``(name, bytes)``) to an item; each bad file is reported, not fatal. When
    no file can be stored, nothing changes (no result row, a planned inspection not started)."""
    if get_inspection(session, inspection_id).status == InspectionStatus.COMPLETED:
        raise lifecycle.completed_error()
    good, refused = evidence_service.precheck(files)
    if not good:
        return EvidenceBatch(errors=refused)
    insp = _editable(session, inspection_id)
    lifecycle.guard_inspection(session, insp, void_signature_ok=void_signature)
    result = _result(session, insp, item_id)
    batch = evidence_service.add_files(session, RESULT_OWNER, result.id, item_id, good)
    batch.errors[:0] = refused
    return batch
