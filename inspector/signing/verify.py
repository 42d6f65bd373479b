"""Offline verification of a signed PDF: intact, what it covers, who signed, whether we trust them.

For every signature: are the signed bytes unchanged (``intact``) and is the
CMS signature mathematically valid; what it covers (``entire_file``;
``later_signatures_only`` when every later revision is another signature's and
pyHanko's difference analysis finds nothing but signature filling;
``modified`` otherwise); is the signer's certificate trusted (a chain to one of
``trust_roots``, checked with no network at all). Also the SHA-256 of the file
and of each signed revision, looked up among the documents this vault issued.

The difference analysis is pyHanko's default policy with one rule replaced
(:data:`DIFF_POLICY`): the XMP ``/Metadata`` stream is checked for well-formed
XML with defusedxml instead of lxml, which the packaged application leaves out.
The verdicts are the same from source and from the package.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict, dataclass, field
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
MODIFIED = "modified"
COVERAGE_TEXT = {
    ENTIRE_FILE: ("覆盖整个文件", "covers the entire file"),
    LATER_SIGNATURES_ONLY: ("签名后仅增加了其他签名", "only later signatures were added after it"),
    MODIFIED: ("签名后文件被修改", "the file was modified after signing"),
}
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
        return self.intact and self.valid and self.coverage != MODIFIED and self.trusted


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

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        for sig, check in zip(data["signatures"], self.signatures):
            sig["ok"] = check.ok
        return data


def as_issued(row: Any) -> IssuedInfo | None:
    """Accept an :class:`IssuedInfo` or anything shaped like it (an ``IssuedDocument`` row)."""
    if row is None or isinstance(row, IssuedInfo):
        return row
    return IssuedInfo(kind=row.kind, ref_id=row.ref_id, filename=row.filename,
                      created_at=getattr(row, "created_at", None))


def issued_lookup(session) -> Callable[[str], IssuedInfo | None]:
    """``sha256 → IssuedInfo`` over the vault's register of issued documents (``issued_document``).

    The first issue of a file is the one named, should the same bytes have been recorded twice.
    """
    from sqlmodel import select

    from inspector.model import IssuedDocument

    register: dict[str, IssuedInfo | None] = {}
    for row in session.exec(select(IssuedDocument).order_by(IssuedDocument.created_at)).all():
        register.setdefault(row.sha256, as_issued(row))
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
        checks.append(_check(data, sig, trust_roots, later_revisions, total, lookup))
    digest = hashlib.sha256(data).hexdigest()
    return PdfVerifyReport(sha256=digest, size=len(data), signatures=checks, issued=lookup(digest))


def _check(data: bytes, sig, trust_roots: list[bytes], later_revisions: set[int], total: int,
           lookup: Callable[[str], IssuedInfo | None]) -> SignatureCheck:
    revision_digest = hashlib.sha256(data[:_signed_end(sig)]).hexdigest()
    cert = sig.signer_cert
    cert_der = cert.dump()
    base = dict(field=sig.field_name, signer=cert.subject.native.get("common_name", cert.subject.human_friendly),
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
    problems = []
    if not status.intact:
        problems.append(("签名范围内的内容已被改动", "bytes inside the signed range were changed"))
    elif not status.valid:
        problems.append(("签名值无效", "the signature value does not verify"))
    if coverage == MODIFIED:
        problems.append(COVERAGE_TEXT[MODIFIED])
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
