"""The data model: every table of a vault and the vocabularies they use."""

from inspector.model.base import Record, new_id
from inspector.model.enums import (
    FindingStatus,
    InspectionStatus,
    NoticeStatus,
    PlanStatus,
    Severity,
    TeamRole,
    Verdict,
)
from inspector.model.tables import (
    SYNCED_TABLES,
    AuditEvent,
    AuditHead,
    ChecklistItem,
    ChecklistSection,
    ChecklistTemplate,
    Department,
    Evidence,
    EvidenceBlob,
    Finding,
    FindingTransition,
    Inspection,
    InspectionMember,
    InspectionResult,
    Inspector,
    IssuedDocument,
    NoticeFinding,
    Plan,
    PlanTarget,
    RectificationItem,
    RectificationNotice,
    RectificationReport,
    SelfReport,
    SelfReportAnswer,
    SigningIdentity,
    SyncBundle,
    SyncConflict,
    Team,
    TeamMember,
    TrustedCertificate,
    VaultMeta,
)
from inspector.model.types import utcnow

__all__ = [
    "Record", "new_id", "utcnow", "SYNCED_TABLES",
    "FindingStatus", "InspectionStatus", "NoticeStatus", "PlanStatus", "Severity", "TeamRole", "Verdict",
    "Department", "Inspector", "Team", "TeamMember", "ChecklistTemplate", "ChecklistSection",
    "ChecklistItem", "Plan", "PlanTarget", "SelfReport", "SelfReportAnswer", "Inspection",
    "InspectionMember", "InspectionResult", "Finding", "FindingTransition", "EvidenceBlob", "Evidence",
    "RectificationNotice", "NoticeFinding", "RectificationReport", "RectificationItem", "IssuedDocument",
    "VaultMeta", "AuditEvent", "AuditHead", "SigningIdentity", "TrustedCertificate",
    "SyncBundle", "SyncConflict",
]
