"""``inspector evidence add|list|export|delete``, ``inspector delete`` and ``inspector destruction
request|approve|reject|list|export`` (issue 19): each command's output, and its refusals as one bilingual message
with the documented exit code, never a traceback."""

from __future__ import annotations

import json
import os

import pytest
from sqlalchemy import func
from sqlmodel import select

from inspector.errors import ExitCode
from inspector.model import (
    AuditEvent,
    ChecklistItem,
    Destruction,
    Evidence,
    EvidenceBlob,
    Finding,
    Inspection,
    InspectionResult,
    InspectionStatus,
    Inspector,
    Tombstone,
)
from inspector.services import settings
from inspector.signing import identity
from tests.signing_helpers import pdfsig
from tests.test_evidence_changes import png


def _refused(result, code, *needles):
    got, out, err = result
    assert got == code, out + err
    assert "错误：" in err and "Error:" in err and "Traceback" not in err
    for needle in needles:
        assert needle in err, err
    return err


@pytest.fixture
def running(demo_vault) -> tuple[str, str]:
    """(inspection id, item id): an item of the demo's inspection in progress."""
    with demo_vault.session() as s:
        iid = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).one().id
        item = s.exec(select(ChecklistItem).order_by(ChecklistItem.position)).all()[3].id
    return iid, item


def _add(run, iid, item, *files) -> dict:
    code, out, err = run("evidence", "add", "--inspection", iid, "--item", item, *files, "--json")
    assert code == 0, out + err
    return json.loads(out)["added"][0]


def _completed_file(s) -> Evidence:
    """A file of a finding of a completed inspection: frozen, destroyable only with approval."""
    return s.exec(select(Evidence).join(Finding, Finding.id == Evidence.owner_id).join(
        Inspection, Inspection.id == Finding.inspection_id).where(
        Evidence.owner_type == "finding", Inspection.status == InspectionStatus.COMPLETED)).first()


def test_add_keeps_the_good_files_reports_the_refused_one_and_lists_them(run, demo_env, demo_vault, running,
                                                                          tmp_path):
    iid, item = running
    good, empty = tmp_path / "机房.png", tmp_path / "空.txt"
    good.write_bytes(png())
    empty.write_bytes(b"")
    code, out, err = run("evidence", "add", "--inspection", iid, "--item", item, good, empty)
    assert code == ExitCode.BAD_INPUT, out + err
    assert "已添加 / added:" in out and "机房.png" in out and f"{len(png())} B" in out
    assert "证据文件为空：空.txt" in err and "The evidence file is empty: 空.txt" in err and "Traceback" not in err
    assert "1 个文件未添加" in err and "1 file(s) refused" in err
    with demo_vault.session() as s:
        [kept] = s.exec(select(Evidence).where(Evidence.filename == "机房.png")).all()
        assert s.exec(select(Evidence).where(Evidence.filename == "空.txt")).first() is None
    assert kept.id in out and kept.blob_sha256 in out

    code, out, err = run("evidence", "add", "--inspection", iid, "--item", item, good, tmp_path / "none.png", "--json")
    data = json.loads(out)
    assert code == ExitCode.BAD_INPUT and [a["filename"] for a in data["added"]] == ["机房.png"]
    assert data["added"][0]["size"] == len(png()) and len(data["added"][0]["sha256"]) == 64
    assert "文件不存在" in data["refused"][0]["zh"] and "no such file" in data["refused"][0]["en"]

    with demo_vault.session() as s:  # a finding of the inspection in progress
        fid = s.exec(select(Finding.id).where(Finding.inspection_id == iid).order_by(Finding.id)).first()
    note = tmp_path / "说明.txt"
    note.write_text("现场说明", encoding="utf-8")
    code, out, err = run("evidence", "add", "--finding", fid, note, "--json")
    assert code == 0, err
    on_finding = json.loads(out)["added"][0]["id"]

    code, out, _ = run("evidence", "list", "--inspection", iid, "--json")
    listed = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and kept.id in listed and on_finding in listed
    assert listed[kept.id]["owner_type"] == "inspection_result" and listed[kept.id]["item_id"] == item
    assert listed[on_finding]["owner_type"] == "finding"
    code, out, _ = run("evidence", "list", "--finding", fid, "--json")
    assert code == 0 and on_finding in {r["id"] for r in json.loads(out)} and kept.id not in out
    code, out, _ = run("evidence", "list", "--inspection", iid)
    assert code == 0 and "机房.png" in out and "说明.txt" in out and "文件名" in out
    _refused(run("evidence", "list", "--finding", "no-such-finding"), ExitCode.BAD_INPUT, "找不到问题")


def test_add_needs_an_owner_and_refuses_all_bad_files_without_changing_anything(run, demo_env, demo_vault, running,
                                                                               tmp_path):
    iid, _ = running
    code, _, err = run("evidence", "add", "--inspection", iid, tmp_path)
    assert code == ExitCode.USAGE and "--item" in err
    with demo_vault.session() as s:
        answered = s.exec(select(InspectionResult.item_id).where(InspectionResult.inspection_id == iid)).all()
        item = s.exec(select(ChecklistItem.id).where(ChecklistItem.id.not_in(answered))
                      .order_by(ChecklistItem.position)).first()  # an item without a result row yet
        before = s.exec(select(func.max(AuditEvent.seq))).one()
    _refused(run("evidence", "add", "--inspection", iid, "--item", item, tmp_path), ExitCode.BAD_INPUT,
             "不能添加文件夹", "A folder cannot be added")
    with demo_vault.session() as s:
        assert s.exec(select(func.max(AuditEvent.seq))).one() == before  # nothing written, not even a result row
        assert s.exec(select(InspectionResult).where(InspectionResult.inspection_id == iid,
                                                     InspectionResult.item_id == item)).first() is None
    with demo_vault.session() as s:
        frozen = _completed_file(s).owner_id
    (tmp_path / "a.png").write_bytes(png())
    _refused(run("evidence", "add", "--finding", frozen, tmp_path / "a.png"), ExitCode.BAD_INPUT)
    with demo_vault.session() as s:
        assert s.exec(select(Evidence).where(Evidence.filename == "a.png")).first() is None


def test_export_writes_the_content_and_never_overwrites(run, demo_env, running, tmp_path):
    iid, item = running
    source = tmp_path / "photo.bin"
    source.write_bytes(os.urandom(3 << 20) + b"end")  # more than one chunk of the store
    added = _add(run, iid, item, source)
    out = tmp_path / "out" / "copy.bin"
    _refused(run("evidence", "export", added["id"], "--out", out), ExitCode.BAD_INPUT, "文件夹不存在")
    out.parent.mkdir()
    code, text, err = run("evidence", "export", added["id"], "--out", out)
    assert code == 0, err
    assert out.read_bytes() == source.read_bytes() and added["sha256"] in text
    out.write_bytes(b"mine")
    _refused(run("evidence", "export", added["id"], "--out", out, "--json"), ExitCode.BAD_INPUT,
             "目标文件已存在", "will not be overwritten")
    assert out.read_bytes() == b"mine"
    _refused(run("evidence", "export", "no-such-id", "--out", tmp_path / "x.bin"), ExitCode.BAD_INPUT, "找不到证据")
    assert not (tmp_path / "x.bin").exists()


def test_a_damaged_store_file_is_a_clear_error_and_leaves_no_file(run, demo_env, demo_vault, running, tmp_path):
    iid, item = running
    source = tmp_path / "video.bin"
    source.write_bytes(os.urandom((2 << 20) + 4096))  # three chunks: the damage is in the last one
    added = _add(run, iid, item, source)
    with demo_vault.session() as s:
        stored = demo_vault.evidence.path_of(bytes(s.get(EvidenceBlob, added["sha256"]).file_key))
    data = bytearray(stored.read_bytes())
    data[-100] ^= 0xFF
    stored.write_bytes(bytes(data))
    folder = tmp_path / "exports"
    folder.mkdir()
    _refused(run("evidence", "export", added["id"], "--out", folder / "video.bin"), ExitCode.INTEGRITY,
             "证据文件已损坏", "An evidence file is damaged", "vault check")
    assert list(folder.iterdir()) == []  # neither the file nor its temporary part


def test_delete_needs_a_reason_and_leaves_a_tombstone(run, demo_env, demo_vault, running, tmp_path):
    iid, item = running
    (tmp_path / "错的.png").write_bytes(png((1, 2, 3)))
    added = _add(run, iid, item, tmp_path / "错的.png")
    _refused(run("evidence", "delete", added["id"]), ExitCode.BAD_INPUT, "请填写删除原因", "Give a reason")
    _refused(run("delete", "evidence", added["id"], "--reason", "  "), ExitCode.BAD_INPUT, "请填写删除原因")
    with demo_vault.session() as s:
        assert s.get(Evidence, added["id"]) is not None and s.get(Tombstone, added["id"]) is None
    code, out, err = run("evidence", "delete", added["id"], "--reason", "拍错了单位")
    assert code == 0 and "已删除证据文件" in out and "错的.png" in out, err
    with demo_vault.session() as s:
        assert s.get(Evidence, added["id"]) is None
        tomb = s.get(Tombstone, added["id"])
        assert tomb is not None and tomb.reason == "拍错了单位" and tomb.table_name == "evidence"
    _refused(run("evidence", "delete", added["id"], "--reason", "再删一次"), ExitCode.BAD_INPUT, "找不到")


def test_delete_a_finding(run, demo_env, demo_vault, running):
    iid, _ = running
    with demo_vault.session() as s:
        frozen = s.exec(select(Finding.id).join(Inspection, Inspection.id == Finding.inspection_id)
                        .where(Inspection.status == InspectionStatus.COMPLETED).order_by(Finding.id)).first()
        loose = s.exec(select(Finding.id).where(Finding.inspection_id == iid, Finding.notice_id.is_(None))
                       .order_by(Finding.id)).first()
    _refused(run("delete", "finding", frozen, "--reason", "误建"), ExitCode.BAD_INPUT, "不能删除", "Cannot be deleted")
    with demo_vault.session() as s:
        assert s.get(Finding, frozen) is not None and s.get(Tombstone, frozen) is None
    code, out, err = run("delete", "finding", loose, "--reason", "重复登记", "--json")
    assert code == 0, err
    assert json.loads(out)["kind"] == "finding" and json.loads(out)["id"] == loose
    with demo_vault.session() as s:
        assert s.get(Finding, loose) is None and s.get(Tombstone, loose).reason == "重复登记"
    code, _, err = run("delete", "inspection", loose, "--reason", "x")
    assert code == ExitCode.USAGE and "finding" in err


def test_destruction_needs_a_second_person_and_its_record_exports_signed(run, demo_env, demo_vault, tmp_path):
    with demo_vault.session() as s:
        ev = _completed_file(s)
        me = settings.get(s, settings.SELF_INSPECTOR)
        other = s.exec(select(Inspector).where(Inspector.id != me)).first().id
    _refused(run("destruction", "request", ev.id, "--reason", "超出检查需要"), ExitCode.BAD_INPUT, "法律依据")
    code, out, err = run("destruction", "request", ev.id, "--reason", "含个人身份证号码，超出检查需要",
                         "--basis", "《个人信息保护法》第四十七条", "--json")
    assert code == 0, err
    requested = json.loads(out)
    assert requested["status"] == "requested" and requested["items"][0]["sha256"] == ev.blob_sha256
    d_id = requested["id"]
    _refused(run("destruction", "approve", d_id), ExitCode.BAD_INPUT, "另一人", "someone other than the requester")
    with demo_vault.session() as s:
        assert s.get(Destruction, d_id).status == "requested" and s.get(EvidenceBlob, ev.blob_sha256) is not None
    _refused(run("destruction", "export", d_id, "--out", tmp_path / "draft.pdf", "--sign"), ExitCode.BAD_INPUT,
             "草稿")
    with demo_vault.session() as s:
        approver = identity.create_identity(s, other).id
    code, out, err = run("destruction", "approve", d_id, "--identity", approver, "--note", "同意")
    assert code == 0 and "已审批并销毁" in out and "已销毁" in out, err
    with demo_vault.session() as s:
        assert s.get(Destruction, d_id).status == "destroyed"
        assert s.get(Evidence, ev.id) is None and s.get(EvidenceBlob, ev.blob_sha256) is None
    code, out, _ = run("destruction", "list", "--json")
    [row] = [r for r in json.loads(out) if r["id"] == d_id]
    assert code == 0 and row["status"] == "destroyed" and row["decided_by"] and row["decision_note"] == "同意"
    code, out, _ = run("destruction", "list")
    assert code == 0 and d_id in out and "已销毁" in out
    pdf = tmp_path / "销毁记录.pdf"
    code, out, err = run("destruction", "export", d_id, "--out", pdf, "--sign", "--json")
    assert code == 0, err
    assert json.loads(out)["recorded"] and json.loads(out)["signers"]
    report = pdfsig(pdf)
    assert report.count("Signature Validation: Signature is Valid.") == 1, report


def test_a_rejection_needs_a_reason_and_destroys_nothing(run, demo_env, demo_vault):
    with demo_vault.session() as s:
        ev = _completed_file(s)
        me = settings.get(s, settings.SELF_INSPECTOR)
        other = s.exec(select(Inspector).where(Inspector.id != me)).first().id
        decider = identity.create_identity(s, other).id
    code, out, err = run("destruction", "request", ev.id, "--reason", "超期", "--basis", "第二十九条", "--json")
    assert code == 0, err
    d_id = json.loads(out)["id"]
    _refused(run("destruction", "reject", d_id, "--identity", decider), ExitCode.BAD_INPUT, "驳回理由")
    code, out, err = run("destruction", "reject", d_id, "--identity", decider, "--note", "仍在复核期内")
    assert code == 0 and "已驳回" in out, err
    with demo_vault.session() as s:
        assert s.get(Destruction, d_id).status == "rejected" and s.get(Evidence, ev.id) is not None
    _refused(run("destruction", "approve", d_id, "--identity", decider), ExitCode.BAD_INPUT, "不能再审批")


def test_a_change_that_voids_the_signature_needs_void_signature(run, demo_env, demo_vault, running, tmp_path):
    """While the representative's signature holds, adding or deleting a file is refused until confirmed."""
    from inspector.services import inspections

    iid, item = running
    (tmp_path / "a.png").write_bytes(png((4, 5, 6)))
    (tmp_path / "b.png").write_bytes(png((7, 8, 9)))
    added = _add(run, iid, item, tmp_path / "a.png")
    with demo_vault.session() as s:
        inspections.save_signature(s, iid, png(), "张建国", "科长")
    _refused(run("evidence", "add", "--inspection", iid, "--item", item, tmp_path / "b.png"), ExitCode.BAD_INPUT,
             "签字失效", "--void-signature")
    _refused(run("evidence", "delete", added["id"], "--reason", "拍错了"), ExitCode.BAD_INPUT,
             "签字失效", "--void-signature")
    with demo_vault.session() as s:
        assert s.get(Inspection, iid).rep_signature_sha256 and s.get(Evidence, added["id"]) is not None
        assert s.exec(select(Evidence).where(Evidence.filename == "b.png")).first() is None
    code, out, err = run("evidence", "delete", added["id"], "--reason", "拍错了", "--void-signature")
    assert code == 0, err
    with demo_vault.session() as s:
        assert not s.get(Inspection, iid).rep_signature_sha256 and s.get(Evidence, added["id"]) is None
    code, out, err = run("evidence", "add", "--inspection", iid, "--item", item, tmp_path / "b.png")
    assert code == 0 and "b.png" in out, err
