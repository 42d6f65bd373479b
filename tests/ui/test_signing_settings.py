"""设置 → 签名身份与信任证书, on the demo vault with real keys, certificates and PKCS#12 files."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from inspector.signing.identity import list_identities
from inspector.signing.trust import list_trusted
from ui.settings import signing as signing_settings
from ui.context import AppContext
from ui.settings.signing import SigningSettings

TIMEOUT = 20_000


def certificate(name: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=365))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .sign(key, hashes.SHA256()))
    return key, cert


@pytest.fixture
def box(qtbot, demo_vault) -> SigningSettings:
    widget = SigningSettings(AppContext(demo_vault))
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitSignal(widget.loaded, timeout=TIMEOUT):
        widget.reload()
    return widget


def act(qtbot, box: SigningSettings, button) -> None:
    with qtbot.waitSignal(box.loaded, timeout=TIMEOUT):
        button.click()


def test_shows_the_demo_identity_and_trusts_it(box, demo_vault):
    with demo_vault.session() as s:
        names = [i.name for i in list_identities(s)]
        trusted = [t.fingerprint for t in list_trusted(s)]
    assert box.identities.rowCount() == len(names) >= 1
    assert box.identities.index(0, 0).data() == names[0] == "李明"
    assert box.trusted.rowCount() == len(trusted) >= 1
    assert box.export_button.isEnabled()


def test_create_export_trust_and_remove(qtbot, box, demo_vault, tmp_path, monkeypatch):
    before = box.identities.rowCount()
    act(qtbot, box, box.create_button)
    assert box.identities.rowCount() == before + 1
    assert not box.message.is_error and "已创建签名身份" in box.message.text()

    target = tmp_path / "me.pem"
    monkeypatch.setattr(signing_settings, "choose_certificate_target", lambda parent, suggested: target)
    act(qtbot, box, box.export_button)
    pem = target.read_bytes()
    assert pem.startswith(b"-----BEGIN CERTIFICATE-----") and b"PRIVATE" not in pem

    _, colleague = certificate("王芳")
    cert_file = tmp_path / "colleague.pem"
    cert_file.write_bytes(colleague.public_bytes(serialization.Encoding.PEM))
    monkeypatch.setattr(signing_settings, "choose_certificate_file", lambda parent: cert_file)
    trusted_before = box.trusted.rowCount()
    act(qtbot, box, box.trust_button)
    assert box.trusted.rowCount() == trusted_before + 1
    row = next(r for r in range(box.trusted.rowCount()) if "王芳" in box.trusted.index(r, 0).data())

    box.trusted_view.selectRow(row)
    monkeypatch.setattr(signing_settings, "confirm", lambda parent, text: True)
    act(qtbot, box, box.remove_button)
    assert box.trusted.rowCount() == trusted_before
    with demo_vault.session() as s:
        assert all("王芳" not in t.subject for t in list_trusted(s))


def test_pkcs12_import_and_a_wrong_password(qtbot, box, demo_vault, tmp_path, monkeypatch):
    key, cert = certificate("赵敏")
    p12 = tmp_path / "zhao.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"zhao", key, cert, None, serialization.BestAvailableEncryption(b"secret-1")))
    monkeypatch.setattr(signing_settings, "choose_pkcs12", lambda parent: p12)
    before = box.identities.rowCount()

    monkeypatch.setattr(signing_settings, "ask_pkcs12_password", lambda parent: "wrong")
    box.import_button.click()
    qtbot.waitUntil(lambda: box.message.is_error, timeout=TIMEOUT)
    with demo_vault.session() as s:
        assert len(list_identities(s)) == before, "a wrong password stores nothing"

    monkeypatch.setattr(signing_settings, "ask_pkcs12_password", lambda parent: "secret-1")
    act(qtbot, box, box.import_button)
    assert box.identities.rowCount() == before + 1
    assert any(box.identities.index(r, 0).data() == "赵敏" for r in range(box.identities.rowCount()))



def test_certificates_are_shown_by_holder_and_one_fingerprint_format(box, demo_vault):
    """Issue 15: 姓名（单位）, not C=CN,O=…,CN=…; the fingerprint's beginning in groups of four, whole in the tooltip."""
    from inspector.signing.certs import pretty_fingerprint
    from ui.settings.signing import TrustedModel

    with demo_vault.session() as s:
        [me] = list_identities(s)
        own = next(t for t in list_trusted(s) if t.fingerprint == me.fingerprint)
    row = next(r for r in range(box.trusted.rowCount()) if box.trusted.row(r).fingerprint == own.fingerprint)
    assert own.subject.startswith("C=CN,O=")  # what the vault stores
    assert box.trusted.index(row, 0).data() == "李明（晋城市大数据应用局）"
    assert box.trusted.index(row, 1).data() == "本机签名身份"  # the own identity named by the interface
    assert box.trusted.index(row, 3).data() == pretty_fingerprint(me.fingerprint, short=True)
    assert pretty_fingerprint(me.fingerprint, per_line=8) in box.trusted.index(row, 3).data(0x03)  # ToolTipRole
    assert own.subject in box.trusted.index(row, 0).data(0x03)  # the whole subject, for support
    assert box.identities.index(0, 2).data() == pretty_fingerprint(me.fingerprint, short=True)
    assert all("C=CN" not in (box.trusted.index(r, 0).data() or "") for r in range(box.trusted.rowCount()))
    assert isinstance(box.trusted, TrustedModel)
