"""Every team member present signs the exported on-site record, each with their own signing identity.

The record has one signature box per member (``inspector-<inspector id>``,
:mod:`inspector.documents.record_parts`). :func:`record_signatures` says, for a
written record file, who of the inspection's team has signed it and who still
can (a currently valid identity of theirs is in this vault);
:func:`sign_record_as` adds one member's signature to the file, in place, as
``inspector sign`` does (:func:`inspector.services.exports.countersign`: an
incremental update, earlier signatures stay valid, the new file's hash is
registered). The file must be this inspection's record as this vault
registered it, so nobody signs a file changed since.

An identity's private key is kept inside the encrypted vault and needs no
further passphrase; who may use which identity is the vault's owner's word,
as on the command line (``inspector identity create --inspector ID``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from inspector.errors import BadInputError, NotFoundError, unreadable
from inspector.model import (
    Inspection,
    InspectionMember,
    Inspector,
    IssuedDocument,
    TeamRole,
)
from inspector.progress import CancelToken, ProgressFn, no_progress
from inspector.signing.identity import member_identity
from inspector.signing.pades import INSPECTOR_FIELD_PREFIX, empty_signature_fields
from inspector.vault import Vault


@dataclass(frozen=True)
class MemberSignature:
    """One team member and their box in a record file."""

    inspector_id: str
    name: str
    lead: bool
    signed: bool
    """Their box in the file holds a signature."""
    identity_id: str | None
    """Their newest currently valid signing identity in this vault (None: they cannot sign here yet)."""
    fingerprint: str = ""

    @property
    def can_sign(self) -> bool:
        return not self.signed and self.identity_id is not None


def _members(session: Session, inspection_id: str) -> list[tuple[InspectionMember, Inspector]]:
    if session.get(Inspection, inspection_id) is None:
        raise NotFoundError(f"找不到现场检查：{inspection_id}", f"No such inspection: {inspection_id}")
    rows = session.exec(select(InspectionMember, Inspector).join(Inspector, Inspector.id == InspectionMember.inspector_id)
                        .where(InspectionMember.inspection_id == inspection_id)).all()
    return sorted(rows, key=lambda mi: (TeamRole(mi[0].role) is not TeamRole.LEAD, mi[1].name))


def _check_record_file(session: Session, inspection_id: str, pdf: bytes) -> None:
    digest = hashlib.sha256(pdf).hexdigest()
    known = session.exec(select(IssuedDocument).where(IssuedDocument.sha256 == digest)).first()
    if known is None or known.kind != "record" or known.ref_id != inspection_id:
        raise BadInputError("该文件不是本保险库为这次检查导出的检查记录（可能已在别处被修改）；请重新导出检查记录后再签名。",
                            "This file is not the record of this inspection as this vault exported it (it may have "
                            "been changed elsewhere); export the record again, then sign it.")


def record_signatures(session: Session, inspection_id: str, pdf: bytes) -> list[MemberSignature]:
    """The inspection's team (the lead first) and, for each, whether the record file holds their signature."""
    _check_record_file(session, inspection_id, pdf)
    free = set(empty_signature_fields(pdf))
    out = []
    for member, person in _members(session, inspection_id):
        identity = member_identity(session, person.id)
        out.append(MemberSignature(
            inspector_id=person.id, name=person.name, lead=TeamRole(member.role) is TeamRole.LEAD,
            signed=f"{INSPECTOR_FIELD_PREFIX}{person.id}" not in free,
            identity_id=identity.id if identity else None, fingerprint=identity.fingerprint if identity else ""))
    return out


def read_record(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise unreadable(path, exc) from None


def sign_record_as(vault: Vault, inspection_id: str, path: Path, inspector_id: str, *,
                   progress: ProgressFn = no_progress, cancel: CancelToken | None = None):
    """Add ``inspector_id``'s signature (in their own box) to the record file at ``path``, in place.

    Refused when they are not on the inspection's team, have signed this file already, or have no usable
    identity here. Returns :class:`inspector.services.exports.ExportResult`."""
    from inspector.services.exports import (
        countersign,  # exports imports the signing modules, not this one
    )

    path = Path(path)
    data = read_record(path)
    with vault.session() as s:
        members = {m.inspector_id: m for m in record_signatures(s, inspection_id, data)}
    member = members.get(inspector_id)
    if member is None:
        raise BadInputError("该检查人员不是本次检查的检查组成员，不能在检查记录上签名。",
                            "This inspector is not on this inspection's team and cannot sign its record.")
    if member.signed:
        raise BadInputError(f"{member.name}已在该检查记录上签名。", f"{member.name} has already signed this record.")
    if member.identity_id is None:
        raise NotFoundError(f"本保险库中没有{member.name}的有效签名身份：请先为其创建或导入签名身份。",
                            f"This vault holds no valid signing identity of {member.name}: create or import one first.")
    return countersign(vault, path, path, identity_id=member.identity_id, progress=progress, cancel=cancel)
