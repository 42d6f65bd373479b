"""`inspector identity|trust|verify`: outputs and exit codes, on the demo vault (which can sign at once)."""

from __future__ import annotations

import json
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from sqlmodel import select

from inspector.errors import ExitCode
from inspector.model import Inspector, IssuedDocument
from inspector.signing.certs import pretty_fingerprint
from inspector.signing.identity import load_identity
from inspector.signing.pades import add_signature_fields, sign_pdf
from inspector.vault import Vault
from tests.conftest import PASSPHRASE
from tests.signing_helpers import make_ca, make_leaf, make_pdf, pem, two_slots


def _signed_by_demo(path: Path, tmp_path: Path, *, register: bool = False) -> Path:
    """Sign a small PDF with the demo inspector's identity (the vault is closed again afterwards)."""
    vault = Vault.open(path, passphrase=PASSPHRASE)
    try:
        with vault.session() as s:
            me = load_identity(s)
            built = make_pdf(two_slots(me.inspector_id))
            data = sign_pdf(add_signature_fields(built.data, built.slots), me)
            if register:
                import hashlib

                s.add(IssuedDocument(kind="record", ref_id="insp-1", filename="记录.pdf",
                                     sha256=hashlib.sha256(data).hexdigest()))
                s.commit()
    finally:
        vault.close()
    out = tmp_path / "signed.pdf"
    out.write_bytes(data)
    return out


def test_demo_vault_has_the_demo_inspectors_identity(run, demo_env):
    code, out, _ = run("identity", "list", "--json")
    rows = json.loads(out)
    assert code == 0 and [(r["name"], r["default"], r["source"]) for r in rows] == [("李明", True, "created")]
    code, out, _ = run("identity", "list")
    assert code == 0 and "李明" in out and pretty_fingerprint(rows[0]["fingerprint"], short=True) in out
    code, out, _ = run("trust", "list", "--json")
    assert code == 0 and [r["fingerprint"] for r in json.loads(out)] == [rows[0]["fingerprint"]]


def test_identity_create_for_a_colleague_and_export_cert(run, demo_env, tmp_path):
    vault = Vault.open(demo_env, passphrase=PASSPHRASE)
    with vault.session() as s:
        wang = s.exec(select(Inspector).where(Inspector.name == "王芳")).one().id
    vault.close()
    code, out, _ = run("identity", "create", "--inspector", wang, "--valid-days", "30")
    assert code == 0 and "王芳" in out and "fingerprint" in out
    code, out, _ = run("identity", "list", "--json")
    rows = {r["name"]: r for r in json.loads(out)}
    assert set(rows) == {"李明", "王芳"} and rows["李明"]["default"] and not rows["王芳"]["default"]

    cert = tmp_path / "wang.pem"
    code, out, _ = run("identity", "export-cert", "--identity", rows["王芳"]["id"], "--out", cert)
    text = cert.read_text()
    assert code == 0 and text.startswith("-----BEGIN CERTIFICATE-----") and "PRIVATE" not in text
    assert pretty_fingerprint(rows["王芳"]["fingerprint"]) in out  # the one format: groups of four
    code, _, err = run("identity", "create", "--inspector", "nobody")
    assert code == ExitCode.BAD_INPUT and "找不到检查人员" in err


def test_identity_import_pkcs12(run, demo_env, tmp_path):
    ca_key, ca = make_ca()
    key, leaf = make_leaf(ca_key, ca, "张伟")
    p12 = tmp_path / "zhang.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"zhang", key, leaf, [ca], serialization.BestAvailableEncryption(b"s3cret")))
    code, _, err = run("identity", "import", p12, env={"INSPECTOR_P12_PASSWORD": "wrong"})
    assert code == ExitCode.BAD_INPUT and "密码不正确" in err and "Wrong password" in err
    code, out, _ = run("identity", "import", p12, env={"INSPECTOR_P12_PASSWORD": "s3cret"})
    assert code == 0 and "张伟" in out
    code, _, err = run("identity", "import", tmp_path / "missing.p12")
    assert code == ExitCode.BAD_INPUT and "无法读取文件" in err


def test_trust_add_list_remove(run, demo_env, tmp_path):
    ca_key, ca = make_ca()
    _, leaf = make_leaf(ca_key, ca, "王芳")
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(pem(leaf) + pem(ca))
    code, out, _ = run("trust", "add", bundle, "--label", "市局")
    assert code == 0 and out.count("已信任") == 2 and "[CA]" in out
    code, out, _ = run("trust", "list", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 3 and sum(r["is_ca"] for r in rows) == 1
    ca_row = next(r for r in rows if r["is_ca"])
    code, out, _ = run("trust", "remove", ca_row["fingerprint"][:16])
    assert code == 0 and "已移出信任列表" in out
    code, _, err = run("trust", "remove", ca_row["fingerprint"])
    assert code == ExitCode.BAD_INPUT and "信任列表中没有该证书" in err
    (tmp_path / "junk.pem").write_text("junk")
    code, _, err = run("trust", "add", tmp_path / "junk.pem")
    assert code == ExitCode.BAD_INPUT and "不是有效的证书文件" in err


def test_verify_with_the_vault_and_its_register(run, demo_env, tmp_path):
    signed = _signed_by_demo(demo_env, tmp_path, register=True)
    code, out, err = run("verify", signed)
    assert code == 0, err
    assert "验证通过" in out and "李明" in out and "这正是现场检查记录" in out and "覆盖整个文件" in out
    code, out, _ = run("verify", signed, "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["issued"]["kind"] == "record"
    assert report["signatures"][0]["coverage"] == "entire_file"


def test_verify_with_trust_files_never_opens_a_vault(run, demo_env, tmp_path, monkeypatch):
    signed = _signed_by_demo(demo_env, tmp_path)
    cert = tmp_path / "li.pem"
    assert run("identity", "export-cert", "--out", cert)[0] == 0
    monkeypatch.setenv("INSPECTOR_VAULT", str(tmp_path / "no-such.vault"))
    monkeypatch.delenv("INSPECTOR_PASSPHRASE")
    code, out, err = run("verify", signed, "--trust", cert)
    assert code == 0 and "验证通过" in out and "本保险库" not in out, err

    _, stranger = make_ca("陌生人")
    other = tmp_path / "other.pem"
    other.write_bytes(pem(stranger))
    code, out, _ = run("verify", signed, "--trust", other)
    assert code == ExitCode.INTEGRITY and "签名者不在信任列表中" in out and "inspector trust add" in out
    assert "验证未通过" in out

    tampered = tmp_path / "tampered.pdf"
    data = bytearray(signed.read_bytes())
    data[data.index(b"ReportLab Generated") + 2] ^= 0x20
    tampered.write_bytes(bytes(data))
    code, out, _ = run("verify", tampered, "--trust", cert, "--json")
    report = json.loads(out)
    assert code == ExitCode.INTEGRITY and not report["ok"] and report["signatures"][0]["intact"] is False

    unsigned = tmp_path / "unsigned.pdf"
    unsigned.write_bytes(make_pdf([]).data)
    code, out, _ = run("verify", unsigned, "--trust", cert)
    assert code == ExitCode.INTEGRITY and "没有数字签名" in out

    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"this is not a PDF")
    for target in (junk, tmp_path / "missing.pdf"):
        code, _, err = run("verify", target, "--trust", cert)
        assert code == ExitCode.BAD_INPUT and "Traceback" not in err
    code, _, err = run("verify", signed, "--trust", junk)
    assert code == ExitCode.BAD_INPUT and "不是有效的证书文件" in err
