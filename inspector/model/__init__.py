"""The data model: every table of a vault and the vocabularies they use."""

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
from inspector.model.tables import (
    SYNCED_TABLES,
    TABLES,
    AuditEvent,
    AuditHead,
    ChecklistItem,
    ChecklistSection,
    ChecklistTemplate,
    Department,
    Escalation,
    Evidence,
    EvidenceBlob,
    Finding,
    FindingTransition,
    Inspection,
    InspectionMember,
    InspectionResult,
    Inspector,
    IssuedDocument,
    Letter,
    NoticeFinding,
    Plan,
    PlanTarget,
    RectificationItem,
    RectificationNotice,
    RectificationReport,
    RegulationVersion,
    SelfReport,
    SelfReportAnswer,
    SigningIdentity,
    SyncBundle,
    SyncConflict,
    Team,
    TeamMember,
    TableFacts,
    TrustedCertificate,
    VaultMeta,
)
from inspector.model.types import utcnow


def referring_columns(table: str) -> list:
    """(table, column) of every foreign key of the schema that points at ``table``: what may still refer to a row
    of it (a deletion checks them; an evidence file's content stays while one of them names it)."""
    from sqlmodel import SQLModel

    return [(other, column) for other in SQLModel.metadata.sorted_tables for column in other.columns
            if any(fk.column.table.name == table for fk in column.foreign_keys)]

__all__ = [
    "Record", "new_id", "utcnow", "SYNCED_TABLES", "TABLES", "TableFacts", "Area",
    "FindingStatus", "InspectionStatus", "NoticeStatus", "PlanStatus", "Severity", "TeamRole", "Verdict", "VersionStatus", "RegulationVersion",
    "Department", "Inspector", "Team", "TeamMember", "ChecklistTemplate", "ChecklistSection",
    "ChecklistItem", "Plan", "PlanTarget", "SelfReport", "SelfReportAnswer", "Inspection",
    "InspectionMember", "InspectionResult", "Finding", "FindingTransition", "EvidenceBlob", "Evidence",
    "RectificationNotice", "NoticeFinding", "RectificationReport", "RectificationItem", "IssuedDocument", "Letter",
    "VaultMeta", "AuditEvent", "AuditHead", "SigningIdentity", "TrustedCertificate",
    "SyncBundle", "SyncConflict", "Escalation", "EscalationKind", "EscalationState", "Tombstone", "Destruction",
    "referring_columns",
]
