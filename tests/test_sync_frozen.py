"""Sync keeps records frozen (issue 14, part 4): what a side completed, signed or issued is never overwritten by a
bundle. The change waits in a conflict (kind ``frozen`` or ``signed``) with both versions, and taking it obeys the
same rules as any other change. Two real vaults, both directions: the demo vault is the laptop, a vault made apart
— then an office hub on PostgreSQL — is the office (``pair``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from inspector import lifecycle
from inspector.errors import BadInputError
from inspector.model import (
    AuditEvent,
    ChecklistItem,
    Evidence,
    Finding,
    FindingStatus,
    Inspection,
    InspectionResult,
    IssuedDocument,
    NoticeFinding,
    RectificationNotice,
    Verdict,
)
from inspector.services import findings, inspections, maintenance, rectification
from inspector.services.demo import drawn_signature
from inspector.sync import conflicts, exporter, importer, overview
from inspector.timezones import china_today
from tests.engines import office_on_both_engines  # noqa: F401 (the office: a vault, then a hub)

TO_OFFICE, TO_LAPTOP = "办公室", "笔记本（李明）"  # as each side's trust store names the other (conftest.pair)
ROOT, LOG, PLAIN = "数据库最高管理权限由运维公司人员掌握", "安全审计日志仅保存30天", "个人信息以明文存储"
"""The demo's findings of the inspection in progress (人社局, unsigned)."""
BACKUP, TRAINING = "未制定数据备份与恢复策略", "年度数据安全培训未开展"
"""The demo's findings of the completed, signed inspection (卫健委), stated in the issued notice 〔2026〕1号."""


def send(src, dst, path, to: str, **kw) -> importer.Preview:
    """Export, preview, import: the preview counts what the import does."""
    exporter.export_bundle(src, path, [to], **kw)
    preview = importer.preview(dst, path)
    result = importer.import_bundle(dst, path)
    assert result.applied and result.counts == preview.counts
    return result


def ids(vault) -> dict[str, str]:
    """Finding ids by title, and the two inspections (``running``, ``done``)."""
    with vault.session() as s:
        out = {f.title: f.id for f in s.exec(select(Finding))}
        for insp in s.exec(select(Inspection)):
            out["running" if insp.status == "in_progress" else "done"] = insp.id
        return out


def finding(vault, finding_id: str) -> Finding:
    with vault.session() as s:
        f = s.get(Finding, finding_id)
        s.expunge(f)
        return f


def open_conflicts(vault) -> dict[str, conflicts.ConflictRow]:
    with vault.session() as s:
        return {c.record_id: c for c in conflicts.list_conflicts(s)}


def checked(*vaults) -> None:
    for vault in vaults:
        report = maintenance.check_vault(vault)  # audit chain (deep: every row against its events), hashes
        assert report.ok, report.lines


def issue_for(vault, finding_id: str) -> RectificationNotice:
    with vault.session() as s:
        f = s.get(Finding, finding_id)
        draft = rectification.create_draft(s, f.department_id, [f.id], deadline=china_today() + timedelta(days=30))
        notice = rectification.issue(s, draft.id)
        s.expunge(notice)
        return notice


def unanswered_item(vault, inspection_id: str) -> str:
    with vault.session() as s:
        insp = s.get(Inspection, inspection_id)
        answered = set(s.exec(select(InspectionResult.item_id).where(InspectionResult.inspection_id == insp.id)))
        return s.exec(select(ChecklistItem.id).where(ChecklistItem.template_id == insp.template_id,
                                                     ChecklistItem.id.not_in(answered))
                      .order_by(ChecklistItem.position)).first()


def answered_item(vault, inspection_id: str) -> tuple[str, str]:
    """(item id, a verdict other than the one recorded) of an answered item."""
    with vault.session() as s:
        r = s.exec(select(InspectionResult).where(InspectionResult.inspection_id == inspection_id,
                                                  InspectionResult.verdict.is_not(None))
                   .order_by(InspectionResult.id)).first()
        other = Verdict.NON_COMPLIANT if r.verdict != Verdict.NON_COMPLIANT else Verdict.COMPLIANT
        return r.item_id, other


def sign_and_complete(vault, inspection_id: str, *, complete: bool = True) -> None:
    with vault.session() as s:
        inspections.set_summary(s, inspection_id, "发现三项问题，已现场反馈。")
        inspections.save_signature(s, inspection_id, drawn_signature(3), "陈静", "信息中心主任")
        if complete:
            inspections.complete_inspection(s, inspection_id, record_unchecked=True)


# ---- field → office ------------------------------------------------------------------------------------------


@pytest.fixture
def office_froze(pair, tmp_path):
    """The laptop sent everything; then the office issued a notice for ROOT and completed the inspection in
    progress (no signature: the representative was not there), while the laptop, not knowing, went on working."""
    laptop, office = pair
    send(laptop, office, tmp_path / "a.inspbundle", TO_OFFICE)
    f = ids(laptop)
    notice = issue_for(office, f[ROOT])
    with office.session() as s:
        inspections.complete_inspection(s, f["running"], summary="办公室复核后完成。", record_unchecked=True,
                                        rep_not_signed="absent")
    return laptop, office, f, notice


def test_the_laptops_later_edits_of_frozen_content_wait_as_conflicts_at_the_office(office_froze, tmp_path):
    laptop, office, f, notice = office_froze
    before = {t: finding(office, f[t]) for t in (ROOT, LOG, PLAIN)}
    item, verdict = answered_item(laptop, f["running"])
    with office.session() as s:
        old_verdict = s.exec(select(InspectionResult.verdict).where(
            InspectionResult.inspection_id == f["running"], InspectionResult.item_id == item)).one()
    with laptop.session() as s:
        findings.update_finding(s, f[ROOT], {"rectification_requirement": "笔记本上改的整改要求"})   # stated by the notice
        findings.update_finding(s, f[LOG], {"description": "笔记本上补充的描述"})                  # what the record states
        findings.update_finding(s, f[PLAIN], {"rectification_requirement": "一个月内完成加密改造"})  # not frozen
        inspections.set_verdict(s, f["running"], item, verdict)                                     # a verdict
        extra = inspections.new_finding(s, f["running"], unanswered_item(laptop, f["running"])).id  # a new finding
        findings.add_finding_files(s, f[LOG], [("补充照片.png", drawn_signature(11))])              # a new photo
        findings.change_status(s, f[BACKUP], FindingStatus.REPORTED, reason="已提交整改报告")         # status steps,
        findings.change_status(s, f[BACKUP], FindingStatus.REOPENED, reason="整改不到位",              # one with a
                               deadline=china_today() + timedelta(days=60))                          # new deadline

    result = send(laptop, office, tmp_path / "b.inspbundle", TO_OFFICE, since_last=True)
    assert result.counts["finding"] == {"new": 0, "updated": 2, "conflicts": 3, "unchanged": 0}
    assert result.counts["inspection_result"]["conflicts"] == 1
    assert result.counts["evidence"]["conflicts"] == 1
    assert result.counts["finding_transition"]["new"] == 2  # the status steps merge, with their history

    after = {t: finding(office, f[t]) for t in (ROOT, LOG, PLAIN, BACKUP)}
    assert after[ROOT].rectification_requirement == before[ROOT].rectification_requirement
    assert after[LOG].description == before[LOG].description
    assert after[PLAIN].rectification_requirement == "一个月内完成加密改造"  # not frozen: merged as always
    assert after[BACKUP].status == FindingStatus.REOPENED                   # status steps of a notice's finding,
    assert after[BACKUP].deadline == china_today() + timedelta(days=60)     # the new deadline with them
    with office.session() as s:
        assert s.get(Finding, extra) is None
        assert s.exec(select(Evidence).where(Evidence.owner_id == f[LOG], Evidence.filename == "补充照片.png")).first() is None
        assert s.exec(select(InspectionResult.verdict).where(InspectionResult.inspection_id == f["running"],
                                                             InspectionResult.item_id == item)).one() == old_verdict

    waiting = open_conflicts(office)
    assert {c.kind for c in waiting.values()} == {"frozen"}
    assert notice.number in waiting[f[ROOT]].note_zh and "更正通知" in waiting[f[ROOT]].note_zh
    assert "已在本机完成" in waiting[f[LOG]].note_zh and "重新打开" in waiting[f[LOG]].note_zh
    assert [(d.name, d.incoming) for d in waiting[f[LOG]].fields] == [("description", "笔记本上补充的描述")]
    assert waiting[extra].held and waiting[extra].title and not waiting[f[LOG]].held
    with office.session() as s:  # what the sync page reads
        shown = {c.record_id: c for c in overview.open_conflicts(s)}
    assert shown[f[LOG]].note_zh == waiting[f[LOG]].note_zh and shown[extra].held
    checked(laptop, office)


def test_taking_the_laptops_version_of_frozen_content_obeys_the_rules(office_froze, tmp_path):
    laptop, office, f, notice = office_froze
    with laptop.session() as s:
        findings.update_finding(s, f[ROOT], {"rectification_requirement": "笔记本上改的整改要求"})
        findings.update_finding(s, f[LOG], {"description": "笔记本上补充的描述"})
        extra = inspections.new_finding(s, f["running"], unanswered_item(laptop, f["running"])).id
        findings.add_finding_files(s, extra, [("新问题的照片.png", drawn_signature(12))])
    send(laptop, office, tmp_path / "b.inspbundle", TO_OFFICE, since_last=True)
    waiting = open_conflicts(office)
    photo = next(c for c in waiting.values() if c.table == "evidence")
    assert photo.held and "随之保留" in photo.note_zh  # belongs to the held-back finding

    with office.session() as s, pytest.raises(lifecycle.FrozenError, match="更正通知"):
        conflicts.resolve(s, waiting[f[ROOT]].id, conflicts.KEEP_INCOMING)
    for record_id in (f[LOG], extra):
        with office.session() as s, pytest.raises(lifecycle.FrozenError, match="重新打开"):
            conflicts.resolve(s, waiting[record_id].id, conflicts.KEEP_INCOMING)
    with office.session() as s, pytest.raises(BadInputError, match="另一项冲突"):
        conflicts.resolve(s, photo.id, conflicts.KEEP_INCOMING)

    # the way the core allows: reopen with a reason, then take the laptop's version
    with office.session() as s:
        inspections.reopen_inspection(s, f["running"], "采纳现场补充的描述")
    assert "不再冻结" in open_conflicts(office)[f[LOG]].note_zh
    with office.session() as s:
        conflicts.resolve(s, waiting[f[LOG]].id, conflicts.KEEP_INCOMING)
        conflicts.resolve(s, waiting[extra].id, conflicts.KEEP_INCOMING)  # the photo comes with it
        assert s.get(Finding, f[LOG]).description == "笔记本上补充的描述"
        assert s.get(Finding, extra) is not None
        assert s.exec(select(Evidence).where(Evidence.owner_id == extra)).one().filename == "新问题的照片.png"
        conflicts.resolve(s, waiting[f[ROOT]].id, conflicts.KEEP_LOCAL)
        assert conflicts.list_conflicts(s) == []
    checked(office)

    # the office's decisions travel back without a conflict; the laptop takes what the notice states
    back = send(office, laptop, tmp_path / "c.inspbundle", TO_LAPTOP, since_last=True)
    assert back.total("conflicts") == 0
    assert finding(laptop, f[ROOT]).rectification_requirement == finding(office, f[ROOT]).rectification_requirement
    assert finding(laptop, f[ROOT]).notice_id == notice.id
    checked(laptop)


def test_a_new_record_left_out_does_not_come_back_as_a_conflict(office_froze, tmp_path):
    laptop, office, f, _ = office_froze
    with laptop.session() as s:
        extra = inspections.new_finding(s, f["running"], unanswered_item(laptop, f["running"])).id
    send(laptop, office, tmp_path / "b.inspbundle", TO_OFFICE, since_last=True)
    with office.session() as s:
        conflicts.resolve(s, open_conflicts(office)[extra].id, conflicts.KEEP_LOCAL)
        assert s.get(Finding, extra) is None
    again = send(laptop, office, tmp_path / "c.inspbundle", TO_OFFICE)  # everything again
    assert again.total("conflicts") == 0 and open_conflicts(office) == {}
    with laptop.session() as s:  # changed again since: a new decision
        findings.update_finding(s, extra, {"description": "再次补充"})
    later = send(laptop, office, tmp_path / "d.inspbundle", TO_OFFICE, since_last=True)
    assert later.counts["finding"]["conflicts"] == 1 and extra in open_conflicts(office)


def test_a_bundle_read_in_small_batches_judges_alike(office_froze, tmp_path, monkeypatch):
    """What the walk remembers (the state before the bundle) makes the import, applying batch by batch, judge as
    the preview does: the same counts with batches of 3."""
    laptop, office, f, _ = office_froze
    with laptop.session() as s:
        findings.update_finding(s, f[LOG], {"description": "笔记本上补充的描述"})
        extra = inspections.new_finding(s, f["running"], unanswered_item(laptop, f["running"])).id
        findings.add_finding_files(s, extra, [("新问题的照片.png", drawn_signature(12))])
        findings.update_finding(s, f[PLAIN], {"rectification_requirement": "一个月内完成加密改造"})
    path = tmp_path / "b.inspbundle"
    exporter.export_bundle(laptop, path, [TO_OFFICE])
    expected = importer.preview(office, path).counts
    monkeypatch.setattr(importer, "BATCH", 3)
    assert importer.preview(office, path).counts == expected
    result = importer.import_bundle(office, path)
    assert result.counts == expected and result.total("conflicts") == 3
    checked(office)


def test_a_sender_that_bypasses_the_core_cannot_change_an_issued_notice(pair, tmp_path):
    """A peer changing an issued notice or what it states directly (no rule asked): strictly newer by version
    vectors, and still a conflict."""
    laptop, office = pair
    send(laptop, office, tmp_path / "a.inspbundle", TO_OFFICE)
    f = ids(laptop)
    with laptop.session() as s:
        notice = s.exec(select(RectificationNotice)).one()
        number = notice.number
        notice.number = "晋数安检〔2026〕99号"
        s.get(Finding, f[TRAINING]).rectification_requirement = "改过的要求"
        s.get(Finding, f[TRAINING]).location = "改过的位置"  # what the completed record states, too
        joined = NoticeFinding(notice_id=notice.id, finding_id=f[ROOT])  # a finding joining the issued notice
        s.add(joined)
        s.flush()
        joined_id = joined.id
    result = send(laptop, office, tmp_path / "b.inspbundle", TO_OFFICE, since_last=True)
    assert result.counts["rectification_notice"]["conflicts"] == 1 and result.counts["finding"]["conflicts"] == 1
    assert result.counts["notice_finding"]["conflicts"] == 1
    with office.session() as s:
        assert s.get(NoticeFinding, joined_id) is None
    with office.session() as s:
        assert s.exec(select(RectificationNotice)).one().number == number
        assert s.get(Finding, f[TRAINING]).rectification_requirement != "改过的要求"
    waiting = open_conflicts(office)
    assert number in waiting[notice.id].note_zh and "已在本机签发" in waiting[notice.id].note_zh
    checked(office)


# ---- office → field ------------------------------------------------------------------------------------------


def test_a_notice_issued_at_the_office_meets_the_laptops_edit_of_its_requirement(pair, tmp_path):
    laptop, office = pair
    send(laptop, office, tmp_path / "a.inspbundle", TO_OFFICE)
    f = ids(laptop)
    notice = issue_for(office, f[ROOT])
    stated = finding(office, f[ROOT]).rectification_requirement
    with laptop.session() as s:
        findings.update_finding(s, f[ROOT], {"rectification_requirement": "笔记本上改的整改要求"})

    result = send(office, laptop, tmp_path / "b.inspbundle", TO_LAPTOP, since_last=True)
    assert result.counts["finding"]["conflicts"] == 1
    assert result.counts["rectification_notice"]["new"] == 1  # the notice itself arrives
    assert finding(laptop, f[ROOT]).rectification_requirement == "笔记本上改的整改要求"  # nothing silently
    row = open_conflicts(laptop)[f[ROOT]]
    assert row.kind == "frozen" and notice.number in row.note_zh and "采用收到的版本" in row.note_zh
    assert ("rectification_requirement", "笔记本上改的整改要求", stated) in [(d.name, d.local, d.incoming) for d in row.fields]

    with laptop.session() as s:  # keeping the laptop's version would contradict the issued notice
        with pytest.raises(lifecycle.FrozenError, match="不能保留本机版本"):
            conflicts.resolve(s, row.id, conflicts.KEEP_LOCAL)
        conflicts.resolve(s, row.id, conflicts.KEEP_INCOMING)
        taken = s.get(Finding, f[ROOT])
        assert (taken.rectification_requirement, taken.notice_id, taken.status) == (stated, notice.id, "notified")
        assert lifecycle.freezing_notice(s, taken).number == notice.number
    back = send(laptop, office, tmp_path / "c.inspbundle", TO_OFFICE, since_last=True)
    assert back.total("conflicts") == 0
    checked(laptop, office)


def test_the_laptop_completed_while_the_office_edited_a_finding(pair, tmp_path):
    """The representative signed on the laptop and the inspection was completed there; the office, which had it in
    progress, edited a finding. On the laptop the edit waits; the laptop keeps what was signed, and the office,
    which by then has the completion (its own edit voiding the signature there), takes it back."""
    laptop, office = pair
    send(laptop, office, tmp_path / "a.inspbundle", TO_OFFICE)
    f = ids(laptop)
    signed = finding(laptop, f[LOG]).description
    sign_and_complete(laptop, f["running"])
    with office.session() as s:
        findings.update_finding(s, f[LOG], {"description": "办公室修改的描述"})

    result = send(office, laptop, tmp_path / "b.inspbundle", TO_LAPTOP, since_last=True)
    assert result.counts["finding"]["conflicts"] == 1
    row = open_conflicts(laptop)[f[LOG]]
    assert row.kind == "frozen" and "已在本机完成" in row.note_zh
    with laptop.session() as s:
        insp = s.get(Inspection, f["running"])
        assert s.get(Finding, f[LOG]).description == signed
        assert insp.status == "completed" and lifecycle.signature_holds(s, insp)

    # the completion reaches the office, where the office's own edit makes the signature void
    send(laptop, office, tmp_path / "c.inspbundle", TO_OFFICE, since_last=True)
    with office.session() as s:
        insp = s.get(Inspection, f["running"])
        assert insp.status == "completed" and not lifecycle.signature_holds(s, insp)

    with laptop.session() as s:
        conflicts.resolve(s, row.id, conflicts.KEEP_LOCAL)
    back = send(laptop, office, tmp_path / "d.inspbundle", TO_OFFICE, since_last=True)
    assert back.total("conflicts") == 0 and back.counts["finding"]["updated"] == 1  # it restores what was signed
    with office.session() as s:
        assert s.get(Finding, f[LOG]).description == signed
        assert lifecycle.signature_holds(s, s.get(Inspection, f["running"]))
    checked(laptop, office)


def test_an_edit_that_would_void_a_signature_waits_until_the_user_confirms(pair, tmp_path):
    laptop, office = pair
    send(laptop, office, tmp_path / "a.inspbundle", TO_OFFICE)
    f = ids(laptop)
    sign_and_complete(laptop, f["running"], complete=False)  # signed on site, not completed yet
    with office.session() as s:
        findings.update_finding(s, f[LOG], {"description": "办公室修改的描述"})
    result = send(office, laptop, tmp_path / "b.inspbundle", TO_LAPTOP, since_last=True)
    assert result.counts["finding"]["conflicts"] == 1
    row = open_conflicts(laptop)[f[LOG]]
    assert row.kind == "signed" and "陈静" in row.note_zh and "失效" in row.note_zh
    with laptop.session() as s:
        assert lifecycle.signature_holds(s, s.get(Inspection, f["running"]))
        with pytest.raises(lifecycle.SignatureWouldVoid, match="陈静"):
            conflicts.resolve(s, row.id, conflicts.KEEP_INCOMING)
    with laptop.session() as s:
        conflicts.resolve(s, row.id, conflicts.KEEP_INCOMING, void_signature=True)
        insp = s.get(Inspection, f["running"])
        assert s.get(Finding, f[LOG]).description == "办公室修改的描述" and insp.rep_signature_sha256 is None
        voided = s.exec(select(AuditEvent).where(AuditEvent.action == "inspection.signature_voided",
                                                 AuditEvent.object_id == insp.id)).all()
        assert voided
    checked(laptop)


def test_a_reopen_on_the_other_side_is_taken_with_what_it_corrected(pair, tmp_path):
    """The laptop reopened its completed inspection (with a reason) after the office had the completed version:
    the office takes the reopen, the corrected finding, and marks the record it exported as superseded."""
    laptop, office = pair
    f = ids(laptop)
    sign_and_complete(laptop, f["running"])
    send(laptop, office, tmp_path / "a.inspbundle", TO_OFFICE)
    with office.session() as s:  # the office exported the record (as the export registers it)
        s.add(IssuedDocument(kind="record", ref_id=f["running"], filename="现场检查记录.pdf", sha256="a" * 64))
    send(office, laptop, tmp_path / "b.inspbundle", TO_LAPTOP)
    with laptop.session() as s:
        inspections.reopen_inspection(s, f["running"], "问题描述有误")
        findings.update_finding(s, f[LOG], {"description": "更正后的描述"}, void_signature=True)
        inspections.save_signature(s, f["running"], drawn_signature(4), "陈静")
        inspections.complete_inspection(s, f["running"], record_unchecked=True)
    result = send(laptop, office, tmp_path / "c.inspbundle", TO_OFFICE, since_last=True)
    assert result.total("conflicts") == 0
    with office.session() as s:
        insp = s.get(Inspection, f["running"])
        assert (insp.status, insp.correction_no, insp.correction_reason) == ("completed", 1, "问题描述有误")
        assert s.get(Finding, f[LOG]).description == "更正后的描述" and lifecycle.signature_holds(s, insp)
        doc = s.exec(select(IssuedDocument).where(IssuedDocument.ref_id == f["running"])).one()
        assert doc.superseded_by == "更正版（第 1 次更正）"
    checked(laptop, office)


def test_a_correction_notice_changes_what_the_notice_states_everywhere(pair, tmp_path):
    """A 更正通知 issued at the office corrects a finding stated in an issued notice: the laptop takes the corrected
    requirement (no conflict) and marks the notice it exported as corrected."""
    laptop, office = pair
    f = ids(laptop)
    with laptop.session() as s:
        original = s.exec(select(RectificationNotice)).one()
        s.add(IssuedDocument(kind="notice", ref_id=original.id, filename="整改通知书.pdf", sha256="b" * 64))
        original_id = original.id
    send(laptop, office, tmp_path / "a.inspbundle", TO_OFFICE)
    with office.session() as s:
        draft = rectification.draft_correction(s, original_id, {f[TRAINING]: {"rectification_requirement": "更正后的要求"}},
                                               "要求表述有误")
        number = rectification.issue(s, draft.id).number
    result = send(office, laptop, tmp_path / "b.inspbundle", TO_LAPTOP, since_last=True)
    assert result.total("conflicts") == 0
    assert finding(laptop, f[TRAINING]).rectification_requirement == "更正后的要求"
    with laptop.session() as s:
        doc = s.exec(select(IssuedDocument).where(IssuedDocument.ref_id == original_id)).one()
        assert doc.superseded_by == number
    checked(laptop, office)



def test_a_signature_voided_and_given_again_on_the_other_side_is_taken(pair, tmp_path):
    """The laptop had sent its signed inspection; then, the user confirming, it changed a finding (voiding the
    signature) and the representative signed again. The office, whose copy of the signature held, takes it: the
    other side saw this signature and its user was asked. This vault's audit chain says the signature was voided."""
    laptop, office = pair
    f = ids(laptop)
    sign_and_complete(laptop, f["running"], complete=False)
    send(laptop, office, tmp_path / "a.inspbundle", TO_OFFICE)
    with laptop.session() as s:
        findings.update_finding(s, f[LOG], {"description": "代表确认后修改的描述"}, void_signature=True)
        inspections.save_signature(s, f["running"], drawn_signature(5), "陈静")
    result = send(laptop, office, tmp_path / "b.inspbundle", TO_OFFICE, since_last=True)
    assert result.total("conflicts") == 0
    with office.session() as s:
        insp = s.get(Inspection, f["running"])
        assert s.get(Finding, f[LOG]).description == "代表确认后修改的描述" and lifecycle.signature_holds(s, insp)
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "inspection.signature_voided",
                                               AuditEvent.object_id == insp.id)).all()
    checked(office)


def test_a_reopen_that_meets_a_change_here_waits_and_is_taken_as_a_reopen(pair, tmp_path):
    """The office's completed copy changed too (here: behind the rules' back) when the laptop's reopen arrives:
    a conflict; taking it is a reopen here, recorded as one, the office's exported record superseded."""
    laptop, office = pair
    f = ids(laptop)
    sign_and_complete(laptop, f["running"])
    send(laptop, office, tmp_path / "a.inspbundle", TO_OFFICE)
    with office.session() as s:
        s.get(Inspection, f["running"]).location = "办公室改的地点"
        s.add(IssuedDocument(kind="record", ref_id=f["running"], filename="现场检查记录.pdf", sha256="c" * 64))
    with laptop.session() as s:
        inspections.reopen_inspection(s, f["running"], "补充检查")
    result = send(laptop, office, tmp_path / "b.inspbundle", TO_OFFICE, since_last=True)
    assert result.counts["inspection"]["conflicts"] == 1
    row = open_conflicts(office)[f["running"]]
    assert row.kind == "frozen" and "采用收到的版本即在本机重新打开" in row.note_zh and "补充检查" in row.note_zh
    with office.session() as s:
        assert s.get(Inspection, f["running"]).status == "completed"
        conflicts.resolve(s, row.id, conflicts.KEEP_INCOMING)
        insp = s.get(Inspection, f["running"])
        assert (insp.status, insp.correction_no, insp.correction_reason) == ("in_progress", 1, "补充检查")
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "inspection.reopened",
                                               AuditEvent.object_id == insp.id)).one()
        assert s.exec(select(IssuedDocument).where(IssuedDocument.ref_id == insp.id)).one().superseded_by
    checked(office)


def test_a_correction_meets_a_status_step_the_laptop_took(pair, tmp_path):
    """The office corrected a finding's requirement (更正通知) while the laptop took a status step on it: a
    conflict on the laptop, where the laptop's version cannot be kept (it is not what the correction states)."""
    laptop, office = pair
    f = ids(laptop)
    send(laptop, office, tmp_path / "a.inspbundle", TO_OFFICE)
    with office.session() as s:
        original = s.exec(select(RectificationNotice)).one()
        draft = rectification.draft_correction(s, original.id, {f[TRAINING]: {"rectification_requirement": "更正后的要求"}},
                                               "要求表述有误")
        number = rectification.issue(s, draft.id).number
    with laptop.session() as s:
        findings.change_status(s, f[TRAINING], FindingStatus.RECTIFYING)
    result = send(office, laptop, tmp_path / "b.inspbundle", TO_LAPTOP, since_last=True)
    assert result.counts["finding"]["conflicts"] == 1
    row = open_conflicts(laptop)[f[TRAINING]]
    assert row.kind == "frozen" and "更正通知" in row.note_zh
    with laptop.session() as s:
        assert rectification.get_notice(s, draft.id).number == number  # the correction itself arrived
        with pytest.raises(lifecycle.FrozenError, match="不能保留本机版本"):
            conflicts.resolve(s, row.id, conflicts.KEEP_LOCAL)
    with laptop.session() as s:
        conflicts.resolve(s, row.id, conflicts.KEEP_INCOMING)
        assert s.get(Finding, f[TRAINING]).rectification_requirement == "更正后的要求"
    checked(laptop)


def test_the_command_line_shows_why_a_conflict_waits_and_takes_it_only_when_confirmed(pair, tmp_path, run):
    """``bundle conflicts`` prints what froze the record; ``bundle resolve --keep incoming`` is refused (exit 4,
    both languages, the option to confirm) until ``--void-signature``."""
    laptop, office = pair
    send(laptop, office, tmp_path / "a.inspbundle", TO_OFFICE)
    f = ids(laptop)
    sign_and_complete(laptop, f["running"], complete=False)
    with office.session() as s:
        findings.update_finding(s, f[LOG], {"description": "办公室修改的描述"})
    send(office, laptop, tmp_path / "b.inspbundle", TO_LAPTOP, since_last=True)
    row = open_conflicts(laptop)[f[LOG]]
    code, out, err = run("bundle", "conflicts", "--vault", str(laptop.path))
    assert code == 0 and row.id in out and row.note_zh in out and row.note_en in out
    code, out, err = run("bundle", "resolve", row.id, "--keep", "incoming", "--vault", str(laptop.path))
    assert code == 4 and "陈静" in err and "--void-signature" in err and "Traceback" not in err
    zh, en = err.split("\nError: ", 1)
    assert "如确认" in zh and "run it again with --void-signature" in en
    assert finding(laptop, f[LOG]).description != "办公室修改的描述"
    code, out, err = run("bundle", "resolve", row.id, "--keep", "incoming", "--void-signature",
                         "--vault", str(laptop.path))
    assert code == 0, err
    assert finding(laptop, f[LOG]).description == "办公室修改的描述"
    with laptop.session() as s:
        assert s.get(Inspection, f["running"]).rep_signature_sha256 is None
    checked(laptop)
