"""Signing identities: a private key and its certificate, kept inside the encrypted vault.

On the office hub the private key is kept sealed under the hub's evidence key (:mod:`inspector.hub.keys`):
:func:`_stored_key` (on write) and :func:`private_key` (on read) are the one place that knows, so every caller
gets the plain PKCS#8 DER on a hub as on a vault.

An identity is either *created* here (ECDSA P-256, a self-signed certificate
whose CN is the inspector's name; colleagues trust it by importing its PEM) or
*imported* from a PKCS#12 file issued by the bureau's CA. One inspector may
have several; the newest currently valid one is their default.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from sqlmodel import Session, select

from inspector.errors import BadInputError, NotFoundError
from inspector.model import Inspector, SigningIdentity, VaultMeta
from inspector.services import settings
from inspector.signing import certs

SOURCE_CREATED = "created"
SOURCE_PKCS12 = "pkcs12"
_NO_IDENTITY_ZH = "没有可用的签名身份：请先在“设置”中创建签名身份，或运行 `inspector identity create`。"
_NO_IDENTITY_EN = "No usable signing identity: create one in Settings, or run `inspector identity create`."


@dataclass(frozen=True)
class LoadedIdentity:
    """An identity with its private key, ready to sign. Never logged: the key is left out of ``repr``."""

    id: str
    name: str
    inspector_id: str | None
    fingerprint: str
    cert_der: bytes = field(repr=False)
    key_der: bytes = field(repr=False)
    chain_der: tuple[bytes, ...] = field(default=(), repr=False)
    """The issuing CAs' certificates (empty for a self-signed identity)."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _inspector(session: Session, inspector_id: str | None) -> Inspector:
    if inspector_id is None:
        person = settings.self_inspector(session)
        if person is None:
            raise BadInputError("请先填写本机检查人员的身份：在“设置”中，或运行 `inspector identity create --name 姓名`。",
                                "Set up this vault's inspector first: in Settings, or with "
                                "`inspector identity create --name NAME`.")
        return person
    person = session.get(Inspector, inspector_id)
    if person is None:
        raise NotFoundError(f"找不到检查人员：{inspector_id}", f"No such inspector: {inspector_id}")
    return person


def _vault_id(session: Session) -> str:
    row = session.get(VaultMeta, "vault_id")
    if row is None:  # every vault has one from its creation (inspector.vault.initialize_store)
        raise NotFoundError("保险库缺少编号，无法创建签名身份。", "The vault has no id; cannot create an identity.")
    return row.value


def _sealer(where):
    """The hub's seal of signing keys, or None on a vault (whose whole file is encrypted). ``where``: a session
    (of :meth:`inspector.database.Database.session`), or the open vault or hub itself."""
    seal = getattr(getattr(where, "vault", where), "signing_keys", None)
    if seal is None and isinstance(where, Session) and where.get_bind().dialect.name == "postgresql":
        from inspector.hub.keys import locked

        raise locked()  # a hub's session that does not know the hub: never store or hand out a key unsealed
    return seal


def _stored_key(session: Session, fingerprint: str, key_der: bytes) -> bytes:
    """What ``signing_identity.key_der`` holds for ``key_der``: itself in a vault, sealed on the hub."""
    seal = _sealer(session)
    return key_der if seal is None else seal.seal(fingerprint, key_der)


def private_key(where, row: SigningIdentity) -> bytes:
    """The plain PKCS#8 DER private key of ``row`` (``where``: the session it was read in, or the vault or hub).
    On a hub whose evidence key is locked on this machine: :func:`inspector.hub.keys.locked`."""
    seal = _sealer(where)
    return bytes(row.key_der) if seal is None else seal.open(row.fingerprint, row.key_der)


def _store(session: Session, cert: x509.Certificate, key_der: bytes, *, inspector_id: str | None,
           source: str, chain: list[x509.Certificate] = ()) -> SigningIdentity:
    cert_der = certs.der(cert)
    fpr = certs.fingerprint(cert_der)
    if session.exec(select(SigningIdentity).where(SigningIdentity.fingerprint == fpr)).first() is not None:
        raise BadInputError("该证书已作为签名身份导入。", "This certificate is already a signing identity here.")
    start, end = certs.validity(cert)
    row = SigningIdentity(
        inspector_id=inspector_id, name=certs.common_name(cert), subject=certs.subject_text(cert),
        fingerprint=fpr, cert_der=cert_der, key_der=_stored_key(session, fpr, key_der), source=source,
        not_before=start, not_after=end,
        chain_pem="".join(c.public_bytes(serialization.Encoding.PEM).decode("ascii") for c in chain),
    )
    session.add(row)
    session.flush()
    return row


def create_identity(session: Session, inspector_id: str | None, *, organisation: str | None = None,
                    valid_days: int = 1825) -> SigningIdentity:
    """A new ECDSA P-256 key and self-signed certificate for an inspector (None: this vault's own).

    The certificate names this vault (:func:`inspector.signing.certs.vault_name`), so a sync bundle it signs
    can only speak for this vault. It is also put in the trust store, so this vault trusts the documents it signs.
    """
    from inspector.signing.trust import (
        add_trusted,  # trust imports certs only; no cycle at import time
    )

    person = _inspector(session, inspector_id)
    org = organisation if organisation is not None else (person.organisation or settings.get(session, settings.ORG_NAME))
    key = ec.generate_private_key(ec.SECP256R1())
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, person.name), x509.NameAttribute(NameOID.COUNTRY_NAME, "CN")]
    if org:
        attrs.insert(1, x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    name = x509.Name(attrs)
    now = _now()
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(int.from_bytes(secrets.token_bytes(16), "big") >> 1)  # positive, ≤ 20 octets
        .not_valid_before(now - timedelta(minutes=5))  # tolerate a slightly slow clock elsewhere
        .not_valid_after(now + timedelta(days=valid_days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=True, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(ski, critical=False)
        .add_extension(certs.vault_name(_vault_id(session)), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    row = _store(session, cert, key_der, inspector_id=person.id, source=SOURCE_CREATED)
    add_trusted(session, certs.der(cert), label=f"本机签名身份 {person.name}")
    return row


def _can_sign(cert: x509.Certificate) -> bool:
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True
    return usage.digital_signature or usage.content_commitment


def import_pkcs12(session: Session, data: bytes, password: str | None, inspector_id: str | None) -> SigningIdentity:
    """Import a key and certificate (with its CA chain) from a PKCS#12 file (``.p12``/``.pfx``)."""
    person = _inspector(session, inspector_id)
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password.encode() if password else None)
    except ValueError as exc:
        hint = str(exc).lower()
        if "password" in hint or "mac" in hint or "decrypt" in hint:
            raise BadInputError("PKCS#12 文件的密码不正确。", "Wrong password for the PKCS#12 file.") from None
        raise BadInputError("不是有效的 PKCS#12（.p12/.pfx）文件。", "Not a valid PKCS#12 (.p12/.pfx) file.",
                            detail=str(exc)) from None
    if key is None or cert is None:
        raise BadInputError("PKCS#12 文件中没有私钥和对应的证书。",
                            "The PKCS#12 file holds no private key with its certificate.")
    if not isinstance(key, (ec.EllipticCurvePrivateKey, rsa.RSAPrivateKey)):
        raise BadInputError("该私钥类型不能用于 PDF 签名（需要 RSA 或 ECDSA）。",
                            "This key type cannot sign PDFs (RSA or ECDSA is needed).")
    if key.public_key().public_numbers() != cert.public_key().public_numbers():
        raise BadInputError("PKCS#12 文件中的私钥与证书不匹配。",
                            "The private key in the PKCS#12 file does not match its certificate.")
    if not _can_sign(cert):
        raise BadInputError("该证书不允许用于数字签名（密钥用途不含 digitalSignature / nonRepudiation）。",
                            "This certificate is not meant for signing (no digitalSignature/nonRepudiation usage).")
    if not certs.is_current(cert):
        start, end = certs.validity(cert)
        raise BadInputError(f"证书不在有效期内（{start:%Y-%m-%d} 至 {end:%Y-%m-%d}）。",
                            f"The certificate is not valid now ({start:%Y-%m-%d} to {end:%Y-%m-%d}).")
    key_der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return _store(session, cert, key_der, inspector_id=person.id, source=SOURCE_PKCS12, chain=list(extra or []))


def list_identities(session: Session) -> list[SigningIdentity]:
    """Every identity of this vault, newest first."""
    return list(session.exec(select(SigningIdentity).order_by(SigningIdentity.created_at.desc(),
                                                              SigningIdentity.id)).all())


def _pick(session: Session, identity_id: str | None) -> SigningIdentity:
    if identity_id is not None:
        row = session.get(SigningIdentity, identity_id)
        prefix = certs.normalise_fingerprint(identity_id)
        if row is None and prefix:  # a unique beginning of the fingerprint will do, as in `trust remove`
            matches = [r for r in list_identities(session) if r.fingerprint.startswith(prefix)]
            row = matches[0] if len(matches) == 1 else None
        if row is None:
            raise NotFoundError(f"找不到签名身份：{identity_id}", f"No such signing identity: {identity_id}")
        return row
    owner = settings.get(session, settings.SELF_INSPECTOR) or None
    rows = [r for r in list_identities(session) if owner is None or r.inspector_id == owner]
    now = _now()
    valid = [r for r in rows if r.not_before <= now <= r.not_after]
    if valid:
        return valid[0]
    if rows:
        raise NotFoundError("本机检查人员的签名身份均已过期：" + _NO_IDENTITY_ZH, "Every identity has expired. " + _NO_IDENTITY_EN)
    raise NotFoundError(_NO_IDENTITY_ZH, _NO_IDENTITY_EN)


def member_identity(session: Session, inspector_id: str) -> SigningIdentity | None:
    """The newest currently valid identity of ``inspector_id`` (any team member, not only this vault's own)."""
    now = _now()
    return next((r for r in list_identities(session)
                 if r.inspector_id == inspector_id and r.not_before <= now <= r.not_after), None)


def default_identity_id(session: Session) -> str | None:
    """The identity that signs when none is named (see :func:`load_identity`), or None if there is none."""
    try:
        return _pick(session, None).id
    except NotFoundError:
        return None


def load_identity(session: Session, identity_id: str | None = None) -> LoadedIdentity:
    """An identity ready to sign: by id (or fingerprint prefix), else the newest valid one of this vault's inspector."""
    row = _pick(session, identity_id)
    now = _now()
    if not row.not_before <= now <= row.not_after:
        raise BadInputError(f"签名身份“{row.name}”的证书已过期或尚未生效，不能签名。",
                            f"The certificate of the signing identity '{row.name}' is not valid now; it cannot sign.")
    chain = tuple(certs.der(c) for c in certs.parse_certificates(row.chain_pem.encode())) if row.chain_pem else ()
    return LoadedIdentity(id=row.id, name=row.name, inspector_id=row.inspector_id, fingerprint=row.fingerprint,
                          cert_der=row.cert_der, key_der=private_key(session, row), chain_der=chain)


def export_cert_pem(session: Session, identity_id: str | None = None) -> bytes:
    """The certificate (never the key) as PEM, so colleagues can add it to their trust store."""
    return certs.to_pem(_pick(session, identity_id).cert_der)


def delete_identity(session: Session, identity_id: str) -> None:
    """Forget an identity and its key. Documents it signed stay valid wherever its certificate is trusted."""
    session.delete(_pick(session, identity_id))
    session.flush()
