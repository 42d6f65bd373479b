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
import zipfile
from pathlib import Path

import pytest

from inspector.errors import ExitCode
from inspector.safezip import ZipLimits, ZipRefused
from inspector.signing.certs import pretty_fingerprint
from inspector.sync import bundle as bundle_mod
from inspector.sync import exporter, importer
from inspector.sync.bundle import MANIFEST, SIGNATURE
from inspector.sync.crypto import BundleRefused
from tests import bundle_tamper as bt
from tests.bundle_tamper import Entry
from tests.conftest import PASSPHRASE
from tests.sync_helpers import introduce, make_office, write_pem

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
