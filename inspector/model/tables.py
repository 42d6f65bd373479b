"""The tables of a vault, following the four steps of art. 32.

安排部署 plan → 自查评估 self-report → 实地检查 inspection → 整改提高 rectification.

Besides its columns, every table declares once what a person calls it and which
part of the application it belongs to: ``__label__`` (Chinese, English) and
``__area__`` (:class:`~inspector.model.enums.Area`). :data:`TABLES` collects
them; sync, the change notices of writes and every screen read them from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Optional

from sqlalchemy import JSON, Column, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from inspector.model.base import Record, new_id
from inspector.model.deletions import Destruction, Tombstone
from inspector.model.enums import (
    Area,
    EscalationKind,
    EscalationState,
    FindingStatus,
    InspectionStatus,
    NoticeStatus,
    PlanStatus,
    Severity,
    TeamRole,
    Verdict,
    VersionStatus,
)
from inspector.model.types import EnumText, UTCDateTime, utcnow


def fk(target: str, *, nullable: bool = False, ondelete: str | None = None) -> Column:
    """A foreign-key column to ``target`` (``table.id``)."""
    return Column(String(36), ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


# ---- people and organisations ---------------------------------------------------------


class Department(Record, table=True):
    """被检查单位 — a government department under inspection."""

    __tablename__ = "department"
    __area__ = Area.DEPARTMENTS
    __label__ = ("被检查单位", "Departments")
    name: str = Field(index=True)
    code: str = Field(default="", description="统一社会信用代码 or internal code")
    address: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    notes: str = ""


class Inspector(Record, table=True):
    """An inspector (检查人员) with their enforcement badge number (执法证号)."""

    __tablename__ = "inspector"
    __area__ = Area.PEOPLE
    __label__ = ("检查人员", "Inspectors")
    name: str
    badge_no: str = ""
    organisation: str = ""
    phone: str = ""


class Team(Record, table=True):
    """An inspection team (检查组)."""

    __tablename__ = "team"
    __area__ = Area.PEOPLE
    __label__ = ("检查组", "Teams")
    name: str


class TeamMember(Record, table=True):
    __tablename__ = "team_member"
    __area__ = Area.PEOPLE
    __label__ = ("检查组成员", "Team members")
    __table_args__ = (UniqueConstraint("team_id", "inspector_id"),)
    team_id: str = Field(sa_column=fk("team.id", ondelete="CASCADE"))
    inspector_id: str = Field(sa_column=fk("inspector.id"))
    role: TeamRole = Field(default=TeamRole.MEMBER, sa_type=EnumText(TeamRole))


# ---- the regulation and the checklist, as versions ------------------------------------------


class RegulationVersion(Record, table=True):
    """A version of the regulation the checklist enforces (晋市政办〔2024〕4号 is version 1 of its code): its
    metadata, effective dates and articles. A published version never changes: a change is a new version
    (:mod:`inspector.services.versions`)."""

    __tablename__ = "regulation_version"
    __area__ = Area.CHECKLISTS
    __label__ = ("法规版本", "Regulation versions")
    __table_args__ = (UniqueConstraint("code", "version"),)
    code: str
    version: int
    label: str = ""
    status: VersionStatus = Field(default=VersionStatus.DRAFT, sa_type=EnumText(VersionStatus))
    title: str
    title_en: str = ""
    doc_number: str = ""
    issuer: str = ""
    issuer_en: str = ""
    issued_on: Optional[date] = None
    effective_from: Optional[date] = None
    effective_to: Optional[date] = Field(default=None, description="the last day it is in force; None: open-ended")
    published_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    derived_from_id: Optional[str] = Field(default=None, sa_column=fk("regulation_version.id", nullable=True))
    chapters: list[dict] = Field(default_factory=list, sa_type=JSON, description="number, title, title_en")
    articles: list[dict] = Field(default_factory=list, sa_type=JSON,
                                 description="number, chapter, text, text_en — in number order")


class ChecklistTemplate(Record, table=True):
    """A versioned checklist. A published version never changes: edits make a new version."""

    __tablename__ = "checklist_template"
    __area__ = Area.CHECKLISTS
    __label__ = ("检查表", "Checklists")
    __table_args__ = (UniqueConstraint("code", "version"),)
    code: str
    version: int
    name: str
    name_en: str = ""
    regulation: str = ""
    label: str = ""
    status: VersionStatus = Field(default=VersionStatus.PUBLISHED, sa_type=EnumText(VersionStatus))
    published_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    derived_from_id: Optional[str] = Field(default=None, sa_column=fk("checklist_template.id", nullable=True))
    regulation_version_id: Optional[str] = Field(default=None, sa_column=fk("regulation_version.id", nullable=True),
                                                 description="the regulation version its items cite")
    note: str = Field(default="", description="what changed, in the office's words")


class ChecklistSection(Record, table=True):
    """One of the nine contents of art. 31."""

    __tablename__ = "checklist_section"
    __area__ = Area.CHECKLISTS
    __label__ = ("检查表章节", "Checklist sections")
    __table_args__ = (UniqueConstraint("template_id", "number"),)
    template_id: str = Field(sa_column=fk("checklist_template.id", ondelete="CASCADE"))
    number: int
    clause: str = ""
    title: str
    title_en: str = ""


class ChecklistItem(Record, table=True):
    """A concrete check point, citing the articles it enforces."""

    __tablename__ = "checklist_item"
    __area__ = Area.CHECKLISTS
    __label__ = ("检查项", "Checklist items")
    __table_args__ = (UniqueConstraint("template_id", "code"),)
    template_id: str = Field(sa_column=fk("checklist_template.id", ondelete="CASCADE"))
    section_no: int
    code: str
    position: int
    title: str
    title_en: str = ""
    text: str
    text_en: str = ""
    how_to_check: str = ""
    how_to_check_en: str = ""
    articles: list[int] = Field(default_factory=list, sa_type=JSON)
    default_severity: Severity = Field(default=Severity.GENERAL, sa_type=EnumText(Severity))
    requirement: str = Field(default="", description="整改要求 a finding from this item starts with")
    requirement_en: str = ""


# ---- step 1: 安排部署 plan ---------------------------------------------------------------


class Plan(Record, table=True):
    """An inspection plan (监督检查方案): focus, schedule, team, checklist."""

    __tablename__ = "plan"
    __area__ = Area.PLANS
    __label__ = ("检查计划", "Plans")
    title: str
    year: int
    focus: str = ""
    description: str = ""
    start_on: Optional[date] = None
    end_on: Optional[date] = None
    template_id: str = Field(sa_column=fk("checklist_template.id"))
    team_id: Optional[str] = Field(default=None, sa_column=fk("team.id", nullable=True))
    status: PlanStatus = Field(default=PlanStatus.DRAFT, sa_type=EnumText(PlanStatus))


class PlanTarget(Record, table=True):
    """A department the plan inspects, and when."""

    __tablename__ = "plan_target"
    __area__ = Area.PLANS
    __label__ = ("计划检查单位", "Plan targets")
    __table_args__ = (UniqueConstraint("plan_id", "department_id"),)
    plan_id: str = Field(sa_column=fk("plan.id", ondelete="CASCADE"))
    department_id: str = Field(sa_column=fk("department.id"))
    scheduled_on: Optional[date] = None
    notes: str = ""


# ---- step 2: 自查评估 self-report --------------------------------------------------------


class SelfReport(Record, table=True):
    """A department's self-assessment (自查报告), imported from its form.

    Re-importing keeps history: the new report points at the one it supersedes.
    """

    __tablename__ = "self_report"
    __area__ = Area.SELF_REPORTS
    __label__ = ("自查报告", "Self-assessment reports")
    plan_id: str = Field(sa_column=fk("plan.id"))
    department_id: str = Field(sa_column=fk("department.id"))
    form_id: str = ""
    received_at: datetime = Field(sa_type=UTCDateTime)
    respondent: str = ""
    source_filename: str = ""
    source_sha256: str = ""
    supersedes_id: Optional[str] = Field(default=None, sa_column=fk("self_report.id", nullable=True))
    notes: str = ""


class SelfReportAnswer(Record, table=True):
    __tablename__ = "self_report_answer"
    __area__ = Area.SELF_REPORTS
    __label__ = ("自查答复", "Self-assessment answers")
    __table_args__ = (UniqueConstraint("self_report_id", "item_id"),)
    self_report_id: str = Field(sa_column=fk("self_report.id", ondelete="CASCADE"))
    item_id: str = Field(sa_column=fk("checklist_item.id"))
    answer: Optional[Verdict] = Field(default=None, sa_type=EnumText(Verdict))
    explanation: str = ""
    evidence_list: str = ""


# ---- step 3: 实地检查 on-site inspection -------------------------------------------------


class Inspection(Record, table=True):
    """A visit to one department."""

    __tablename__ = "inspection"
    __area__ = Area.INSPECTIONS
    __label__ = ("现场检查", "Inspections")
    plan_id: Optional[str] = Field(default=None, sa_column=fk("plan.id", nullable=True))
    department_id: str = Field(sa_column=fk("department.id"))
    template_id: str = Field(sa_column=fk("checklist_template.id"))
    status: InspectionStatus = Field(default=InspectionStatus.PLANNED, sa_type=EnumText(InspectionStatus))
    location: str = ""
    started_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    ended_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    summary: str = ""
    department_rep_name: str = ""
    department_rep_title: str = ""
    rep_signature_sha256: Optional[str] = Field(
        default=None, sa_column=Column(String(64), ForeignKey("evidence_blob.sha256"), nullable=True)
    )
    rep_signed_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    rep_signed_digest: Optional[str] = Field(
        default=None, max_length=64,
        description="SHA-256 of what the representative's signature attests (inspector.lifecycle.content_digest)")
    rep_not_signed: str = Field(default="", description="why the representative did not sign: refused | absent")
    rep_not_signed_note: str = ""
    unchecked_items: list[str] = Field(default_factory=list, sa_type=JSON,
                                       description="codes of the items recorded as 未检查 at completion")
    correction_no: int = Field(default=0, description="how many times the completed inspection was reopened")
    corrected_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    correction_reason: str = ""
    # 复查: a re-inspection of the department a rectification notice was issued to (inspector.services.reinspection)
    reinspects_notice_id: Optional[str] = Field(
        default=None, sa_column=fk("rectification_notice.id", nullable=True),
        description="the issued rectification notice this inspection re-inspects (复查); None: a first inspection")
    scope_items: list[str] = Field(default_factory=list, sa_type=JSON,
                                   description="ids of the checklist items a re-inspection checks; empty: all")
    scheduled_on: Optional[date] = Field(default=None, description="the day a re-inspection is planned for")


class InspectionMember(Record, table=True):
    __tablename__ = "inspection_member"
    __area__ = Area.INSPECTIONS
    __label__ = ("现场检查人员", "Inspection members")
    __table_args__ = (UniqueConstraint("inspection_id", "inspector_id"),)
    inspection_id: str = Field(sa_column=fk("inspection.id", ondelete="CASCADE"))
    inspector_id: str = Field(sa_column=fk("inspector.id"))
    role: TeamRole = Field(default=TeamRole.MEMBER, sa_type=EnumText(TeamRole))


class InspectionResult(Record, table=True):
    """The verdict and notes for one checklist item during one inspection."""

    __tablename__ = "inspection_result"
    __area__ = Area.INSPECTIONS
    __label__ = ("检查结果", "Inspection results")
    __table_args__ = (UniqueConstraint("inspection_id", "item_id"),)
    inspection_id: str = Field(sa_column=fk("inspection.id", ondelete="CASCADE"))
    item_id: str = Field(sa_column=fk("checklist_item.id"))
    verdict: Optional[Verdict] = Field(default=None, sa_type=EnumText(Verdict))
    notes: str = ""
    answered_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)


class Finding(Record, table=True):
    """问题 — a problem found, tied to the item and articles it violates."""

    __tablename__ = "finding"
    __area__ = Area.FINDINGS
    __label__ = ("问题", "Findings")
    department_id: str = Field(sa_column=fk("department.id"))
    plan_id: Optional[str] = Field(default=None, sa_column=fk("plan.id", nullable=True))
    inspection_id: Optional[str] = Field(default=None, sa_column=fk("inspection.id", nullable=True))
    item_id: Optional[str] = Field(default=None, sa_column=fk("checklist_item.id", nullable=True))
    title: str
    description: str = ""
    location: str = ""
    articles: list[int] = Field(default_factory=list, sa_type=JSON)
    severity: Severity = Field(default=Severity.GENERAL, sa_type=EnumText(Severity))
    escalate_secrecy: bool = Field(default=False, description="失泄密隐患: report to the secrecy authority (art. 33)")
    escalate_police: bool = Field(default=False, description="违法行为: stop it, refer to the police (art. 33)")
    handling_opinion: str = ""
    rectification_requirement: str = ""
    deadline: Optional[date] = None
    status: FindingStatus = Field(default=FindingStatus.DRAFT, sa_type=EnumText(FindingStatus), index=True)
    status_changed_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    notice_id: Optional[str] = Field(default=None, sa_column=fk("rectification_notice.id", nullable=True))
    verification_note: str = ""


class FindingTransition(Record, table=True):
    """One step of a finding's status history, with who took it and why."""

    __tablename__ = "finding_transition"
    __area__ = Area.FINDINGS
    __label__ = ("问题状态记录", "Finding status changes")
    finding_id: str = Field(sa_column=fk("finding.id", ondelete="CASCADE"))
    from_status: FindingStatus = Field(sa_type=EnumText(FindingStatus))
    to_status: FindingStatus = Field(sa_type=EnumText(FindingStatus))
    at: datetime = Field(sa_type=UTCDateTime)
    actor: str = ""
    reason: str = ""


# ---- evidence ----------------------------------------------------------------------------


class EvidenceBlob(SQLModel, table=True):
    """Content of an evidence file, addressed by its SHA-256: the file itself is in the evidence store, encrypted
    under ``file_key`` (:mod:`inspector.evidence_store`); ``data`` holds the content only in a vault from before
    the store, until it is moved out on opening."""

    __tablename__ = "evidence_blob"
    __area__ = Area.EVIDENCE
    __label__ = ("证据文件", "Evidence files")
    sha256: str = Field(primary_key=True, max_length=64)
    size: int
    data: Optional[bytes] = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    created_at: datetime = Field(sa_type=UTCDateTime)
    cipher: str = Field(default="", max_length=16)
    file_key: Optional[bytes] = Field(default=None, sa_column=Column(LargeBinary, nullable=True))


class Evidence(Record, table=True):
    """An evidence file attached to an inspection result, finding, self-report answer or report item."""

    __tablename__ = "evidence"
    __area__ = Area.EVIDENCE
    __label__ = ("证据", "Evidence")
    blob_sha256: str = Field(sa_column=Column(String(64), ForeignKey("evidence_blob.sha256"), nullable=False, index=True))
    owner_type: str = Field(index=True)
    owner_id: str = Field(index=True, max_length=36)
    filename: str
    mime: str = "application/octet-stream"
    size: int
    caption: str = ""
    captured_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)


class Escalation(Record, table=True):
    """Art. 33: a leak risk reported to the secrecy authority, an unlawful act referred to the police."""

    __tablename__ = "escalation"
    __area__ = Area.FINDINGS
    __label__ = ("上报移送", "Escalations")
    __table_args__ = (UniqueConstraint("finding_id", "kind"),)
    finding_id: str = Field(sa_column=fk("finding.id", ondelete="CASCADE"))
    kind: EscalationKind = Field(sa_type=EnumText(EscalationKind))
    state: EscalationState = Field(default=EscalationState.PENDING, sa_type=EnumText(EscalationState))
    authority: str = ""
    done_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    done_by: str = ""
    reference: str = ""
    note: str = ""


# ---- step 4: 整改提高 rectification -------------------------------------------------------


class RectificationNotice(Record, table=True):
    """整改通知书 — numbered without gaps per year once issued."""

    __tablename__ = "rectification_notice"
    __area__ = Area.NOTICES
    __label__ = ("整改通知书", "Rectification notices")
    __table_args__ = (UniqueConstraint("year", "serial"),)
    number: str = ""
    year: int
    serial: Optional[int] = None
    plan_id: Optional[str] = Field(default=None, sa_column=fk("plan.id", nullable=True))
    department_id: str = Field(sa_column=fk("department.id"))
    status: NoticeStatus = Field(default=NoticeStatus.DRAFT, sa_type=EnumText(NoticeStatus))
    issued_on: Optional[date] = None
    deadline: Optional[date] = None
    file_sha256: str = ""
    content: dict = Field(default_factory=dict, sa_type=JSON,
                          description="what the notice says, frozen when it is issued (re-exports print this)")
    content_sha256: str = ""
    corrects_id: Optional[str] = Field(default=None, sa_column=fk("rectification_notice.id", nullable=True))
    correction_reason: str = ""
    changes: list[dict] = Field(default_factory=list, sa_type=JSON,
                                description="a 更正通知's changes: finding_id, field, old, new")
    colophon: dict = Field(default_factory=dict, sa_type=JSON,
                           description="版记 and 附注 of this notice: cc (list), printer, contact, phone")


class NoticeFinding(Record, table=True):
    __tablename__ = "notice_finding"
    __area__ = Area.NOTICES
    __label__ = ("通知书所列问题", "Findings of notices")
    __table_args__ = (UniqueConstraint("notice_id", "finding_id"),)
    notice_id: str = Field(sa_column=fk("rectification_notice.id", ondelete="CASCADE"))
    finding_id: str = Field(sa_column=fk("finding.id"))


class RectificationReport(Record, table=True):
    """整改情况 — a department's report on the rectification, imported from its form."""

    __tablename__ = "rectification_report"
    __area__ = Area.REPORTS
    __label__ = ("整改报告", "Rectification reports")
    notice_id: str = Field(sa_column=fk("rectification_notice.id"))
    department_id: str = Field(sa_column=fk("department.id"))
    form_id: str = ""
    received_at: datetime = Field(sa_type=UTCDateTime)
    source_filename: str = ""
    source_sha256: str = ""
    supersedes_id: Optional[str] = Field(default=None, sa_column=fk("rectification_report.id", nullable=True))


class RectificationItem(Record, table=True):
    __tablename__ = "rectification_item"
    __area__ = Area.REPORTS
    __label__ = ("整改情况", "Rectification items")
    __table_args__ = (UniqueConstraint("report_id", "finding_id"),)
    report_id: str = Field(sa_column=fk("rectification_report.id", ondelete="CASCADE"))
    finding_id: str = Field(sa_column=fk("finding.id"))
    measures: str = ""
    completed_on: Optional[date] = None
    evidence_list: str = ""


class Letter(Record, table=True):
    """公文 other than the notice and the record (检查通知, 整改复查意见书, 督办通知, art. 33 letters).

    Numbered from the same 发文 register as the notices (one series per year); what it says (``content``, a
    :data:`~inspector.services.letter_spec.LetterContent`) is frozen when it is issued.
    """

    __tablename__ = "letter"
    __area__ = Area.NOTICES
    __label__ = ("公文", "Letters")
    __table_args__ = (UniqueConstraint("year", "serial"),)
    kind: str = Field(max_length=32)
    status: NoticeStatus = Field(default=NoticeStatus.DRAFT, sa_type=EnumText(NoticeStatus))
    year: int
    serial: Optional[int] = None
    number: str = ""
    plan_id: Optional[str] = Field(default=None, sa_column=fk("plan.id", nullable=True))
    department_id: Optional[str] = Field(default=None, sa_column=fk("department.id", nullable=True))
    notice_id: Optional[str] = Field(default=None, sa_column=fk("rectification_notice.id", nullable=True))
    issued_on: Optional[date] = None
    fields: dict = Field(default_factory=dict, sa_type=JSON, description="the office's inputs (the kind's fields)")
    colophon: dict = Field(default_factory=dict, sa_type=JSON,
                           description="版记 and 附注: cc (list), printer, contact, phone")
    content: dict = Field(default_factory=dict, sa_type=JSON,
                          description="what the letter says, frozen when it is issued (re-exports print this)")
    content_sha256: str = ""
    file_sha256: str = ""


class IssuedDocument(Record, table=True):
    """The hash of every document Inspector issued, to recognise it when it comes back."""

    __tablename__ = "issued_document"
    __area__ = Area.DOCUMENTS
    __label__ = ("发文登记", "Issued documents")
    kind: str
    ref_id: str = Field(max_length=36, index=True)
    filename: str = ""
    sha256: str = Field(index=True, max_length=64)
    superseded_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    superseded_by: str = Field(default="", description="what replaced it: a 更正通知's number, a 更正版 record")


# ---- vault bookkeeping (not synchronised) --------------------------------------------------


class VaultMeta(SQLModel, table=True):
    """Key/value settings of this vault: its id, this device's id, the audit hash algorithm."""

    __tablename__ = "vault_meta"
    __area__ = Area.SETTINGS
    __label__ = ("保险库设置", "Vault settings")
    key: str = Field(primary_key=True)
    value: str


class AuditEvent(SQLModel, table=True):
    """One link of the tamper-evident audit chain (art. 17, art. 29). Append-only."""

    __tablename__ = "audit_event"
    __area__ = Area.AUDIT
    __label__ = ("审计事件", "Audit events")
    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    ts: str
    actor: str
    device_id: str
    action: str
    object_type: str
    object_id: str
    digest: str
    prev_hash: str
    hash: str = Field(unique=True)


class AuditHead(SQLModel, table=True):
    """The newest link, kept beside the chain so a truncated tail is noticed."""

    __tablename__ = "audit_head"
    __area__ = Area.AUDIT
    __label__ = ("审计链头", "Audit chain head")
    id: int = Field(default=1, primary_key=True)
    seq: int
    hash: str


class SigningIdentity(SQLModel, table=True):
    """A key and certificate this vault signs documents with; local to this vault, never synchronised.

    The private key (PKCS#8 DER) exists only here, inside the encrypted database;
    the audit chain records only its length.
    """

    __tablename__ = "signing_identity"
    __area__ = Area.SIGNING
    __label__ = ("签名身份", "Signing identities")
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    inspector_id: Optional[str] = Field(default=None, sa_column=fk("inspector.id", nullable=True))
    name: str
    """The signer's display name: the certificate's common name."""
    subject: str
    """The certificate's subject, RFC 4514."""
    fingerprint: str = Field(unique=True, max_length=64)
    """SHA-256 of the certificate DER, lower-case hex."""
    cert_der: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    chain_pem: str = ""
    """The issuing CAs' certificates (PEM, concatenated), for an identity imported from PKCS#12."""
    key_der: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    source: str = "created"
    """``created`` (made by Inspector, self-signed) or ``pkcs12`` (imported)."""
    not_before: datetime = Field(sa_type=UTCDateTime)
    not_after: datetime = Field(sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class TrustedCertificate(SQLModel, table=True):
    """A certificate whose signatures this vault trusts (a colleague's, or the bureau's CA)."""

    __tablename__ = "trusted_certificate"
    __area__ = Area.SIGNING
    __label__ = ("信任证书", "Trusted certificates")
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    fingerprint: str = Field(unique=True, max_length=64)
    subject: str
    label: str = ""
    cert_der: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    is_ca: bool = False
    added_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class SyncBundle(SQLModel, table=True):
    """A sync bundle this vault made (``out``) or applied (``in``); local, never synchronised.

    ``in`` rows make a second import of the same bundle a no-op and keep each
    sender's audit checkpoint, so a later bundle whose history was rewound or
    rewritten is flagged. ``out`` rows remember ``local_seq`` (this vault's audit
    head when the bundle was made), the base of the next ``--since-last`` export.
    """

    __tablename__ = "sync_bundle"
    __area__ = Area.SYNC
    __label__ = ("交换文件记录", "Bundles exchanged")
    id: str = Field(primary_key=True, max_length=36)
    """The bundle id from its manifest."""
    direction: str
    sender_name: str = ""
    sender_fingerprint: str = Field(default="", max_length=64)
    sender_vault_id: str = Field(default="", max_length=36, index=True)
    recipients: list[str] = Field(default_factory=list, sa_type=JSON)
    """Fingerprints of the recipients' certificates."""
    scope: str = ""
    since_seq: int = 0
    """For ``out``: the audit sequence the bundle's changes start after (0 for everything)."""
    local_seq: int = 0
    checkpoint_seq: int = 0
    checkpoint_hash: str = ""
    created_at: datetime = Field(sa_type=UTCDateTime)
    """When the sender made the bundle (from its manifest)."""
    processed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    filename: str = ""
    sha256: str = Field(default="", max_length=64)
    counts: dict[str, int] = Field(default_factory=dict, sa_type=JSON)
    flags: list[str] = Field(default_factory=list, sa_type=JSON)
    """Warnings raised on import (e.g. the sender's history was rewritten), each "Chinese / English"."""
    acknowledged_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    """For ``out``: when the office hub's acknowledgement said it holds this bundle (:mod:`inspector.sync.acks`)."""


class SyncConflict(SQLModel, table=True):
    """A record changed on both sides since they last agreed: the local version stays, the incoming waits here.

    ``kind`` is ``concurrent`` (same id, both changed), ``duplicate`` (a new
    record whose natural key, e.g. the same checklist item of the same
    inspection, already exists here under another id), ``frozen`` (it would
    change what this vault completed or issued) or ``signed`` (it would void a
    signature that holds here); see ``inspector/sync/frozen.py``.
    """

    __tablename__ = "sync_conflict"
    __area__ = Area.SYNC
    __label__ = ("同步冲突", "Sync conflicts")
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    table_name: str
    record_id: str = Field(max_length=36, index=True)
    """The local record the conflict is about."""
    kind: str = "concurrent"
    incoming: dict = Field(default_factory=dict, sa_type=JSON)
    bundle_id: str = Field(max_length=36)
    sender_name: str = ""
    detected_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    resolved_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    resolution: str = ""
    """``local`` or ``incoming`` once resolved."""


SYNCED_TABLES = [
    Department, Inspector, Team, TeamMember, RegulationVersion, ChecklistTemplate, ChecklistSection, ChecklistItem,
    Plan, PlanTarget, SelfReport, SelfReportAnswer, Inspection, InspectionMember, InspectionResult,
    Finding, FindingTransition, Escalation, Evidence, RectificationNotice, NoticeFinding, RectificationReport,
    RectificationItem, Letter, IssuedDocument, Destruction, Tombstone,
]
"""In the order a bundle carries them: what a record refers to before it; a destruction before the deletions it
made, so the content it destroys is gone before a deletion of it could become a conflict."""


@dataclass(frozen=True)
class TableFacts:
    """What the application knows of a table besides its columns."""

    name: str
    model: type[SQLModel]
    area: Area
    zh: str
    en: str


TABLES: dict[str, TableFacts] = {
    m.__tablename__: TableFacts(m.__tablename__, m, m.__area__, *m.__label__)
    for m in (*SYNCED_TABLES, EvidenceBlob, VaultMeta, AuditEvent, AuditHead, SigningIdentity,
              TrustedCertificate, SyncBundle, SyncConflict)
}
"""Every table of a vault by name (a test checks none is missing)."""
