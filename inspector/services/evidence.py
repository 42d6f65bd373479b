"""Evidence files (photos, screenshots, documents, audio and video) of any size, in the vault's evidence store.

Content is addressed by SHA-256: the same photo attached twice is stored once. The file itself is sealed in the
evidence store (:mod:`inspector.evidence_store`) and streamed in and out one chunk at a time; nothing here writes
plaintext to disk.

A file can be removed, replaced or given a caption while what it belongs to may
still change (:func:`guard`): not once its inspection is completed, and while
the representative's signature holds only after the user confirmed voiding it
(the signature attests every file's hash and caption). Self-report and
rectification-report files came from a department's form and never change here.
A removal deletes the record (audited like every write, with a tombstone that
travels: :mod:`inspector.tombstones`) and the file when nothing else refers to
its content. A replacement and a caption are changes of the same record, and
travel. Destroying a file of a frozen record is :mod:`inspector.services.destruction`'s procedure.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterable, Iterator, Optional

from sqlalchemy import func
from sqlmodel import Session, select

from inspector import evidence_store, lifecycle
from inspector.errors import BadInputError, NotFoundError, unreadable
from inspector.model import (
    Evidence,
    EvidenceBlob,
    Finding,
    Inspection,
    InspectionResult,
    SyncConflict,
    referring_columns,
    utcnow,
)

MAX_EVIDENCE_BYTES = 8 << 30
"""The largest evidence file (8 GiB): a long video; every path streams, so memory does not grow with it."""
CHUNK = 1 << 20
OWNER_TYPES = {"inspection", "inspection_result", "finding", "self_report_answer", "rectification_item"}
MAX_CAPTION = 200
"""Characters of a caption: a short line under a thumbnail (the record prints it under the photo)."""


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
    caption: str = ""

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")

    @property
    def title(self) -> str:
        """What names the file on screen: its caption, else its file name."""
        return self.caption or self.filename

    @classmethod
    def of(cls, ev: Evidence, item_id: str) -> "EvidenceInfo":
        """``ev`` as shown beside the checklist item ``item_id`` ("" when it belongs to none)."""
        return cls(id=ev.id, item_id=item_id, filename=ev.filename, mime=ev.mime, size=ev.size,
                   sha256=ev.blob_sha256, captured_at=ev.captured_at, caption=ev.caption or "")


@dataclass
class EvidenceBatch:
    """What adding several files did: the files stored, and why the others were not."""

    added: list[EvidenceInfo] = field(default_factory=list)
    errors: list[BadInputError] = field(default_factory=list)


def _too_large(filename: str, size: int) -> BadInputError:
    return BadInputError(
        f"证据文件过大（{size // 1048576} MB，上限 {MAX_EVIDENCE_BYTES // 1048576} MB）：{filename}",
        f"The evidence file is too large ({size // 1048576} MB, limit {MAX_EVIDENCE_BYTES // 1048576} MB): {filename}")


def _opened(source: str | Path | tuple[str, bytes]) -> tuple[str, int, Iterable[bytes]]:
    """The name, size and content (streamed from disk for a path) of a file the user chose or dropped; folders,
    unreadable, empty and too large files are refused before anything is stored."""
    if isinstance(source, tuple):
        name, data = source
        size, chunks = len(data), [data]
    else:
        path = Path(source)
        name = path.name
        try:
            if path.is_dir():
                raise BadInputError(f"不能添加文件夹，请选择文件：{path.name}",
                                    f"A folder cannot be added; choose files: {path.name}")
            size = path.stat().st_size
            with open(path, "rb"):
                pass
        except OSError as exc:
            raise unreadable(path.name, exc) from None
        chunks = _read_chunks(path)
    if size == 0:
        raise BadInputError(f"证据文件为空：{name}", f"The evidence file is empty: {name}")
    if size > MAX_EVIDENCE_BYTES:  # refused before reading it
        raise _too_large(name, size)
    return name, size, chunks


def _read_chunks(path: Path) -> Iterator[bytes]:
    try:
        with open(path, "rb") as f:
            while block := f.read(CHUNK):
                yield block
    except OSError as exc:
        raise unreadable(path.name, exc) from None


def add_files(session: Session, owner_type: str, owner_id: str, item_id: str,
              files: list[str | Path | tuple[str, bytes]]) -> EvidenceBatch:
    """Attach files (paths streamed from disk, or ``(name, bytes)``) to one owner; each bad file is reported, not
    fatal. Progress over all the files' bytes goes to the session's progress callback."""
    batch = EvidenceBatch()
    total = sum(_size_of(f) for f in files)
    done = 0
    for f in files:
        try:
            name, size, chunks = _opened(f)
            batch.added.append(EvidenceInfo.of(
                add_evidence(session, owner_type, owner_id, name, chunks, size=size, done=done, total=total),
                item_id))
            done += size
        except BadInputError as err:  # refused before anything of this file was written
            batch.errors.append(err)
    return batch


def precheck(files: list[str | Path | tuple[str, bytes]]) -> tuple[list[str | Path | tuple[str, bytes]],
                                                                   list[BadInputError]]:
    """The files that can be stored, and why the others cannot (folders, unreadable, empty, too large), without
    reading any: a caller that must change something before storing files (start an inspection, make a result
    row) changes nothing when none can be stored."""
    good, errors = [], []
    for f in files:
        try:
            _opened(f)
            good.append(f)
        except BadInputError as err:
            errors.append(err)
    return good, errors


def _size_of(source: str | Path | tuple[str, bytes]) -> int:
    if isinstance(source, tuple):
        return len(source[1])
    try:
        return Path(source).stat().st_size
    except OSError:
        return 0


def add_evidence(
    session: Session,
    owner_type: str,
    owner_id: str,
    filename: str,
    data: bytes | Iterable[bytes],
    *,
    mime: str | None = None,
    caption: str = "",
    size: int | None = None,
    done: int = 0,
    total: int = 0,
) -> Evidence:
    """Attach content (bytes, or a stream of pieces of ``size`` bytes) to one owner."""
    if owner_type not in OWNER_TYPES:
        raise ValueError(f"unknown evidence owner type {owner_type!r}")
    if isinstance(data, (bytes, bytearray)):
        size, data = len(data), [bytes(data)]
    if not size:
        raise BadInputError(f"证据文件为空：{filename}", f"The evidence file is empty: {filename}")
    if size > MAX_EVIDENCE_BYTES:
        raise _too_large(filename, size)
    blob = evidence_store.put(session, data, limit=MAX_EVIDENCE_BYTES, cancel=getattr(session, "cancel", None),
                              progress=getattr(session, "progress", None), total=total or size, done=done)
    evidence = Evidence(
        blob_sha256=blob.sha256, owner_type=owner_type, owner_id=owner_id, filename=filename,
        mime=mime or _guess_mime(filename),
        size=blob.size, caption=clean_caption(caption), captured_at=utcnow(),
    )
    session.add(evidence)
    session.flush()
    return evidence


def _guess_mime(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def store_blob(session: Session, data: bytes) -> str:
    """Store bytes that are not an evidence attachment (e.g. a drawn signature); returns the hash."""
    return evidence_store.put(session, [data]).sha256


def read_blob(session: Session, sha256: str) -> bytes:
    """The whole content of a small file (a photo, a signature), checked; large ones are streamed
    (:func:`inspector.evidence_store.open_stream`)."""
    return evidence_store.read_bytes(session, sha256)


def evidence_of(session: Session, owner_type: str, owner_id: str) -> list[Evidence]:
    return list(session.exec(
        select(Evidence).where(Evidence.owner_type == owner_type, Evidence.owner_id == owner_id)
        .order_by(Evidence.captured_at)
    ))


def infos_of(session: Session, owner_type: str, owner_id: str, item_id: str = "") -> tuple[EvidenceInfo, ...]:
    """The evidence of one owner, oldest first, as screens show it."""
    return tuple(EvidenceInfo.of(e, item_id) for e in evidence_of(session, owner_type, owner_id))


# ---- changing an attached file: remove, replace, caption ----------------------------------------


def get_evidence(session: Session, evidence_id: str) -> Evidence:
    ev = session.get(Evidence, evidence_id)
    if ev is None:
        raise NotFoundError(f"找不到证据：{evidence_id}（可能已被删除）",
                            f"No evidence with id {evidence_id} (it may have been removed)")
    return ev


def _form_error() -> BadInputError:
    return lifecycle.FrozenError("该证据来自单位报送的表格，不能在此修改或删除。",
                                 "This evidence came with a department's returned form; it cannot be changed or "
                                 "removed here.")


def guard(session: Session, ev: Evidence, *, void_signature_ok: bool = False) -> str:
    """Before removing, replacing or captioning ``ev``: what it belongs to decides (see the module's text).

    Returns the checklist item the file is shown beside ("" when none)."""
    if ev.owner_type == "inspection_result":
        result = session.get(InspectionResult, ev.owner_id)
        insp = session.get(Inspection, result.inspection_id) if result is not None else None
        if insp is not None:
            lifecycle.guard_inspection(session, insp, void_signature_ok=void_signature_ok)
        return result.item_id if result is not None else ""
    if ev.owner_type == "finding":
        finding = session.get(Finding, ev.owner_id)
        if finding is not None:
            lifecycle.guard_finding_evidence(session, finding, void_signature_ok=void_signature_ok)
        return (finding.item_id or "") if finding is not None else ""
    if ev.owner_type == "inspection":
        insp = session.get(Inspection, ev.owner_id)
        if insp is not None:
            lifecycle.guard_inspection(session, insp, void_signature_ok=void_signature_ok)
        return ""
    raise _form_error()  # a self-report answer's or a rectification item's file: the department's


def clean_caption(caption: str) -> str:
    """One short line: surrounding blanks dropped, line breaks as spaces; too long is refused."""
    text = " ".join((caption or "").split())
    if len(text) > MAX_CAPTION:
        raise BadInputError(f"证据说明过长（{len(text)} 字，上限 {MAX_CAPTION} 字）。",
                            f"The evidence caption is too long ({len(text)} characters, limit {MAX_CAPTION}).")
    return text


def set_caption(session: Session, evidence_id: str, caption: str, *, void_signature: bool = False) -> EvidenceInfo:
    """Give a file its caption ("" removes it); nothing is written when it is unchanged."""
    ev = get_evidence(session, evidence_id)
    text = clean_caption(caption)
    if text == (ev.caption or ""):
        return EvidenceInfo.of(ev, _item_of(session, ev))
    item_id = guard(session, ev, void_signature_ok=void_signature)
    ev.caption = text
    session.add(ev)
    session.flush()
    return EvidenceInfo.of(ev, item_id)


def replace_file(session: Session, evidence_id: str, file: str | Path | tuple[str, bytes], *,
                 void_signature: bool = False) -> EvidenceInfo:
    """Put another file (a path streamed from disk, or ``(name, bytes)``) in place of ``evidence_id``'s: the same
    record, its caption kept; the old content goes when nothing else refers to it."""
    ev = get_evidence(session, evidence_id)
    name, size, chunks = _opened(file)  # a bad file is refused before anything is asked or changed
    item_id = guard(session, ev, void_signature_ok=void_signature)
    old = ev.blob_sha256
    blob = evidence_store.put(session, chunks, limit=MAX_EVIDENCE_BYTES, cancel=getattr(session, "cancel", None),
                              progress=getattr(session, "progress", None), total=size)
    ev.blob_sha256 = blob.sha256
    ev.filename, ev.mime, ev.size, ev.captured_at = name, _guess_mime(name), blob.size, utcnow()
    session.add(ev)
    session.flush()
    drop_unused_blob(session, old)
    return EvidenceInfo.of(ev, item_id)


def remove_evidence(session: Session, evidence_id: str, *, void_signature: bool = False) -> EvidenceInfo:
    """Remove an attached file (audited as every write); returns what was removed."""
    ev = get_evidence(session, evidence_id)
    item_id = guard(session, ev, void_signature_ok=void_signature)
    info = EvidenceInfo.of(ev, item_id)
    session.delete(ev)
    session.flush()
    drop_unused_blob(session, info.sha256)
    return info


def _item_of(session: Session, ev: Evidence) -> str:
    if ev.owner_type == "inspection_result":
        result = session.get(InspectionResult, ev.owner_id)
        return result.item_id if result is not None else ""
    if ev.owner_type == "finding":
        finding = session.get(Finding, ev.owner_id)
        return (finding.item_id or "") if finding is not None else ""
    return ""


def drop_unused_blob(session: Session, sha256: str) -> None:
    """Delete the bytes ``sha256`` when no record refers to them any more (another file with the same content, a
    drawn signature, an incoming version waiting in a sync conflict keeps them)."""
    for table, column in referring_columns(EvidenceBlob.__tablename__):
        if session.exec(select(func.count()).select_from(table).where(column == sha256)).one():
            return
    waiting = session.exec(select(SyncConflict.incoming).where(SyncConflict.resolved_at == None)).all()  # noqa: E711
    if any(sha256 in (incoming or {}).values() for incoming in waiting):
        return
    blob = session.get(EvidenceBlob, sha256)
    if blob is not None:
        evidence_store.drop(session, blob)
