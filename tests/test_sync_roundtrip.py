"""Bundles between two real vaults: round trips, merges, conflicts, re-import, since-last, history flags."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select as sa_select
from sqlmodel import select

from inspector import evidence_store
from inspector.errors import Cancelled
from inspector.model import (
    AuditHead,
    ChecklistItem,
    Evidence,
    EvidenceBlob,
    Finding,
    Inspection,
    InspectionResult,
    SyncBundle,
    SyncConflict,
)
from inspector.progress import CancelToken
from inspector.services import maintenance
from inspector.sync import conflicts, crypto, exporter, importer
from tests.engines import office_vault_only
from tests.sync_helpers import introduce


@pytest.fixture
def pair(demo_vault, office_either):
    """(laptop, office): the demo vault and a vault made apart — then an office hub — trusting each other."""
    introduce(demo_vault, office_either, "李明", "办公室 王芳")
    return demo_vault, office_either


def send(src, dst, path, to: str, **kw) -> importer.Preview:
    exporter.export_bundle(src, path, [to], **kw)
    return importer.import_bundle(dst, path)


def state(vault) -> tuple:
    """Everything a failed or repeated import must leave alone."""
    with vault.session() as s:
        head = s.get(AuditHead, 1)
        counts = tuple(s.connection().execute(sa_select(func.count()).select_from(m.__table__)).scalar_one()
                       for m in (Finding, Evidence, EvidenceBlob, SyncBundle, SyncConflict, InspectionResult))
        return (head.seq, head.hash), counts


def blob_hashes(vault) -> set[str]:
    with vault.session() as s:
        return {hashlib.sha256(evidence_store.read_bytes(s, sha)).hexdigest()
                for sha in s.exec(sa_select(EvidenceBlob.sha256)).scalars()}


def test_laptop_to_office_and_back(pair, tmp_path):
    laptop, office = pair
    result = send(laptop, office, tmp_path / "a.inspbundle", "办公室")
    assert result.applied and result.total("conflicts") == 0
    assert result.counts["finding"]["new"] == 5
    assert result.counts["checklist_item"]["unchanged"] == 55  # the same checklist ids in both vaults
    with laptop.session() as s:
        laptop_findings = {f.id: (f.title, f.status, f.vv) for f in s.exec(select(Finding))}
    with office.session() as s:
        office_findings = {f.id: (f.title, f.status, f.vv) for f in s.exec(select(Finding))}
        insp = s.exec(select(Inspection).where(Inspection.rep_signature_sha256 != None)).first()  # noqa: E711
        assert insp is not None and s.get(EvidenceBlob, insp.rep_signature_sha256) is not None
    assert office_findings == laptop_findings  # ids, values and version vectors arrive as they were
    assert blob_hashes(laptop) <= blob_hashes(office)  # evidence byte-identical (hash of the stored bytes)
    report = maintenance.check_vault(office)  # audit chain intact, every row matches its event
    assert report.ok, report.lines

    back = send(office, laptop, tmp_path / "b.inspbundle", "李明")
    assert back.applied and back.total("conflicts") == 0 and back.total("updated") == 0
    assert back.counts["inspector"]["new"] == 1  # the office's own inspector; everything else known


def test_reimport_changes_nothing_and_says_so(pair, tmp_path):
    laptop, office = pair
    path = tmp_path / "a.inspbundle"
    send(laptop, office, path, "办公室")
    before = state(office)
    again = importer.import_bundle(office, path)
    assert again.already_imported and not again.applied
    assert state(office) == before


def test_dry_run_and_preview_change_nothing(pair, tmp_path):
    laptop, office = pair
    path = tmp_path / "a.inspbundle"
    exporter.export_bundle(laptop, path, ["办公室"])
    before = state(office)
    dry = importer.import_bundle(office, path, dry_run=True)
    assert not dry.applied and dry.total("new") > 200 and dry.trusted and dry.sender == "李明"
    assert state(office) == before


def _edit(vault, finding_id: str, **values) -> None:
    with vault.session() as s:
        f = s.get(Finding, finding_id)
        for k, v in values.items():
            setattr(f, k, v)


def _first_finding(vault) -> str:
    """A finding of the inspection in progress (unsigned): nothing frozen about it."""
    with vault.session() as s:
        return s.exec(select(Finding.id).join(Inspection, Inspection.id == Finding.inspection_id)
                      .where(Inspection.status == "in_progress").order_by(Finding.id)).first()


def test_change_on_one_side_is_taken(pair, tmp_path):
    laptop, office = pair
    send(laptop, office, tmp_path / "a.inspbundle", "办公室")
    fid = _first_finding(laptop)
    _edit(laptop, fid, description="现场复核后补充的说明")
    result = send(laptop, office, tmp_path / "b.inspbundle", "办公室", since_last=True)
    assert result.counts["finding"] == {"new": 0, "updated": 1, "conflicts": 0, "unchanged": 0}
    assert sum(c["new"] + c["updated"] for c in result.counts.values()) == 1  # only the change travelled
    with office.session() as s:
        assert s.get(Finding, fid).description == "现场复核后补充的说明"
    # and an older version coming back does not undo it
    result = send(laptop, office, tmp_path / "a2.inspbundle", "办公室")
    assert result.total("updated") == 0 and result.total("conflicts") == 0


def test_change_on_both_sides_is_a_conflict_resolved_by_the_user(pair, tmp_path):
    laptop, office = pair
    send(laptop, office, tmp_path / "a.inspbundle", "办公室")
    fid = _first_finding(laptop)
    _edit(laptop, fid, title="笔记本上的标题")
    _edit(office, fid, title="办公室的标题")
    result = send(laptop, office, tmp_path / "b.inspbundle", "办公室", since_last=True)
    assert result.counts["finding"]["conflicts"] == 1
    with office.session() as s:
        assert s.get(Finding, fid).title == "办公室的标题"  # never overwritten silently
        [row] = conflicts.list_conflicts(s)
    assert row.record_id == fid and row.kind == "concurrent" and row.sender == "李明"
    assert [(f.name, f.local, f.incoming) for f in row.fields] == [("title", "办公室的标题", "笔记本上的标题")]

    with office.session() as s:
        conflicts.resolve(s, row.id, conflicts.KEEP_INCOMING)
        assert s.get(Finding, fid).title == "笔记本上的标题"
        assert conflicts.list_conflicts(s) == []
    # the decision travels back without a new conflict; the laptop already has those values
    back = send(office, laptop, tmp_path / "c.inspbundle", "李明", since_last=True)
    assert back.total("conflicts") == 0
    with laptop.session() as s, office.session() as o:
        assert s.get(Finding, fid).title == "笔记本上的标题"
        assert s.get(Finding, fid).vv == o.get(Finding, fid).vv  # both sides agree again


def test_keep_local_wins_the_next_exchange(pair, tmp_path):
    laptop, office = pair
    send(laptop, office, tmp_path / "a.inspbundle", "办公室")
    fid = _first_finding(laptop)
    _edit(laptop, fid, title="笔记本上的标题")
    _edit(office, fid, title="办公室的标题")
    send(laptop, office, tmp_path / "b.inspbundle", "办公室", since_last=True)
    with office.session() as s:
        [row] = conflicts.list_conflicts(s)
        conflicts.resolve(s, row.id, conflicts.KEEP_LOCAL)
        assert s.get(Finding, fid).title == "办公室的标题"
    back = send(office, laptop, tmp_path / "c.inspbundle", "李明", since_last=True)
    assert back.total("conflicts") == 0
    with laptop.session() as s:
        assert s.get(Finding, fid).title == "办公室的标题"


def test_same_verdict_recorded_on_two_laptops_is_a_duplicate_conflict(pair, tmp_path):
    laptop, office = pair
    send(laptop, office, tmp_path / "a.inspbundle", "办公室")
    with laptop.session() as s:
        insp = s.exec(select(Inspection).where(Inspection.status == "in_progress")).first()
        answered = {r.item_id for r in s.exec(select(InspectionResult).where(InspectionResult.inspection_id == insp.id))}
        item = s.exec(select(ChecklistItem).where(ChecklistItem.id.not_in(answered))).first()
        s.add(InspectionResult(inspection_id=insp.id, item_id=item.id, verdict="compliant"))
    with office.session() as s:
        s.add(InspectionResult(inspection_id=insp.id, item_id=item.id, verdict="non_compliant"))
    result = send(laptop, office, tmp_path / "b.inspbundle", "办公室", since_last=True)
    assert result.counts["inspection_result"]["conflicts"] == 1
    with office.session() as s:
        [row] = conflicts.list_conflicts(s)
        assert row.kind == "duplicate"
        conflicts.resolve(s, row.id, conflicts.KEEP_INCOMING)
        kept = s.exec(select(InspectionResult).where(InspectionResult.inspection_id == insp.id,
                                                     InspectionResult.item_id == item.id)).one()
        assert kept.verdict == "compliant"


def test_sm4_bundle_round_trip(pair, tmp_path):
    laptop, office = pair
    path = tmp_path / "sm4.inspbundle"
    exporter.export_bundle(laptop, path, ["办公室"], cipher=crypto.SM4_GCM, scope="field")
    result = importer.import_bundle(office, path)
    assert result.applied and result.cipher == "SM4-GCM" and result.counts["finding"]["new"] == 5
    assert "self_report" not in result.counts  # the field scope leaves self-reports at home


def test_plan_scope_carries_the_plan_not_the_findings(pair, tmp_path):
    laptop, office = pair
    result = send(laptop, office, tmp_path / "p.inspbundle", "办公室", scope="plan")
    assert "plan" in result.counts and "self_report" in result.counts
    assert "finding" not in result.counts and result.blobs == 0


def test_cancel_during_import_changes_nothing(pair, tmp_path):
    laptop, office = pair
    path = tmp_path / "a.inspbundle"
    exporter.export_bundle(laptop, path, ["办公室"])
    before = state(office)
    token = CancelToken()

    def progress(done, total, message=""):
        if done:
            token.cancel()

    with pytest.raises(Cancelled):
        importer.import_bundle(office, path, progress=progress, cancel=token)
    assert state(office) == before
    assert importer.import_bundle(office, path).applied  # and it still imports afterwards


def test_a_rewritten_sender_history_is_flagged(pair, tmp_path):
    laptop, office = pair
    send(laptop, office, tmp_path / "a.inspbundle", "办公室")
    with office.session() as s:  # as if the laptop had sent a different chain at that point before
        row = s.exec(select(SyncBundle).where(SyncBundle.direction == "in")).one()
        row.checkpoint_hash = "0" * 64
    _edit(laptop, _first_finding(laptop), description="再次修改")
    result = send(laptop, office, tmp_path / "b.inspbundle", "办公室", since_last=True)
    assert result.applied
    assert any("改写" in zh for zh, _ in result.flags)
    with office.session() as s:
        newest = s.get(SyncBundle, result.bundle_id)
        assert newest.flags and "rewritten" in newest.flags[0]


def test_an_older_bundle_arriving_late_is_noted_and_harmless(pair, tmp_path):
    laptop, office = pair
    old = tmp_path / "old.inspbundle"
    exporter.export_bundle(laptop, old, ["办公室"])
    fid = _first_finding(laptop)
    _edit(laptop, fid, description="较新的说明")
    send(laptop, office, tmp_path / "new.inspbundle", "办公室")
    late = importer.import_bundle(office, old)
    assert late.applied and late.total("updated") == 0 and late.total("conflicts") == 0
    assert any("早于" in zh for zh, _ in late.flags)
    with office.session() as s:
        assert s.get(Finding, fid).description == "较新的说明"


def test_export_refuses_a_recipient_it_cannot_encrypt_for(pair, tmp_path):
    laptop, _ = pair
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from datetime import datetime, timedelta, timezone
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "RSA 用户")])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + timedelta(days=1)).sign(key, hashes.SHA256()))
    pem = tmp_path / "rsa.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    out = tmp_path / "x.inspbundle"
    with pytest.raises(Exception, match="P-256"):
        exporter.export_bundle(laptop, out, [str(pem)])
    assert not out.exists() and not list(tmp_path.glob("*.part"))


@office_vault_only  # `inspector bundle import` works on a vault file (the hub's is `inspector hub ingest`)
def test_cli_round_trip(pair, tmp_path, run, demo_vault_path):
    laptop, office = pair
    out = tmp_path / "cli.inspbundle"
    env = {"INSPECTOR_PASSPHRASE": "correct horse 电池 staple"}
    code, text, err = run("bundle", "export", "--to", "办公室", "--out", str(out), "--vault", str(demo_vault_path), env=env)
    assert code == 0, err
    assert "王芳" in text and out.exists()
    code, text, err = run("bundle", "inspect", str(out), "--vault", str(office.path), env=env)
    assert code == 0 and "受信任" in text and "问题" in text
    code, text, err = run("bundle", "import", str(out), "--vault", str(office.path), "--json", env=env)
    assert code == 0, err
    assert '"applied": true' in text
    code, text, err = run("bundle", "import", str(out), "--vault", str(office.path), env=env)
    assert code == 0 and "已导入过" in text
