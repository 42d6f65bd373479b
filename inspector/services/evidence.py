"""Evidence files (photos, screenshots, documents), stored only inside the encrypted vault.

Content is addressed by SHA-256: the same photo attached twice is stored once.
Nothing here writes to disk; readers get bytes back.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Optional

from sqlmodel import Session, select

from inspector.errors import BadInputError, IntegrityFailure, NotFoundError, unreadable
from inspector.model import Evidence, EvidenceBlob, utcnow

MAX_EVIDENCE_BYTES = 100 * 1024 * 1024
OWNER_TYPES = {"inspection", "inspection_result", "finding", "self_report_answer", "rectification_item"}


@dataclass(frozen=True)
class EvidenceInfo:
    """An evidence file as screens and documents show it (never its bytes)."""

    id: str
    item_id: str
    filename: str
    mime: str
    size: int
    sha256: str
    captured_at: Optional[datetime]

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")

    @classmethod
    def of(cls, ev: Evidence, item_id: str) -> "EvidenceInfo":
        """``ev`` as shown beside the checklist item ``item_id`` ("" when it belongs to none)."""
        return cls(id=ev.id, item_id=item_id, filename=ev.filename, mime=ev.mime, size=ev.size,
                   sha256=ev.blob_sha256, captured_at=ev.captured_at)


@dataclass
class EvidenceBatch:
    """What adding several files did: the files stored, and why the others were not."""

    added: list[EvidenceInfo] = field(default_factory=list)
    errors: list[BadInputError] = field(default_factory=list)


def _too_large(filename: str, size: int) -> BadInputError:
    return BadInputError(
        f"证据文件过大（{size // 1048576} MB，上限 {MAX_EVIDENCE_BYTES // 1048576} MB）：{filename}",
        f"The evidence file is too large ({size // 1048576} MB, limit {MAX_EVIDENCE_BYTES // 1048576} MB): {filename}")


def read_evidence_file(path: str | Path) -> bytes:
    """The bytes of a file the user chose or dropped, refusing folders, unreadable and too large files."""
    path = Path(path)
    try:
        if path.is_dir():
            raise BadInputError(f"不能添加文件夹，请选择文件：{path.name}",
                                f"A folder cannot be added; choose files: {path.name}")
        size = path.stat().st_size
        if size > MAX_EVIDENCE_BYTES:  # refused before reading it into memory
            raise _too_large(path.name, size)
        return path.read_bytes()
    except OSError as exc:
        raise unreadable(path.name, exc) from None


def add_files(session: Session, owner_type: str, owner_id: str, item_id: str,
              files: list[str | Path | tuple[str, bytes]]) -> EvidenceBatch:
    """Attach files (paths read here, or ``(name, bytes)``) to one owner; each bad file is reported, not fatal."""
    batch = EvidenceBatch()
    for f in files:
        try:
            name, data = f if isinstance(f, tuple) else (Path(f).name, read_evidence_file(f))
            batch.added.append(EvidenceInfo.of(add_evidence(session, owner_type, owner_id, name, data), item_id))
        except BadInputError as err:  # refused before anything of this file was written
            batch.errors.append(err)
    return batch


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
        raise _too_large(filename, len(data))
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


def infos_of(session: Session, owner_type: str, owner_id: str, item_id: str = "") -> tuple[EvidenceInfo, ...]:
    """The evidence of one owner, oldest first, as screens show it."""
    return tuple(EvidenceInfo.of(e, item_id) for e in evidence_of(session, owner_type, owner_id))
