"""Offline verification of a signed PDF: intact, what it covers, who signed, whether we trust them.

For every signature: are the signed bytes unchanged (``intact``) and is the
CMS signature mathematically valid; what it covers (``entire_file``;
``later_signatures_only`` when every later revision is another signature's,
pyHanko's difference analysis finds nothing but signature filling, and what
later signatures show stays in the boxes the document reserved or in a small
box of empty space; ``appearance_changed`` when a later signature's appearance
covers the page's content or is larger than a signature box
(:func:`added_appearance_problems`); ``modified`` otherwise); is the signer's
certificate trusted (a chain to one of ``trust_roots``, checked with no network
at all). Also the SHA-256 of the file and of each signed revision, looked up
among the documents this vault issued.

The difference analysis is pyHanko's default policy with one rule replaced
(:data:`DIFF_POLICY`): the XMP ``/Metadata`` stream is checked for well-formed
XML with defusedxml instead of lxml, which the packaged application leaves out.
The verdicts are the same from source and from the package.
"""

from __future__ import annotations

import hashlib
import logging
import math
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any, Callable

from asn1crypto import x509 as asn1_x509
from defusedxml import EntitiesForbidden
from defusedxml.ElementTree import fromstring as defused_fromstring
from pyhanko.pdf_utils import generic, misc
from pyhanko.sign.diff_analysis import (
    DEFAULT_DIFF_POLICY,
    MetadataUpdateRule,
    ModificationLevel,
    StandardDiffPolicy,
    SuspiciousModification,
)
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko_certvalidator import ValidationContext

from inspector.errors import BadInputError
from inspector.signing.pades import CHINA_TIME, open_pdf

ENTIRE_FILE = "entire_file"
LATER_SIGNATURES_ONLY = "later_signatures_only"
APPEARANCE_CHANGED = "appearance_changed"
MODIFIED = "modified"
COVERAGE_TEXT = {
    ENTIRE_FILE: ("覆盖整个文件", "covers the entire file"),
    LATER_SIGNATURES_ONLY: ("签名后仅增加了其他签名", "only later signatures were added after it"),
    APPEARANCE_CHANGED: ("签名后的修订改变了页面显示的内容（后加签名的外观遮盖或改变了页面）",
                         ("a later revision changes what the page shows (a later signature's appearance "
                          "covers or alters the page)")),
    MODIFIED: ("签名后文件被修改", "the file was modified after signing"),
}
COVERS_SIGNED = (ENTIRE_FILE, LATER_SIGNATURES_ONLY)
"""The coverage verdicts under which a signature still vouches for what the reader sees."""
# Created identities carry nonRepudiation; CA-issued ones often only digitalSignature: either will do.
KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)
_TRUST_PROBLEMS = {
    "NO_CERTIFICATE_CHAIN_FOUND": ("签名者不在信任列表中", "the signer is not in the trust store"),
    "EXPIRED": ("签名者证书已过期", "the signer's certificate has expired"),
    "NOT_YET_VALID": ("签名者证书尚未生效", "the signer's certificate is not valid yet"),
    "REVOKED": ("签名者证书已被吊销", "the signer's certificate was revoked"),
    "CHAIN_CONSTRAINTS_FAILURE": ("证书链不符合约束", "the certificate chain breaks its constraints"),
    "CRYPTO_CONSTRAINTS_FAILURE": ("证书链使用了不安全的算法", "the certificate chain uses a weak algorithm"),
    "SIG_CONSTRAINTS_FAILURE": ("签名不符合约束（如密钥用途）", "the signature breaks a constraint (e.g. key usage)"),
}


@dataclass(frozen=True)
class IssuedInfo:
    """A document this vault issued (from its ``issued_document`` register)."""

    kind: str
    ref_id: str
    filename: str
    created_at: datetime | None = None
    superseded_by: str = ""
    """What replaced it since: the number(s) of the 更正通知 that corrected a notice
    (``晋数安检〔2026〕2号``), or the corrected version of a record (``更正版（第 1 次更正）``); empty while it stands."""
    superseded_at: datetime | None = None
    number: str = ""
    """The 文号 of a notice or letter (``晋数安检〔2026〕7号``); empty for a record or a draft."""


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str
    """The certificate's common name."""
    subject: str
    fingerprint: str
    """SHA-256 of the signer's certificate (DER), lower-case hex."""
    signed_at: datetime | None
    """Signing time as the signer reported it (not a trusted timestamp), in UTC+8."""
    intact: bool
    valid: bool
    """The CMS signature value verifies against the signer's public key."""
    coverage: str
    trusted: bool
    trust_zh: str
    trust_en: str
    revision_sha256: str
    """SHA-256 of the file as this signature left it (up to the end of its byte range)."""
    issued: IssuedInfo | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.coverage in COVERS_SIGNED and self.trusted


@dataclass(frozen=True)
class PdfVerifyReport:
    sha256: str
    size: int
    signatures: list[SignatureCheck]
    issued: IssuedInfo | None = None
    """Set when this exact file is one the vault issued."""

    @property
    def ok(self) -> bool:
        return bool(self.signatures) and all(sig.ok for sig in self.signatures)

    @property
    def superseded(self) -> IssuedInfo | None:
        """The issued document this file is (or, failing that, that one of its signatures signed), if it has
        been replaced since: a corrected notice, a record superseded by a corrected version. A replaced
        document still verifies (its signatures are what they were); it is no longer the one in force."""
        for info in (self.issued, *(sig.issued for sig in self.signatures)):
            if info is not None and info.superseded_by:
                return info
        return None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        replaced = self.superseded
        data["superseded_by"] = replaced.superseded_by if replaced else ""
        data["superseded_kind"] = replaced.kind if replaced else ""
        for sig, check in zip(data["signatures"], self.signatures):
            sig["ok"] = check.ok
        return data


def as_issued(row: Any) -> IssuedInfo | None:
    """Accept an :class:`IssuedInfo` or anything shaped like it (an ``IssuedDocument`` row)."""
    if row is None or isinstance(row, IssuedInfo):
        return row
    return IssuedInfo(kind=row.kind, ref_id=row.ref_id, filename=row.filename,
                      created_at=getattr(row, "created_at", None), superseded_by=getattr(row, "superseded_by", "") or "",
                      superseded_at=getattr(row, "superseded_at", None))


def issued_lookup(session) -> Callable[[str], IssuedInfo | None]:
    """``sha256 → IssuedInfo`` over the vault's register of issued documents (``issued_document``).

    The first issue of a file is the one named, should the same bytes have been recorded twice. A notice is
    named corrected by every issued 更正通知 of it, whenever its file was registered; a record carries what
    its register row says (reopening the inspection marks every record exported before).
    """
    from sqlmodel import select

    from inspector.model import IssuedDocument, Letter, NoticeStatus, RectificationNotice

    corrections: dict[str, list[RectificationNotice]] = {}
    for n in session.exec(select(RectificationNotice).where(RectificationNotice.corrects_id.is_not(None),
                                                            RectificationNotice.status == NoticeStatus.ISSUED)
                          .order_by(RectificationNotice.issued_on, RectificationNotice.year,
                                    RectificationNotice.serial)).all():
        corrections.setdefault(n.corrects_id, []).append(n)
    numbers = {n.id: n.number for n in session.exec(select(RectificationNotice)).all() if n.number}
    numbers.update({x.id: x.number for x in session.exec(select(Letter)).all() if x.number})
    register: dict[str, IssuedInfo | None] = {}
    for row in session.exec(select(IssuedDocument).order_by(IssuedDocument.created_at)).all():
        if row.sha256 in register:
            continue
        info = replace(as_issued(row), number=numbers.get(row.ref_id, ""))
        if row.kind == "notice" and row.ref_id in corrections:
            by = corrections[row.ref_id]
            info = replace(info, superseded_by="、".join(n.number for n in by))
        register[row.sha256] = info
    return register.get


# ---- difference analysis without lxml ------------------------------------------------------------------

XMP_ROOT_TAG = "{adobe:ns:meta/}xmpmeta"


def _xmp_bytes(stream: generic.StreamObject) -> bytes:
    try:  # pyHanko ≥ 0.38 decodes metadata within the limits it sets for XMP
        from pyhanko.pdf_utils.decode_limits import DecodePurpose
    except ImportError:
        return stream.data
    return stream.read_data(DecodePurpose.XMP_METADATA)


def check_xmp_stream(ref: generic.Reference) -> None:
    """What pyHanko's ``MetadataUpdateRule.is_well_formed_xml`` checks, parsed with defusedxml, not lxml.

    The stream must be well-formed XML without entities (none is ever expanded,
    and no external resource is read) whose root is ``x:xmpmeta``.
    Raises :class:`SuspiciousModification` otherwise, with pyHanko's messages.
    """
    stream = ref.get_object()
    if not isinstance(stream, generic.StreamObject):
        raise SuspiciousModification("/Metadata should be a reference to a stream object")
    try:
        root = defused_fromstring(_xmp_bytes(stream), forbid_dtd=False, forbid_entities=True,
                                  forbid_external=True)
    except EntitiesForbidden:
        raise SuspiciousModification("XML entities found in XMP metadata") from None
    except Exception as exc:  # noqa: BLE001 — any parse or decode failure: pyHanko says the same
        raise SuspiciousModification("/Metadata XML syntax could not be validated", exc) from None
    if root.tag != XMP_ROOT_TAG:
        raise SuspiciousModification("Metadata does not look like XMP")


def _metadata_ref(root: generic.DictionaryObject) -> generic.Reference | None:
    try:
        return root.get_value_as_reference("/Metadata")
    except (KeyError, misc.IndirectObjectExpected):  # none; or not a reference, which pyHanko's rule refuses
        return None


class XmpMetadataRule(MetadataUpdateRule):
    """pyHanko's rule for updates of the XMP metadata stream, its XML check done by :func:`check_xmp_stream`.

    pyHanko's own check imports lxml, and without lxml it calls every revision
    after a signature suspicious as soon as the document has XMP metadata at
    all, whether or not that revision touched it: a countersigned document then
    read as modified in the package, and fine from source. The rest of the rule
    (which updates of the stream are allowed) is pyHanko's, unchanged.
    """

    def __init__(self, always_refuse_stream_override: bool = False) -> None:
        super().__init__(check_xml_syntax=False, always_refuse_stream_override=always_refuse_stream_override)

    def apply(self, old, new):
        new_ref = _metadata_ref(new.root)
        if new_ref is not None:  # the same order as pyHanko: the new stream, then the old one
            check_xmp_stream(new_ref)
            old_ref = _metadata_ref(old.root)
            if old_ref is not None:
                check_xmp_stream(old_ref)
        yield from super().apply(old, new)


def _diff_policy() -> StandardDiffPolicy:
    """pyHanko's default difference policy, with :class:`XmpMetadataRule` in place of its metadata rule."""
    default = DEFAULT_DIFF_POLICY
    rules = []
    for qualified in default.global_rules:
        inner = getattr(qualified, "rule", None)
        if isinstance(inner, MetadataUpdateRule):
            qualified = XmpMetadataRule(inner.always_refuse_stream_override).as_qualified(qualified.level)
        rules.append(qualified)
    if sum(isinstance(getattr(r, "rule", None), XmpMetadataRule) for r in rules) != 1:
        raise RuntimeError("pyHanko's default difference policy no longer has one MetadataUpdateRule "
                           "(inspector/signing/verify.py must follow it)")
    return StandardDiffPolicy(global_rules=rules, form_rule=default.form_rule,
                              reject_object_freeing=default.reject_object_freeing,
                              ignore_orphaned_objects=default.ignore_orphaned_objects,
                              ignore_identical_objects=default.ignore_identical_objects)


DIFF_POLICY = _diff_policy()
"""The difference analysis of :func:`verify_pdf`: the same from source and in the package (no lxml there)."""


# ---- what later signatures show ----------------------------------------------------------------------

MAX_ADDED_APPEARANCE_AREA = 40_000.0
"""The largest box, in pt² (about 50 cm², e.g. 10 × 5 cm), a later signature may show outside the boxes
the document reserved. The documents' own signature boxes are 220 × 60 pt (13 200 pt²)."""
CONTENT_MARGIN = 1.0
"""How close (pt) an added appearance may come to what the page showed when it was signed."""
_PAGE_EDGE_TOLERANCE = 0.01
_HIDDEN = 1 << 1
"""Annotation flag Hidden: neither displayed nor printed. (NoView alone still prints, so it counts as shown.)"""
_NO_ZOOM, _NO_ROTATE = 1 << 3, 1 << 4
"""Flags that keep an appearance at its size, or upright, when the view zooms out or turns: it then reaches
beyond its box (pivoting on its top-left corner), over whatever lies there."""
_MAX_PAGE_TREE_DEPTH = 64
_CM2_PER_PT2 = (2.54 / 72) ** 2

Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class ShownAnnotation:
    """An annotation a reader sees or prints: on a page's ``/Annots``, not Hidden, with a box of some area."""

    page: int
    ref: tuple[int, int] | None
    """The annotation's object (number, generation); None for one written directly into ``/Annots``."""
    rect: Rect | None
    """Normalised ``/Rect`` (x1 < x2, y1 < y2, default user space); None when it cannot be read."""
    name: str
    """A widget's field name (``/T``, its own or its parent's), else the annotation's subtype; for messages."""
    flags: int = 0
    """The annotation flags (``/F``)."""


def _get(d: generic.DictionaryObject, key: str):
    """``d[key]`` resolved (``dict.get`` would hand back an unresolved reference), or None."""
    return d[key] if key in d else None


def _rect(value) -> Rect | None:
    if not isinstance(value, generic.ArrayObject) or len(value) != 4:
        return None
    try:
        x1, y1, x2, y2 = (float(value[i]) for i in range(4))  # value[i] resolves an indirect number
    except (TypeError, ValueError):
        return None
    if not all(math.isfinite(v) for v in (x1, y1, x2, y2)):
        return None
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _area(r: Rect) -> float:
    return (r[2] - r[0]) * (r[3] - r[1])


def _overlaps(a: Rect, b: Rect, margin: float = 0.0) -> bool:
    """Whether the insides of ``a`` and ``b`` (grown by ``margin``) meet; touching edges do not."""
    return (min(a[2], b[2] + margin) > max(a[0], b[0] - margin)
            and min(a[3], b[3] + margin) > max(a[1], b[1] - margin))


def _flags(annot: generic.DictionaryObject) -> int:
    value = _get(annot, "/F")
    return int(value) if isinstance(value, (generic.NumberObject, generic.FloatObject)) else 0


def _printable(text: str, limit: int = 60) -> str:
    """A name from the file, safe to print in a report line (no line breaks or control characters)."""
    return "".join(ch if ch.isprintable() else "?" for ch in text[:limit])


def _annotation_name(annot: generic.DictionaryObject) -> str:
    for holder in (annot, _get(annot, "/Parent")):
        if isinstance(holder, generic.DictionaryObject):
            name = _get(holder, "/T")
            if isinstance(name, str):  # a TextStringObject
                return _printable(name)
            if isinstance(name, generic.ByteStringObject):
                return _printable(name.original_bytes.decode("latin-1"))
    subtype = _get(annot, "/Subtype")
    return _printable(str(subtype)) if subtype is not None else "?"


def page_dicts(root: generic.DictionaryObject) -> list[generic.DictionaryObject]:
    """The document's pages in order; a page tree that loops or nests absurdly deep raises ValueError."""
    pages: list[generic.DictionaryObject] = []
    seen: set[tuple[int, int]] = set()

    def walk(raw, depth: int) -> None:
        if depth > _MAX_PAGE_TREE_DEPTH:
            raise ValueError("the page tree is too deep")
        if isinstance(raw, generic.IndirectObject):
            if (raw.idnum, raw.generation) in seen:
                raise ValueError("the page tree loops")
            seen.add((raw.idnum, raw.generation))
        node = raw.get_object()
        if not isinstance(node, generic.DictionaryObject):
            raise ValueError("a node of the page tree is not a dictionary")
        if _get(node, "/Type") == "/Pages":
            kids = node["/Kids"]
            for ix in range(len(kids)):
                walk(kids.raw_get(ix), depth + 1)
        else:
            pages.append(node)

    walk(root.raw_get("/Pages"), 0)
    return pages


def shown_annotations(pages: list[generic.DictionaryObject]) -> list[ShownAnnotation]:
    """Every annotation of ``pages`` a reader sees or prints (see :class:`ShownAnnotation`)."""
    shown = []
    for page_ix, page in enumerate(pages):
        annots = _get(page, "/Annots")
        if not isinstance(annots, generic.ArrayObject):
            continue
        for ix in range(len(annots)):
            raw = annots.raw_get(ix)
            annot = raw.get_object()
            flags = _flags(annot) if isinstance(annot, generic.DictionaryObject) else _HIDDEN
            if flags & _HIDDEN:
                continue
            rect = _rect(_get(annot, "/Rect"))
            if rect is not None and _area(rect) <= 0:
                continue  # no box, nothing shown: an invisible signature
            ref = (raw.idnum, raw.generation) if isinstance(raw, generic.IndirectObject) else None
            shown.append(ShownAnnotation(page_ix, ref, rect, _annotation_name(annot), flags))
    return shown


def _user_unit(page: generic.DictionaryObject) -> float:
    value = _get(page, "/UserUnit")
    try:
        unit = float(value) if value is not None else 1.0
    except (TypeError, ValueError):
        return 1.0
    return unit if math.isfinite(unit) and unit > 1.0 else 1.0


def _occupied(signed: bytes, page_count: int, wanted: list[int]) -> dict[int, tuple[Rect, list[Rect]]]:
    """For each page of ``wanted``: its visible box (media box ∩ crop box) and the bounds of what it draws.

    pdfium (the renderer of the UI's previews) measures each top-level page object: text by its glyphs,
    paths with their stroke, images, shadings, and form XObjects by what they draw. Its page count must be
    ``page_count`` (the pages pyHanko walked), so both mean the same page by the same number.
    """
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(signed)
    try:
        if len(doc) != page_count:
            raise ValueError(f"pdfium counts {len(doc)} pages, the page tree {page_count}")
        found = {}
        for page_ix in wanted:
            page = doc[page_ix]
            try:
                found[page_ix] = (_rect_of(page.get_bbox()),
                                  [_rect_of(obj.get_bounds()) for obj in page.get_objects(max_depth=1)])
            finally:
                page.close()
        return found
    finally:
        doc.close()


def _rect_of(values) -> Rect:
    x1, y1, x2, y2 = (float(v) for v in values)
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _placement_problem(added: ShownAnnotation, page_box: Rect, occupied: list[Rect],
                       unit: float) -> tuple[str, str] | None:
    zh = f"第 {added.page + 1} 页后加签名的外观“{added.name}”"
    en = f"on page {added.page + 1}, the appearance of the later signature field '{added.name}'"
    if added.rect is None:
        return f"{zh}的位置无法读取", f"{en} has a box that cannot be read"
    if added.flags & (_NO_ZOOM | _NO_ROTATE):
        return (f"{zh}不随页面缩放或旋转（NoZoom/NoRotate），缩小或旋转视图时会超出其位置、遮盖页面内容",
                (f"{en} does not zoom or turn with the page (NoZoom/NoRotate), so a zoomed-out or turned view "
                 "shows it beyond its box, over the page"))
    x1, y1, x2, y2 = added.rect
    t = _PAGE_EDGE_TOLERANCE
    if x1 < page_box[0] - t or y1 < page_box[1] - t or x2 > page_box[2] + t or y2 > page_box[3] + t:
        return f"{zh}超出了页面范围", f"{en} reaches beyond the page"
    if any(_overlaps(added.rect, other, CONTENT_MARGIN) for other in occupied):
        return (f"{zh}遮盖了签名时页面上已有的内容",
                f"{en} covers what the page showed when this signature was made")
    area = _area(added.rect) * unit * unit
    if area > MAX_ADDED_APPEARANCE_AREA:
        cm2, limit = area * _CM2_PER_PT2, MAX_ADDED_APPEARANCE_AREA * _CM2_PER_PT2
        return (f"{zh}过大（{cm2:.0f} 平方厘米，签名框最大 {limit:.0f} 平方厘米）",
                f"{en} is too large ({cm2:.0f} cm²; a signature box is at most {limit:.0f} cm²)")
    return None


def added_appearance_problems(data: bytes, reader, signed_end: int) -> list[tuple[str, str]]:
    """What the revisions after ``data[:signed_end]`` (a signed revision) show where the document reserved nothing.

    pyHanko's difference analysis lets a later revision add a signature field with a widget of any size
    and any appearance, and calls that "only signatures added". Here an annotation shown in the signed
    revision, on the same page with the same box, is the document's own: a reserved signature box being
    filled keeps its box (the analysis refuses a moved ``/Rect``). Every other shown annotation of
    ``reader`` (the whole file) — a new field's widget, a reserved field that was Hidden and is shown
    now — must lie on the page, keep :data:`CONTENT_MARGIN` away from everything the page showed when
    it was signed (the bounds of its content, and the boxes of its shown annotations: other stamps,
    reserved boxes), be no larger than a signature box (:data:`MAX_ADDED_APPEARANCE_AREA`), and zoom
    and turn with the page (no NoZoom, NoRotate). Viewers draw an appearance inside its annotation's
    ``/Rect`` (its bounding box is mapped onto the box and clips it), so such a stamp adds itself to
    empty space and changes nothing else. One problem per offending annotation; a file that cannot be
    examined is one problem too, never "fine" by default.
    """
    try:
        signed = data[:signed_end]
        pages_then = page_dicts(open_pdf(signed).root)
        then = shown_annotations(pages_then)
        known = {(a.page, a.ref, a.rect) for a in then}
        added = [a for a in shown_annotations(page_dicts(reader.root)) if (a.page, a.ref, a.rect) not in known]
        if not added:
            return []  # the usual case (reserved boxes filled): pdfium is not even loaded
        wanted = sorted({a.page for a in added})
        if wanted[-1] >= len(pages_then):
            raise ValueError(f"page {wanted[-1] + 1} did not exist when this signature was made")
        pages = _occupied(signed, len(pages_then), wanted)
        problems = []
        for a in added:
            page_box, content = pages[a.page]
            occupied = content + [b.rect for b in then if b.page == a.page and b.rect is not None]
            problem = _placement_problem(a, page_box, occupied, _user_unit(pages_then[a.page]))
            if problem is not None:
                problems.append(problem)
        return problems
    except Exception as exc:  # noqa: BLE001 — a file we cannot examine does not pass as unchanged
        return [("无法检查签名后增加的签名外观是否遮盖页面内容",
                 f"could not check whether the appearances added after this signature cover the page: {exc}")]


# ---- verification ------------------------------------------------------------------------------------


def validation_context(trust_roots: list[bytes]) -> ValidationContext:
    roots = [asn1_x509.Certificate.load(der) for der in trust_roots]
    # Offline and quiet: no OCSP/CRL fetching; self-signed certificates have no revocation info anyway.
    return ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")


def trusted_signer(status, cert_der: bytes, trust_roots: list[bytes]) -> bool:
    """pyHanko's verdict, except that a certificate posing as a trust anchor must be that anchor, byte for byte.

    The path validator recognises an anchor by name and key, so a trusted
    certificate with altered contents (validity, extensions, its own signature)
    would otherwise pass as trusted under a fingerprint nobody checked.
    """
    if not status.trusted:
        return False
    if hashlib.sha256(cert_der).hexdigest() in {hashlib.sha256(der).hexdigest() for der in trust_roots}:
        return True
    key = asn1_x509.Certificate.load(cert_der).public_key.dump()
    return all(asn1_x509.Certificate.load(der).public_key.dump() != key for der in trust_roots)


def trust_text(status, fingerprint: str, roots: set[str]) -> tuple[str, str]:
    if status.trusted:
        return "签名者受信任", "the signer is trusted"
    if not (status.intact and status.valid):  # pyHanko does not assess the chain of a broken signature
        return "签名无效，未评估是否受信任", "the signature is invalid; trust was not assessed"
    indic = getattr(status.trust_problem_indic, "name", None)
    if status.signing_cert.self_issued and fingerprint not in roots:
        indic = "NO_CERTIFICATE_CHAIN_FOUND"  # pyHanko calls an unknown self-signed signer a "constraints failure"
    return _TRUST_PROBLEMS.get(indic or "", ("签名者不受信任", "the signer is not trusted"))


def _coverage(sig, status, later_signed_revisions: set[int], total_revisions: int) -> str:
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return ENTIRE_FILE
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return MODIFIED
    later = set(range(sig.signed_revision + 1, total_revisions))
    level = status.modification_level
    if (later and later <= later_signed_revisions and status.docmdp_ok
            and level is not None and level <= ModificationLevel.FORM_FILLING):
        return LATER_SIGNATURES_ONLY
    return MODIFIED


def _signed_end(sig) -> int:
    br = [int(x) for x in sig.byte_range]
    return br[2] + br[3]


def verify_pdf(data: bytes, trust_roots: list[bytes], *,
               issued: Callable[[str], Any] | None = None) -> PdfVerifyReport:
    """Check every signature of ``data`` against ``trust_roots`` (DER). Nothing is fetched from the network.

    ``issued`` maps a SHA-256 to the vault's record of an issued document (or None).
    Unreadable, encrypted or non-PDF input raises :class:`BadInputError`.
    """
    reader = open_pdf(data)
    lookup = (lambda digest: as_issued(issued(digest))) if issued else (lambda digest: None)
    try:
        sigs = sorted(reader.embedded_regular_signatures, key=_signed_end)
        total = reader.xrefs.total_revisions
    except Exception as exc:  # a broken AcroForm or byte range in an otherwise readable file
        raise BadInputError("无法读取该 PDF 中的签名。", "Cannot read the signatures in this PDF.",
                            detail=str(exc)) from None
    checks = []
    for n, sig in enumerate(sigs):
        later_revisions = {s.signed_revision for s in sigs[n + 1:]}
        checks.append(_check(data, reader, sig, trust_roots, later_revisions, total, lookup))
    digest = hashlib.sha256(data).hexdigest()
    return PdfVerifyReport(sha256=digest, size=len(data), signatures=checks, issued=lookup(digest))


def _check(data: bytes, reader, sig, trust_roots: list[bytes], later_revisions: set[int], total: int,
           lookup: Callable[[str], IssuedInfo | None]) -> SignatureCheck:
    revision_digest = hashlib.sha256(data[:_signed_end(sig)]).hexdigest()
    cert = sig.signer_cert
    cert_der = cert.dump()
    base = dict(field=_printable(sig.field_name or ""), signer=_printable(str(cert.subject.native.get("common_name", cert.subject.human_friendly)), 200),
                subject=_rfc4514(cert_der), fingerprint=hashlib.sha256(cert_der).hexdigest(),
                revision_sha256=revision_digest, issued=lookup(revision_digest))
    try:
        status = validate_pdf_signature(sig, validation_context(trust_roots), key_usage_settings=KEY_USAGE,
                                        diff_policy=DIFF_POLICY)
    except Exception as exc:  # malformed CMS, unsupported algorithm: a failed signature, not a crash
        return SignatureCheck(**base, signed_at=None, intact=False, valid=False, coverage=MODIFIED, trusted=False,
                              trust_zh="无法验证签名", trust_en="the signature could not be validated",
                              problems=[("签名数据无法验证", f"the signature could not be validated: {exc}")])
    roots = {hashlib.sha256(der).hexdigest() for der in trust_roots}
    trust_zh, trust_en = trust_text(status, base["fingerprint"], roots)
    trusted = trusted_signer(status, cert_der, trust_roots)
    if status.trusted and not trusted:
        trust_zh, trust_en = ("签名者证书与信任列表中的证书不一致（已被改动）",
                              "the signer's certificate differs from the trusted one (altered)")
    coverage = _coverage(sig, status, later_revisions, total)
    shown = []
    if coverage == LATER_SIGNATURES_ONLY:  # the difference analysis found only signatures: what do they show?
        shown = added_appearance_problems(data, reader, _signed_end(sig))
    if shown:
        coverage = APPEARANCE_CHANGED
    problems = []
    if not status.intact:
        problems.append(("签名范围内的内容已被改动", "bytes inside the signed range were changed"))
    elif not status.valid:
        problems.append(("签名值无效", "the signature value does not verify"))
    if coverage not in COVERS_SIGNED:
        problems.append(COVERAGE_TEXT[coverage])
    problems += shown
    if not trusted and status.intact and status.valid:
        problems.append((trust_zh, trust_en))
    signed_at = status.signer_reported_dt.astimezone(CHINA_TIME) if status.signer_reported_dt else None
    return SignatureCheck(**base, signed_at=signed_at, intact=bool(status.intact), valid=bool(status.valid),
                          coverage=coverage, trusted=trusted, trust_zh=trust_zh, trust_en=trust_en,
                          problems=problems)


class _QuietValidationLog(logging.Filter):
    """pyHanko logs what it finds wrong with a signature as a warning with a traceback: an untrusted chain,
    a later revision its difference analysis rejects. Here each is a result in the report, not a log line;
    an error is still logged, without the traceback (no command prints one: docs/CLI.md)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno <= logging.WARNING:
            return False
        record.exc_info = record.exc_text = record.stack_info = None
        return True


# A logger's filter sees only what is logged on that very logger, so each module that reports is named.
VALIDATION_LOGGERS = ("pyhanko.sign.validation.generic_cms", "pyhanko.sign.validation.pdf_embedded",
                      "pyhanko.sign.validation.status", "pyhanko.sign.validation.dss",
                      "pyhanko.sign.diff_analysis.policies", "pyhanko.sign.diff_analysis.commons",
                      "pyhanko.pdf_utils.reader", "pyhanko.pdf_utils.xref")
for _name in VALIDATION_LOGGERS:
    logging.getLogger(_name).addFilter(_QuietValidationLog())


def _rfc4514(cert_der: bytes) -> str:
    from cryptography import x509

    return x509.load_der_x509_certificate(cert_der).subject.rfc4514_string()
