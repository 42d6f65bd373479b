"""The vocabularies of an inspection, with their Chinese and English labels."""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    """Result of one checklist item, on site or in a self-report."""

    COMPLIANT = "compliant"
    PARTIAL = "partial"
    NON_COMPLIANT = "non_compliant"
    NOT_APPLICABLE = "not_applicable"

    @property
    def zh(self) -> str:
        return {"compliant": "符合", "partial": "部分符合", "non_compliant": "不符合", "not_applicable": "不适用"}[self.value]

    @property
    def en(self) -> str:
        return {"compliant": "Compliant", "partial": "Partly compliant", "non_compliant": "Non-compliant",
                "not_applicable": "Not applicable"}[self.value]


class Severity(StrEnum):
    """Severity of a finding: 一般 / 较大 / 重大隐患."""

    GENERAL = "general"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def zh(self) -> str:
        return {"general": "一般", "major": "较大", "critical": "重大"}[self.value]

    @property
    def en(self) -> str:
        return {"general": "General", "major": "Major", "critical": "Critical"}[self.value]


class FindingStatus(StrEnum):
    """Where a finding stands in the rectification loop (rules in :mod:`inspector.workflow`)."""

    DRAFT = "draft"
    NOTIFIED = "notified"
    RECTIFYING = "rectifying"
    REPORTED = "reported"
    VERIFIED = "verified"
    CLOSED = "closed"
    REOPENED = "reopened"

    @property
    def zh(self) -> str:
        return {"draft": "草稿", "notified": "已通知", "rectifying": "整改中", "reported": "已报整改",
                "verified": "已核验", "closed": "已关闭", "reopened": "已重新打开"}[self.value]

    @property
    def en(self) -> str:
        return self.value.capitalize()


class VersionStatus(StrEnum):
    """A regulation or checklist version: a draft the office edits, published (never changes again), retired."""

    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"

    @property
    def zh(self) -> str:
        return {"draft": "草稿", "published": "已发布", "retired": "已废止"}[self.value]

    @property
    def en(self) -> str:
        return {"draft": "Draft", "published": "Published", "retired": "Retired"}[self.value]


class PlanStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"

    @property
    def zh(self) -> str:
        return {"draft": "草稿", "active": "进行中", "closed": "已结束"}[self.value]

    @property
    def en(self) -> str:
        return {"draft": "Draft", "active": "Active", "closed": "Closed"}[self.value]


class InspectionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"

    @property
    def zh(self) -> str:
        return {"planned": "计划中", "in_progress": "进行中", "completed": "已完成"}[self.value]

    @property
    def en(self) -> str:
        return {"planned": "Planned", "in_progress": "In progress", "completed": "Completed"}[self.value]


class NoticeStatus(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"


class EscalationKind(StrEnum):
    """Art. 33: 失泄密隐患 goes to the secrecy authority; 违法行为 is stopped at once and referred to the police."""

    SECRECY = "secrecy"
    POLICE = "police"

    @property
    def zh(self) -> str:
        return {"secrecy": "失泄密隐患", "police": "违法行为"}[self.value]

    @property
    def en(self) -> str:
        return {"secrecy": "Risk of leaking secrets", "police": "Unlawful conduct"}[self.value]

    @property
    def authority_zh(self) -> str:
        return {"secrecy": "保密主管部门", "police": "公安机关"}[self.value]

    @property
    def authority_en(self) -> str:
        return {"secrecy": "the secrecy authority", "police": "the public security organ"}[self.value]


class EscalationState(StrEnum):
    PENDING = "pending"
    DONE = "done"

    def zh_for(self, kind: "EscalationKind") -> str:
        if self is EscalationState.PENDING:
            return "待报告" if kind is EscalationKind.SECRECY else "待移送"
        return "已报告" if kind is EscalationKind.SECRECY else "已移送"

    def en_for(self, kind: "EscalationKind") -> str:
        if self is EscalationState.PENDING:
            return "To report" if kind is EscalationKind.SECRECY else "To refer"
        return "Reported" if kind is EscalationKind.SECRECY else "Referred"


class TeamRole(StrEnum):
    LEAD = "lead"
    MEMBER = "member"


class Area(StrEnum):
    """A part of the application a write can change (after Anki's ``OpChanges`` flags).

    Every table declares its area on the model (``__area__``, :mod:`inspector.model.tables`);
    a write reports the areas of the rows it touched (:mod:`inspector.changes`), and each
    screen reloads only for the areas it shows.
    """

    DEPARTMENTS = "departments"
    PEOPLE = "people"              # inspectors, teams and their members
    CHECKLISTS = "checklists"
    PLANS = "plans"
    SELF_REPORTS = "self_reports"
    INSPECTIONS = "inspections"
    FINDINGS = "findings"
    EVIDENCE = "evidence"
    NOTICES = "notices"
    REPORTS = "reports"            # the departments' rectification reports
    DOCUMENTS = "documents"        # the register of issued documents
    SETTINGS = "settings"
    SIGNING = "signing"            # signing identities and the trust store
    SYNC = "sync"                  # bundles exchanged, conflicts waiting
    AUDIT = "audit"                # the audit chain itself

    @property
    def zh(self) -> str:
        return {"departments": "被检查单位", "people": "检查人员与检查组", "checklists": "检查表",
                "plans": "检查计划", "self_reports": "自查报告", "inspections": "现场检查", "findings": "问题",
                "evidence": "证据", "notices": "整改通知书", "reports": "整改报告", "documents": "发文登记",
                "settings": "设置", "signing": "签名身份与信任证书", "sync": "同步", "audit": "审计日志"}[self.value]

    @property
    def en(self) -> str:
        return {"departments": "Departments", "people": "Inspectors and teams", "checklists": "Checklists",
                "plans": "Plans", "self_reports": "Self-assessment reports", "inspections": "Inspections",
                "findings": "Findings", "evidence": "Evidence", "notices": "Rectification notices",
                "reports": "Rectification reports", "documents": "Issued documents", "settings": "Settings",
                "signing": "Signing identities and trusted certificates", "sync": "Sync",
                "audit": "Audit log"}[self.value]
