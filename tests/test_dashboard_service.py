"""The overview's one read: counts, overdue rectifications, inspections under way, active plans."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlmodel import select

from inspector import workflow
from inspector.model import (
    ChecklistItem,
    Department,
    Finding,
    FindingStatus,
    Inspection,
    InspectionResult,
    InspectionStatus,
    Plan,
    PlanStatus,
    PlanTarget,
    Severity,
    Verdict,
)
from inspector.regulation import default_template
from inspector.services import queries
from inspector.services.dashboard import dashboard_data
from tests.engines import vault_on_both_engines  # noqa: F401  (every test's vault: SQLCipher, then the hub)

TODAY = date(2027, 3, 10)
S = FindingStatus

# (department index, title, status, severity, deadline offset in days from TODAY or None)
FINDINGS = [
    (0, "口令明文保存", S.NOTIFIED, Severity.CRITICAL, -30),    # overdue 30 days
    (0, "日志仅保存30天", S.RECTIFYING, Severity.MAJOR, -1),    # overdue 1 day
    (1, "备份未演练", S.REOPENED, Severity.MAJOR, -7),          # overdue 7 days
    (1, "培训未开展", S.RECTIFYING, Severity.GENERAL, 0),       # due today: not overdue
    (1, "权限未分离", S.NOTIFIED, Severity.GENERAL, 5),         # not yet due
    (2, "未设安全负责人", S.REPORTED, Severity.MAJOR, -20),     # reported: not the department's turn
    (2, "未分类分级", S.VERIFIED, Severity.GENERAL, -20),
    (2, "外包未签协议", S.CLOSED, Severity.CRITICAL, -40),
    (0, "机房无门禁", S.DRAFT, Severity.GENERAL, -3),           # draft: not notified yet
    (1, "无审计记录", S.RECTIFYING, Severity.GENERAL, None),    # no deadline
]


def build(vault):
    """Three departments, one active plan on all three plus one draft plan, two visits under way, one done."""
    with vault.session() as s:
        template = default_template(s)
        items = s.exec(select(ChecklistItem).where(ChecklistItem.template_id == template.id)).all()
        depts = [Department(name=n) for n in ("晋城市民政局", "晋城市卫生健康委员会", "晋城市自然资源局")]
        s.add_all(depts)
        s.flush()
        active = Plan(title="2027年度监督检查", year=2027, template_id=template.id, status=PlanStatus.ACTIVE,
                      start_on=date(2027, 3, 1), end_on=date(2027, 6, 30))
        draft = Plan(title="专项检查（草案）", year=2027, template_id=template.id, status=PlanStatus.DRAFT)
        s.add_all([active, draft])
        s.flush()
        for d in depts:
            s.add(PlanTarget(plan_id=active.id, department_id=d.id))
        s.add(PlanTarget(plan_id=draft.id, department_id=depts[0].id))
        started = datetime(2027, 3, 9, 1, 0, tzinfo=timezone.utc)
        running0 = Inspection(plan_id=active.id, department_id=depts[0].id, template_id=template.id,
                              status=InspectionStatus.IN_PROGRESS, started_at=started)
        running1 = Inspection(plan_id=None, department_id=depts[1].id, template_id=template.id,
                              status=InspectionStatus.IN_PROGRESS, started_at=started + timedelta(hours=2))
        done = Inspection(plan_id=active.id, department_id=depts[2].id, template_id=template.id,
                          status=InspectionStatus.COMPLETED, started_at=started - timedelta(days=3))
        s.add_all([running0, running1, done])
        s.flush()
        for n, item in enumerate(items[:7]):  # 5 answered, 2 opened but without a verdict yet
            s.add(InspectionResult(inspection_id=running0.id, item_id=item.id,
                                   verdict=Verdict.COMPLIANT if n < 5 else None))
        for f_dept, title, status, severity, offset in FINDINGS:
            s.add(Finding(department_id=depts[f_dept].id, title=title, status=status, severity=severity,
                          deadline=None if offset is None else TODAY + timedelta(days=offset)))
        ids = dict(depts=[d.id for d in depts], running=[running1.id, running0.id], plan=active.id,
                   total_items=len(items))
    return ids


def test_counts_by_status_and_severity(vault):
    build(vault)
    with vault.session() as s:
        data = dashboard_data(s, TODAY)
        by_query = {st: len(queries.list_findings(s, status=st)) for st in S}
    assert list(data.by_status) == list(S)  # all seven, in the flow's order
    assert data.by_status == by_query
    assert data.by_status == {S.DRAFT: 1, S.NOTIFIED: 2, S.RECTIFYING: 3, S.REPORTED: 1, S.VERIFIED: 1,
                              S.CLOSED: 1, S.REOPENED: 1}
    assert data.by_severity == {Severity.GENERAL: 5, Severity.MAJOR: 3, Severity.CRITICAL: 2}
    assert data.findings_total == len(FINDINGS)


def test_overdue_are_open_findings_past_their_deadline_longest_first(vault):
    build(vault)
    with vault.session() as s:
        data = dashboard_data(s, TODAY)
        overdue_by_rule = {f["id"] for f in queries.list_findings(s, today=TODAY) if f["overdue"]}
    assert data.overdue_total == 3
    assert [(o.title, o.days_overdue, o.department) for o in data.overdue] == [
        ("口令明文保存", 30, "晋城市民政局"), ("备份未演练", 7, "晋城市卫生健康委员会"), ("日志仅保存30天", 1, "晋城市民政局")]
    assert {o.finding_id for o in data.overdue} == overdue_by_rule  # the same rule as workflow.is_overdue
    assert all(workflow.is_overdue(o.status, o.deadline, TODAY) for o in data.overdue)
    assert data.overdue[0].deadline == TODAY - timedelta(days=30)

    with vault.session() as s:  # a day earlier, the one due yesterday is not overdue yet
        assert dashboard_data(s, TODAY - timedelta(days=1)).overdue_total == 2
        limited = dashboard_data(s, TODAY, limit=2)
    assert len(limited.overdue) == 2 and limited.overdue_total == 3


def test_inspections_in_progress_with_answered_of_total(vault):
    ids = build(vault)
    with vault.session() as s:
        data = dashboard_data(s, TODAY)
    assert data.running_total == 2
    assert [r.inspection_id for r in data.running] == ids["running"]  # latest started first
    later, earlier = data.running
    assert (earlier.department, earlier.answered, earlier.total) == ("晋城市民政局", 5, ids["total_items"])
    assert (later.department, later.answered, later.total) == ("晋城市卫生健康委员会", 0, ids["total_items"])
    assert earlier.started_at == datetime(2027, 3, 9, 1, 0, tzinfo=timezone.utc)


def test_active_plans_with_inspected_targets(vault):
    ids = build(vault)
    with vault.session() as s:
        data = dashboard_data(s, TODAY)
    [plan] = data.plans  # the draft plan is not shown
    assert plan.plan_id == ids["plan"] and plan.title == "2027年度监督检查"
    assert (plan.targets, plan.inspected, plan.in_progress) == (3, 1, 1)  # the other visit is outside the plan


def test_an_empty_vault_has_all_zeros(vault):
    with vault.session() as s:
        data = dashboard_data(s, TODAY)
    assert set(data.by_status.values()) == {0} and set(data.by_severity.values()) == {0}
    assert (data.overdue, data.overdue_total, data.running, data.running_total, data.plans) == ([], 0, [], 0, [])
    assert (data.escalations, data.escalations_total) == ([], 0)


def test_demo_vault_figures(demo_vault):
    later = date(2027, 1, 5)  # after the demo's deadlines (2026-12-31)
    with demo_vault.session() as s:
        data = dashboard_data(s, later)
        expected = [f for f in queries.list_findings(s, today=later) if f["overdue"]]
        inspections = [i for i in queries.list_inspections(s) if i["status"] == "in_progress"]
    assert data.overdue_total == len(expected) == 2
    assert data.running_total == len(inspections) == 1
    assert data.running[0].answered == inspections[0]["answered"] > 0
    assert [(p.targets, p.inspected, p.in_progress) for p in data.plans] == [(4, 1, 1)]


def test_pending_escalations_unlawful_acts_first_until_recorded(vault):
    from inspector.model import EscalationKind, EscalationState
    from inspector.services import escalations
    from inspector.services.findings import update_finding

    build(vault)
    with vault.session() as s:
        ids = {f.title: f.id for f in s.exec(select(Finding)).all()}
        update_finding(s, ids["口令明文保存"], {"escalate_secrecy": True})
        update_finding(s, ids["权限未分离"], {"escalate_police": True, "escalate_secrecy": True})
        data = dashboard_data(s, TODAY)
    assert data.escalations_total == 3
    assert [(e.finding_title, e.department, e.kind, e.state_zh, e.immediate) for e in data.escalations] == [
        ("权限未分离", "晋城市卫生健康委员会", EscalationKind.POLICE, "待移送", True),  # stop at once: first
        ("权限未分离", "晋城市卫生健康委员会", EscalationKind.SECRECY, "待报告", False),  # then the core's order
        ("口令明文保存", "晋城市民政局", EscalationKind.SECRECY, "待报告", False),
    ]
    with vault.session() as s:
        assert len(dashboard_data(s, TODAY, limit=1).escalations) == 1
        police = escalations.find(s, ids["权限未分离"], EscalationKind.POLICE)
        escalations.record_escalation(s, police.id, authority="晋城市公安局", reference="晋公移〔2027〕3号")
        data = dashboard_data(s, TODAY)
        done = escalations.list_escalations(s, finding_id=ids["权限未分离"])
    assert data.escalations_total == 2 and all(e.state is EscalationState.PENDING for e in data.escalations)
    assert [e.finding_title for e in data.escalations] == ["权限未分离", "口令明文保存"]
    assert [e.state for e in done if e.kind is EscalationKind.POLICE] == [EscalationState.DONE]  # recorded, not gone
