"""Small X.509 helpers shared by identities, the trust store and verification.

Certificates travel as DER bytes between modules: it is what the vault stores
and what pyHanko's validation context takes, and it has one canonical form,
so its SHA-256 is a stable fingerprint.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

from inspector.errors import BadInputError, unreadable

_PEM_BLOCK = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)


def fingerprint(cert_der: bytes) -> str:
    """SHA-256 of the DER encoding, lower-case hex (what `inspector trust` and `verify` show)."""
    return hashlib.sha256(cert_der).hexdigest()


SHORT_DIGITS = 16
"""The beginning of a fingerprint that people read out by phone, and that tells a few certificates apart."""


def pretty_fingerprint(fpr: str, *, short: bool = False, per_line: int = 0) -> str:
    """The one way a fingerprint is shown — in the application, on the command line and on signed PDFs:
    upper-case hex in groups of four, ``50EF B565 1680 D2B1 …``, easy to read out and compare by phone.

    ``short``: only the first :data:`SHORT_DIGITS` digits (``50EF B565 1680 D2B1``), where the full value is one
    click away (a tooltip, a copy) or the beginning is all that is asked for. ``per_line``: break the line after
    that many groups (the full value in two lines of eight: ``per_line=8``)."""
    digits = re.sub(r"[^0-9A-Fa-f]", "", fpr).upper()
    if short:
        digits = digits[:SHORT_DIGITS]
    groups = [digits[i:i + 4] for i in range(0, len(digits), 4)]
    if per_line <= 0:
        return " ".join(groups)
    return "\n".join(" ".join(groups[i:i + per_line]) for i in range(0, len(groups), per_line))


def normalise_fingerprint(text: str) -> str:
    """Accept ``AB:CD``, ``ab cd`` or ``abcd``: the hex digits, lower-case; "" if ``text`` is not hex at all."""
    if not re.fullmatch(r"[0-9A-Fa-f:\s]+", text):
        return ""
    return re.sub(r"[^0-9a-f]", "", text.lower())


def common_name(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()


def subject_text(cert: x509.Certificate) -> str:
    return cert.subject.rfc4514_string()


def person_text(subject: str, *, english: bool = False) -> str:
    """A certificate's subject as people name its holder: ``姓名（单位）`` from its CN and O
    (``Name (Organisation)`` with ``english``), never ``C=CN,O=…,CN=…``.

    ``subject`` is the RFC 4514 text the vault stores (:func:`subject_text`). Without an organisation the name
    alone; without a name the organisation; a subject that has neither (or cannot be read) is returned as it is."""
    try:
        name = x509.Name.from_rfc4514_string(subject)
    except ValueError:
        return subject
    cn = [str(a.value).strip() for a in name.get_attributes_for_oid(NameOID.COMMON_NAME)]
    org = [str(a.value).strip() for a in name.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)]
    cn_text, org_text = (cn[0] if cn else ""), (org[0] if org else "")
    if cn_text and org_text and org_text != cn_text:
        return f"{cn_text} ({org_text})" if english else f"{cn_text}（{org_text}）"
    return cn_text or org_text or subject


def validity(cert: x509.Certificate) -> tuple[datetime, datetime]:
    return cert.not_valid_before_utc, cert.not_valid_after_utc


VAULT_URN = "urn:inspector:vault:"
"""How a certificate names the vault it speaks for: a URI SubjectAlternativeName ``urn:inspector:vault:<vault id>``."""


def vault_name(vault_id: str) -> x509.SubjectAlternativeName:
    """The extension a vault's own identities carry, so a bundle's signer is bound to its sending vault."""
    return x509.SubjectAlternativeName([x509.UniformResourceIdentifier(VAULT_URN + vault_id)])


def named_vaults(cert: x509.Certificate) -> list[str]:
    """The vault ids ``cert`` names (empty for certificates made before vaults were named, or by a CA)."""
    try:
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    except ValueError:  # a malformed extension names nothing we can rely on
        return []
    return sorted({uri[len(VAULT_URN):] for uri in names.get_values_for_type(x509.UniformResourceIdentifier)
                   if uri.startswith(VAULT_URN)})


def is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def is_current(cert: x509.Certificate, now: datetime | None = None) -> bool:
    now = now or datetime.now(timezone.utc)
    start, end = validity(cert)
    return start <= now <= end


def to_pem(cert_der: bytes) -> bytes:
    return x509.load_der_x509_certificate(cert_der).public_bytes(serialization.Encoding.PEM)


def parse_certificates(data: bytes, *, source: str = "") -> list[x509.Certificate]:
    """Every certificate in ``data``: PEM (one or several blocks) or a single DER certificate.

    Anything else is refused in plain words; nothing half-parsed is returned.
    """
    where = f"：{source}" if source else ""
    where_en = f": {source}" if source else ""
    blocks = _PEM_BLOCK.findall(data)
    try:
        if blocks:
            return [x509.load_pem_x509_certificate(block) for block in blocks]
        if data.lstrip().startswith(b"-----BEGIN"):
            raise ValueError("PEM without a certificate")
        return [x509.load_der_x509_certificate(data)]
    except ValueError as exc:
        raise BadInputError(f"不是有效的证书文件（需要 PEM 或 DER 格式的 X.509 证书）{where}",
                            f"Not a valid certificate file (an X.509 certificate in PEM or DER is needed){where_en}",
                            detail=str(exc)) from None


def der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def load_certificates(path: Path | str) -> list[bytes]:
    """The certificates of a file (PEM may hold several), as DER — for ``--trust``."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise unreadable(path, exc, "证书文件", "certificate file") from None
    return [der(cert) for cert in parse_certificates(data, source=str(path))]
