"""Signing identities: creation, PKCS#12 import, default choice, export; keys never leave the encrypted vault."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from sqlmodel import select

from inspector.errors import BadInputError, NotFoundError
from inspector.model import AuditEvent, Inspector, SigningIdentity
from inspector.services import settings
from inspector.signing import identity as ident
from inspector.signing.certs import fingerprint
from inspector.signing.trust import list_trusted, trust_roots
from tests.signing_helpers import der, make_ca, make_leaf
from tests.engines import vault_on_both_engines  # noqa: F401  (every test's vault: SQLCipher, then the hub)

P12_PASSWORD = "p12 口令 secret"


@pytest.fixture
def me(vault):
    with vault.session() as s:
        person = settings.set_identity(s, "李明", "晋执 14050001", "")
        s.commit()
        return person.id


def _p12(key, cert, extra=(), password: str | None = P12_PASSWORD) -> bytes:
    enc = serialization.BestAvailableEncryption(password.encode()) if password else serialization.NoEncryption()
    return pkcs12.serialize_key_and_certificates(b"test", key, cert, list(extra), enc)


def test_created_identity_is_a_p256_self_signed_signing_certificate(vault, me):
    with vault.session() as s:
        row = ident.create_identity(s, None, valid_days=30)
        s.commit()
        cert = x509.load_der_x509_certificate(row.cert_der)
        assert row.inspector_id == me and row.name == "李明" and row.source == "created"
        assert row.fingerprint == fingerprint(row.cert_der) and len(row.fingerprint) == 64
        subject = {a.oid: a.value for a in cert.subject}
        assert subject[NameOID.COMMON_NAME] == "李明" and subject[NameOID.COUNTRY_NAME] == "CN"
        assert subject[NameOID.ORGANIZATION_NAME] == settings.ORG_NAME.default  # inspector has none: the vault's
        assert cert.issuer == cert.subject and row.subject == cert.subject.rfc4514_string()
        assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey) and cert.public_key().curve.name == "secp256r1"
        cert.verify_directly_issued_by(cert)  # really self-signed
        ku = cert.extensions.get_extension_for_class(x509.KeyUsage)
        assert ku.critical and ku.value.digital_signature and ku.value.content_commitment
        assert not ku.value.key_cert_sign
        assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
        cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
        assert timedelta(days=29) < row.not_after - datetime.now(timezone.utc) <= timedelta(days=30)
        key = serialization.load_der_private_key(ident.private_key(s, row), None)  # the hub keeps it sealed
        assert key.public_key().public_numbers() == cert.public_key().public_numbers()
        # the vault trusts its own documents
        assert [t.fingerprint for t in list_trusted(s)] == [row.fingerprint]
        assert trust_roots(s) == [row.cert_der]


def test_two_identities_get_different_random_serials_and_keys(vault, me):
    with vault.session() as s:
        a, b = ident.create_identity(s, me), ident.create_identity(s, me, organisation="晋城市公安局")
        ca, cb = (x509.load_der_x509_certificate(r.cert_der) for r in (a, b))
        assert ca.serial_number != cb.serial_number and a.key_der != b.key_der
        assert cb.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "晋城市公安局"


def test_default_is_the_newest_valid_identity_of_this_vaults_inspector(vault, me):
    with vault.session() as s:
        other = Inspector(name="王芳")
        s.add(other)
        s.flush()
        older = ident.create_identity(s, me)
        newer = ident.create_identity(s, me)
        ident.create_identity(s, other.id)  # the newest of all, but not ours
        newer.created_at = older.created_at + timedelta(seconds=1)
        s.flush()
        assert ident.load_identity(s).id == newer.id
        newer.not_after = datetime.now(timezone.utc) - timedelta(days=1)  # expired: no longer the default
        s.flush()
        loaded = ident.load_identity(s)
        assert loaded.id == older.id and loaded.name == "李明" and loaded.inspector_id == me
        assert loaded.key_der not in repr(loaded).encode() and "key_der" not in repr(loaded)
        with pytest.raises(BadInputError, match="过期"):
            ident.load_identity(s, newer.id)  # asked for by id, but cannot sign any more
        assert ident.load_identity(s, older.fingerprint[:12]).id == older.id  # by fingerprint prefix
        assert ident.load_identity(s, older.fingerprint[:12].upper()).id == older.id
        with pytest.raises(NotFoundError):
            ident.load_identity(s, "cd-not-an-id")  # not read as the hex prefix "cd"


def test_no_identity_gives_a_chinese_hint(vault, me):
    with vault.session() as s:
        with pytest.raises(NotFoundError) as err:
            ident.load_identity(s)
        assert "请先在“设置”中创建签名身份" in err.value.zh and "inspector identity create" in err.value.en
        with pytest.raises(NotFoundError):
            ident.load_identity(s, "no-such-id")


def test_create_needs_an_inspector(vault):
    with vault.session() as s:
        with pytest.raises(BadInputError, match="检查人员"):
            ident.create_identity(s, None)
        with pytest.raises(NotFoundError):
            ident.create_identity(s, "missing-inspector")


def test_export_cert_pem_holds_the_certificate_and_never_the_key(vault, me):
    with vault.session() as s:
        row = ident.create_identity(s, me)
        pem = ident.export_cert_pem(s, None)
        assert pem.startswith(b"-----BEGIN CERTIFICATE-----") and b"PRIVATE KEY" not in pem
        assert der(x509.load_pem_x509_certificate(pem)) == row.cert_der


def test_private_key_is_neither_on_disk_in_clear_nor_in_the_audit_trail(vault, vault_path, me):
    with vault.session() as s:
        row = ident.create_identity(s, me)
        s.commit()
        key_der = ident.private_key(s, row)
        raw = serialization.load_der_private_key(key_der, None).private_numbers().private_value.to_bytes(32, "big")
        events = s.exec(select(AuditEvent).where(AuditEvent.object_type == "signing_identity")).all()
        assert [e.action for e in events] == ["signing_identity.create"]  # audited (by length only)
    vault.close()
    for path in vault_path.parent.iterdir():
        blob = path.read_bytes()
        assert key_der not in blob and raw not in blob, path


def test_pkcs12_round_trip_with_its_ca_chain(vault, me):
    ca_key, ca = make_ca()
    key, leaf = make_leaf(ca_key, ca, "王芳")
    with vault.session() as s:
        row = ident.import_pkcs12(s, _p12(key, leaf, [ca]), P12_PASSWORD, None)
        s.commit()
        assert row.source == "pkcs12" and row.name == "王芳" and row.inspector_id == me
        assert row.cert_der == der(leaf)
        loaded = ident.load_identity(s, row.id)
        assert loaded.chain_der == (der(ca),)
        assert serialization.load_der_private_key(loaded.key_der, None).private_numbers() == key.private_numbers()
        assert list_trusted(s) == []  # importing a key does not make its CA trusted
        with pytest.raises(BadInputError, match="已作为签名身份"):
            ident.import_pkcs12(s, _p12(key, leaf, [ca]), P12_PASSWORD, None)


@pytest.mark.parametrize("password", [None, "wrong"])
def test_pkcs12_wrong_password(vault, me, password):
    ca_key, ca = make_ca()
    key, leaf = make_leaf(ca_key, ca, "王芳")
    with vault.session() as s:
        with pytest.raises(BadInputError) as err:
            ident.import_pkcs12(s, _p12(key, leaf), password, None)
        assert "密码不正确" in err.value.zh and "Wrong password" in err.value.en
        assert s.exec(select(SigningIdentity)).all() == []


def test_pkcs12_refusals_in_plain_words(vault, me):
    ca_key, ca = make_ca()
    key, leaf = make_leaf(ca_key, ca, "王芳")
    enc_key, enc_only = make_leaf(ca_key, ca, "加密专用", signing=False)
    old_key, expired = make_leaf(ca_key, ca, "过期", days=10, start_days_ago=20)
    no_key = pkcs12.serialize_key_and_certificates(b"x", None, None, [leaf],
                                                   serialization.BestAvailableEncryption(b"pw"))
    with vault.session() as s:
        cases = [
            (no_key, "pw", "没有私钥"),
            (b"not a pkcs12 file at all", None, "不是有效的 PKCS#12"),
            (_p12(enc_key, enc_only), P12_PASSWORD, "不允许用于数字签名"),
            (_p12(old_key, expired), P12_PASSWORD, "不在有效期内"),
        ]
        for data, password, words in cases:
            with pytest.raises(BadInputError, match=words) as err:
                ident.import_pkcs12(s, data, password, None)
            assert err.value.en
        assert s.exec(select(SigningIdentity)).all() == []


def test_delete_identity(vault, me):
    with vault.session() as s:
        row = ident.create_identity(s, me)
        ident.delete_identity(s, row.id)
        assert ident.list_identities(s) == []
        with pytest.raises(NotFoundError):
            ident.load_identity(s)
