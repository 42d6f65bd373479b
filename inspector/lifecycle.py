"""What may change when: the rules that keep an official record what it was when it was signed or issued.

::

    in progress ──sign──► signed ──complete──► completed ──reopen (reason)──► in progress (更正版 next)
        ▲                   │
        └── a change voids ─┘   (only after the user confirmed: "修改将使 陈静 于 15:19 的签字失效")

* **A signature binds content.** The representative's signature is bound to
  :func:`content_digest`: the verdicts and notes, the summary, the findings as the
  record prints them (:data:`RECORD_FIELDS`) and the hashes and captions of every evidence file.
  A change after signing is refused with :class:`SignatureWouldVoid` unless the
  caller passes ``void_signature=True`` (the user confirmed); then the signature is
  voided and an ``inspection.signature_voided`` event goes into the audit chain.
* **Completing freezes the inspection**: nothing of it changes (:class:`FrozenError`)
  until it is reopened with a reason.
* **Issuing freezes the notice**: the fields of its findings that the notice states
  (:data:`NOTICE_FIELDS`) no longer change; a 更正通知 with its own number is the
  only way to correct them. Status steps go on as before.
* **Art. 33**: a finding with a leak risk or an unlawful act is never below
  :data:`MIN_ESCALATED` severity.

Every writer (services, the command line, sync, documents) asks here; the UI only asks the services.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, Iterable

from sqlmodel import Session, select

from inspector import audit
from inspector.errors import BadInputError
from inspector.model import (
    ChecklistItem,
    Evidence,
    Finding,
    Inspection,
    InspectionResult,
    InspectionStatus,
    IssuedDocument,
    NoticeStatus,
    RectificationNotice,
    Severity,
)
from inspector.model.types import utcnow

RECORD_FIELDS = ("title", "description", "location", "articles", "severity", "escalate_secrecy",
                 "escalate_police", "handling_opinion")
"""A finding's fields the on-site record prints and the representative's signature attests."""

NOTICE_FIELDS = ("title", "description", "articles", "severity", "escalate_secrecy", "escalate_police",
                 "handling_opinion", "rectification_requirement", "deadline")
"""A finding's fields an issued notice states: frozen once the notice is issued."""

CORRECTABLE_FIELDS = ("rectification_requirement", "deadline")
"""What a 更正通知 may correct: what the office decided. What the inspection found (:data:`RECORD_FIELDS`) is
attested by the on-site record and the representative's signature, and an escalation has its own record."""

FIELD_LABELS = {
    "title": ("问题", "Finding"), "description": ("问题描述", "Description"), "location": ("位置", "Location"),
    "articles": ("违反条款", "Articles"), "severity": ("严重程度", "Severity"),
    "escalate_secrecy": ("失泄密隐患", "Risk of leaking secrets"), "escalate_police": ("违法行为", "Unlawful conduct"),
    "handling_opinion": ("处理意见", "Handling opinion"),
    "rectification_requirement": ("整改要求", "Rectification requirement"), "deadline": ("整改期限", "Deadline"),
}

MIN_ESCALATED = Severity.MAJOR
"""Art. 33: a leak risk or an unlawful act is at least 较大."""

_SEVERITY_RANK = {Severity.GENERAL: 0, Severity.MAJOR: 1, Severity.CRITICAL: 2}

NOT_SIGNED_REASONS = {"refused": ("拒绝签字", "refused to sign"), "absent": ("不在场", "not present")}
"""Why a completed inspection carries no representative's signature."""

RESULT_OWNER = "inspection_result"


class FrozenError(BadInputError):
    """A change to something signed, completed or issued: refused, nothing changed.

    The message says what froze it and what to do instead."""


class SignatureWouldVoid(BadInputError):
    """A change that would void the representative's signature; retry with ``void_signature=True`` once the
    user has confirmed. ``signer`` and ``signed_at`` say whose signature, for the question."""

    def __init__(self, signer: str, signed_at: datetime | None) -> None:
        when = _when(signed_at)
        super().__init__(f"修改将使 {signer} 于 {when} 的签字失效，需要重新签字。",
                         f"This change voids the signature {signer} gave at {when}; they will need to sign again.")
        self.signer = signer
        self.signed_at = signed_at


class UnansweredItems(BadInputError):
    """Completing with items that have no verdict: the caller must choose to record them as 未检查."""

    def __init__(self, codes: list[str]) -> None:
        shown = "、".join(codes[:10]) + (f" 等 {len(codes)} 项" if len(codes) > 10 else "")
        super().__init__(f"还有 {len(codes)} 个检查项没有结论（{shown}）。请逐项检查，或确认将其记为“未检查”。",
                         f"{len(codes)} items have no verdict ({', '.join(codes[:10])}"
                         f"{', …' if len(codes) > 10 else ''}). Check them, or confirm recording them as "
                         "not checked.")
        self.codes = codes


def _when(at: datetime | None) -> str:
    if at is None:
        return "—"
    from inspector.documents.layout import CHINA_TZ  # no Qt, no ReportLab at import time of this module

    local = at.astimezone(CHINA_TZ)
    today = utcnow().astimezone(CHINA_TZ).date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%Y-%m-%d %H:%M")


# ---- what a signature attests ------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


def content_digest(session: Session, inspection_id: str) -> str:
    """SHA-256 of what the record states: verdicts, notes, summary, findings (:data:`RECORD_FIELDS`) and the
    hash (and caption) of every evidence file of its results, its findings and itself."""
    insp = session.get(Inspection, inspection_id)
    codes = dict(session.exec(select(ChecklistItem.id, ChecklistItem.code)
                              .where(ChecklistItem.template_id == insp.template_id)).all())
    results = session.exec(select(InspectionResult).where(InspectionResult.inspection_id == inspection_id)).all()
    findings = session.exec(select(Finding).where(Finding.inspection_id == inspection_id)).all()
    owners = {(RESULT_OWNER, r.id): codes.get(r.item_id, r.item_id) for r in results}
    owners.update({("finding", f.id): f.id for f in findings})
    owners[("inspection", inspection_id)] = inspection_id
    files = []
    for owner_type in ("inspection_result", "finding", "inspection"):
        ids = [oid for (t, oid) in owners if t == owner_type]
        for chunk in _chunks(ids, 500):
            for ev in session.exec(select(Evidence).where(Evidence.owner_type == owner_type,
                                                          Evidence.owner_id.in_(chunk))).all():
                # a caption is printed under its photo; an empty one adds nothing (digests made before captions
                # could be given stay the same)
                files.append([owner_type, owners[(owner_type, ev.owner_id)], ev.blob_sha256,
                              *([ev.caption] if ev.caption else [])])
    content = {
        "summary": insp.summary,
        "results": sorted([codes.get(r.item_id, r.item_id), _plain(r.verdict), r.notes] for r in results
                          if r.verdict is not None or r.notes),
        "findings": sorted([f.id, *[_plain(getattr(f, k)) for k in RECORD_FIELDS]] for f in findings),
        "evidence": sorted(files),
    }
    return hashlib.sha256(audit.canonical(content)).hexdigest()


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def signature_holds(session: Session, insp: Inspection) -> bool:
    """Whether the representative's signature attests the content as it is now.

    A signature given before signatures were bound to content (no digest) is taken as it is."""
    if not insp.rep_signature_sha256:
        return False
    return insp.rep_signed_digest is None or insp.rep_signed_digest == content_digest(session, insp.id)


def void_signature(session: Session, insp: Inspection, why: str = "content changed") -> None:
    """Withdraw the representative's signature, with an audit event naming whose and when."""
    if not insp.rep_signature_sha256:
        return
    audit.record(session, "inspection.signature_voided", "inspection", insp.id, {
        "signer": insp.department_rep_name, "signed_at": _plain(insp.rep_signed_at),
        "signature_sha256": insp.rep_signature_sha256, "digest": insp.rep_signed_digest, "why": why})
    insp.rep_signature_sha256 = None
    insp.rep_signed_at = None
    insp.rep_signed_digest = None
    session.flush()


# ---- the guards every writer calls --------------------------------------------------------------


def completed_error() -> FrozenError:
    return FrozenError("检查已完成，检查记录不能再修改。如需更正，请先“重新打开”该检查并说明原因。",
                       "The inspection is completed; its record can no longer change. To correct it, reopen "
                       "the inspection with a reason first.")


def guard_inspection(session: Session, insp: Inspection, *, void_signature_ok: bool = False) -> None:
    """Before a change to what the record states: refused once completed; while signed, refused until the user
    confirmed (``void_signature_ok``), then the signature is voided."""
    if InspectionStatus(insp.status) is InspectionStatus.COMPLETED:
        raise completed_error()
    if insp.rep_signature_sha256:
        if not void_signature_ok:
            raise SignatureWouldVoid(insp.department_rep_name or "单位代表", insp.rep_signed_at)
        void_signature(session, insp)


def freezing_notice(session: Session, finding: Finding) -> RectificationNotice | None:
    """The issued notice that states ``finding`` (None while it is in none)."""
    if not finding.notice_id:
        return None
    notice = session.get(RectificationNotice, finding.notice_id)
    if notice is None or NoticeStatus(notice.status) is not NoticeStatus.ISSUED:
        return None
    return notice


def notice_frozen_error(notice: RectificationNotice) -> FrozenError:
    return FrozenError(f"该问题已列入已签发的整改通知书 {notice.number}，通知书所载内容不能再修改。"
                       "如需更正，请起草更正通知。",
                       f"This finding is stated in the issued notice {notice.number}; what the notice states can "
                       "no longer change. To correct it, draft a correction notice.")


def guard_finding(session: Session, finding: Finding, changed: Iterable[str], *,
                  void_signature_ok: bool = False) -> None:
    """Before changing ``changed`` fields of ``finding``: the issued notice and the inspection record decide."""
    changed = set(changed)
    notice = freezing_notice(session, finding)
    if notice is not None and changed & set(NOTICE_FIELDS):
        raise notice_frozen_error(notice)
    if finding.inspection_id and changed & set(RECORD_FIELDS):
        insp = session.get(Inspection, finding.inspection_id)
        if insp is not None:
            guard_inspection(session, insp, void_signature_ok=void_signature_ok)


def guard_finding_evidence(session: Session, finding: Finding, *, void_signature_ok: bool = False) -> None:
    """Before adding or removing a finding's file (the record lists every file with its hash)."""
    if finding.inspection_id:
        insp = session.get(Inspection, finding.inspection_id)
        if insp is not None:
            guard_inspection(session, insp, void_signature_ok=void_signature_ok)


def below_escalated(severity: Severity) -> bool:
    return _SEVERITY_RANK[Severity(severity)] < _SEVERITY_RANK[MIN_ESCALATED]


def check_escalated_severity(values: dict[str, Any], *, explicit: bool) -> dict[str, Any]:
    """Art. 33: an escalated finding is at least 较大. Raised silently when the flag was just set; refused when
    the severity itself was set lower (``explicit``). Returns the severity change to apply, if any."""
    escalated = values.get("escalate_secrecy") or values.get("escalate_police")
    if not escalated or not below_escalated(values["severity"]):
        return {}
    if explicit:
        raise BadInputError(f"涉及失泄密隐患或违法行为的问题，严重程度不能低于“{MIN_ESCALATED.zh}”（第三十三条）。",
                            f"A finding with a leak risk or an unlawful act cannot be below "
                            f"{MIN_ESCALATED.en} (art. 33).")
    return {"severity": MIN_ESCALATED}


# ---- the register: what replaced an issued document ---------------------------------------------


def corrected_version_label(correction_no: int) -> str:
    """How the register names the record that replaces earlier exports after a reopen."""
    return f"更正版（第 {correction_no} 次更正）"


def supersede_own_documents(session: Session, kind: str, ref_id: str, by: str,
                            at: datetime | None = None) -> list[IssuedDocument]:
    """Mark this vault's own register entries of ``ref_id`` (kind ``record`` or ``notice``) replaced by ``by``.

    Only this vault's: another vault's entries are its own to mark (a changed one would make it refuse its next
    bundle), and it marks them when the reopen or the correction reaches it. ``at``: when (now if None, else the
    time of the change that replaced them). Returns the rows marked."""
    now = at or utcnow()
    rows = list(session.exec(select(IssuedDocument).where(
        IssuedDocument.kind == kind, IssuedDocument.ref_id == ref_id, IssuedDocument.superseded_at.is_(None),
        IssuedDocument.origin_device == session.info["audit"].device_id)).all())
    for doc in rows:
        doc.superseded_at, doc.superseded_by = now, by
    return rows  # the caller flushes (sync first keeps the rows' bookkeeping in the same change)
