"""Evidence files (photos, screenshots, documents), stored only inside the encrypted vault.

Content is addressed by SHA-256: the same photo attached twice is stored once.
Nothing here writes to disk; readers get bytes back.
"""

from __future__ import annotations

import hashlib
import mimetypes

from sqlmodel import Session, select

from inspector.errors import BadInputError, IntegrityFailure, NotFoundError
from inspector.model import Evidence, EvidenceBlob, utcnow

MAX_EVIDENCE_BYTES = 100 * 1024 * 1024
OWNER_TYPES = {"inspection", "inspection_result", "finding", "self_report_answer", "rectification_item"}


def add_evidence(
    session: Session,
    owner_type: str,
    owner_id: str,
    filename: str,
    data: bytes,
    *,
    mime: str | None = None,
    caption: str = "",
) -> Evidence:
    if owner_type not in OWNER_TYPES:
        raise ValueError(f"unknown evidence owner type {owner_type!r}")
    if not data:
        raise BadInputError(f"证据文件为空：{filename}", f"The evidence file is empty: {filename}")
    if len(data) > MAX_EVIDENCE_BYTES:
        raise BadInputError(
            f"证据文件过大（{len(data) // 1048576} MB，上限 {MAX_EVIDENCE_BYTES // 1048576} MB）：{filename}",
            f"The evidence file is too large ({len(data) // 1048576} MB, limit "
            f"{MAX_EVIDENCE_BYTES // 1048576} MB): {filename}",
        )
    sha = store_blob(session, data)
    evidence = Evidence(
        blob_sha256=sha, owner_type=owner_type, owner_id=owner_id, filename=filename,
        mime=mime or mimetypes.guess_type(filename)[0] or "application/octet-stream",
        size=len(data), caption=caption, captured_at=utcnow(),
    )
    session.add(evidence)
    session.flush()
    return evidence


def store_blob(session: Session, data: bytes) -> str:
    """Store bytes that are not an evidence attachment (e.g. a drawn signature); returns the hash."""
    sha = hashlib.sha256(data).hexdigest()
    if session.get(EvidenceBlob, sha) is None:
        session.add(EvidenceBlob(sha256=sha, size=len(data), data=data, created_at=utcnow()))
        session.flush()
    return sha


def read_blob(session: Session, sha256: str) -> bytes:
    blob = session.get(EvidenceBlob, sha256)
    if blob is None:
        raise NotFoundError(f"找不到证据内容 {sha256[:12]}…", f"Evidence content {sha256[:12]}… not found")
    if hashlib.sha256(blob.data).hexdigest() != sha256:
        raise IntegrityFailure(f"证据内容已损坏：{sha256[:12]}…", f"Evidence content is damaged: {sha256[:12]}…")
    return blob.data


def evidence_of(session: Session, owner_type: str, owner_id: str) -> list[Evidence]:
    return list(session.exec(
        select(Evidence).where(Evidence.owner_type == owner_type, Evidence.owner_id == owner_id)
        .order_by(Evidence.captured_at)
    ))
