"""Deleting what was made in error, with a reason; tombstones that travel both ways and never resurrect."""

from __future__ import annotations

import pytest
from sqlmodel import select

from inspector.errors import BadInputError
from inspector.lifecycle import FrozenError
from inspector.model import (
    AuditEvent,
    Department,
    Evidence,
    EvidenceBlob,
    Finding,
    Inspection,
    InspectionStatus,
    NoticeStatus,
    Plan,
    PlanStatus,
    RectificationNotice,
    SyncConflict,
    Tombstone,
)
from inspector.services import deletion
from inspector.services import evidence as ev_svc
from inspector.sync import conflicts, exporter, importer
from tests.engines import demo_on_both_engines, demo_vault_only  # noqa: F401
from tests.sync_helpers import introduce, make_office
from tests.test_evidence_changes import png, running  # noqa: F401 (a fixture: (inspection, item, evidence))


def test_a_deletion_needs_a_reason_and_changes_nothing_without_one(demo_vault, running):
    _, _, info = running
    with demo_vault.session() as s:
        with pytest.raises(BadInputError) as err:
            deletion.delete(s, "evidence", info.id, "   ")
        assert "删除原因" in err.value.zh and "reason" in err.value.en
    with demo_vault.session() as s:
        assert s.get(Evidence, info.id) is not None and s.get(Tombstone, info.id) is None


def test_deleting_a_file_leaves_a_tombstone_and_an_audited_reason(demo_vault, running):
    _, _, info = running
    with demo_vault.session() as s:
        done = deletion.delete(s, "evidence", info.id, "拍错了单位")
    assert done.title == "机房.png" and done.records == 1
    with demo_vault.session() as s:
        tomb = s.get(Tombstone, info.id)
        assert (tomb.table_name, tomb.title, tomb.reason) == ("evidence", "机房.png", "拍错了单位")
        assert s.get(Evidence, info.id) is None and s.get(EvidenceBlob, info.sha256) is None
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "record.deleted")).one()
        assert event.object_id == info.id


def test_every_deletion_leaves_a_tombstone_whatever_service_made_it(demo_vault, running):
    _, _, info = running
    with demo_vault.session() as s:
        ev_svc.remove_evidence(s, info.id)
    with demo_vault.session() as s:
        assert s.get(Tombstone, info.id).table_name == "evidence"


def _finding_in(s, status: NoticeStatus) -> Finding:
    notice = s.exec(select(RectificationNotice).where(RectificationNotice.status == status)).first()
    return s.exec(select(Finding).where(Finding.notice_id == notice.id)).first()


def test_frozen_records_are_never_deleted_this_way(demo_vault):
    with demo_vault.session() as s:
        stated = _finding_in(s, NoticeStatus.ISSUED)
        with pytest.raises(FrozenError) as err:
            deletion.delete(s, "finding", stated.id, "录错了")
        assert "不能删除" in err.value.zh and "整改通知书" in err.value.zh
        issued = s.exec(select(RectificationNotice).where(RectificationNotice.status == NoticeStatus.ISSUED)).first()
        with pytest.raises(FrozenError):
            deletion.delete(s, "notice", issued.id, "录错了")
        active = s.exec(select(Plan).where(Plan.status == PlanStatus.ACTIVE)).first()
        with pytest.raises(FrozenError):
            deletion.delete(s, "plan", active.id, "录错了")
        assert s.get(Tombstone, stated.id) is None


def test_a_department_something_refers_to_stays(demo_vault):
    with demo_vault.session() as s:
        used = s.exec(select(Finding)).first().department_id
        with pytest.raises(BadInputError) as err:
            deletion.delete(s, "department", used, "重复录入")
        assert "引用" in err.value.zh
        fresh = Department(name="误建单位")
        s.add(fresh)
        s.flush()
        deletion.delete(s, "department", fresh.id, "重复录入")
        assert s.get(Department, fresh.id) is None and s.get(Tombstone, fresh.id).reason == "重复录入"


def test_a_finding_goes_with_its_files_and_steps(demo_vault):
    with demo_vault.session() as s:
        finding = s.exec(select(Finding).join(Inspection, Inspection.id == Finding.inspection_id)
                         .where(Inspection.status == InspectionStatus.IN_PROGRESS, Finding.notice_id == None)  # noqa: E711
                         ).first()
        ev = ev_svc.add_evidence(s, "finding", finding.id, "证据.png", png((1, 2, 3)))
        done = deletion.delete(s, "finding", finding.id, "不是问题")
        assert done.records >= 2
        assert s.get(Finding, finding.id) is None and s.get(Evidence, ev.id) is None
        assert s.get(Tombstone, ev.id) is not None and s.get(Tombstone, finding.id).reason == "不是问题"


# ---- deletions that travel --------------------------------------------------------------------------------


@pytest.fixture
def pair_with_file(demo_vault, running, tmp_path):
    laptop = demo_vault
    office = make_office(tmp_path / "office.vault")
    introduce(laptop, office, "李明", "办公室 王芳")
    exporter.export_bundle(laptop, tmp_path / "first.inspbundle", ["办公室 王芳"])
    assert importer.import_bundle(office, tmp_path / "first.inspbundle").applied
    yield laptop, office, running[2]
    office.close()


def test_a_deletion_travels_and_an_old_bundle_never_brings_the_record_back(pair_with_file, tmp_path):
    laptop, office, info = pair_with_file
    with laptop.session() as s:
        deletion.delete(s, "evidence", info.id, "拍错了")
    exporter.export_bundle(laptop, tmp_path / "second.inspbundle", ["办公室 王芳"], since_last=True)
    result = importer.import_bundle(office, tmp_path / "second.inspbundle")
    assert result.applied and result.counts["tombstone"]["new"] == 1
    with office.session() as s:
        assert s.get(Evidence, info.id) is None and s.get(EvidenceBlob, info.sha256) is None
        assert s.get(Tombstone, info.id).reason == "拍错了"
    again = importer.import_bundle(office, tmp_path / "first.inspbundle")  # already applied: a no-op
    assert not again.applied or again.counts.get("evidence", {}).get("new", 0) == 0


def test_an_old_copy_of_a_deleted_record_is_not_resurrected(pair_with_file, tmp_path):
    """The office deletes a file the laptop still has unchanged: the laptop's next bundle does not bring it back."""
    laptop, office, info = pair_with_file
    with office.session() as s:
        deletion.delete(s, "evidence", info.id, "办公室核实为误传")
    exporter.export_bundle(laptop, tmp_path / "again.inspbundle", ["办公室 王芳"], scope="all")
    result = importer.import_bundle(office, tmp_path / "again.inspbundle")
    assert result.applied and result.counts["evidence"]["new"] == 0
    with office.session() as s:
        assert s.get(Evidence, info.id) is None
        assert s.exec(select(SyncConflict)).first() is None


def _deleted_there_changed_here(laptop, office, info, tmp_path):
    """The office gives the file a caption while the laptop deletes it; the laptop's bundle, imported at the office
    (its result)."""
    with office.session() as s:
        ev_svc.set_caption(s, info.id, "办公室补充的说明")
    with laptop.session() as s:
        deletion.delete(s, "evidence", info.id, "拍错了")
    exporter.export_bundle(laptop, tmp_path / "second.inspbundle", ["办公室 王芳"], since_last=True)
    return importer.import_bundle(office, tmp_path / "second.inspbundle")


def test_a_deletion_of_something_changed_here_is_a_conflict_never_a_silent_loss(pair_with_file, tmp_path):
    laptop, office, info = pair_with_file
    result = _deleted_there_changed_here(laptop, office, info, tmp_path)
    assert result.applied and result.counts["tombstone"]["conflicts"] == 1
    with office.session() as s:
        assert s.get(Evidence, info.id).caption == "办公室补充的说明"  # kept until someone decides
        [row] = conflicts.list_conflicts(s)
        assert row.kind == "deletion" and "拍错了" in row.note_zh and row.title == "机房.png"
        conflicts.resolve(s, row.id, conflicts.KEEP_LOCAL)
    again = importer.import_bundle(office, tmp_path / "second.inspbundle")
    assert not again.applied  # the same bundle: nothing new
    with office.session() as s:
        assert s.get(Evidence, info.id) is not None


def test_taking_an_incoming_deletion_deletes_here(pair_with_file, tmp_path):
    laptop, office, info = pair_with_file
    _deleted_there_changed_here(laptop, office, info, tmp_path)
    with office.session() as s:
        [row] = conflicts.list_conflicts(s)
        conflicts.resolve(s, row.id, conflicts.KEEP_INCOMING)
    with office.session() as s:
        assert s.get(Evidence, info.id) is None and s.get(Tombstone, info.id).reason == "拍错了"


def test_a_record_deleted_here_but_changed_there_is_a_conflict(pair_with_file, tmp_path):
    laptop, office, info = pair_with_file
    with office.session() as s:
        deletion.delete(s, "evidence", info.id, "办公室认为多余")
    with laptop.session() as s:
        ev_svc.set_caption(s, info.id, "现场补充的说明")
    exporter.export_bundle(laptop, tmp_path / "second.inspbundle", ["办公室 王芳"], since_last=True)
    result = importer.import_bundle(office, tmp_path / "second.inspbundle")
    assert result.applied and result.counts["evidence"]["conflicts"] == 1
    with office.session() as s:
        assert s.get(Evidence, info.id) is None
        [row] = conflicts.list_conflicts(s)
        assert row.kind == "deleted" and "已删除" in row.note_zh
        from inspector.sync import overview

        [item] = overview.open_conflicts(s)  # as the sync page shows it: the incoming version, held
        assert item.held and item.title == "机房.png" and any(f.incoming == "现场补充的说明" for f in item.fields)
        conflicts.resolve(s, row.id, conflicts.KEEP_INCOMING)
    with office.session() as s:
        assert s.get(Evidence, info.id).caption == "现场补充的说明" and s.get(Tombstone, info.id) is None


def test_deletions_travel_from_the_office_to_the_laptop_too(demo_vault, tmp_path):
    laptop = demo_vault
    office = make_office(tmp_path / "office.vault")
    try:
        introduce(laptop, office, "李明", "办公室 王芳")
        exporter.export_bundle(laptop, tmp_path / "a.inspbundle", ["办公室 王芳"], scope="all")
        assert importer.import_bundle(office, tmp_path / "a.inspbundle").applied
        with office.session() as s:
            template = s.exec(select(Plan)).first().template_id
            draft = Plan(title="误建的计划", year=2026, template_id=template, status=PlanStatus.DRAFT)
            s.add(draft)
        exporter.export_bundle(office, tmp_path / "b.inspbundle", ["李明"], scope="all")
        assert importer.import_bundle(laptop, tmp_path / "b.inspbundle").applied
        with laptop.session() as s:
            assert s.get(Plan, draft.id) is not None
        with office.session() as s:
            deletion.delete(s, "plan", draft.id, "重复的计划")
        exporter.export_bundle(office, tmp_path / "c.inspbundle", ["李明"], since_last=True)
        assert importer.import_bundle(laptop, tmp_path / "c.inspbundle").applied
        with laptop.session() as s:
            assert s.get(Plan, draft.id) is None and s.get(Tombstone, draft.id).reason == "重复的计划"
    finally:
        office.close()


def test_the_sync_page_lists_both_kinds_of_deletion_conflict(pair_with_file, tmp_path):
    from inspector.sync import overview

    laptop, office, info = pair_with_file
    _deleted_there_changed_here(laptop, office, info, tmp_path)
    with office.session() as s:
        [item] = overview.open_conflicts(s)
        assert item.kind == "deletion" and item.title == "机房.png" and "拍错了" in item.note_zh
        assert any(f.name == "reason" and f.incoming == "拍错了" for f in item.fields)
        deletion.delete(s, "department", _new_department(s), "误建")  # an unrelated deletion adds no conflict
        assert len(overview.open_conflicts(s)) == 1


def _new_department(s) -> str:
    d = Department(name="误建单位")
    s.add(d)
    s.flush()
    return d.id
