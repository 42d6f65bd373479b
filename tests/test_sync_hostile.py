"""Hostile sync bundles: each is refused with a clear reason, and leaves no trace.

Every case takes a real bundle from the laptop (the demo vault) to the office
(a vault made apart), damages it the way an attacker or a bad USB stick would
(``tests/bundle_tamper.py``), and checks that

* both the preview and the import refuse it with the expected ``reason``, and a
  Chinese message naming the problem;
* nothing changed: the office's audit head, every table's rows, and the
  listings of the bundle's folder and the vault's folder are as before (the
  import stages nothing on disk).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tracemalloc
import uuid
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from sqlmodel import select

from inspector.errors import ExitCode
from inspector.model import Finding, Inspection, IssuedDocument, RectificationNotice
from inspector.model.enums import Severity
from inspector.safezip import ZipLimits, ZipRefused
from inspector.services import maintenance, rectification, settings
from inspector.signing import certs, identity, trust
from inspector.signing.certs import pretty_fingerprint
from inspector.sync import bundle as bundle_mod
from inspector.sync import exporter, importer, records
from inspector.sync.bundle import MANIFEST, SIGNATURE
from inspector.sync.crypto import BundleRefused
from inspector.timezones import china_today
from tests import bundle_tamper as bt
from tests.bundle_tamper import Entry
from tests.conftest import PASSPHRASE
from tests.sync_helpers import introduce, make_office, own_cert, write_pem

ENV = {"INSPECTOR_PASSPHRASE": PASSPHRASE}
CJK = re.compile(r"[\u4e00-\u9fff]")


# ---- the two vaults and a real bundle between them ------------------------------------------------


@pytest.fixture
def office(tmp_path):
    vault = make_office(tmp_path / "office" / "office.vault")
    yield vault
    vault.close()


@pytest.fixture
def laptop(demo_vault, office):
    introduce(demo_vault, office, "李明", "办公室 王芳")
    return demo_vault


@pytest.fixture
def third(tmp_path):
    """A vault the office has never heard of."""
    vault = make_office(tmp_path / "third" / "third.vault", name="张伟")
    yield vault
    vault.close()


@pytest.fixture
def bundle(laptop, office, tmp_path) -> Path:
    """A genuine laptop → office bundle, alone in its folder."""
    pem = write_pem(office, tmp_path / "office.pem")
    return exporter.export_bundle(laptop, tmp_path / "bundles" / "field.inspbundle", [str(pem)]).path


def hostile(bundle: Path, name: str, change) -> Path:
    """A damaged copy of ``bundle`` beside it."""
    return bt.rewrite(bundle, bundle.with_name(f"{name}.inspbundle"), change)


# ---- what "nothing changed" means ----------------------------------------------------------------------


def vault_state(vault) -> tuple:
    """The audit head, and every table's row count and rows (hashed)."""
    with vault.session() as s:
        conn = s.connection()
        head = tuple(conn.exec_driver_sql("SELECT seq, hash FROM audit_head").one())
        tables = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").scalars()
        contents = {}
        for table in tables:
            rows = sorted(repr(tuple(r)) for r in conn.exec_driver_sql(f'SELECT * FROM "{table}"'))
            contents[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        s.rollback()
    return head, contents


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def snapshot(vault, path: Path) -> tuple:
    return vault_state(vault), listing(path.parent), listing(vault.path.parent)


def refused(vault, path: Path, reason: str, *words: str) -> BundleRefused | ZipRefused:
    """Preview and import both refuse ``path`` for ``reason``, in Chinese naming ``words``; nothing changes."""
    before = snapshot(vault, path)
    for attempt in (importer.preview, importer.import_bundle):
        with pytest.raises((BundleRefused, ZipRefused)) as info:
            attempt(vault, path)
        exc = info.value
        assert exc.reason == reason, (exc.reason, exc.zh)
        assert CJK.search(exc.zh) and all(w in exc.zh for w in words), exc.zh
        assert exc.en and exc.en != exc.zh
    assert snapshot(vault, path) == before
    return exc


def test_the_genuine_bundle_is_accepted(office, laptop, bundle):
    """The baseline every hostile case departs from: rewriting the ZIP or signing the manifest again with the
    sender's key is harmless by itself, so each refusal below comes from its one change."""
    assert vault_state(office) == vault_state(office)
    me = bt.signing_identity(laptop)
    rewritten = hostile(bundle, "rewritten", list)
    resigned = hostile(bundle, "resigned", lambda es: bt.resigned(es, me, lambda m: None))
    for copy in (rewritten, resigned):
        assert importer.preview(office, copy).counts["finding"]["new"] == 5
    result = importer.import_bundle(office, bundle)
    assert result.applied and result.counts["finding"]["new"] == 5


# ---- 1. the ZIP's structure (safezip, central directory only) ---------------------------------------


def _add(*entries: Entry):
    return lambda es: bt.added(es, *entries)


def _rename(old: str, new: str):
    return lambda es: bt.renamed(es, old, new)


STRUCTURE = [
    pytest.param(_add(Entry("../evil.txt", b"x")), "traversal", "..", id="dotdot"),
    pytest.param(_rename("index.json", "records/../index.json"), "traversal", "..", id="dotdot-inside"),
    pytest.param(_add(Entry("/etc/cron.d/evil", b"x")), "absolute", "绝对路径", id="absolute"),
    pytest.param(_add(Entry("C:/Windows/evil.dll", b"x")), "absolute", "盘符", id="drive"),
    pytest.param(_add(Entry("records\\evil.jsonl", b"x")), "backslash", "反斜杠", id="backslash"),
    pytest.param(_add(Entry("records/bell\x07.jsonl", b"x")), "control", "控制字符", id="control-character"),
    pytest.param(_rename("index.json", "index.json\x00/../../evil"), "control", "控制字符", id="nul-hiding-a-path"),
    pytest.param(_add(Entry("evil\x00.txt", b"x")), "control", "控制字符", id="nul"),
    pytest.param(_add(Entry("records/link", b"/etc/passwd", symlink=True)), "symlink", "符号链接", id="symlink"),
    pytest.param(lambda es: bt.added(es, bt.get(es, "index.json")), "duplicate", "两次", id="duplicate"),
    pytest.param(lambda es: bt.added(es, Entry("INDEX.json", bt.get(es, "index.json").data)), "case-duplicate",
                 "大小写", id="case-duplicate"),
    pytest.param(_add(Entry("records/", b"")), "directory", "目录", id="directory"),
    pytest.param(_add(Entry("blobs/999999", os.urandom(64))), "extra", "未列出", id="unlisted-member"),
    pytest.param(lambda es: bt.without(es, "index.json"), "missing", "缺少", id="listed-member-missing"),
    pytest.param(lambda es: bt.without(es, SIGNATURE), "unsigned", "签名", id="signature-missing"),
    pytest.param(lambda es: bt.without(es, MANIFEST), "unsigned", "清单", id="manifest-missing"),
    pytest.param(lambda es: bt.with_data(es, "index.json", bt.get(es, "index.json").data, method=zipfile.ZIP_BZIP2),
                 "method", "压缩方式", id="unknown-compression"),
]


@pytest.mark.parametrize("change, reason, word", STRUCTURE)
def test_a_hostile_structure_is_refused(office, bundle, change, reason, word):
    refused(office, hostile(bundle, "hostile", change), reason, word)


def test_an_encrypted_member_is_refused(office, bundle):
    path = bt.patch_entry(hostile(bundle, "encrypted", list), 0, flags=0x1)
    refused(office, path, "encrypted", "加密")


def test_overlapping_members_are_refused(office, bundle):
    """Two central records pointing at the same data (the "overlapping files" bomb)."""
    path = bt.point_at_same_data(hostile(bundle, "overlap", list), 1, 0)
    refused(office, path, "overlap", "重叠")


# ---- 2. bombs ----------------------------------------------------------------------------------------------


def _limits(**kw) -> ZipLimits:
    defaults = {"max_members": 1_000_000, "max_member_bytes": bundle_mod.MAX_MEMBER, "max_total_bytes": 1 << 40}
    return ZipLimits(**{**defaults, **kw})


def test_more_members_than_allowed_is_refused(office, bundle, monkeypatch):
    monkeypatch.setattr(bundle_mod, "LIMITS", _limits(max_members=5))
    refused(office, bundle, "count", "过多", "5")


def test_a_member_declared_too_large_is_refused(office, bundle, monkeypatch):
    monkeypatch.setattr(bundle_mod, "LIMITS", _limits(max_member_bytes=64 << 10))
    refused(office, bundle, "size", "records/checklist_item.jsonl", "过大")


def test_members_too_large_together_are_refused(office, bundle, monkeypatch):
    monkeypatch.setattr(bundle_mod, "LIMITS", _limits(max_total_bytes=100_000))
    refused(office, bundle, "size", "总大小")


def test_a_compression_ratio_bomb_is_refused(office, bundle):
    """An honest header: 8 MiB inflated from a few kilobytes."""
    path = hostile(bundle, "ratio", lambda es: bt.inflating(es, MANIFEST, 8 << 20))
    refused(office, path, "ratio", MANIFEST, "压缩比")


def test_a_size_bomb_whose_headers_lie_is_refused_without_inflating_it(office, bundle, monkeypatch):
    """32 MiB inflated from ~32 KB, both headers claiming 5 000 bytes, over a 1 MiB member limit.

    Reading stops at the declared size (the CRC then fails: "damaged"); a reader
    counting the bytes it produced would say "bomb". Either way memory stays small.
    """
    monkeypatch.setattr(bundle_mod, "LIMITS", _limits(max_member_bytes=1 << 20))
    path = hostile(bundle, "liar", lambda es: bt.inflating(es, MANIFEST, 32 << 20))
    bt.lie_about_size(path, MANIFEST, 5000)
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo(MANIFEST).file_size == 5000 and zf.getinfo(MANIFEST).compress_size < 100_000
    before = snapshot(office, path)
    tracemalloc.start()
    try:
        with pytest.raises(ZipRefused) as info:
            importer.import_bundle(office, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert info.value.reason in ("corrupt", "bomb") and MANIFEST in info.value.zh, info.value.zh
    assert peak < 8 << 20, peak
    assert snapshot(office, path) == before


# ---- 3. the signature and the signer ---------------------------------------------------------------


def test_a_flipped_byte_in_the_manifest_breaks_the_signature(office, bundle):
    path = hostile(bundle, "manifest", lambda es: bt.flipped(es, MANIFEST, len(bt.get(es, MANIFEST).data) // 2))
    refused(office, path, "signature", "签名")


@pytest.mark.parametrize("where", [
    pytest.param(lambda sig: len(sig) - 1, id="signature-value"),
    pytest.param(bt.message_digest_offset, id="signed-digest"),
])
def test_a_flipped_byte_in_the_signature_is_refused(office, bundle, where):
    path = hostile(bundle, "p7s", lambda es: bt.flipped(es, SIGNATURE, where(bt.get(es, SIGNATURE).data)))
    refused(office, path, "signature", "签名")


def test_a_damaged_certificate_in_the_signature_is_refused_not_a_crash(office, bundle):
    path = hostile(bundle, "cert-name", lambda es: bt.flipped(
        es, SIGNATURE, bt.certificate_subject_offset(bt.get(es, SIGNATURE).data, "李明")))
    refused(office, path, "signature", "签名")


def test_an_altered_signer_certificate_is_refused(office, bundle):
    """Same name and key as the trusted certificate, but not the certificate that was checked: not trusted."""
    path = hostile(bundle, "cert-sig", lambda es: bt.flipped(
        es, SIGNATURE, bt.certificate_signature_offset(bt.get(es, SIGNATURE).data)))
    refused(office, path, "untrusted", "不一致")


def test_an_untrusted_sender_is_refused_then_trusted_and_retried(office, third, tmp_path):
    path = exporter.export_bundle(third, tmp_path / "bundles" / "stranger.inspbundle",
                                  [str(write_pem(office, tmp_path / "office.pem"))]).path
    fingerprint = bt.signing_identity(third).fingerprint
    exc = refused(office, path, "untrusted", "张伟", "信任列表", pretty_fingerprint(fingerprint))
    assert exc.fingerprint == fingerprint
    with pytest.raises(BundleRefused) as wrong:
        importer.trust_sender(office, path, "00" * 32)
    assert wrong.value.reason == "fingerprint"
    assert importer.trust_sender(office, path, exc.fingerprint) == "张伟"
    assert importer.import_bundle(office, path).applied


def test_a_bundle_for_someone_else_is_refused(laptop, third, bundle):
    introduce(laptop, third)  # the third vault trusts the laptop, but the bundle is for the office
    exc = refused(third, bundle, "recipient", "不是发给本机", "王芳")
    assert "张伟" not in exc.zh


# ---- 4. damage to the file ------------------------------------------------------------------------------

CUTS = [
    pytest.param(lambda size, cd: 0, id="empty"),
    pytest.param(lambda size, cd: 100, id="inside-first-member"),
    pytest.param(lambda size, cd: size // 2, id="half-way"),
    pytest.param(lambda size, cd: cd + 10, id="inside-central-directory"),
    pytest.param(lambda size, cd: size - 22, id="end-record-missing"),
    pytest.param(lambda size, cd: size - 1, id="last-byte"),
]


@pytest.mark.parametrize("cut", CUTS)
def test_a_truncated_bundle_is_refused(office, bundle, cut):
    at = cut(bundle.stat().st_size, bt.central_directory_offset(bundle))
    path = bt.truncated(bundle, bundle.with_name("cut.inspbundle"), at)
    refused(office, path, "corrupt", "损坏", "不完整")


def test_a_tampered_encrypted_member_is_refused(office, bundle):
    """The ZIP is consistent (CRC rewritten), but the bytes are not those the signed manifest lists."""
    path = hostile(bundle, "member", lambda es: bt.flipped(es, "records/finding.jsonl", 100))
    refused(office, path, "member", "records/finding.jsonl", "与清单不符")


def test_a_flipped_byte_on_disk_is_refused_as_damaged(office, bundle):
    at = bt.member_data_offset(bundle, "records/finding.jsonl") + 100
    path = bt.flip_in_file(bundle, bundle.with_name("bitrot.inspbundle"), at)
    refused(office, path, "corrupt", "records/finding.jsonl", "损坏")


# ---- 5. the manifest, validly signed by the trusted sender ---------------------------------------------


def test_a_newer_format_version_is_refused_with_update_advice(office, laptop, bundle):
    me = bt.signing_identity(laptop)
    path = hostile(bundle, "v2", lambda es: bt.resigned(es, me, lambda m: m.update(version=2)))
    exc = refused(office, path, "version", "版本 2", "升级")
    assert "Update Inspector" in exc.en


def _first_member_path(value: str):
    def edit(manifest):
        manifest["members"][0]["path"] = value
    return edit


def _listed_twice(manifest):
    first = manifest["members"][0]
    manifest["members"].append({**first, "path": first["path"].upper()})


@pytest.mark.parametrize("edit, reason, word", [
    pytest.param(_first_member_path("../../records/department.jsonl"), "traversal", "..", id="dotdot"),
    pytest.param(_first_member_path("/records/department.jsonl"), "absolute", "绝对路径", id="absolute"),
    pytest.param(_first_member_path("records\\department.jsonl"), "backslash", "反斜杠", id="backslash"),
    pytest.param(_listed_twice, "duplicate", "重复", id="case-duplicate"),
])
def test_a_signed_manifest_listing_a_hostile_path_is_refused(office, laptop, bundle, edit, reason, word):
    me = bt.signing_identity(laptop)
    refused(office, hostile(bundle, "listing", lambda es: bt.resigned(es, me, edit)), reason, word)


# ---- 6. replay --------------------------------------------------------------------------------------------


def test_a_replayed_bundle_changes_nothing_and_says_so(office, bundle, run):
    assert importer.import_bundle(office, bundle).applied
    before = snapshot(office, bundle)
    again = importer.import_bundle(office, bundle)
    assert again.already_imported and not again.applied
    assert snapshot(office, bundle) == before
    code, out, err = run("bundle", "import", str(bundle), "--vault", str(office.path), env=ENV)
    assert code == 0, err
    assert "已导入过" in out
    assert snapshot(office, bundle) == before


# ---- 7. the command line ----------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [
    pytest.param(lambda b: hostile(b, "sig", lambda es: bt.flipped(es, MANIFEST, 10)), id="signature"),
    pytest.param(lambda b: bt.truncated(b, b.with_name("cut.inspbundle"), b.stat().st_size // 2), id="truncated"),
    pytest.param(lambda b: hostile(b, "dotdot", _add(Entry("../evil", b"x"))), id="traversal"),
    pytest.param(lambda b: hostile(b, "member", lambda es: bt.flipped(es, "index.json", 3)), id="member"),
])
def test_the_cli_refuses_with_the_chinese_reason_and_a_bad_input_code(office, bundle, run, make):
    path = make(bundle)
    with pytest.raises((BundleRefused, ZipRefused)) as info:
        importer.preview(office, path)
    before = snapshot(office, path)
    code, out, err = run("bundle", "import", str(path), "--vault", str(office.path), env=ENV)
    assert code == ExitCode.BAD_INPUT
    assert f"错误：{info.value.zh}" in err and "已导入" not in out
    assert snapshot(office, path) == before


def test_the_cli_shows_an_untrusted_senders_fingerprint_and_can_trust_it(office, third, tmp_path, run):
    path = exporter.export_bundle(third, tmp_path / "bundles" / "stranger.inspbundle",
                                  [str(write_pem(office, tmp_path / "office.pem"))]).path
    pretty = pretty_fingerprint(bt.signing_identity(third).fingerprint)
    code, out, err = run("bundle", "import", str(path), "--vault", str(office.path), env=ENV)
    assert code == ExitCode.BAD_INPUT
    assert "不在信任列表" in err and pretty in err
    code, out, err = run("bundle", "import", str(path), "--vault", str(office.path), "--trust-sender", pretty, env=ENV)
    assert code == 0, err
    assert "已信任" in err and "已导入" in out


def test_the_cli_exit_code_for_a_newer_bundle_is_incompatible(office, laptop, bundle, run):
    me = bt.signing_identity(laptop)
    path = hostile(bundle, "v2", lambda es: bt.resigned(es, me, lambda m: m.update(version=2)))
    code, _, err = run("bundle", "import", str(path), "--vault", str(office.path), env=ENV)
    assert "升级" in err
    assert code == ExitCode.INCOMPATIBLE


# ---- 8. anyone can check the signature ----------------------------------------------------------------


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed (dev.sh installs it)")
def test_openssl_verifies_the_manifest_signature_and_notices_a_change(laptop, bundle, tmp_path):
    folder = tmp_path / "extracted"
    folder.mkdir()
    with zipfile.ZipFile(bundle) as zf:
        for name in (MANIFEST, SIGNATURE):
            (folder / name).write_bytes(zf.read(name))
    sender = write_pem(laptop, tmp_path / "sender.pem")

    def openssl_verify() -> subprocess.CompletedProcess:
        return subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", str(folder / SIGNATURE),
                               "-content", str(folder / MANIFEST), "-CAfile", str(sender), "-purpose", "any",
                               "-out", os.devnull], check=False, capture_output=True, text=True, timeout=60)

    good = openssl_verify()
    assert good.returncode == 0, good.stderr
    manifest = (folder / MANIFEST).read_bytes()
    (folder / MANIFEST).write_bytes(bt.flip(manifest, len(manifest) // 2))
    bad = openssl_verify()
    assert bad.returncode != 0 and "fail" in bad.stderr.lower(), bad.stderr


# ---- 9. what a trusted sender may say: validly signed bundles whose content lies ------------------------


def lie(laptop, office, bundle: Path, name: str, change=None, edit=None, *, bundle_id: str | None = "new") -> Path:
    """``bundle`` rebuilt and signed by its sender (the laptop) with its content changed, under a new bundle id
    unless told (the genuine bundle may have been imported already)."""
    new_id = str(uuid.uuid4()) if bundle_id == "new" else bundle_id
    return bt.rebuilt(bundle, bundle.with_name(f"{name}.inspbundle"), bt.signing_identity(laptop), change=change,
                      edit=edit, bundle_id=new_id, recipients=[own_cert(office)])


def only(table: str, *rows: dict):
    """A change leaving ``rows`` as the bundle's only records (the receiver has everything they refer to)."""
    def change(content: bt.Content) -> None:
        content.tables = {table: [dict(r) for r in rows]}
        content.blobs.clear()
        content.index["blobs"] = {}
    return change


def local_row(vault, model, record_id: str) -> dict:
    with vault.session() as s:
        return records.to_dict(s.get(model, record_id))


def office_edits_a_finding(office) -> str:
    """The office changes a finding it received (重大 → 一般): its own device's counter moves on."""
    with office.session() as s:
        finding = s.exec(select(Finding).order_by(Finding.id)).first()
        finding.severity = Severity.GENERAL if finding.severity != Severity.GENERAL else Severity.CRITICAL
        return finding.id


def test_a_version_vector_speaking_for_the_receivers_device_is_refused(office, laptop, bundle):
    """The office changed a finding; the laptop's bundle claims a later change *made on the office's device*:
    applied as an update, the office's own edit would vanish without a conflict."""
    assert importer.import_bundle(office, bundle).applied
    fid = office_edits_a_finding(office)
    row = local_row(office, Finding, fid)
    row.update(title="篡改后的标题", severity="critical",
               vv={**row["vv"], office.device_id: row["vv"][office.device_id] + 1})
    refused(office, lie(laptop, office, bundle, "forged-vv", only("finding", row)), "version", "问题", "本机")
    assert local_row(office, Finding, fid)["title"] != "篡改后的标题"


def test_the_receivers_own_record_cannot_be_renamed_by_a_forged_vector(office, laptop, bundle):
    """The office's own inspector, which the laptop never had: a counter on the office's device beyond the
    office's own is impossible."""
    with office.session() as s:
        me = settings.self_inspector(s)
        row = records.to_dict(me)
    row.update(name="冒名顶替", vv={office.device_id: row["vv"][office.device_id] + 1})
    refused(office, lie(laptop, office, bundle, "rename", only("inspector", row)), "version", "检查人员", "本机")


def _new_finding_from(laptop, **changes):
    """A copy of a finding of the inspection in progress (a new finding for a completed one would be held back)."""
    with laptop.session() as s:
        row = records.to_dict(s.exec(select(Finding).join(Inspection, Inspection.id == Finding.inspection_id)
                                     .where(Inspection.status == "in_progress").order_by(Finding.id)).first())
    return {**row, "id": str(uuid.uuid4()), **changes}


def test_a_new_record_claiming_the_receivers_device_is_refused(office, laptop, bundle):
    """A record the office does not have, yet made or changed on the office's device: never from an honest
    sender (the office's audit chain has never seen it)."""
    counted = _new_finding_from(laptop, vv={office.device_id: 1})
    refused(office, lie(laptop, office, bundle, "new-vv", only("finding", counted)), "version", "问题", "本机")
    made_here = _new_finding_from(laptop, origin_device=office.device_id, vv={laptop.device_id: 1})
    refused(office, lie(laptop, office, bundle, "new-origin", only("finding", made_here)), "authorship", "问题", "本机")


def test_relayed_changes_of_a_third_device_are_taken(office, laptop, bundle):
    """The office passes laptop A's work on to laptop B: counters of other devices are legitimate."""
    assert importer.import_bundle(office, bundle).applied
    elsewhere = str(uuid.uuid4())
    relayed = _new_finding_from(laptop, origin_device=elsewhere, updated_device=elsewhere,
                                vv={elsewhere: 3, laptop.device_id: 1})
    result = importer.import_bundle(office, lie(laptop, office, bundle, "relay", only("finding", relayed)))
    assert result.applied and result.counts["finding"]["new"] == 1


def test_a_record_deleted_here_is_not_refused_and_does_not_come_back(office, laptop, tmp_path):
    """A draft notice the laptop made, sent and then discarded comes back in the office's bundle. It names the
    laptop's device, but the laptop's audit chain knows it: not a forgery, so the bundle is not refused; and the
    laptop's tombstone keeps the old copy from bringing it back (deletions travel: inspector/tombstones.py)."""
    with laptop.session() as s:
        candidate = rectification.draft_candidates(s)[0]
        notice = rectification.create_draft(s, candidate.department_id, [candidate.finding_id],
                                            deadline=china_today() + timedelta(days=30))
        notice_id = notice.id
    to_office = exporter.export_bundle(laptop, tmp_path / "out" / "a.inspbundle",
                                       [str(write_pem(office, tmp_path / "office.pem"))]).path
    assert importer.import_bundle(office, to_office).applied
    with laptop.session() as s:
        rectification.discard_draft(s, notice_id)
    back = exporter.export_bundle(office, tmp_path / "out" / "b.inspbundle",
                                  [str(write_pem(laptop, tmp_path / "laptop.pem"))]).path
    result = importer.import_bundle(laptop, back)
    assert result.applied and result.counts["rectification_notice"]["new"] == 0
    assert result.counts["rectification_notice"]["unchanged"] >= 1
    with laptop.session() as s:
        assert s.get(RectificationNotice, notice_id) is None


# ---- 10. the register of issued documents: only its issuer adds to it ---------------------------------------


def _register_row(vault, record_id: str | None = None, **changes) -> dict:
    row = {"id": record_id or str(uuid.uuid4()), "kind": "notice", "ref_id": str(uuid.uuid4()),
           "filename": "整改通知书.pdf", "sha256": hashlib.sha256(b"never issued").hexdigest(),
           "created_at": "2025-01-02T03:04:05.000000Z", "updated_at": "2025-01-02T03:04:05.000000Z",
           "origin_device": vault.device_id, "updated_device": vault.device_id, "revision": 1,
           "vv": {vault.device_id: 1}, "superseded_at": None, "superseded_by": ""}
    return {**row, **changes}


def test_a_register_entry_in_the_receivers_name_is_refused(office, laptop, bundle):
    """A backdated entry claiming the office issued a PDF it never issued: `inspector verify` would say
    "由本保险库签发"."""
    forged = _register_row(office)
    refused(office, lie(laptop, office, bundle, "register", only("issued_document", forged)), "authorship",
            "发文登记", "本机")
    forged = _register_row(office, vv={laptop.device_id: 1})
    refused(office, lie(laptop, office, bundle, "register2", only("issued_document", forged)), "authorship",
            "发文登记", "本机")


def test_the_receivers_own_register_entry_cannot_be_changed(office, laptop, bundle):
    with office.session() as s:
        mine = IssuedDocument(kind="notice", ref_id=str(uuid.uuid4()), filename="a.pdf", sha256="a" * 64)
        s.add(mine)
        s.flush()
        row = records.to_dict(mine)
    row.update(sha256="b" * 64, vv={**row["vv"], laptop.device_id: 1})
    refused(office, lie(laptop, office, bundle, "register-change", only("issued_document", row)), "register",
            "发文登记")


def test_register_entries_come_only_from_their_issuer(office, laptop, bundle):
    """The laptop's own entries are taken; one made on another device is left out (only its issuer's own bundle
    can add it), and the preview says so."""
    issued = _register_row(laptop)
    relayed = _register_row(laptop, origin_device=(other := str(uuid.uuid4())), updated_device=other,
                            vv={other: 1})
    path = lie(laptop, office, bundle, "register-relay", only("issued_document", issued, relayed))
    preview = importer.preview(office, path)
    assert preview.counts["issued_document"] == {"new": 1, "updated": 0, "conflicts": 0, "unchanged": 1}
    assert any("发文登记" in zh for zh, _ in preview.flags), preview.flags
    assert importer.import_bundle(office, path).applied
    with office.session() as s:
        assert s.get(IssuedDocument, issued["id"]) is not None and s.get(IssuedDocument, relayed["id"]) is None


# ---- 11. the sender's vault is the one its certificate names ------------------------------------------------


def test_a_new_identity_names_its_vault(office, laptop):
    for vault in (office, laptop):
        cert = x509.load_der_x509_certificate(own_cert(vault))
        assert certs.named_vaults(cert) == [vault.vault_id]


def test_a_manifest_speaking_for_another_vault_is_refused(office, laptop, third, bundle):
    """Recorded under the third vault's id with a huge checkpoint, it would poison that vault's history."""
    me = bt.signing_identity(laptop)

    def elsewhere(m):
        m["sender"]["vault_id"] = third.vault_id
        m["checkpoint"]["seq"] = 10 ** 6
    refused(office, hostile(bundle, "other-vault", lambda es: bt.resigned(es, me, elsewhere)), "sender", "保险库")


def test_a_manifest_speaking_for_the_receivers_own_vault_is_refused_as_such(office, laptop, bundle):
    """Not "this vault made it, nothing to import": the signer is not one of the office's identities."""
    me = bt.signing_identity(laptop)
    path = hostile(bundle, "own-vault", lambda es: bt.resigned(es, me, lambda m: m["sender"].update(vault_id=office.vault_id)))
    refused(office, path, "sender", "本保险库")


def test_a_manifest_speaking_for_the_receivers_device_is_refused(office, laptop, bundle):
    me = bt.signing_identity(laptop)
    for device in (office.device_id, "not-a-device"):
        def claim(m, device=device):
            m["sender"]["device_id"] = device
        refused(office, hostile(bundle, "device", lambda es, claim=claim: bt.resigned(es, me, claim)), "sender", "设备")


def old_style_identity(vault) -> bytes:
    """An identity whose certificate names no vault (made before vaults were named, or issued by a CA)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "赵六")])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=365)).sign(key, hashes.SHA256()))
    data = pkcs12.serialize_key_and_certificates(b"old", key, cert, None, serialization.NoEncryption())
    with vault.session() as s:
        identity.import_pkcs12(s, data, None, None)
    return certs.der(cert)


@pytest.fixture
def old_sender(third, office, tmp_path):
    """The third vault signing with a certificate that names no vault; the office trusts it."""
    cert = old_style_identity(third)
    with office.session() as s:
        trust.add_trusted(s, cert, "赵六")
    return third


def test_an_old_certificate_is_bound_to_the_vault_it_first_sent_for(office, old_sender, laptop, tmp_path):
    pem = str(write_pem(office, tmp_path / "office.pem"))
    first = exporter.export_bundle(old_sender, tmp_path / "bundles" / "first.inspbundle", [pem]).path
    assert importer.import_bundle(office, first).applied
    second = exporter.export_bundle(old_sender, tmp_path / "bundles" / "second.inspbundle", [pem]).path
    me = bt.signing_identity(old_sender)
    path = hostile(second, "moved", lambda es: bt.resigned(es, me, lambda m: m["sender"].update(vault_id=laptop.vault_id)))
    refused(office, path, "sender", "保险库")
    assert importer.import_bundle(office, second).applied  # the vault it is bound to: still fine


def test_an_old_certificate_cannot_claim_a_vault_whose_certificate_names_it(office, old_sender, laptop, bundle,
                                                                           tmp_path):
    assert importer.import_bundle(office, bundle).applied  # the laptop's certificate names its vault
    pem = str(write_pem(office, tmp_path / "office.pem"))
    theirs = exporter.export_bundle(old_sender, tmp_path / "bundles" / "old.inspbundle", [pem]).path
    me = bt.signing_identity(old_sender)
    path = hostile(theirs, "claim", lambda es: bt.resigned(es, me, lambda m: m["sender"].update(vault_id=laptop.vault_id)))
    refused(office, path, "sender", "保险库")


# ---- 12. bundles that contradict themselves -------------------------------------------------------------


def test_a_plan_bundle_carrying_field_work_is_refused(office, laptop, bundle):
    me = bt.signing_identity(laptop)
    path = hostile(bundle, "plan-scope", lambda es: bt.resigned(es, me, lambda m: m.update(scope="plan")))
    refused(office, path, "scope", "范围", "问题")
    path = hostile(bundle, "no-scope", lambda es: bt.resigned(es, me, lambda m: m.update(scope="everything")))
    refused(office, path, "scope", "范围")


def test_evidence_owned_by_a_table_that_holds_none_is_refused(office, laptop, bundle):
    def change(content):
        content.rows("evidence")[0]["owner_type"] = "audit_event"
    refused(office, lie(laptop, office, bundle, "owner", change, bundle_id=None), "evidence", "证据", "audit_event")


def test_evidence_files_no_record_refers_to_are_refused(office, laptop, bundle):
    def change(content):
        for n in range(20):
            content.add_blob(os.urandom(1000) + bytes([n]))
    refused(office, lie(laptop, office, bundle, "orphans", change, bundle_id=None), "blobs", "证据文件", "20")


def test_an_evidence_file_listed_twice_is_refused(office, laptop, bundle):
    def change(content):
        content.add_blob(next(iter(content.blobs.values())))
    refused(office, lie(laptop, office, bundle, "twice", change, bundle_id=None), "blobs", "证据文件")


# ---- 13. bundle ids -------------------------------------------------------------------------------------------


def test_a_bundle_id_of_the_receivers_own_bundle_is_refused(office, laptop, bundle, tmp_path, run):
    sent = exporter.export_bundle(office, tmp_path / "out" / "to-laptop.inspbundle",
                                  [str(write_pem(laptop, tmp_path / "laptop.pem"))])
    path = lie(laptop, office, bundle, "same-id", bundle_id=sent.bundle_id)
    refused(office, path, "bundle-id", "编号")
    code, _, err = run("bundle", "import", str(path), "--vault", str(office.path), env=ENV)
    assert code == ExitCode.BAD_INPUT and "编号" in err and "内部错误" not in err, err


def test_a_bundle_id_already_imported_with_other_content_is_refused(office, laptop, bundle):
    assert importer.import_bundle(office, bundle).applied
    path = lie(laptop, office, bundle, "reused", lambda c: c.rows("finding")[0].update(title="另一份"), bundle_id=None)
    refused(office, path, "bundle-id", "编号")


# ---- 14. records a batch at a time ------------------------------------------------------------------------------


def test_records_are_read_checked_and_applied_a_small_batch_at_a_time(office, laptop, bundle, monkeypatch):
    """The path a large bundle takes, with batches of 3: the same counts as one batch, every row and its audit
    event as they should be."""
    expected = importer.preview(office, bundle).counts
    monkeypatch.setattr(importer, "BATCH", 3)
    sizes = []
    real = importer.plan

    def plan(session, table, batch, parties, guard=None, doomed=None):
        sizes.append(len(batch))
        return real(session, table, batch, parties, guard, doomed)
    monkeypatch.setattr(importer, "plan", plan)
    assert importer.preview(office, bundle).counts == expected
    result = importer.import_bundle(office, bundle)
    assert result.applied and result.counts == expected
    assert max(sizes) == 3 and len(sizes) >= 2 * sum(sum(c.values()) for c in expected.values()) // 3
    report = maintenance.check_vault(office)
    assert report.ok, report.lines


def test_a_refusal_after_many_batches_leaves_nothing(office, laptop, bundle, monkeypatch):
    """Every record applied, a batch at a time, before the last check fails: all of it is rolled back."""
    monkeypatch.setattr(importer, "BATCH", 3)

    def change(content):
        content.add_blob(b"an evidence file no record refers to")
    refused(office, lie(laptop, office, bundle, "late", change, bundle_id=None), "blobs", "证据文件")
