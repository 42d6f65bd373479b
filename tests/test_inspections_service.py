"""The on-site inspection service on real vaults: start, run, evidence, findings, signature, completion."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest
from PIL import Image
from sqlmodel import select

from inspector import audit, evidence_store, lifecycle
from inspector.errors import BadInputError, NotFoundError
from inspector.model import (
    AuditEvent,
    ChecklistItem,
    Department,
    Evidence,
    Finding,
    FindingStatus,
    Inspection,
    InspectionMember,
    InspectionResult,
    InspectionStatus,
    IssuedDocument,
    Plan,
    PlanStatus,
    SelfReport,
    SelfReportAnswer,
    TeamMember,
    Verdict,
)
from inspector.services import evidence as evidence_service
from inspector.services import findings
from inspector.services import inspections as svc
from inspector.vault import Vault
from tests.conftest import PASSPHRASE
from tests.engines import vault_on_both_engines  # noqa: F401  (every test's vault: SQLCipher, then the hub)


def audit_ok(vault: Vault) -> bool:
    with vault.engine.connect() as conn:
        return audit.verify(conn, vault.audit_hash, vault.vault_id, deep=True).ok


def png_bytes(color=(200, 30, 30), size=(40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, format="PNG")
    return buf.getvalue()


def demo_ids(vault: Vault) -> dict:
    with vault.session() as s:
        plan = s.exec(select(Plan)).one()
        running = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).one()
        done = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.COMPLETED)).one()
        depts = {d.name: d.id for d in s.exec(select(Department)).all()}
        items = s.exec(select(ChecklistItem).order_by(ChecklistItem.position)).all()
        return dict(plan=plan.id, running=running.id, done=done.id, depts=depts, items=[i.id for i in items],
                    team=plan.team_id)


@pytest.fixture
def ids(demo_vault):
    return demo_ids(demo_vault)


# ---- starting ------------------------------------------------------------------------------------


def test_start_inspection_for_a_plan_target_takes_the_plan_team(demo_vault, ids):
    minzheng = ids["depts"]["晋城市民政局"]
    with demo_vault.session() as s:
        targets = svc.startable_targets(s)
        assert minzheng in {t["department_id"] for t in targets}
        insp = svc.start_inspection(s, ids["plan"], minzheng, location="民政局机房")
        new_id = insp.id
    with demo_vault.session() as s:
        insp = s.get(Inspection, new_id)
        assert insp.status == InspectionStatus.IN_PROGRESS and insp.started_at is not None
        assert insp.location == "民政局机房" and insp.ended_at is None
        members = {(m.inspector_id, m.role) for m in
                   s.exec(select(InspectionMember).where(InspectionMember.inspection_id == new_id)).all()}
        team = {(m.inspector_id, m.role) for m in
                s.exec(select(TeamMember).where(TeamMember.team_id == ids["team"])).all()}
        assert members == team and len(members) == 3
        rows = {r["id"]: r for r in svc.list_inspection_rows(s)}
        assert rows[new_id]["answered"] == 0 and rows[new_id]["total"] == 55
        assert rows[new_id]["department"] == "晋城市民政局" and rows[new_id]["status"] == "in_progress"
        running = {t["department_id"]: t["running_id"] for t in svc.startable_targets(s)}
        assert running[minzheng] == new_id
    assert audit_ok(demo_vault)


def test_start_refuses_a_second_running_inspection_a_non_target_and_a_closed_plan(demo_vault, ids):
    with demo_vault.session() as s:
        with pytest.raises(BadInputError, match="进行中"):
            svc.start_inspection(s, ids["plan"], ids["depts"]["晋城市人力资源和社会保障局"])
        with pytest.raises(BadInputError, match="检查对象"):
            svc.start_inspection(s, ids["plan"], ids["depts"]["晋城市医疗保障局"])
        with pytest.raises(NotFoundError):
            svc.start_inspection(s, "no-such-plan", ids["depts"]["晋城市民政局"])
        s.get(Plan, ids["plan"]).status = PlanStatus.CLOSED
        s.flush()
        with pytest.raises(BadInputError, match="已结束"):
            svc.start_inspection(s, ids["plan"], ids["depts"]["晋城市民政局"])
        assert svc.startable_targets(s) == []


# ---- reading -------------------------------------------------------------------------------------


def test_runner_data_reads_checklist_results_and_self_report(demo_vault, ids):
    with demo_vault.session() as s:
        data = svc.runner_data(s, ids["running"])
        stored = s.exec(select(InspectionResult).where(InspectionResult.inspection_id == ids["running"])).all()
    assert [sec.number for sec in data.sections] == list(range(1, 10))
    assert [i.id for i in data.items] == ids["items"] and len(data.items) == 55
    assert all(i.section_no == sec.number for sec in data.sections for i in sec.items)
    assert data.answered == sum(1 for r in stored if r.verdict) == 33
    assert data.inspection.department == "晋城市人力资源和社会保障局" and data.inspection.editable
    assert data.inspection.plan_title.startswith("2026")
    assert data.self_answers is not None and len(data.self_answers) == 55
    assert data.self_report["respondent"].startswith("张建国")
    cited = {n for i in data.items for n in i.articles}
    assert set(data.article_texts) == cited
    label, text = data.article_texts[9]
    assert label == "第九条" and text
    assert sum(len(v) for v in data.findings.values()) == 3  # the demo opened three findings here


def test_no_self_report_is_none_and_the_latest_unsuperseded_report_wins(demo_vault, ids):
    minzheng = ids["depts"]["晋城市民政局"]
    with demo_vault.session() as s:
        new_id = svc.start_inspection(s, ids["plan"], minzheng).id
        assert svc.runner_data(s, new_id).self_answers is None
        first = SelfReport(plan_id=ids["plan"], department_id=minzheng, received_at=datetime(2026, 10, 20, tzinfo=timezone.utc),
                           respondent="第一次")
        s.add(first)
        s.flush()
        # the re-import is dated *earlier* (a clock off on a laptop): supersedes_id decides, not the date
        second = SelfReport(plan_id=ids["plan"], department_id=minzheng, supersedes_id=first.id,
                            received_at=datetime(2026, 10, 19, tzinfo=timezone.utc), respondent="重新导入")
        s.add(second)
        s.flush()
        item = ids["items"][0]
        s.add(SelfReportAnswer(self_report_id=first.id, item_id=item, answer=Verdict.NON_COMPLIANT))
        s.add(SelfReportAnswer(self_report_id=second.id, item_id=item, answer=Verdict.COMPLIANT, explanation="已整改"))
        s.flush()
        data = svc.runner_data(s, new_id)
    assert data.self_report["respondent"] == "重新导入"
    assert data.self_answers == {item: svc.SelfAnswer(Verdict.COMPLIANT, "已整改", "")}


def test_unknown_inspection_or_foreign_item_is_refused(demo_vault, ids):
    with demo_vault.session() as s:
        with pytest.raises(NotFoundError):
            svc.runner_data(s, "missing")
        with pytest.raises(NotFoundError):
            svc.set_verdict(s, ids["running"], "not-an-item", Verdict.COMPLIANT)


# ---- editing -------------------------------------------------------------------------------------


def test_verdict_and_notes_are_written_and_the_chain_still_verifies(demo_vault, ids):
    item = ids["items"][-1]  # the demo left the last items unanswered
    with demo_vault.session() as s:
        assert svc.runner_data(s, ids["running"]).results.get(item) is None
        state = svc.set_verdict(s, ids["running"], item, Verdict.NON_COMPLIANT)
        assert state.verdict == Verdict.NON_COMPLIANT and state.answered_at is not None
        svc.set_notes(s, ids["running"], item, "机房门禁记录缺失，现场未见登记簿。")
    fresh = Vault.open(demo_vault.path, passphrase=PASSPHRASE)
    try:
        with fresh.session() as s:
            row = s.exec(select(InspectionResult).where(InspectionResult.inspection_id == ids["running"],
                                                        InspectionResult.item_id == item)).one()
            assert row.verdict == Verdict.NON_COMPLIANT and row.notes == "机房门禁记录缺失，现场未见登记簿。"
            result_id = row.id
    finally:
        fresh.close()
    with demo_vault.session() as s:
        cleared = svc.set_verdict(s, ids["running"], item, None)
        assert cleared.result_id == result_id and cleared.verdict is None and cleared.answered_at is None
        assert cleared.notes.startswith("机房")
        before = s.exec(select(InspectionResult).where(InspectionResult.id == result_id)).one().revision
        svc.set_notes(s, ids["running"], item, cleared.notes)  # unchanged: no write, no audit event
        s.flush()
        assert s.get(InspectionResult, result_id).revision == before
    assert audit_ok(demo_vault)


def test_a_planned_inspection_starts_with_its_first_answer(demo_vault, ids):
    with demo_vault.session() as s:
        template_id = s.get(ChecklistItem, ids["items"][0]).template_id
        insp = Inspection(department_id=ids["depts"]["晋城市自然资源局"], template_id=template_id)
        s.add(insp)
        s.flush()
        svc.set_verdict(s, insp.id, ids["items"][0], Verdict.COMPLIANT)
        assert insp.status == InspectionStatus.IN_PROGRESS and insp.started_at is not None
        assert svc.runner_data(s, insp.id).self_answers is None  # no plan, no self-report


def test_evidence_files_are_read_checked_and_stored(demo_vault, ids, tmp_path, monkeypatch):
    item = ids["items"][2]
    photo = tmp_path / "机房照片.png"
    photo.write_bytes(png_bytes())
    folder = tmp_path / "a folder"
    folder.mkdir()
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 5000)
    monkeypatch.setattr(evidence_service, "MAX_EVIDENCE_BYTES", 4096)
    with demo_vault.session() as s:
        batch = svc.add_result_files(s, ids["running"], item,
                                     [photo, folder, tmp_path / "missing.png", big, ("空.txt", b"")])
    assert [e.filename for e in batch.added] == ["机房照片.png"]
    assert batch.added[0].mime == "image/png" and batch.added[0].is_image
    messages = [e.zh for e in batch.errors]
    assert len(messages) == 4
    assert "文件夹" in messages[0] and "无法读取" in messages[1] and "过大" in messages[2] and "为空" in messages[3]
    with demo_vault.session() as s:
        evidence = svc.evidence_for_inspection(s, ids["running"])
        assert list(evidence) == [item] and evidence[item] == batch.added
        assert evidence_service.read_blob(s, batch.added[0].sha256) == photo.read_bytes()
        assert len(s.exec(select(Evidence).where(Evidence.owner_type == svc.RESULT_OWNER)).all()) == 1
        assert svc.runner_data(s, ids["running"]).evidence == evidence
    assert audit_ok(demo_vault)


def test_files_that_cannot_be_stored_change_nothing(demo_vault, ids, tmp_path):
    """No file to store: no result row, and a planned inspection is not started by the attempt."""
    with demo_vault.session() as s:
        template_id = s.get(ChecklistItem, ids["items"][0]).template_id
        insp = Inspection(department_id=ids["depts"]["晋城市自然资源局"], template_id=template_id)
        s.add(insp)
        s.flush()
        insp_id = insp.id
    with demo_vault.session() as s:
        batch = svc.add_result_files(s, insp_id, ids["items"][0], [tmp_path, ("空.txt", b"")])
    assert not batch.added and len(batch.errors) == 2
    with demo_vault.session() as s:
        assert s.get(Inspection, insp_id).status == InspectionStatus.PLANNED
        assert s.exec(select(InspectionResult).where(InspectionResult.inspection_id == insp_id)).first() is None


def test_new_finding_from_an_item_carries_its_articles_and_severity(demo_vault, ids):
    item_id = ids["items"][10]
    with demo_vault.session() as s:
        svc.set_notes(s, ids["running"], item_id, "备份介质存放在办公室抽屉")
        finding_id = svc.new_finding(s, ids["running"], item_id).id
    with demo_vault.session() as s:
        f, item = s.get(Finding, finding_id), s.get(ChecklistItem, item_id)
        assert f.status == FindingStatus.DRAFT and f.item_id == item_id and f.inspection_id == ids["running"]
        assert f.articles == item.articles and f.severity == item.default_severity and f.title == item.title
        assert f.description == "备份介质存放在办公室抽屉" and f.location.startswith("人社局")
        assert svc.runner_data(s, ids["running"]).findings[item_id][-1]["id"] == finding_id


def test_a_new_finding_as_the_runner_lists_it(demo_vault, ids):
    item_id = ids["items"][3]
    with demo_vault.session() as s:
        row = svc.finding_row(svc.new_finding(s, ids["running"], item_id))
    with demo_vault.session() as s:
        item = s.get(ChecklistItem, item_id)
        assert row["title"] == item.title and row["severity"] == item.default_severity.value
        assert svc.runner_data(s, ids["running"]).findings[item_id][-1] == row  # the same row a read gives
        assert s.get(Finding, row["id"]).item_id == item_id


def events(vault: Vault, action: str, object_id: str) -> int:
    with vault.session() as s:
        return len(s.exec(select(AuditEvent).where(AuditEvent.action == action,
                                                   AuditEvent.object_id == object_id)).all())


def test_signature_and_completion(demo_vault, ids):
    """Completion needs the summary, the representative's signature over the content as it is (or why there is
    none) and an answer on every item (or the choice to record the rest as 未检查); then nothing changes."""
    png = png_bytes((0, 0, 0))
    running, items = ids["running"], ids["items"]
    with demo_vault.session() as s:
        with pytest.raises(BadInputError):
            svc.save_signature(s, running, png, "  ")
        with pytest.raises(BadInputError):
            svc.save_signature(s, running, b"not a png", "张建国")
        with pytest.raises(BadInputError, match="检查小结"):  # nothing to complete with yet
            svc.complete_inspection(s, running)
        svc.set_summary(s, running, " 发现三项问题，已现场反馈。 ")
        svc.save_signature(s, running, png, " 张建国 ", "信息科科长")
    with demo_vault.session() as s:
        insp = s.get(Inspection, running)
        assert insp.department_rep_name == "张建国" and insp.department_rep_title == "信息科科长"
        assert insp.rep_signed_at is not None and insp.summary == "发现三项问题，已现场反馈。"
        assert evidence_store.read_bytes(s, insp.rep_signature_sha256) == png
        assert insp.rep_signed_digest == lifecycle.content_digest(s, running)  # bound to what it attests
        check = svc.completion_check(s, running)
        assert check.signature == "holds" and check.signer == "张建国" and not check.summary_missing
        assert len(check.unanswered) == 22 and not check.ready
        with pytest.raises(lifecycle.UnansweredItems) as unanswered:
            svc.complete_inspection(s, running)
        assert unanswered.value.codes == list(check.unanswered) and "未检查" in unanswered.value.zh
    with demo_vault.session() as s:
        assert s.get(Inspection, running).status == InspectionStatus.IN_PROGRESS  # the refusal changed nothing
        svc.complete_inspection(s, running, record_unchecked=True)
    with demo_vault.session() as s:
        insp = s.get(Inspection, running)
        assert insp.status == InspectionStatus.COMPLETED and insp.unchecked_items == list(check.unanswered)
        assert insp.ended_at is not None and insp.ended_at - insp.started_at < timedelta(days=1)
        assert not svc.runner_data(s, running).inspection.editable
        assert svc.runner_data(s, running).inspection.signature_holds
        finding = s.exec(select(Finding).where(Finding.inspection_id == running)).first()
        frozen = {
            "verdict": lambda: svc.set_verdict(s, running, items[0], Verdict.NON_COMPLIANT),
            "notes": lambda: svc.set_notes(s, running, items[0], "x"),
            "summary": lambda: svc.set_summary(s, running, "改过的小结", void_signature=True),
            "evidence": lambda: svc.add_result_files(s, running, items[0], [("a.png", png)]),
            "result evidence": lambda: svc.add_result_evidence(s, running, items[0], "b.png", png),
            "new finding": lambda: svc.new_finding(s, running, items[-1], void_signature=True),
            "re-sign": lambda: svc.save_signature(s, running, png_bytes((9, 9, 9)), "王五"),
            "finding text": lambda: findings.update_finding(s, finding.id, {"description": "改"}, void_signature=True),
            "finding files": lambda: findings.add_finding_files(s, finding.id, [("c.png", png)], void_signature=True),
        }
        for what, edit in frozen.items():
            with pytest.raises(lifecycle.FrozenError, match="重新打开") as refused:
                edit()
            assert "reopen" in refused.value.en, what
        with pytest.raises(BadInputError, match="已完成"):
            svc.complete_inspection(s, running)
    with demo_vault.session() as s:
        insp = s.get(Inspection, running)
        assert insp.department_rep_name == "张建国" and evidence_store.read_bytes(s, insp.rep_signature_sha256) == png
        assert svc.runner_data(s, running).answered == 33
    assert audit_ok(demo_vault)


def test_a_change_after_signing_is_refused_until_confirmed_then_voids_the_signature(demo_vault, ids):
    running, item = ids["running"], ids["items"][0]
    with demo_vault.session() as s:
        svc.save_signature(s, running, png_bytes(), "陈静", "科长")
        before = svc.runner_data(s, running).results[item].verdict
        signed_at = s.get(Inspection, running).rep_signed_at
        svc.set_verdict(s, running, item, before)  # no change: nothing to refuse
        svc.set_notes(s, running, item, svc.runner_data(s, running).results[item].notes)
    refusals = {
        "verdict": lambda s, **kw: svc.set_verdict(s, running, item, Verdict.NON_COMPLIANT, **kw),
        "notes": lambda s, **kw: svc.set_notes(s, running, item, "签字后补充的说明", **kw),
        "summary": lambda s, **kw: svc.set_summary(s, running, "签字后写的小结", **kw),
        "evidence": lambda s, **kw: svc.add_result_evidence(s, running, item, "a.png", png_bytes(), **kw),
        "new finding": lambda s, **kw: svc.new_finding(s, running, item, **kw),
    }
    for what, change in refusals.items():
        with pytest.raises(lifecycle.SignatureWouldVoid) as refused, demo_vault.session() as s:
            change(s)
        assert refused.value.signer == "陈静" and refused.value.signed_at == signed_at, what
        assert "陈静" in refused.value.zh and "失效" in refused.value.zh and "陈静" in refused.value.en
    with demo_vault.session() as s:  # every refusal left everything as signed
        insp = s.get(Inspection, running)
        assert lifecycle.signature_holds(s, insp) and svc.completion_check(s, running).signature == "holds"
        assert svc.runner_data(s, running).results[item].verdict == before
    assert events(demo_vault, "inspection.signature_voided", running) == 0
    with demo_vault.session() as s:  # the user confirmed
        svc.set_verdict(s, running, item, Verdict.NON_COMPLIANT, void_signature=True)
    with demo_vault.session() as s:
        insp = s.get(Inspection, running)
        assert insp.rep_signature_sha256 is None and insp.rep_signed_at is None and insp.rep_signed_digest is None
        head = svc.runner_data(s, running).inspection
        assert not head.signed and not head.signature_holds
        assert svc.completion_check(s, running).signature == "none"
        svc.set_notes(s, running, item, "无签字时可以直接修改")  # nothing signed any more: no question asked
    assert events(demo_vault, "inspection.signature_voided", running) == 1
    with demo_vault.session() as s:  # signing again binds the new content; signing once more voids the first
        svc.save_signature(s, running, png_bytes((1, 2, 3)), "陈静")
        svc.save_signature(s, running, png_bytes((4, 5, 6)), "陈静")
        assert lifecycle.signature_holds(s, s.get(Inspection, running))
    assert events(demo_vault, "inspection.signature_voided", running) == 2
    assert audit_ok(demo_vault)


def test_completion_without_a_signature_needs_a_reason(demo_vault, ids):
    running = ids["running"]
    with demo_vault.session() as s:
        with pytest.raises(BadInputError, match="签字") as refused:
            svc.complete_inspection(s, running, summary="小结", record_unchecked=True)
        assert "signature" in refused.value.en
        with pytest.raises(BadInputError):
            svc.complete_inspection(s, running, summary="小结", record_unchecked=True, rep_not_signed="asleep")
        svc.complete_inspection(s, running, summary="小结", record_unchecked=True, rep_not_signed="refused",
                                note=" 拒绝在记录上签字 ")
    with demo_vault.session() as s:
        insp = s.get(Inspection, running)
        assert (insp.status, insp.rep_not_signed, insp.rep_not_signed_note) == \
            (InspectionStatus.COMPLETED, "refused", "拒绝在记录上签字")
        assert svc.runner_data(s, running).inspection.rep_not_signed == "refused"


def test_a_reason_is_refused_while_the_signature_holds_and_a_void_signature_needs_a_new_one_or_a_reason(demo_vault, ids):
    running, item = ids["running"], ids["items"][0]
    with demo_vault.session() as s:
        svc.set_summary(s, running, "小结")
        svc.save_signature(s, running, png_bytes(), "陈静")
        with pytest.raises(BadInputError, match="已签字"):
            svc.complete_inspection(s, running, record_unchecked=True, rep_not_signed="absent")
        # content changed behind the guards (as a sync might): the signature no longer holds
        row = s.exec(select(InspectionResult).where(InspectionResult.inspection_id == running,
                                                    InspectionResult.item_id == item)).one()
        row.notes = "绕过服务的修改"
        s.flush()
        assert svc.completion_check(s, running).signature == "void"
        with pytest.raises(BadInputError, match="重新签字"):
            svc.complete_inspection(s, running, record_unchecked=True)
        # the representative has left: the void signature is withdrawn (audit event) and the reason recorded
        before = s.exec(select(AuditEvent).where(AuditEvent.action == "inspection.signature_voided")).all()
        insp = svc.complete_inspection(s, running, record_unchecked=True, rep_not_signed="absent", note="已离场")
        assert insp.status == InspectionStatus.COMPLETED and insp.rep_signature_sha256 is None
        assert (insp.rep_not_signed, insp.rep_not_signed_note) == ("absent", "已离场")
        after = s.exec(select(AuditEvent).where(AuditEvent.action == "inspection.signature_voided")).all()
        assert len(after) == len(before) + 1


def test_reopen_needs_a_reason_and_marks_the_records_exported_before_superseded(demo_vault, ids):
    done = ids["done"]
    with demo_vault.session() as s:
        s.add(IssuedDocument(kind="record", ref_id=done, filename="现场检查记录.pdf", sha256="ab" * 32))
        with pytest.raises(BadInputError, match="只有已完成"):
            svc.reopen_inspection(s, ids["running"], "原因")
        with pytest.raises(BadInputError, match="原因"):
            svc.reopen_inspection(s, done, "  ")
    with demo_vault.session() as s:
        svc.reopen_inspection(s, done, " 补充现场照片 ")
    with demo_vault.session() as s:
        insp = s.get(Inspection, done)
        assert insp.status == InspectionStatus.IN_PROGRESS and insp.correction_no == 1
        assert insp.correction_reason == "补充现场照片" and insp.corrected_at is not None
        head = svc.runner_data(s, done).inspection
        assert (head.correction_no, head.correction_reason) == (1, "补充现场照片") and head.editable
        [doc] = s.exec(select(IssuedDocument).where(IssuedDocument.ref_id == done)).all()
        assert doc.superseded_at == insp.corrected_at and doc.superseded_by == "更正版（第 1 次更正）"
        # reopened, the record changes again: under the signature's rules, which still holds
        with pytest.raises(lifecycle.SignatureWouldVoid):
            svc.set_notes(s, done, ids["items"][0], "补充")
    assert events(demo_vault, "inspection.reopened", done) == 1
    with demo_vault.session() as s:
        svc.complete_inspection(s, done)  # nothing changed since the representative signed
        svc.reopen_inspection(s, done, "第二次更正")
        assert s.get(Inspection, done).correction_no == 2
    assert audit_ok(demo_vault)


def test_list_rows_put_running_inspections_first(demo_vault, ids):
    with demo_vault.session() as s:
        rows = svc.list_inspection_rows(s)
    assert [r["id"] for r in rows] == [ids["running"], ids["done"]]
    assert rows[0]["answered"] == 33 and rows[1]["answered"] == 55 and rows[1]["total"] == 55
    assert rows[1]["status"] == "completed" and rows[1]["ended_at"] is not None
