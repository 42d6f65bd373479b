"""Exporting the official documents: build, add signature fields, sign, write, remember the hash.

Two steps, so the UI can show a preview before anything is written::

    doc = prepare_record(vault, inspection_id)          # read the vault, build the PDF in memory
    result = finish(vault, doc, out, sign=True)         # fields, PAdES signature, atomic write, hash

The command line runs both at once. Every exported document that is not a
draft is recorded in ``issued_document`` (kind, reference, file name, SHA-256),
so ``inspector verify`` can later say whether a PDF that comes back is the one
Inspector issued; an issued notice also keeps the hash of its latest file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlmodel import select

from inspector.documents.notice import build_notice
from inspector.documents.record import build_record
from inspector.documents.slots import BuiltPdf
from inspector.errors import BadInputError, unreadable
from inspector.model import IssuedDocument, Letter, RectificationNotice
from inspector.model.types import utcnow
from inspector.paths import atomic_write
from inspector.progress import CancelToken, ProgressFn, check, no_progress
from inspector import regulation
from inspector.services import documents, rectification, regulation_versions, seal, settings
from inspector.signing.identity import load_identity
from inspector.signing.pades import add_signature_fields, sign_pdf
from inspector.vault import Vault

KIND_NOTICE = "notice"
KIND_RECORD = "record"
KIND_COUNTERSIGNED = "countersigned"


@dataclass(frozen=True)
class PreparedDocument:
    """A document built in memory, not yet written anywhere."""

    kind: str
    ref_id: str
    title: str
    """What the user sees: ``整改通知书 晋数安检〔2026〕7号 · 晋城市卫生健康委员会``."""
    filename: str
    """A suggested file name (no folder)."""
    built: BuiltPdf
    draft: bool = False
    """A notice not yet issued: it has no number and cannot be signed."""
    reason: str = ""
    """The signature's reason (``签发整改通知书``…); the kind's default when empty."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sha256: str
    pages: int
    signers: list[str] = field(default_factory=list)
    kind: str = ""
    ref_id: str = ""
    recorded: bool = False
    """Whether the hash went into the vault's register of issued documents."""


def _safe_name(text: str) -> str:
    return "".join("_" if ch in '\\/:*?"<>|' or ord(ch) < 32 else ch for ch in text).strip() or "document"


# ---- step 1: prepare ---------------------------------------------------------------------


def prepare_notice(vault: Vault, notice_id: str, *,
                   progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> PreparedDocument:
    progress(0, 3, "读取整改通知书")
    with vault.session() as s:
        cites = regulation_versions.regulation_for_notice(s, notice_id)
        with regulation.using(cites):
            data = documents.notice_data(s, notice_id)
    check(cancel)
    progress(1, 3, "排版")
    with regulation.using(cites):
        built = build_notice(data)
    progress(3, 3, "")
    number = data.number if not data.draft else "草稿"
    if data.corrects_number:  # a 更正通知: its own document, named for what it corrects
        return PreparedDocument(
            kind=KIND_NOTICE, ref_id=notice_id, built=built, draft=data.draft, reason=REASON_CORRECTION,
            title=f"更正通知 {number}（更正 {data.corrects_number}）· {data.department}",
            filename=_safe_name(f"更正通知-{number}-{data.department}") + ".pdf",
        )
    return PreparedDocument(
        kind=KIND_NOTICE, ref_id=notice_id, built=built, draft=data.draft,
        title=f"整改通知书 {number} · {data.department}",
        filename=_safe_name(f"整改通知书-{number}-{data.department}") + ".pdf",
    )


def prepare_notice_for(vault: Vault, department_id: str, plan_id: str | None, **kwargs) -> PreparedDocument:
    """The notice of a department in a plan (the issued one, else its draft)."""
    with vault.session() as s:
        notice_id = documents.find_notice(s, department_id, plan_id).id
    return prepare_notice(vault, notice_id, **kwargs)


def prepare_record(vault: Vault, inspection_id: str, *, progress: ProgressFn = no_progress,
                   cancel: CancelToken | None = None) -> PreparedDocument:
    def part(start: int, span: int) -> ProgressFn:
        return lambda done, total, message="": progress(start + (span * done // total if total else 0), 100, message)

    with vault.session() as s:
        cites = regulation_versions.regulation_for_inspection(s, inspection_id)
        with regulation.using(cites):
            data = documents.record_data(s, inspection_id, progress=part(0, 50), cancel=cancel)
    check(cancel)
    with regulation.using(cites):
        built = build_record(data, progress=part(50, 50), cancel=cancel)
    progress(100, 100, "")
    when = data.started_at.strftime("%Y%m%d") if data.started_at else ""
    corrected = f"（更正版{data.correction_no}）" if data.correction_no else ""
    return PreparedDocument(
        kind=KIND_RECORD, ref_id=inspection_id, built=built,
        title=f"现场检查记录{corrected} · {data.department}",
        filename=_safe_name(f"现场检查记录{corrected}-{data.department}-{when}".rstrip("-")) + ".pdf",
    )


# ---- step 2: finish ----------------------------------------------------------------------


def finish(vault: Vault, doc: PreparedDocument, out: Path, *, sign: bool = False, identity_id: str | None = None,
           progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> ExportResult:
    """Add the signature fields, sign if asked, write ``out`` atomically and record its hash."""
    out = Path(out)
    if sign and doc.draft:
        raise BadInputError("草稿尚未签发编号，不能签名。请先签发，再导出签名 PDF。",
                            "A draft has no number yet and cannot be signed. Issue it first.")
    if not out.parent.is_dir():
        raise BadInputError(f"文件夹不存在：{out.parent}", f"The folder does not exist: {out.parent}")
    progress(0, 3, "添加签名位置")
    data = add_signature_fields(doc.built.data, doc.built.slots)
    signers: list[str] = []
    if sign:
        check(cancel)
        progress(1, 3, "数字签名")
        with vault.session() as s:
            identity, location = load_identity(s, identity_id), settings.get(s, settings.ORG_NAME)
            office_seal = seal.load(s)  # the appearance of the office's seal field (issuer-1), where there is one
        data = sign_pdf(data, identity, reason=doc.reason or _reason(doc.kind), location=location, seal=office_seal)
        signers.append(identity.name)
    check(cancel)
    progress(2, 3, "写入文件")
    atomic_write(out, data)
    digest = hashlib.sha256(data).hexdigest()
    recorded = not doc.draft
    if recorded:
        _register(vault, doc.kind, doc.ref_id, out.name, digest)
    progress(3, 3, "")
    return ExportResult(path=out, sha256=digest, pages=doc.built.pages, signers=signers, kind=doc.kind,
                        ref_id=doc.ref_id, recorded=recorded)


def countersign(vault: Vault, pdf: Path, out: Path, *, identity_id: str | None = None,
                progress: ProgressFn = no_progress, cancel: CancelToken | None = None) -> ExportResult:
    """Add one more signature (a second inspector's) to a signed document; earlier ones stay valid."""
    pdf, out = Path(pdf), Path(out)
    try:
        data = pdf.read_bytes()
    except OSError as exc:
        raise unreadable(pdf, exc) from exc
    progress(0, 2, "数字签名")
    before = hashlib.sha256(data).hexdigest()
    with vault.session() as s:
        identity, location = load_identity(s, identity_id), settings.get(s, settings.ORG_NAME)
        office_seal = seal.load(s)
        known = s.exec(select(IssuedDocument).where(IssuedDocument.sha256 == before)).first()
        kind, ref_id = (known.kind, known.ref_id) if known else (KIND_COUNTERSIGNED, "")
        reason = _reason(kind)
        if kind == KIND_NOTICE and (notice := s.get(RectificationNotice, ref_id)) and notice.corrects_id:
            reason = REASON_CORRECTION
        superseded = (known.superseded_at, known.superseded_by) if known else (None, "")
    check(cancel)
    signed = sign_pdf(data, identity, reason=reason, location=location, seal=office_seal)
    atomic_write(out, signed)
    digest = hashlib.sha256(signed).hexdigest()
    _register(vault, kind, ref_id, out.name, digest, superseded=superseded)
    progress(2, 2, "")
    return ExportResult(path=out, sha256=digest, pages=0, signers=[identity.name], kind=kind, ref_id=ref_id,
                        recorded=True)


def _register(vault: Vault, kind: str, ref_id: str, filename: str, digest: str, *,
              superseded: tuple[datetime | None, str] = (None, "")) -> None:
    """Record a written file in ``issued_document``; an issued notice or letter also keeps the hash of its latest
    file.

    A file of something already replaced is registered as replaced: a countersigned copy of a superseded file
    (``superseded``), or a notice exported again after a 更正通知 corrected it."""
    with vault.session() as s:
        row = IssuedDocument(kind=kind, ref_id=ref_id, filename=filename, sha256=digest)
        row.superseded_at, row.superseded_by = superseded
        if kind == KIND_NOTICE:
            notice = s.get(RectificationNotice, ref_id)
            if notice is not None:
                notice.file_sha256 = digest
                corrections = rectification.corrected_by(s, ref_id)
                if corrections and not row.superseded_by:
                    row.superseded_at = utcnow()
                    row.superseded_by = "、".join(n.number for n in corrections)
        elif s.get(Letter, ref_id) is not None:
            from inspector.services import letters  # letters reads this module's kinds

            letters.record_file(s, ref_id, digest)
        s.add(row)
        s.commit()


REASON_CORRECTION = "签发整改通知书更正通知"


def _reason(kind: str) -> str:
    return {KIND_NOTICE: "签发整改通知书", KIND_RECORD: "确认现场检查记录"}.get(kind, "会签")
