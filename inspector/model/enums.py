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


class TeamRole(StrEnum):
    LEAD = "lead"
    MEMBER = "member"
