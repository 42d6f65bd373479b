"""Deletions that travel (tombstones) and destruction with approval (art. 29: 审批、记录、备案).

Kept apart from :mod:`inspector.model.tables` (which lists them among the synchronised tables): both are records
about records that are gone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import JSON
from sqlmodel import Field

from inspector.model.base import Record
from inspector.model.enums import Area
from inspector.model.types import UTCDateTime


class Tombstone(Record, table=True):
    """A synchronised record that was deleted: its id is the deleted record's, so a bundle carrying the record
    again finds it and the record is not brought back (:mod:`inspector.tombstones`)."""

    __tablename__ = "tombstone"
    __area__ = Area.SYNC
    __label__ = ("删除记录", "Deletions")
    table_name: str = Field(max_length=64)
    title: str = ""
    """What a person called the record (a finding's title, a file's name), for the lists that show deletions."""
    reason: str = ""
    deleted_by: str = ""
    record_vv: dict[str, int] = Field(default_factory=dict, sa_type=JSON)
    """The deleted record's version vector when it was deleted: a later change of it elsewhere is newer."""


class Destruction(Record, table=True):
    """A destruction of evidence (art. 29): requested with a reason and legal basis, approved by a second person
    with a signing identity, then carried out by crypto-shredding; the record stays and travels
    (:mod:`inspector.services.destruction`)."""

    __tablename__ = "destruction"
    __area__ = Area.EVIDENCE
    __label__ = ("销毁记录", "Destructions")
    status: str = Field(default="requested", max_length=16, index=True)
    """``requested``, ``rejected`` or ``destroyed``."""
    items: list = Field(default_factory=list, sa_type=JSON)
    """What is (to be) destroyed: one entry per evidence content: sha256, size, file names, what it belonged to."""
    reason: str = ""
    legal_basis: str = ""
    requested_by: str = ""
    requested_fingerprint: str = Field(default="", max_length=64)
    """The requester's signing identity, when the vault has one: the approver must be someone else."""
    requested_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    decided_by: str = ""
    """The approver's (or rejecter's) name as their signing certificate states it."""
    decided_fingerprint: str = Field(default="", max_length=64)
    decided_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    decision_note: str = ""
    approval_cms: str = ""
    """The approver's detached CMS signature (base64) over the request as approved (:func:`approval_text`)."""
    destroyed_at: Optional[datetime] = Field(default=None, sa_type=UTCDateTime)
    destroyed_device: str = Field(default="", max_length=36)
