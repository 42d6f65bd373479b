"""Destruction with approval (art. 29): request, a second person's signed approval, crypto-shredding, a record that
stays, travels and exports as a signed document."""

from __future__ import annotations

import base64

import pytest
from sqlmodel import select

from inspector.errors import BadInputError
from inspector.model import (
    AuditEvent,
    ChecklistItem,
    Destruction,
    Evidence,
    EvidenceBlob,
    Finding,
    Inspection,
    InspectionStatus,
    Inspector,
    Tombstone,
)
from inspector.services import destruction, exports, maintenance, settings
from inspector.services import inspections as svc
from inspector.signing import identity
from inspector.sync import crypto, exporter, importer
from tests.conftest import PASSPHRASE
from tests.signing_helpers import pdfsig
from tests.sync_helpers import introduce, make_office
from tests.test_documents_layout import pdf_text, squashed
from tests.test_evidence_changes import png


def _completed_file(s) -> Evidence:
    """A file of a finding of a completed inspection: frozen for every other change, destroyable only this way."""
    return s.exec(select(Evidence).join(Finding, Finding.id == Evidence.owner_id).join(
        Inspection, Inspection.id == Finding.inspection_id).where(
        Evidence.owner_type == "finding", Inspection.status == InspectionStatus.COMPLETED)).first()


@pytest.fixture
def approver(demo_vault) -> str:
    """A second person's signing identity in the vault (the office's leader, say)."""
    with demo_vault.session() as s:
        me = settings.get(s, settings.SELF_INSPECTOR)
        other = s.exec(select(Inspector).where(Inspector.id != me)).first()
        return identity.create_identity(s, other.id).id


@pytest.fixture
def requested(demo_vault) -> tuple[str, Evidence]:
    with demo_vault.session() as s:
        ev = _completed_file(s)
        d = destruction.request(s, [ev.id], "含个人身份证号码，超出检查需要", "《个人信息保护法》第四十七条")
        return d.id, ev


def test_a_request_destroys_nothing_and_the_requester_cannot_approve_it(demo_vault, requested):
    d_id, ev = requested
    with demo_vault.session() as s:
        d = s.get(Destruction, d_id)
        assert d.status == "requested" and d.items[0]["sha256"] == ev.blob_sha256
        assert s.get(Evidence, ev.id) is not None
    with pytest.raises(BadInputError) as err:
        destruction.approve(demo_vault, d_id)  # the vault's own identity: the requester's
    assert "另一人" in err.value.zh and "someone other" in err.value.en
    with demo_vault.session() as s:
        assert s.get(Destruction, d_id).status == "requested" and s.get(Evidence, ev.id) is not None


def test_a_request_needs_a_reason_and_a_legal_basis(demo_vault):
    with demo_vault.session() as s:
        ev = _completed_file(s)
        with pytest.raises(BadInputError) as err:
            destruction.request(s, [ev.id], "", "《个人信息保护法》")
        assert "销毁原因" in err.value.zh
        with pytest.raises(BadInputError) as err:
            destruction.request(s, [ev.id], "超期", " ")
        assert "法律依据" in err.value.zh


def test_approval_by_a_second_person_shreds_the_file_and_keeps_the_record(demo_vault, requested, approver):
    d_id, ev = requested
    with demo_vault.session() as s:
        path = demo_vault.evidence.path_of(bytes(s.get(EvidenceBlob, ev.blob_sha256).file_key))
        sharing = [e.id for e in s.exec(select(Evidence).where(Evidence.blob_sha256 == ev.blob_sha256))]
    assert path.exists()
    d = destruction.approve(demo_vault, d_id, identity_id=approver, note="同意")
    assert d.status == "destroyed" and d.decided_by and d.destroyed_at is not None
    assert not path.exists()
    with demo_vault.session() as s:
        assert s.get(EvidenceBlob, ev.blob_sha256) is None
        assert all(s.get(Evidence, i) is None and s.get(Tombstone, i) is not None for i in sharing)
        actions = set(s.exec(select(AuditEvent.action).where(AuditEvent.object_id == d_id)))
        assert {"destruction.create", "destruction.update", "destruction.destroyed"} <= actions
        cert = identity.load_identity(s, approver).cert_der
    signed = destruction.approval_text(d)
    info = crypto.verify_manifest(signed, base64.b64decode(d.approval_cms), [cert])
    assert info.cert_der == cert
    wal = demo_vault.path.with_name(demo_vault.path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # no page that held the key is left in the log
    assert maintenance.check_vault(demo_vault).ok
    with pytest.raises(BadInputError):
        destruction.approve(demo_vault, d_id, identity_id=approver)  # decided once


def test_a_rejection_needs_a_reason_and_destroys_nothing(demo_vault, requested, approver):
    d_id, ev = requested
    with demo_vault.session() as s:
        with pytest.raises(BadInputError):
            destruction.reject(s, d_id, identity_id=approver, note="")
        destruction.reject(s, d_id, identity_id=approver, note="仍在复核期内")
    with demo_vault.session() as s:
        assert s.get(Destruction, d_id).status == "rejected" and s.get(Evidence, ev.id) is not None


def test_a_backup_made_afterwards_holds_neither_key_nor_file(demo_vault, requested, approver, tmp_path):
    d_id, ev = requested
    destruction.approve(demo_vault, d_id, identity_id=approver)
    maintenance.backup(demo_vault, tmp_path / "after.inspbak")
    restored = maintenance.restore(tmp_path / "after.inspbak", tmp_path / "r" / "r.vault", PASSPHRASE,
                                   use_keyring=False)
    try:
        with restored.session() as s:
            assert s.get(EvidenceBlob, ev.blob_sha256) is None
            assert s.get(Destruction, d_id).status == "destroyed"
    finally:
        restored.close()


def test_the_destruction_travels_and_the_office_copy_is_destroyed_the_same_way(demo_vault, approver, tmp_path):
    laptop = demo_vault
    office = make_office(tmp_path / "office.vault")
    try:
        introduce(laptop, office, "李明", "办公室 王芳")
        with laptop.session() as s:
            iid = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).one().id
            item = s.exec(select(ChecklistItem).order_by(ChecklistItem.position)).all()[3].id
            info = svc.add_result_files(s, iid, item, [("身份证复印件.png", png((9, 9, 9)))]).added[0]
        exporter.export_bundle(laptop, tmp_path / "a.inspbundle", ["办公室 王芳"])
        assert importer.import_bundle(office, tmp_path / "a.inspbundle").applied
        with office.session() as s:
            office_file = office.evidence.path_of(bytes(s.get(EvidenceBlob, info.sha256).file_key))
        assert office_file.exists()
        with laptop.session() as s:
            d_id = destruction.request(s, [info.id], "误采集个人信息", "《个人信息保护法》第四十七条").id
        destruction.approve(laptop, d_id, identity_id=approver)
        exporter.export_bundle(laptop, tmp_path / "b.inspbundle", ["办公室 王芳"], since_last=True)
        assert importer.import_bundle(office, tmp_path / "b.inspbundle").applied
        with office.session() as s:
            assert s.get(Destruction, d_id).status == "destroyed"
            assert s.get(Evidence, info.id) is None and s.get(EvidenceBlob, info.sha256) is None
            assert s.exec(select(AuditEvent).where(AuditEvent.action == "destruction.carried_out")).first()
        assert not office_file.exists()
        assert maintenance.check_vault(office).ok
    finally:
        office.close()


def test_the_record_exports_as_a_signed_document(demo_vault, requested, approver, tmp_path):
    d_id, ev = requested
    destruction.approve(demo_vault, d_id, identity_id=approver)
    doc = destruction.prepare_document(demo_vault, d_id)
    assert not doc.draft
    result = exports.finish(demo_vault, doc, tmp_path / doc.filename, sign=True)
    report = pdfsig(result.path)
    assert report.count("Signature Validation: Signature is Valid.") == 1, report
    text = squashed(pdf_text(result.path.read_bytes(), tmp_path))
    assert "证据销毁记录" in text and ev.blob_sha256[:20] in text and "个人信息保护法" in text
