"""The finding status flow: its rules in the core, and the service that applies them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from inspector import workflow
from inspector.errors import BadInputError, TransitionError
from inspector.model import Department, Finding, FindingStatus as S, FindingTransition, RectificationNotice
from inspector.services.findings import transition
from inspector.services.rectification import draft_notice, issue_notice
from tests.engines import vault_on_both_engines  # noqa: F401  (every test's vault: SQLCipher, then the hub)

CTX = workflow.TransitionContext(has_notice=True, reason="核验不通过", deadline=date(2027, 1, 31))


def test_the_flow_reaches_every_status_from_draft():
    seen, frontier = {S.DRAFT}, [S.DRAFT]
    while frontier:
        for nxt in workflow.allowed(frontier.pop()):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    assert seen == set(S)


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", list(S))
def test_only_listed_transitions_are_allowed(current, target):
    if target in workflow.TRANSITIONS[current]:
        workflow.check(current, target, CTX)
    else:
        with pytest.raises(TransitionError):
            workflow.check(current, target, CTX)


def test_conditions_of_transitions():
    with pytest.raises(TransitionError, match="整改通知书"):
        workflow.check(S.DRAFT, S.NOTIFIED, workflow.TransitionContext())
    with pytest.raises(TransitionError, match="原因"):
        workflow.check(S.REPORTED, S.REOPENED, workflow.TransitionContext(deadline=date(2027, 1, 1)))
    with pytest.raises(TransitionError, match="期限"):
        workflow.check(S.CLOSED, S.REOPENED, workflow.TransitionContext(reason="复查发现问题仍存在"))
    assert not any(S.DRAFT in targets for targets in workflow.TRANSITIONS.values())


def test_overdue_only_while_the_department_owes_a_rectification():
    today = date(2026, 12, 1)
    assert workflow.is_overdue(S.RECTIFYING, date(2026, 11, 30), today)
    assert not workflow.is_overdue(S.RECTIFYING, date(2026, 12, 1), today)
    assert not workflow.is_overdue(S.REPORTED, date(2026, 1, 1), today)
    assert not workflow.is_overdue(S.DRAFT, date(2026, 1, 1), today)


def _findings(vault, n=2):
    with vault.session() as s:
        d = Department(name="整改测试局")
        s.add(d)
        s.flush()
        fs = [Finding(department_id=d.id, title=f"问题{i}") for i in range(n)]
        s.add_all(fs)
    return d, fs


def test_a_full_loop_through_the_service_records_every_step(vault):
    d, (f, _) = _findings(vault)
    with vault.session() as s:
        finding = s.get(Finding, f.id)
        with pytest.raises(TransitionError):
            transition(s, finding, S.NOTIFIED)
        notice = draft_notice(s, d.id, [finding], deadline=date(2026, 12, 31), year=2026)
        issue_notice(s, notice, issued_on=date(2026, 11, 24))
        assert finding.status is S.NOTIFIED and finding.notice_id == notice.id
        transition(s, finding, S.RECTIFYING)
        transition(s, finding, S.REPORTED)
        transition(s, finding, S.REOPENED, reason="措施不到位", deadline=date(2027, 1, 15))
        transition(s, finding, S.REPORTED)
        transition(s, finding, S.VERIFIED, reason="现场复核通过")
        transition(s, finding, S.CLOSED)
    with vault.session() as s:
        steps = s.exec(select(FindingTransition).where(FindingTransition.finding_id == f.id)
                       .order_by(FindingTransition.at)).all()
        final = s.get(Finding, f.id)
    assert [(t.from_status, t.to_status) for t in steps] == [
        (S.DRAFT, S.NOTIFIED), (S.NOTIFIED, S.RECTIFYING), (S.RECTIFYING, S.REPORTED),
        (S.REPORTED, S.REOPENED), (S.REOPENED, S.REPORTED), (S.REPORTED, S.VERIFIED), (S.VERIFIED, S.CLOSED)]
    assert final.status is S.CLOSED and final.deadline == date(2027, 1, 15)
    assert final.verification_note == "现场复核通过"


def test_a_refused_transition_changes_nothing(vault):
    d, (f, _) = _findings(vault)
    with pytest.raises(TransitionError), vault.session() as s:
        transition(s, s.get(Finding, f.id), S.CLOSED)
    with vault.session() as s:
        assert s.get(Finding, f.id).status is S.DRAFT
        assert s.exec(select(FindingTransition)).all() == []


def test_notices_are_numbered_without_gaps_per_year(vault):
    d, fs = _findings(vault, 3)
    with vault.session() as s:
        numbers = []
        for year, f in ((2026, fs[0]), (2026, fs[1]), (2027, fs[2])):
            n = draft_notice(s, d.id, [s.get(Finding, f.id)], year=year)
            numbers.append(issue_notice(s, n).number)
        with pytest.raises(BadInputError):
            issue_notice(s, s.exec(select(RectificationNotice)).first())
    assert numbers == ["晋数安检〔2026〕1号", "晋数安检〔2026〕2号", "晋数安检〔2027〕1号"]
