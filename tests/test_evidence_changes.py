"""Removing, replacing and captioning an attached evidence file, on real vaults: what may change when, the audit
chain, the bytes left behind, the signature that attests files and captions, and what travels by sync."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlmodel import select

from inspector import audit, lifecycle
from inspector.errors import BadInputError, NotFoundError
from inspector.model import (
    AuditEvent,
    ChecklistItem,
    Evidence,
    EvidenceBlob,
    Finding,
    Inspection,
    InspectionStatus,
    SelfReportAnswer,
)
from inspector.services import evidence as ev_svc
from inspector.services import findings
from inspector.services import inspections as svc
from inspector.sync import exporter, importer
from tests.engines import demo_on_both_engines, demo_vault_only  # noqa: F401
from tests.sync_helpers import introduce, make_office


def png(color=(200, 30, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buf, format="PNG")
    return buf.getvalue()


def audit_ok(vault) -> bool:
    with vault.engine.connect() as conn:
        return audit.verify(conn, vault.audit_hash, vault.vault_id, deep=True).ok


@pytest.fixture
def running(demo_vault):
    """(inspection id, item id, evidence info) — a photo attached to an item of the running inspection."""
    with demo_vault.session() as s:
        iid = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).one().id
        item = s.exec(select(ChecklistItem).order_by(ChecklistItem.position)).all()[3].id
        info = svc.add_result_files(s, iid, item, [("机房.png", png())]).added[0]
    return iid, item, info


def test_removing_a_file_deletes_its_record_and_unused_bytes_audited(demo_vault, running):
    iid, item, info = running
    with demo_vault.session() as s:
        removed = ev_svc.remove_evidence(s, info.id)
    assert removed.id == info.id and removed.item_id == item
    with demo_vault.session() as s:
        assert s.get(Evidence, info.id) is None
        assert s.get(EvidenceBlob, info.sha256) is None  # nothing else referred to the bytes
        assert item not in svc.evidence_for_inspection(s, iid)
        actions = set(s.exec(select(AuditEvent.action).where(AuditEvent.object_id.in_([info.id, info.sha256]))))
        assert {"evidence.delete", "evidence_blob.delete"} <= actions
        with pytest.raises(NotFoundError, match="已被删除"):
            ev_svc.remove_evidence(s, info.id)
    assert audit_ok(demo_vault)


def test_bytes_another_file_shares_stay(demo_vault, running):
    iid, item, info = running
    with demo_vault.session() as s:
        twin = svc.add_result_files(s, iid, item, [("同一张.png", png())]).added[0]
        assert twin.sha256 == info.sha256
        ev_svc.remove_evidence(s, info.id)
    with demo_vault.session() as s:
        assert ev_svc.read_blob(s, twin.sha256) == png()
        assert [e.id for e in svc.evidence_for_inspection(s, iid)[item]] == [twin.id]
    assert audit_ok(demo_vault)


def test_replacing_keeps_the_record_and_its_caption(demo_vault, running, tmp_path):
    iid, item, info = running
    new = tmp_path / "重拍.jpg"
    Image.new("RGB", (50, 20), (0, 90, 0)).save(new, format="JPEG")
    with demo_vault.session() as s:
        ev_svc.set_caption(s, info.id, "机柜门未上锁")
        with pytest.raises(BadInputError, match="为空"):  # a bad file is refused before anything changes
            ev_svc.replace_file(s, info.id, ("空.png", b""))
        replaced = ev_svc.replace_file(s, info.id, new)
    assert (replaced.id, replaced.item_id, replaced.caption) == (info.id, item, "机柜门未上锁")
    assert (replaced.filename, replaced.mime, replaced.size) == ("重拍.jpg", "image/jpeg", new.stat().st_size)
    with demo_vault.session() as s:
        assert ev_svc.read_blob(s, replaced.sha256) == new.read_bytes()
        assert s.get(EvidenceBlob, info.sha256) is None
        assert svc.evidence_for_inspection(s, iid)[item] == [replaced]
    assert audit_ok(demo_vault)


def test_caption_is_one_short_line_and_unchanged_writes_nothing(demo_vault, running):
    _iid, _item, info = running
    with demo_vault.session() as s:
        shown = ev_svc.set_caption(s, info.id, "  机房门禁\n记录缺失  ")
        assert shown.caption == "机房门禁 记录缺失" and shown.title == "机房门禁 记录缺失"
        revision = s.get(Evidence, info.id).revision
        ev_svc.set_caption(s, info.id, "机房门禁 记录缺失")
        assert s.get(Evidence, info.id).revision == revision
        with pytest.raises(BadInputError, match="过长") as long:
            ev_svc.set_caption(s, info.id, "字" * (ev_svc.MAX_CAPTION + 1))
        assert "too long" in long.value.en
        cleared = ev_svc.set_caption(s, info.id, "")
        assert cleared.caption == "" and cleared.title == "机房.png"


def test_nothing_changes_once_the_inspection_is_completed(demo_vault, running):
    iid, _item, info = running
    with demo_vault.session() as s:
        svc.complete_inspection(s, iid, summary="小结", rep_not_signed="absent", record_unchecked=True)
    with demo_vault.session() as s:
        for what, edit in {
            "remove": lambda: ev_svc.remove_evidence(s, info.id, void_signature=True),
            "replace": lambda: ev_svc.replace_file(s, info.id, ("新.png", png((1, 2, 3))), void_signature=True),
            "caption": lambda: ev_svc.set_caption(s, info.id, "补一句", void_signature=True),
        }.items():
            with pytest.raises(lifecycle.FrozenError, match="重新打开") as refused:
                edit()
            assert "reopen" in refused.value.en, what
    with demo_vault.session() as s:
        ev = s.get(Evidence, info.id)
        assert ev is not None and ev.blob_sha256 == info.sha256 and ev.caption == ""


def test_a_finding_file_of_a_completed_inspection_is_frozen(demo_vault):
    with demo_vault.session() as s:
        done = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.COMPLETED)).one().id
        finding = s.exec(select(Finding).where(Finding.inspection_id == done)).first()
        ev = s.exec(select(Evidence).where(Evidence.owner_type == "finding",
                                           Evidence.owner_id == finding.id)).first()
        with pytest.raises(lifecycle.FrozenError):
            ev_svc.remove_evidence(s, ev.id, void_signature=True)


def test_a_signed_record_asks_first_then_voids_the_signature(demo_vault, running):
    iid, _item, info = running
    with demo_vault.session() as s:
        svc.save_signature(s, iid, png((5, 5, 5)), "陈静", "科长")
        assert lifecycle.signature_holds(s, s.get(Inspection, iid))
    for edit in (lambda s, **kw: ev_svc.set_caption(s, info.id, "签字后补的说明", **kw),
                 lambda s, **kw: ev_svc.replace_file(s, info.id, ("新.png", png((1, 2, 3))), **kw),
                 lambda s, **kw: ev_svc.remove_evidence(s, info.id, **kw)):
        with demo_vault.session() as s:
            with pytest.raises(lifecycle.SignatureWouldVoid, match="陈静"):
                edit(s)
            assert lifecycle.signature_holds(s, s.get(Inspection, iid))  # the refusal changed nothing
    with demo_vault.session() as s:
        ev_svc.set_caption(s, info.id, "签字后补的说明", void_signature=True)
        insp = s.get(Inspection, iid)
        assert insp.rep_signature_sha256 is None
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "inspection.signature_voided",
                                               AuditEvent.object_id == iid)).first() is not None
    assert audit_ok(demo_vault)


def test_the_signature_attests_captions_and_an_empty_one_changes_no_digest(demo_vault, running):
    iid, _item, info = running
    with demo_vault.session() as s:
        before = lifecycle.content_digest(s, iid)
        ev_svc.set_caption(s, info.id, "说明")
        captioned = lifecycle.content_digest(s, iid)
        ev_svc.set_caption(s, info.id, "")
        assert captioned != before and lifecycle.content_digest(s, iid) == before


def test_files_from_a_department_form_are_not_changed_here(demo_vault):
    with demo_vault.session() as s:
        answer = s.exec(select(SelfReportAnswer)).first()
        ev = ev_svc.add_evidence(s, "self_report_answer", answer.id, "单位佐证.png", png())
        with pytest.raises(lifecycle.FrozenError, match="单位报送"):
            ev_svc.remove_evidence(s, ev.id)
        with pytest.raises(lifecycle.FrozenError):
            ev_svc.set_caption(s, ev.id, "x")


def test_a_finding_file_follows_its_inspection(demo_vault):
    with demo_vault.session() as s:
        running = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).one().id
        finding = s.exec(select(Finding).where(Finding.inspection_id == running)).first()
        info = findings.add_finding_files(s, finding.id, [("问题照片.png", png((9, 90, 9)))]).added[0]
        ev_svc.set_caption(s, info.id, "问题照片说明")
        assert findings.finding_detail(s, finding.id).evidence[-1].caption == "问题照片说明"
        ev_svc.remove_evidence(s, info.id)
        assert info.id not in {e.id for e in findings.finding_detail(s, finding.id).evidence}
    assert audit_ok(demo_vault)


def test_caption_and_replacement_travel_by_sync(demo_vault, running, tmp_path):
    laptop = demo_vault
    office = make_office(tmp_path / "office.vault")
    try:
        introduce(laptop, office, "李明", "办公室 王芳")
        _iid, _item, info = running
        exporter.export_bundle(laptop, tmp_path / "a.inspbundle", ["办公室 王芳"])
        assert importer.import_bundle(office, tmp_path / "a.inspbundle").applied
        with laptop.session() as s:
            ev_svc.set_caption(s, info.id, "机柜门未上锁")
            new = ev_svc.replace_file(s, info.id, ("重拍.png", png((0, 0, 200))))
        exporter.export_bundle(laptop, tmp_path / "b.inspbundle", ["办公室 王芳"], since_last=True)
        result = importer.import_bundle(office, tmp_path / "b.inspbundle")
        assert result.applied and result.counts["evidence"]["updated"] == 1
        with office.session() as s:
            ev = s.get(Evidence, info.id)
            assert (ev.caption, ev.filename, ev.blob_sha256) == ("机柜门未上锁", "重拍.png", new.sha256)
            assert ev_svc.read_blob(s, new.sha256) == png((0, 0, 200))
        assert audit_ok(office)
    finally:
        office.close()


def test_the_record_prints_a_caption_under_the_photo_and_in_the_evidence_list(demo_vault, running, tmp_path):
    from inspector.documents.record import build_record
    from inspector.services import documents
    from tests.test_documents_layout import pdf_text, squashed

    iid, _item, info = running
    with demo_vault.session() as s:
        ev_svc.set_caption(s, info.id, "机柜门未上锁")
        data = documents.record_data(s, iid)
    [photo] = [t for t in data.photos if t.filename == "机房.png"]
    assert photo.caption.endswith("· 机柜门未上锁")
    [row] = [r for r in data.evidence if r.filename == "机房.png"]
    assert row.caption == "机柜门未上锁"
    text = squashed(pdf_text(build_record(data).data, tmp_path))
    assert "机柜门未上锁" in text and "说明：机柜门未上锁" in text
