"""Re-inspection (复查, issue 17 §3): scheduled for an issued notice once its deadline passed or its findings are
reported, run over the failed items (or all), and its verdicts verify or reopen the notice's findings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from inspector import workflow
from inspector.errors import BadInputError, TransitionError
from inspector.model import (
    ChecklistItem,
    Finding,
    FindingStatus,
    FindingTransition,
    Inspection,
    InspectionStatus,
    RectificationNotice,
    Verdict,
)
from inspector.services import findings, inspections, reinspection
from inspector.services import rectification as rect
from inspector.timezones import china_today
from tests.engines import demo_on_both_engines, demo_vault_only  # noqa: F401

S = FindingStatus
LATE = date(2027, 1, 2)          # after the demo notice's deadline (2026-12-15)
EARLY = date(2026, 11, 24)       # before it


def _notice(s) -> RectificationNotice:
    return s.exec(select(RectificationNotice).where(RectificationNotice.number != "")).one()


def _findings(s, notice_id) -> list[Finding]:
    return reinspection.notice_findings(s, notice_id)


def _finish(s, inspection_id: str, **kwargs) -> Inspection:
    return inspections.complete_inspection(s, inspection_id, summary="复查小结", record_unchecked=True,
                                           rep_not_signed="absent", **kwargs)


def test_a_notice_is_reinspected_only_once_its_deadline_passed_or_its_findings_are_reported(demo_vault):
    with demo_vault.session() as s:
        notice = _notice(s)
        refused = reinspection.refusal(s, notice.id, EARLY)
        assert refused is not None and "未报整改" in refused.zh and "deadline" in refused.en
        with pytest.raises(BadInputError):
            reinspection.schedule(s, notice.id, today=EARLY)
        assert reinspection.refusal(s, notice.id, LATE) is None
        for f in _findings(s, notice.id):  # every finding reported: no need to wait for the deadline
            findings.change_status(s, f.id, S.REPORTED)
        assert reinspection.refusal(s, notice.id, EARLY) is None
        insp = reinspection.schedule(s, notice.id, scheduled_on=EARLY + timedelta(days=3), today=EARLY)
        assert (insp.status, insp.department_id, insp.reinspects_notice_id) == (
            InspectionStatus.PLANNED, notice.department_id, notice.id)
        again = reinspection.refusal(s, notice.id, EARLY)  # one pending re-inspection at a time
        assert again is not None and "已安排复查" in again.zh and "2026-11-27" in again.zh
        reinspection.cancel(s, insp.id)
        with pytest.raises(BadInputError, match="早于今天"):
            reinspection.schedule(s, notice.id, scheduled_on=EARLY - timedelta(days=1), today=EARLY)


def test_a_draft_or_a_correction_is_not_reinspected(demo_vault):
    with demo_vault.session() as s:
        notice = _notice(s)
        f = _findings(s, notice.id)[0]
        draft = rect.draft_correction(s, notice.id, {f.id: {"deadline": date(2027, 2, 1)}}, "期限延长")
        assert "尚未签发" in reinspection.refusal(s, draft.id, LATE).zh
        rect.issue(s, draft.id, issued_on=EARLY)
        assert "更正通知" in reinspection.refusal(s, draft.id, LATE).zh
        assert notice.number in reinspection.refusal(s, draft.id, LATE).zh


def test_the_failed_items_are_the_runner_s_only_items(demo_vault):
    with demo_vault.session() as s:
        notice = _notice(s)
        items = {f.item_id for f in _findings(s, notice.id)}
        insp = reinspection.schedule(s, notice.id, today=LATE)
        data = inspections.runner_data(s, insp.id)
        assert {i.id for i in data.items} == items and len(insp.scope_items) == len(items) >= 1
        assert all(section.items for section in data.sections)  # sections without a failed item are left out
        assert data.reinspection.notice_number == notice.number
        assert {f["id"] for rows in data.reinspection.findings.values() for f in rows} == {
            f.id for f in _findings(s, notice.id)}
        check = inspections.completion_check(s, insp.id)
        assert len(check.unanswered) == len(items)  # only the items it checks are owed an answer
        full = inspections.list_inspection_rows(s)
        row = next(r for r in full if r["id"] == insp.id)
        assert (row["total"], row["reinspects"]) == (len(items), notice.number)
        reinspection.cancel(s, insp.id)
        everything = reinspection.schedule(s, notice.id, scope="all", today=LATE)
        total = len(s.exec(select(ChecklistItem.id).where(ChecklistItem.template_id == everything.template_id)).all())
        assert everything.scope_items == [] and len(inspections.runner_data(s, everything.id).items) == total
        assert inspections.runner_data(s, everything.id).reinspection.scope == reinspection.SCOPE_ALL
        with pytest.raises(BadInputError, match="failed|all"):
            reinspection.schedule(s, notice.id, scope="some", today=LATE)


def test_completing_verifies_what_is_compliant_and_reopens_what_is_not(demo_vault):
    with demo_vault.session() as s:
        notice = _notice(s)
        first, second = _findings(s, notice.id)[:2]
        findings.change_status(s, second.id, S.REPORTED) if S(second.status) is not S.REPORTED else None
        insp = reinspection.schedule(s, notice.id, scope="all", today=LATE)
        status_first = S(first.status)
        assert status_first in workflow.OPEN_STATUSES  # the department never reported it
        inspections.set_verdict(s, insp.id, first.item_id, Verdict.COMPLIANT)
        inspections.set_verdict(s, insp.id, second.item_id, Verdict.PARTIAL)
        preview = {e.finding_id: e.action for e in reinspection.outcome(s, insp.id)}
        assert preview == {first.id: reinspection.VERIFY, second.id: reinspection.REOPEN}
        assert (S(first.status), S(second.status)) == (status_first, S.REPORTED)  # nothing happens before
        deadline = china_today() + timedelta(days=20)
        _finish(s, insp.id, reopen_deadline=deadline)
        s.refresh(first), s.refresh(second)
        assert (S(first.status), S(second.status)) == (S.VERIFIED, S.REOPENED)
        assert second.deadline == deadline
        steps = {t.finding_id: t for t in s.exec(select(FindingTransition).where(
            FindingTransition.finding_id.in_([first.id, second.id]))).all() if t.at >= insp.ended_at}
        assert "符合" in steps[first.id].reason and notice.number in steps[first.id].reason
        assert "部分符合" in steps[second.id].reason
        assert first.verification_note == steps[first.id].reason


def test_an_open_finding_found_failing_stays_open_and_not_applicable_changes_nothing(demo_vault):
    with demo_vault.session() as s:
        notice = _notice(s)
        first, second = _findings(s, notice.id)[:2]
        before = (S(first.status), first.deadline, S(second.status))
        insp = reinspection.schedule(s, notice.id, scope="all", today=LATE)
        inspections.set_verdict(s, insp.id, first.item_id, Verdict.NON_COMPLIANT)
        inspections.set_verdict(s, insp.id, second.item_id, Verdict.NOT_APPLICABLE)
        effects = {e.finding_id: e for e in reinspection.outcome(s, insp.id)}
        assert effects[first.id].action == reinspection.STILL_OPEN and "仍未整改" in effects[first.id].zh
        assert effects[second.id].action == reinspection.UNCHANGED
        _finish(s, insp.id)
        s.refresh(first), s.refresh(second)
        assert (S(first.status), first.deadline, S(second.status)) == before


def test_a_bad_new_deadline_changes_nothing(demo_vault):
    with demo_vault.session() as s:
        notice = _notice(s)
        f = _findings(s, notice.id)[0]
        findings.change_status(s, f.id, S.REPORTED)
        insp = reinspection.schedule(s, notice.id, today=LATE)
        inspections.set_verdict(s, insp.id, f.item_id, Verdict.NON_COMPLIANT)
        inspection_id = insp.id
    with pytest.raises(BadInputError, match="晚于今天"):
        with demo_vault.session() as s:
            _finish(s, inspection_id, reopen_deadline=china_today())
    with demo_vault.session() as s:
        assert s.get(Inspection, inspection_id).status == InspectionStatus.IN_PROGRESS  # not completed
        assert S(s.get(Finding, f.id).status) is S.REPORTED


def test_reopening_the_reinspection_and_completing_again_follows_the_corrected_verdict(demo_vault):
    with demo_vault.session() as s:
        notice = _notice(s)
        f = _findings(s, notice.id)[0]
        findings.change_status(s, f.id, S.REPORTED)
        insp = reinspection.schedule(s, notice.id, today=LATE)
        inspections.set_verdict(s, insp.id, f.item_id, Verdict.COMPLIANT)
        _finish(s, insp.id)
        assert S(s.get(Finding, f.id).status) is S.VERIFIED
        inspections.reopen_inspection(s, insp.id, "复查结论有误")
        inspections.set_verdict(s, insp.id, f.item_id, Verdict.NON_COMPLIANT)
        _finish(s, insp.id)
        assert S(s.get(Finding, f.id).status) is S.REOPENED


def test_a_finding_without_an_item_is_left_to_verify_by_hand(demo_vault):
    with demo_vault.session() as s:
        notice = _notice(s)
        f = _findings(s, notice.id)[0]
        s.exec(select(Finding).where(Finding.id == f.id)).one().item_id = None
        s.flush()
        insp = reinspection.schedule(s, notice.id, scope="all", today=LATE)
        effect = next(e for e in reinspection.outcome(s, insp.id) if e.finding_id == f.id)
        assert effect.action == reinspection.BY_HAND and "人工核验" in effect.zh
        assert inspections.runner_data(s, insp.id).reinspection.unlinked[0]["id"] == f.id


def test_only_a_reinspection_verifies_a_finding_the_department_did_not_report():
    with pytest.raises(TransitionError):
        workflow.check_by_hand(S.RECTIFYING, S.VERIFIED)
    with pytest.raises(TransitionError):
        workflow.check(S.RECTIFYING, S.VERIFIED, workflow.TransitionContext(has_notice=True))
    workflow.check(S.RECTIFYING, S.VERIFIED, workflow.TransitionContext(has_notice=True, reinspection=True))
    with pytest.raises(TransitionError):  # not even a re-inspection skips the notice
        workflow.check(S.DRAFT, S.VERIFIED, workflow.TransitionContext(reinspection=True))


def test_a_started_reinspection_cannot_be_cancelled_nor_a_first_inspection(demo_vault):
    with demo_vault.session() as s:
        notice = _notice(s)
        insp = reinspection.schedule(s, notice.id, today=LATE)
        inspections.set_notes(s, insp.id, insp.scope_items[0], "现场查看")
        with pytest.raises(BadInputError, match="已经开始"):
            reinspection.cancel(s, insp.id)
        first = s.exec(select(Inspection).where(Inspection.reinspects_notice_id.is_(None))).first()
        with pytest.raises(BadInputError, match="不是复查"):
            reinspection.cancel(s, first.id)


@demo_vault_only  # the command line reads the demo vault file
def test_the_command_line_schedules_shows_and_refuses_in_both_languages(demo_vault, run, demo_env):
    with demo_vault.session() as s:
        notice_id = _notice(s).id
    code, out, err = run("reinspect", "schedule", notice_id, "--today", EARLY.isoformat())
    assert code != 0 and "未报整改" in err and "deadline" in err and "Traceback" not in err
    code, out, err = run("reinspect", "schedule", notice_id, "--today", LATE.isoformat(), "--on",
                         LATE.isoformat(), "--location", "会议室")
    assert code == 0, err
    assert "已安排复查" in out and "2027-01-02" in out
    code, out, err = run("reinspect", "list", "--json")
    [row] = __import__("json").loads(out)
    assert (row["notice_id"], row["scope"], row["location"]) == (notice_id, "failed", "会议室")
    code, out, err = run("inspections", "show", row["id"])
    assert code == 0 and "复查 / re-inspection of" in out
    code, out, err = run("reinspect", "outcome", row["id"])
    assert code == 0 and out.count("\n") >= 3
    code, out, err = run("reinspect", "cancel", row["id"])
    assert code == 0
    code, out, err = run("reinspect", "cancel", row["id"])
    assert code != 0 and "找不到" in err and "No inspection" in err


def test_the_record_of_a_reinspection_is_a_reinspection_record(demo_vault, tmp_path):
    """Title 现场复查记录, the notice it rests on, and each of the notice's findings with the verdict on its item
    (an item not checked says so) — judged from the PDF by poppler."""
    from inspector.documents.record import build_record
    from inspector.services import documents
    from tests.test_documents_layout import assert_fonts_embedded, page_count, pdf_text, render_count, squashed

    with demo_vault.session() as s:
        notice = _notice(s)
        first, second = _findings(s, notice.id)[:2]
        insp = reinspection.schedule(s, notice.id, today=LATE, location="卫健委信息科")
        inspections.set_verdict(s, insp.id, first.item_id, Verdict.COMPLIANT)
        inspections.set_notes(s, insp.id, first.item_id, "已制定备份策略并演练")
        _finish(s, insp.id)
        data = documents.record_data(s, insp.id)
    assert [(f.verdict, f.opinion) for f in data.reinspection.findings] == [("符合", "已整改到位"),
                                                                           ("未检查", "未检查")]
    assert len(data.items) == len(insp.scope_items) == 2
    built = build_record(data)
    assert built.pages == page_count(built.data, tmp_path) == render_count(built.data, tmp_path)
    assert_fonts_embedded(built.data, tmp_path)
    text = squashed(pdf_text(built.data, tmp_path))
    for needle in ("政务数据安全现场复查记录", "复查依据", "第三十二条第（四）项", notice.number, "整改通知书所列问题复查情况",
                   first.title, second.title, "已整改到位", "已制定备份策略并演练", "复查人员"):
        assert needle in text, needle
    assert "政务数据安全现场检查记录" not in text


def test_a_reinspection_done_at_the_office_reaches_the_laptop_and_stays_frozen(pair, tmp_path):
    """The office schedules and completes a re-inspection; an ``all`` bundle carries it, its verdicts' effects on
    the findings (the transitions) and its scope to the laptop, where the completed re-inspection is frozen."""
    from inspector.sync import exporter, importer

    laptop, office = pair
    exporter.export_bundle(laptop, tmp_path / "a.inspbundle", ["办公室"])
    importer.import_bundle(office, tmp_path / "a.inspbundle")
    with office.session() as s:
        notice = _notice(s)
        f = _findings(s, notice.id)[0]
        insp = reinspection.schedule(s, notice.id, today=LATE, scheduled_on=LATE)
        inspections.set_verdict(s, insp.id, f.item_id, Verdict.COMPLIANT)
        _finish(s, insp.id)
        inspection_id, scope = insp.id, list(insp.scope_items)
        assert S(s.get(Finding, f.id).status) is S.VERIFIED
    exporter.export_bundle(office, tmp_path / "b.inspbundle", ["笔记本（李明）"])
    preview = importer.import_bundle(laptop, tmp_path / "b.inspbundle")
    assert preview.applied and preview.total("conflicts") == 0
    with laptop.session() as s:
        there = s.get(Inspection, inspection_id)
        assert (there.reinspects_notice_id, there.scope_items, there.scheduled_on) == (notice.id, scope, LATE)
        assert there.status == InspectionStatus.COMPLETED
        assert S(s.get(Finding, f.id).status) is S.VERIFIED
        assert s.exec(select(FindingTransition).where(FindingTransition.finding_id == f.id,
                                                      FindingTransition.to_status == S.VERIFIED)).first() is not None
        with pytest.raises(BadInputError):
            inspections.set_verdict(s, inspection_id, f.item_id, Verdict.NON_COMPLIANT)


def test_the_runner_shows_the_deadline_as_a_correction_moved_it(demo_vault):
    with demo_vault.session() as s:
        notice = _notice(s)
        f = _findings(s, notice.id)[0]
        insp = reinspection.schedule(s, notice.id, today=LATE)
        assert reinspection.info(s, insp).notice_deadline == notice.deadline == date(2026, 12, 15)   # none yet
        correction = rect.draft_correction(s, notice.id, {f.id: {"deadline": date(2027, 2, 1)}}, "期限延长")
        rect.issue(s, correction.id, issued_on=EARLY)
        assert notice.deadline == date(2026, 12, 15)   # the issued notice itself never changes
        assert reinspection.info(s, insp).notice_deadline == date(2027, 2, 1)
