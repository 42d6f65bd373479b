"""What the official documents say, gathered from the vault into plain dataclasses.

Read-only: nothing here writes to the vault or to disk, and nothing signs.
The builders in :mod:`inspector.documents` never see a session. Evidence
content is checked against its SHA-256 and turned into thumbnails in two
worker threads while this thread keeps reading the vault (a SQLCipher session
stays on the thread that opened it).
"""

from __future__ import annotations

import dataclasses
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, select

from inspector import evidence_store, lifecycle, regulation
from inspector.documents.layout import CHINA_TZ, cn_date
from inspector.documents.notice import NoticeData, NoticeItem
from inspector.documents.official import Colophon, colophon_for
from inspector.documents.record import (
    UNCHECKED,
    EvidenceRow,
    FindingBlock,
    ItemRow,
    MemberRow,
    RecordData,
    ReinspectedFinding,
    Reinspection,
    SectionSummary,
)
from inspector.documents.thumbs import Thumbnail, make_thumbnail
from inspector.errors import IntegrityFailure, NotFoundError
from inspector.model import (
    AuditEvent,
    ChecklistTemplate,
    Department,
    Escalation,
    EscalationKind,
    EscalationState,
    Evidence,
    EvidenceBlob,
    Finding,
    Inspection,
    InspectionMember,
    InspectionStatus,
    Inspector,
    NoticeFinding,
    NoticeStatus,
    Plan,
    RectificationNotice,
    Severity,
    TeamRole,
)
from inspector.progress import CancelToken, ProgressFn, check, no_progress
from inspector.services import reinspection as reinspection_service
from inspector.services import settings
from inspector.services.inspections import runner_data

IN_FLIGHT = 4
"""Evidence blobs held in memory at once while thumbnails are made (12 MP photos are ~5 MB each)."""


def cited(numbers: list[int]) -> list[tuple[int, str]]:
    """(number, text) of each article, in order, skipping numbers the regulation does not have."""
    out = []
    for n in numbers:
        try:
            out.append((n, regulation.article(n).text))
        except KeyError:
            continue
    return out


# ---- the notice -------------------------------------------------------------------------------


def find_notice(session: Session, department_id: str, plan_id: str | None) -> RectificationNotice:
    """The department's notice for the plan (any plan if None): the newest issued one, else the newest draft.
    A 更正通知 is not the department's notice (it is exported by its own id)."""
    query = select(RectificationNotice).where(RectificationNotice.department_id == department_id,
                                              RectificationNotice.corrects_id.is_(None))
    if plan_id is not None:
        query = query.where(RectificationNotice.plan_id == plan_id)
    notices = session.exec(query).all()
    issued = [n for n in notices if NoticeStatus(n.status) is NoticeStatus.ISSUED]
    if issued:
        return max(issued, key=lambda n: (n.issued_on or date.min, n.year, n.serial or 0))
    if notices:
        return max(notices, key=lambda n: n.created_at)
    department = session.get(Department, department_id)
    name = department.name if department else department_id
    raise NotFoundError(f"{name}在该检查计划下还没有整改通知书（请先在“整改”页起草）。",
                        f"{name} has no rectification notice under this plan yet (draft one on the Rectification page).")


def escalation_lines(session: Session, finding_id: str, as_of: datetime | None = None) -> list[tuple[str, str, str]]:
    """What the documents print of a finding's art. 33 records: (what, state, to whom · when · reference).

    ``as_of``: as they stood then (a completed inspection's record states them as at its completion, so
    every export of it says the same); one done later reads as still pending."""
    out = []
    for e in sorted(session.exec(select(Escalation).where(Escalation.finding_id == finding_id)).all(),
                    key=lambda e: EscalationKind(e.kind).value != "secrecy"):
        kind, state = EscalationKind(e.kind), EscalationState(e.state)
        if as_of is not None and e.done_at is not None and _utc(e.done_at) > _utc(as_of):
            out.append((kind.zh, EscalationState.PENDING.zh_for(kind), kind.authority_zh))
            continue
        detail = [e.authority or kind.authority_zh]
        if e.done_at is not None:
            detail.append(e.done_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d"))
        if e.reference:
            detail.append(e.reference)
        out.append((kind.zh, state.zh_for(kind), " · ".join(detail)))
    return out


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def notice_snapshot(data: NoticeData) -> dict[str, Any]:
    """A notice's content as JSON, frozen into the notice when it is issued."""
    def plain(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value
    return plain(dataclasses.asdict(data))


def notice_from_snapshot(content: dict[str, Any]) -> NoticeData:
    """The :class:`NoticeData` frozen by :func:`notice_snapshot` (every re-export states exactly this)."""
    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None
    items = [NoticeItem(**{**item, "articles": [tuple(a) for a in item["articles"]], "deadline": day(item["deadline"]),
                           "escalations": [tuple(e) for e in item.get("escalations", [])]})
             for item in content["findings"]]
    colophon = content.get("colophon")  # None: issued before notices carried a 版记
    if colophon is not None:
        colophon = Colophon(**{**colophon, "cc": tuple(colophon.get("cc", ())),
                               "printed_on": day(colophon.get("printed_on"))})
    return NoticeData(**{**content, "findings": items, "issued_on": day(content["issued_on"]),
                         "deadline": day(content["deadline"]),
                         "inspected_on": [date.fromisoformat(d) for d in content.get("inspected_on", [])],
                         "changes": [tuple(c) for c in content.get("changes", [])], "colophon": colophon})


def notice_data(session: Session, notice_id: str) -> NoticeData:
    """What the notice states: for an issued notice, exactly what it stated when it was issued."""
    notice = session.get(RectificationNotice, notice_id)
    if notice is None:
        raise NotFoundError(f"找不到整改通知书：{notice_id}", f"No rectification notice with id {notice_id}")
    if NoticeStatus(notice.status) is NoticeStatus.ISSUED and notice.content:
        return notice_from_snapshot(notice.content)
    return live_notice_data(session, notice)


def live_notice_data(session: Session, notice: RectificationNotice) -> NoticeData:
    """What the notice would state from the vault as it is now (a draft; an issued notice at the moment of issue)."""
    department = session.get(Department, notice.department_id)
    plan = session.get(Plan, notice.plan_id) if notice.plan_id else None
    findings = session.exec(
        select(Finding).join(NoticeFinding, NoticeFinding.finding_id == Finding.id)
        .where(NoticeFinding.notice_id == notice.id).order_by(Finding.created_at, Finding.title)
    ).all()
    items = [
        NoticeItem(no=n, title=f.title, problem=f.description, articles=cited(sorted(set(f.articles))),
                   requirement=f.rectification_requirement or f.handling_opinion, severity=Severity(f.severity).zh,
                   escalate_secrecy=f.escalate_secrecy, escalate_police=f.escalate_police, deadline=f.deadline,
                   critical=Severity(f.severity) is Severity.CRITICAL, immediate=f.escalate_police,
                   escalations=escalation_lines(session, f.id))
        for n, f in enumerate(findings, start=1)
    ]
    inspection_ids = {f.inspection_id for f in findings if f.inspection_id}
    days = []
    for insp_id in inspection_ids:
        insp = session.get(Inspection, insp_id)
        if insp is not None and insp.started_at is not None:
            days.append(insp.started_at.astimezone(CHINA_TZ).date())
    draft = NoticeStatus(notice.status) is not NoticeStatus.ISSUED
    original = session.get(RectificationNotice, notice.corrects_id) if notice.corrects_id else None
    titles = {f.id: f.title for f in findings}
    changes = [(titles.get(c["finding_id"], ""), lifecycle.FIELD_LABELS[c["field"]][0], _shown(c["field"], c["old"]),
                _shown(c["field"], c["new"])) for c in notice.changes]
    return NoticeData(
        number="" if draft else notice.number, year=notice.year, organisation=settings.get(session, settings.ORG_NAME),
        department=department.name if department else "", plan_title=plan.title if plan else "",
        issued_on=notice.issued_on, deadline=notice.deadline, findings=items, draft=draft, inspected_on=sorted(days),
        corrects_number=original.number if original else "", correction_reason=notice.correction_reason,
        changes=changes, checklist=checklist_label(session, _notice_template(session, findings, plan)),
        # the settings' 抄送/印发机关/联系人/电话 under what the notice itself says; frozen with it when issued
        colophon=colophon_for(session, notice.colophon, printed_on=None if draft else notice.issued_on),
    )


def _notice_template(session: Session, findings: list[Finding], plan: Plan | None) -> str | None:
    for f in findings:
        insp = session.get(Inspection, f.inspection_id) if f.inspection_id else None
        if insp is not None:
            return insp.template_id
    return plan.template_id if plan is not None else None


def _shown(field_name: str, value: Any) -> str:
    """A corrected field's value as the 更正通知 prints it."""
    if value is None or value == "" or value == []:
        return "（无）"
    if field_name == "articles":
        return "、".join(regulation.article(int(n)).label if int(n) in regulation.articles() else str(n) for n in sorted(value, key=int))
    if field_name == "severity":
        return Severity(value).zh
    if field_name == "deadline":
        return cn_date(date.fromisoformat(value) if isinstance(value, str) else value)
    return str(value)


# ---- the record -------------------------------------------------------------------------------


def record_data(session: Session, inspection_id: str, progress: ProgressFn = no_progress,
                cancel: CancelToken | None = None) -> RecordData:
    """Everything the record prints, with evidence checked against its hash and thumbnails made."""
    rd = runner_data(session, inspection_id)
    insp = session.get(Inspection, inspection_id)
    head = rd.inspection
    members = session.exec(
        select(InspectionMember, Inspector).join(Inspector, Inspector.id == InspectionMember.inspector_id)
        .where(InspectionMember.inspection_id == inspection_id)
    ).all()
    members = sorted(members, key=lambda mi: (TeamRole(mi[0].role) is not TeamRole.LEAD, mi[1].name))
    team = [MemberRow(id=i.id, name=i.name, badge=i.badge_no,
                      role="组长" if TeamRole(m.role) is TeamRole.LEAD else "组员") for m, i in members]

    code_of = {item.id: item.code for item in rd.items}
    items, sections = [], []
    for sec in rd.sections:
        counts: dict[str, int] = {}
        for item in sec.items:
            state = rd.results.get(item.id)
            verdict = state.verdict.zh if state and state.verdict else UNCHECKED
            counts[verdict] = counts.get(verdict, 0) + 1
            items.append(ItemRow(section_no=sec.number, code=item.code, title=item.title, verdict=verdict,
                                 notes=state.notes if state else ""))
        sections.append(SectionSummary(number=sec.number, clause=sec.clause, title=sec.title, counts=counts))

    findings = session.exec(select(Finding).where(Finding.inspection_id == inspection_id)
                            .order_by(Finding.created_at, Finding.title)).all()
    # every evidence file of the inspection, in the order the record shows them
    files: list[tuple[str, Evidence, str]] = []  # (owner key, evidence, owner label)
    for item in rd.items:
        for info in rd.evidence.get(item.id, []):
            ev = session.get(Evidence, info.id)
            files.append(("photos", ev, f"检查项 {item.code}"))
    for n, f in enumerate(findings, start=1):
        for ev in session.exec(select(Evidence).where(Evidence.owner_type == "finding", Evidence.owner_id == f.id)
                               .order_by(Evidence.captured_at, Evidence.created_at)).all():
            files.append((f.id, ev, f"问题 {n}"))
    for ev in session.exec(select(Evidence).where(Evidence.owner_type == "inspection",
                                                  Evidence.owner_id == inspection_id)).all():
        files.append(("inspection", ev, "检查记录"))

    thumbs = _thumbnails(session, files, progress, cancel)
    as_of = insp.ended_at if InspectionStatus(insp.status) is InspectionStatus.COMPLETED else None
    # what the record prints of a finding is what the representative's signature attests
    # (inspector.lifecycle.RECORD_FIELDS): the rectification requirement and deadline are the notice's
    blocks = [
        FindingBlock(no=n, title=f.title, severity=Severity(f.severity).zh, articles=cited(list(f.articles)),
                     description=f.description, opinion=f.handling_opinion, item_code=code_of.get(f.item_id or "", ""),
                     escalate_secrecy=f.escalate_secrecy, escalate_police=f.escalate_police,
                     thumbnails=thumbs.get(f.id, []), escalations=escalation_lines(session, f.id, as_of))
        for n, f in enumerate(findings, start=1)
    ]
    evidence = [EvidenceRow(filename=ev.filename, owner=label, size=ev.size, sha256=ev.blob_sha256,
                            caption=ev.caption or "")
                for _, ev, label in files]
    signature = None
    void = bool(head.rep_signature_sha256) and not lifecycle.signature_holds(session, insp)
    if not head.rep_signature_sha256 and not insp.rep_not_signed:
        # voided after a confirmed change (lifecycle.void_signature drops it) and not signed again since
        voided = select(AuditEvent.seq).where(AuditEvent.action == "inspection.signature_voided",
                                              AuditEvent.object_id == inspection_id).limit(1)
        void = session.exec(voided).first() is not None
    if head.rep_signature_sha256 and not void:
        from inspector.services.evidence import read_blob  # hash-checked

        signature = read_blob(session, head.rep_signature_sha256)
        evidence.append(EvidenceRow(filename="单位代表手写签名.png", owner="单位代表签名", size=len(signature),
                                    sha256=head.rep_signature_sha256))
    department = session.get(Department, insp.department_id)
    return RecordData(
        department=department.name if department else head.department, plan_title=head.plan_title,
        location=head.location, started_at=head.started_at, ended_at=head.ended_at, team=team, sections=sections,
        items=items, findings=blocks, evidence=evidence, organisation=settings.get(session, settings.ORG_NAME),
        summary=insp.summary, photos=thumbs.get("photos", []), rep_name=head.rep_name, rep_title=head.rep_title,
        rep_signature_png=signature, rep_signed_at=None if void else head.rep_signed_at, signature_void=void,
        rep_not_signed=lifecycle.NOT_SIGNED_REASONS[insp.rep_not_signed][0] if insp.rep_not_signed else "",
        rep_not_signed_note=insp.rep_not_signed_note, unchecked=list(insp.unchecked_items),
        correction_no=insp.correction_no, corrected_at=insp.corrected_at, correction_reason=insp.correction_reason,
        reinspection=_reinspection(session, insp, rd), checklist=checklist_label(session, insp.template_id),
    )


def checklist_label(session: Session, template_id: str | None) -> str:
    """How a document names the checklist version it rests on: 《晋城市…清单》第2版（2027年专项）."""
    template = session.get(ChecklistTemplate, template_id) if template_id else None
    if template is None:
        return ""
    label = f"（{template.label}）" if template.label else ""
    return f"《{template.name}》第{template.version}版{label}"


REINSPECTION_OPINION = {"compliant": "已整改到位", "partial": "未完全整改到位", "non_compliant": "未整改到位",
                        "not_applicable": "不适用"}


def _reinspection(session: Session, insp: Inspection, rd) -> Reinspection | None:
    """The notice a re-inspection re-inspects and, for each of its findings, the verdict on its item."""
    info = rd.reinspection
    if info is None:
        return None
    notice = session.get(RectificationNotice, info.notice_id)
    codes = {item.id: item.code for item in rd.items}
    rows = []
    for f in reinspection_service.notice_findings(session, info.notice_id):
        checked = f.item_id in codes
        state = rd.results.get(f.item_id) if checked else None
        verdict = state.verdict if state and state.verdict else None
        rows.append(ReinspectedFinding(
            title=f.title, item_code=codes.get(f.item_id, "") if f.item_id else "",
            verdict=verdict.zh if verdict else (UNCHECKED if checked else "—"),
            opinion=REINSPECTION_OPINION[verdict.value] if verdict else ("未检查" if checked else "无对应检查项，另行核验")))
    issued = cn_date(notice.issued_on) if notice and notice.issued_on else ""
    return Reinspection(notice_number=info.notice_number, notice_issued=issued, findings=rows)


def _image_thumbnail(read) -> tuple[bool, tuple[bytes, int, int] | None]:
    """An image's thumbnail, after its content is read and checked (``False`` when it is damaged)."""
    try:
        data = read()
    except IntegrityFailure:
        return False, None
    return True, make_thumbnail(data)


def _thumbnails(session: Session, files: list[tuple[str, Evidence, str]], progress: ProgressFn,
                cancel: CancelToken | None) -> dict[str, list[Thumbnail]]:
    """Check every file's hash and make image thumbnails, two at a time, at most IN_FLIGHT blobs in memory."""
    out: dict[str, list[Thumbnail]] = {}
    done_by_sha: dict[str, tuple[bool, tuple[bytes, int, int] | None]] = {}
    pending: deque[tuple[str, Evidence, str, Future]] = deque()
    total = len(files)
    finished = 0

    def settle() -> None:
        nonlocal finished
        key, ev, label, fut = pending.popleft()
        intact, thumb = fut.result()
        done_by_sha[ev.blob_sha256] = (intact, thumb)
        _collect(out, key, ev, label, intact, thumb)
        finished += 1
        progress(finished, total, ev.filename)

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="thumbs") as pool:
        try:
            for key, ev, label in files:
                check(cancel)
                if ev.blob_sha256 in done_by_sha or any(p[1].blob_sha256 == ev.blob_sha256 for p in pending):
                    while pending and ev.blob_sha256 not in done_by_sha:
                        settle()
                    _collect(out, key, ev, label, *done_by_sha[ev.blob_sha256])
                    finished += 1
                    progress(finished, total, ev.filename)
                    continue
                if session.get(EvidenceBlob, ev.blob_sha256) is None:
                    raise NotFoundError(f"找不到证据内容：{ev.filename}", f"Evidence content not found: {ev.filename}")
                if (ev.mime or "").startswith("image/"):  # read, decrypted, checked and shrunk on a pool thread
                    job = pool.submit(_image_thumbnail, evidence_store.reader(session, ev.blob_sha256))
                else:  # a video or document is listed, not read: its file is there whole (vault check reads it)
                    job = pool.submit(lambda whole: (whole, None), evidence_store.looks_whole(session, ev.blob_sha256))
                pending.append((key, ev, label, job))
                while len(pending) >= IN_FLIGHT:
                    settle()
            while pending:
                check(cancel)
                settle()
        finally:
            for *_, fut in pending:
                fut.cancel()
    return out


def _collect(out: dict[str, list[Thumbnail]], key: str, ev: Evidence, label: str, intact: bool,
             thumb: tuple[bytes, int, int] | None) -> None:
    if not intact:
        raise IntegrityFailure(f"证据文件已损坏（校验值不符）：{ev.filename}",
                               f"An evidence file is damaged (hash mismatch): {ev.filename}")
    if thumb is None:
        return
    jpeg, w, h = thumb
    caption = f"{label} · {ev.caption or ev.filename}"  # says whose it is even when it lands on the next page
    out.setdefault(key, []).append(Thumbnail(jpeg=jpeg, width=w, height=h, caption=caption, filename=ev.filename))
