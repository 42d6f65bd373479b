"""Rectification notices as the office works them: listing, drafting, issuing, a notice's open/closed state."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlmodel import select

from inspector.errors import BadInputError, TransitionError
from inspector.model import (
    Department,
    Finding,
    FindingStatus,
    FindingTransition,
    NoticeFinding,
    NoticeStatus,
    RectificationItem,
    RectificationNotice,
    RectificationReport,
)
from inspector import workflow
from inspector.services import findings
from inspector.services import rectification as rect
from inspector.services import settings
from tests.engines import vault_on_both_engines  # noqa: F401  (every test's vault: SQLCipher, then the hub)

S = FindingStatus
TODAY = date(2026, 11, 24)


def drafts_by_department(vault) -> dict[str, list[rect.DraftCandidate]]:
    with vault.session() as s:
        result: dict[str, list[rect.DraftCandidate]] = {}
        for c in rect.draft_candidates(s):
            result.setdefault(c.department, []).append(c)
    return result


def test_notice_state_is_derived_from_its_findings():
    assert rect.notice_state(NoticeStatus.DRAFT, [S.DRAFT]) == rect.NOTICE_DRAFT
    assert rect.notice_state(NoticeStatus.ISSUED, [S.NOTIFIED, S.CLOSED]) == rect.NOTICE_OPEN
    assert rect.notice_state(NoticeStatus.ISSUED, [S.CLOSED, S.CLOSED]) == rect.NOTICE_CLOSED
    assert rect.notice_state(NoticeStatus.ISSUED, [S.VERIFIED]) == rect.NOTICE_OPEN
    assert workflow.days_left(S.RECTIFYING, date(2026, 12, 1), TODAY) == 7
    assert workflow.days_left(S.REOPENED, date(2026, 11, 20), TODAY) == -4
    assert workflow.days_left(S.REPORTED, date(2026, 11, 20), TODAY) is None  # the department's part is done
    assert workflow.days_left(S.NOTIFIED, None, TODAY) is None


def test_demo_notice_is_listed_with_its_findings_counted(demo_vault):
    with demo_vault.session() as s:
        [notice] = rect.list_notices(s, TODAY)
        detail = rect.notice_detail(s, notice.notice_id, date(2027, 1, 2))
    assert notice.number == "晋数安检〔2026〕1号" and notice.status is NoticeStatus.ISSUED
    assert (notice.department, notice.issued_on, notice.deadline) == ("晋城市卫生健康委员会", date(2026, 11, 3),
                                                                      date(2026, 12, 15))
    assert (notice.findings, notice.open_findings, notice.overdue_findings, notice.state) == (2, 2, 0, rect.NOTICE_OPEN)
    assert detail.plan_title == "2026年度全市政务数据安全监督检查"
    assert [(f.status, f.days_left, f.overdue) for f in detail.findings] == [(S.RECTIFYING, -2, True),
                                                                            (S.NOTIFIED, -2, True)]
    assert detail.findings[0].actions == (S.REPORTED,)
    assert detail.findings[1].actions == (S.RECTIFYING, S.REPORTED)


def test_notice_closes_when_every_finding_is_closed(demo_vault):
    with demo_vault.session() as s:
        [notice] = rect.list_notices(s, TODAY)
        ids = [f.finding_id for f in rect.notice_detail(s, notice.notice_id, TODAY).findings]
    for fid in ids:
        for target, reason in ((S.REPORTED, ""), (S.VERIFIED, "现场复核，已整改到位。"), (S.CLOSED, "")):
            with demo_vault.session() as s:
                if target is S.REPORTED and s.get(Finding, fid).status is S.REPORTED:
                    continue
                findings.change_status(s, fid, target, reason=reason)
        with demo_vault.session() as s:
            state = rect.list_notices(s, TODAY)[0].state
        assert state == (rect.NOTICE_CLOSED if fid == ids[-1] else rect.NOTICE_OPEN)
    with demo_vault.session() as s:
        f = s.get(Finding, ids[0])
        assert f.verification_note == "现场复核，已整改到位。"
        steps = s.exec(select(FindingTransition.to_status).where(FindingTransition.finding_id == ids[0])).all()
        assert steps[-3:] == [S.REPORTED, S.VERIFIED, S.CLOSED]
        # reopening brings the notice back to open; it needs a reason and a new deadline
        with pytest.raises(TransitionError):
            findings.change_status(s, ids[0], S.REOPENED, reason="复查发现仍未整改")
        with pytest.raises(TransitionError):
            findings.change_status(s, ids[0], S.REOPENED, deadline=date(2027, 1, 31))
        findings.change_status(s, ids[0], S.REOPENED, reason="复查发现仍未整改", deadline=date(2027, 1, 31))
    with demo_vault.session() as s:
        assert rect.list_notices(s, TODAY)[0].state == rect.NOTICE_OPEN
        assert s.get(Finding, ids[0]).deadline == date(2027, 1, 31)


def test_hand_set_steps_exclude_notified_and_follow_the_rules(demo_vault):
    candidates = drafts_by_department(demo_vault)["晋城市人力资源和社会保障局"]
    with demo_vault.session() as s:
        with pytest.raises(TransitionError):  # only issuing a notice notifies
            findings.change_status(s, candidates[0].finding_id, S.NOTIFIED)
        with pytest.raises(TransitionError):  # draft → rectifying is not in the flow
            findings.change_status(s, candidates[0].finding_id, S.RECTIFYING)
    with demo_vault.session() as s:
        assert s.get(Finding, candidates[0].finding_id).status is S.DRAFT


def test_draft_then_issue_with_the_vault_number_pattern(demo_vault):
    candidates = drafts_by_department(demo_vault)
    assert list(candidates) == ["晋城市人力资源和社会保障局"]  # the demo's other drafts were notified
    hrss = candidates["晋城市人力资源和社会保障局"]
    assert len(hrss) == 3
    with demo_vault.session() as s:
        settings.put(s, settings.DOC_NUMBER_PATTERN, "晋数安〔{year}〕第{serial}号")
        notice = rect.create_draft(s, hrss[0].department_id, [c.finding_id for c in hrss[:2]],
                                   deadline=date(2026, 12, 24), today=TODAY)
        notice_id = notice.id
    with demo_vault.session() as s:
        row = next(r for r in rect.list_notices(s, TODAY) if r.notice_id == notice_id)
        assert (row.state, row.findings, row.number, row.plan_id) == (rect.NOTICE_DRAFT, 2, "", hrss[0].plan_id)
        assert rect.list_notices(s, TODAY)[0].notice_id == notice_id  # drafts first
        assert [c.finding_id for c in rect.draft_candidates(s)] == [hrss[2].finding_id]  # not offered twice
    with demo_vault.session() as s:
        rect.issue(s, notice_id, issued_on=TODAY)
    with demo_vault.session() as s:
        n = s.get(RectificationNotice, notice_id)
        assert (n.number, n.serial, n.status, n.issued_on) == ("晋数安〔2026〕第2号", 2, NoticeStatus.ISSUED, TODAY)
        for c in hrss[:2]:
            f = s.get(Finding, c.finding_id)
            assert (f.status, f.notice_id, f.deadline) == (S.NOTIFIED, notice_id, c.deadline or date(2026, 12, 24))
        assert s.get(Finding, hrss[2].finding_id).status is S.DRAFT
        row = next(r for r in rect.list_notices(s, TODAY) if r.notice_id == notice_id)
        assert (row.state, row.open_findings) == (rect.NOTICE_OPEN, 2)
        with pytest.raises(BadInputError):
            rect.issue(s, notice_id)


def test_drafting_refuses_what_cannot_go_in_a_notice(demo_vault):
    hrss = drafts_by_department(demo_vault)["晋城市人力资源和社会保障局"]
    dept = hrss[0].department_id
    with demo_vault.session() as s:
        notified = s.exec(select(Finding).where(Finding.status == S.NOTIFIED)).first()
        other = s.exec(select(Department).where(Department.id != dept)).first()
        first = rect.create_draft(s, dept, [hrss[0].finding_id], deadline=date(2026, 12, 24), today=TODAY)
        first_id = first.id
    cases = [
        (dept, [hrss[1].finding_id], None),                       # no deadline
        (dept, [hrss[1].finding_id], date(2026, 11, 1)),         # deadline in the past
        (dept, [notified.id], date(2026, 12, 24)),               # no longer a draft
        (dept, [hrss[0].finding_id], date(2026, 12, 24)),        # already in a draft notice
        (other.id, [hrss[1].finding_id], date(2026, 12, 24)),    # another department's finding
        (dept, [], date(2026, 12, 24)),                          # nothing
    ]
    for department_id, ids, deadline in cases:
        with pytest.raises(BadInputError), demo_vault.session() as s:
            rect.create_draft(s, department_id, ids, deadline=deadline, today=TODAY)
    with demo_vault.session() as s:
        assert len(s.exec(select(RectificationNotice)).all()) == 2  # the demo's and the first draft only

    with demo_vault.session() as s:  # a discarded draft frees its findings
        rect.discard_draft(s, first_id)
    with demo_vault.session() as s:
        assert s.get(RectificationNotice, first_id) is None
        assert s.exec(select(NoticeFinding).where(NoticeFinding.notice_id == first_id)).all() == []
        assert len(rect.draft_candidates(s)) == 3
        issued = s.exec(select(RectificationNotice).where(RectificationNotice.status == NoticeStatus.ISSUED)).one()
        with pytest.raises(BadInputError):
            rect.discard_draft(s, issued.id)


def test_reports_received_are_listed(demo_vault):
    with demo_vault.session() as s:
        assert rect.list_reports(s) == []
        notice = s.exec(select(RectificationNotice)).one()
        links = s.exec(select(NoticeFinding).where(NoticeFinding.notice_id == notice.id)).all()
        first = RectificationReport(notice_id=notice.id, department_id=notice.department_id,
                                    received_at=datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc),
                                    source_filename="卫健委-整改情况.xlsx")
        s.add(first)
        s.flush()
        second = RectificationReport(notice_id=notice.id, department_id=notice.department_id,
                                     received_at=datetime(2026, 12, 5, 2, 0, tzinfo=timezone.utc),
                                     source_filename="卫健委-整改情况-修订.xlsx", supersedes_id=first.id)
        s.add(second)
        s.flush()
        for link in links:
            s.add(RectificationItem(report_id=second.id, finding_id=link.finding_id, measures="已完成整改"))
    with demo_vault.session() as s:
        rows = rect.list_reports(s)
    assert [(r.source_filename, r.items, r.superseded, r.notice_number, r.department) for r in rows] == [
        ("卫健委-整改情况-修订.xlsx", 2, False, "晋数安检〔2026〕1号", "晋城市卫生健康委员会"),
        ("卫健委-整改情况.xlsx", 0, True, "晋数安检〔2026〕1号", "晋城市卫生健康委员会"),
    ]
