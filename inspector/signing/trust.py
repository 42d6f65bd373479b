"""The vault's trust store: the certificates whose signatures `inspector verify` accepts.

Colleagues' self-signed certificates and the bureau's CA certificates are added
here by hand (their PEM, checked by fingerprint over the phone or in person);
the vault's own identities are always trusted as well.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from inspector.errors import BadInputError, NotFoundError
from inspector.model import SigningIdentity, TrustedCertificate
from inspector.signing import certs


def add_trusted(session: Session, data: bytes, label: str = "") -> TrustedCertificate:
    """Trust one certificate (PEM or DER). Adding it again changes nothing (a new label is kept)."""
    parsed = certs.parse_certificates(data)
    if len(parsed) != 1:
        raise BadInputError(f"文件中有 {len(parsed)} 个证书，请逐个添加。",
                            f"The data holds {len(parsed)} certificates; add them one at a time.")
    cert = parsed[0]
    cert_der = certs.der(cert)
    fpr = certs.fingerprint(cert_der)
    row = session.exec(select(TrustedCertificate).where(TrustedCertificate.fingerprint == fpr)).first()
    if row is not None:
        if label and row.label != label:
            row.label = label
            session.flush()
        return row
    row = TrustedCertificate(fingerprint=fpr, subject=certs.subject_text(cert), label=label or certs.common_name(cert),
                             cert_der=cert_der, is_ca=certs.is_ca(cert))
    session.add(row)
    session.flush()
    return row


def add_trusted_file(session: Session, path: Path | str, label: str = "") -> list[TrustedCertificate]:
    """Trust every certificate of a file (a PEM bundle may hold a CA chain)."""
    return [add_trusted(session, cert_der, label) for cert_der in certs.load_certificates(path)]


def list_trusted(session: Session) -> list[TrustedCertificate]:
    return list(session.exec(select(TrustedCertificate).order_by(TrustedCertificate.added_at,
                                                                 TrustedCertificate.id)).all())


def find_trusted(session: Session, fingerprint_prefix_or_id: str) -> TrustedCertificate:
    """One certificate by id or by a prefix of its fingerprint (colons and case ignored)."""
    wanted = fingerprint_prefix_or_id.strip()
    row = session.get(TrustedCertificate, wanted) if wanted else None
    if row is not None:
        return row
    prefix = certs.normalise_fingerprint(wanted)
    if not prefix:
        raise BadInputError("请给出证书指纹（或其开头部分）。", "Give the certificate's fingerprint (or its beginning).")
    matches = [r for r in list_trusted(session) if r.fingerprint.startswith(prefix)]
    if not matches:
        raise NotFoundError(f"信任列表中没有该证书：{wanted}", f"No such certificate in the trust store: {wanted}")
    if len(matches) > 1:
        raise BadInputError(f"指纹开头“{wanted}”对应 {len(matches)} 个证书，请输入更长的指纹。",
                            f"'{wanted}' matches {len(matches)} certificates; give more of the fingerprint.")
    return matches[0]


def remove_trusted(session: Session, fingerprint_prefix_or_id: str) -> TrustedCertificate:
    """Stop trusting a certificate; returns the removed row. The vault's own identities stay trusted."""
    row = find_trusted(session, fingerprint_prefix_or_id)
    session.delete(row)
    session.flush()
    return row


def trust_roots(session: Session) -> list[bytes]:
    """DER of every certificate this vault trusts: its trust store and its own identities."""
    seen: dict[str, bytes] = {}
    for row in list_trusted(session):
        seen.setdefault(row.fingerprint, row.cert_der)
    for ident in session.exec(select(SigningIdentity)).all():
        seen.setdefault(ident.fingerprint, ident.cert_der)
    return list(seen.values())


load_certificates = certs.load_certificates
"""The certificates of a file as DER (for ``inspector verify --trust``)."""
