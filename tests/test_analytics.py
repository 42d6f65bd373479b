"""What the inspections of a plan found: every number below is counted by hand from CAMPAIGN's comments.

The demo vault stays in (its own plans and findings must not leak into these figures); the campaign is added
to it with new departments and plans in 2030–2032.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event
from sqlmodel import select

from inspector.errors import BadInputError, NotFoundError
from inspector.model import (
    ChecklistItem,
    Department,
    Escalation,
    EscalationKind,
    EscalationState,
    Finding,
    FindingTransition,
    Inspection,
    InspectionResult,
    InspectionStatus,
    Plan,
    PlanStatus,
    PlanTarget,
    RectificationNotice,
    Severity,
)
from inspector.model import (
    FindingStatus as S,
)
from inspector.model import (
    Verdict as V,
)
from inspector.model.enums import NoticeStatus
from inspector.regulation import default_template
from inspector.services import analytics
from tests.engines import vault_on_both_engines  # noqa: F401  (every test's vault: SQLCipher, then the hub)

TODAY = date(2031, 4, 11)


def build(vault) -> dict:
    """Departments 白城 (A), 丹东 (B), 鄂州 (C, never inspected).

    P0 (2030): A 1-03 不符合, 3-01 部分符合; B 1-03 符合.
    P1 (2031), the plan analysed: A's first visit 1-01 不符合 (replaced by its second visit, not counted);
      A's second visit: 1-01 符合, 1-03 不符合, 3-01 不符合, 2-03 部分符合, 3-02 不适用, 1-02 unanswered;
      B: 1-01 符合, 1-02 符合, 1-03 部分符合, 3-01 不符合.
    P2 (2032, later): A 3-01 不符合 (later, so no repeat for P1).
    """
    with vault.session() as s:
        template = default_template(s)
        item = {i.code: i for i in s.exec(select(ChecklistItem).where(ChecklistItem.template_id == template.id))}
        a, b, c = (Department(name=n) for n in ("白城市审计局", "丹东市统计局", "鄂州市粮食局"))
        s.add_all([a, b, c])
        p0 = Plan(title="2030年度检查", year=2030, template_id=template.id, status=PlanStatus.CLOSED)
        p1 = Plan(title="2031年度检查", year=2031, template_id=template.id, status=PlanStatus.ACTIVE,
                  start_on=date(2031, 3, 1))
        p2 = Plan(title="2032年度检查", year=2032, template_id=template.id, status=PlanStatus.DRAFT)
        s.add_all([p0, p1, p2])
        s.flush()
        s.add(PlanTarget(plan_id=p1.id, department_id=a.id, scheduled_on=date(2031, 3, 15)))
        s.add(PlanTarget(plan_id=p1.id, department_id=b.id, scheduled_on=date(2031, 4, 2)))
        s.add(PlanTarget(plan_id=p1.id, department_id=c.id))

        def visit(plan, dept, verdicts, created):
            ins = Inspection(plan_id=plan.id, department_id=dept.id, template_id=template.id,
                             status=InspectionStatus.COMPLETED, created_at=created)
            s.add(ins)
            s.flush()
            for code, v in verdicts.items():
                s.add(InspectionResult(inspection_id=ins.id, item_id=item[code].id, verdict=v))

        visit(p0, a, {"1-03": V.NON_COMPLIANT, "3-01": V.PARTIAL}, datetime(2030, 5, 1, tzinfo=UTC))
        visit(p0, b, {"1-03": V.COMPLIANT}, datetime(2030, 5, 2, tzinfo=UTC))
        visit(p1, a, {"1-01": V.NON_COMPLIANT}, datetime(2031, 3, 1, tzinfo=UTC))
        visit(p1, a, {"1-01": V.COMPLIANT, "1-03": V.NON_COMPLIANT, "3-01": V.NON_COMPLIANT, "2-03": V.PARTIAL,
                      "3-02": V.NOT_APPLICABLE, "1-02": None}, datetime(2031, 3, 15, tzinfo=UTC))
        visit(p1, b, {"1-01": V.COMPLIANT, "1-02": V.COMPLIANT, "1-03": V.PARTIAL, "3-01": V.NON_COMPLIANT},
              datetime(2031, 3, 16, tzinfo=UTC))
        visit(p2, a, {"3-01": V.NON_COMPLIANT}, datetime(2032, 3, 1, tzinfo=UTC))

        n1 = RectificationNotice(year=2031, serial=901, number="测〔2031〕901号", plan_id=p1.id, department_id=a.id,
                                 status=NoticeStatus.ISSUED, issued_on=date(2031, 3, 1), deadline=date(2031, 3, 31))
        n2 = RectificationNotice(year=2031, serial=902, number="测〔2031〕902号", plan_id=p1.id, department_id=b.id,
                                 status=NoticeStatus.ISSUED, issued_on=date(2031, 3, 5), deadline=date(2031, 4, 1))
        draft = RectificationNotice(year=2031, plan_id=p1.id, department_id=b.id, deadline=date(2031, 3, 20))
        s.add_all([n1, n2, draft])
        s.flush()

        def finding(dept, code, title, status, severity, deadline, notice):
            f = Finding(department_id=dept.id, plan_id=p1.id, item_id=item[code].id if code else None, title=title,
                        status=status, severity=severity, deadline=deadline, notice_id=notice.id if notice else None)
            s.add(f)
            s.flush()
            return f

        f1 = finding(a, "1-03", "未落实分类分级", S.VERIFIED, Severity.CRITICAL, date(2031, 3, 31), n1)
        f2 = finding(a, "3-01", "制度未印发", S.CLOSED, Severity.MAJOR, date(2031, 3, 31), n1)
        f3 = finding(b, "3-01", "制度缺失", S.RECTIFYING, Severity.GENERAL, date(2031, 4, 1), n2)  # overdue 10
        f4 = finding(b, "1-03", "目录未更新", S.REOPENED, Severity.GENERAL, date(2031, 4, 9), n2)   # overdue 2
        finding(a, None, "机房无门禁", S.REPORTED, Severity.GENERAL, date(2031, 3, 1), n1)        # reported: not due
        finding(a, "2-03", "未开会研究", S.DRAFT, Severity.GENERAL, None, None)
        # verified on 3-21 Beijing (17:00 UTC on 3-20): 20 days after 3-01
        s.add(FindingTransition(finding_id=f1.id, from_status=S.REPORTED, to_status=S.VERIFIED,
                                at=datetime(2031, 3, 20, 17, 0, tzinfo=UTC)))
        # verified twice (reopened in between): the latest counts, 3-11 → 10 days
        s.add(FindingTransition(finding_id=f2.id, from_status=S.REPORTED, to_status=S.VERIFIED,
                                at=datetime(2031, 3, 5, 1, 0, tzinfo=UTC)))
        s.add(FindingTransition(finding_id=f2.id, from_status=S.REPORTED, to_status=S.VERIFIED,
                                at=datetime(2031, 3, 11, 1, 0, tzinfo=UTC)))
        s.add(Escalation(finding_id=f1.id, kind=EscalationKind.SECRECY))
        s.add(Escalation(finding_id=f2.id, kind=EscalationKind.POLICE, state=EscalationState.DONE))
        s.add(Escalation(finding_id=f2.id, kind=EscalationKind.SECRECY, state=EscalationState.DONE))
        # a finding of another plan is counted nowhere
        old = Finding(department_id=a.id, plan_id=p0.id, item_id=item["1-03"].id, title="旧问题",
                      status=S.RECTIFYING, severity=Severity.CRITICAL, deadline=date(2031, 3, 2))
        s.add(old)
        s.flush()
        ids = {"old": old.id, "a": a.id, "b": b.id, "c": c.id, "p0": p0.id, "p1": p1.id, "f1": f1.id, "f2": f2.id,
               "f3": f3.id, "f4": f4.id, "n1": n1.id, "n2": n2.id}
    return ids


@pytest.fixture
def campaign(demo_vault):
    return demo_vault, build(demo_vault)


def test_section_matrix_most_failed_first(campaign):
    vault, ids = campaign
    with vault.session() as s:
        m = analytics.matrix(s, ids["p1"], by="section")
    assert m.departments == [(ids["a"], "白城市审计局"), (ids["b"], "丹东市统计局"), (ids["c"], "鄂州市粮食局")]
    # section 3: A 3-01 不符合, B 3-01 不符合 → 2 (both 不符合); section 1: A 1-03 不符合, B 1-03 部分符合 → 2;
    # section 2: A 2-03 部分符合 → 1; then the untouched sections by number
    assert [r.key for r in m.rows] == [3, 1, 2, 4, 5, 6, 7, 8, 9]
    s3, s1, s2 = m.rows[:3]
    assert (s3.non_compliant, s3.partial, s3.total) == ({ids["a"]: 1, ids["b"]: 1}, {}, 2)
    assert (s1.non_compliant, s1.partial) == ({ids["a"]: 1}, {ids["b"]: 1})
    assert (s2.non_compliant, s2.partial, s2.failed(ids["a"]), s2.failed(ids["c"])) == ({}, {ids["a"]: 1}, 1, 0)
    assert s3.label.startswith("3. 建立和执行")
    assert all(r.total == 0 for r in m.rows[3:])


def test_article_matrix_counts_each_cited_article(campaign):
    vault, ids = campaign
    with vault.session() as s:
        m = analytics.matrix(s, ids["p1"], by="article")
    # 1-03 cites 12, 15; 3-01 cites 9, 21; 2-03 cites 10 (3-02 不适用 counts nowhere)
    # art. 9 and 21: 2 不符合 (A and B 3-01); 12 and 15: A 不符合 + B 部分符合; 10: A 部分符合
    assert [r.key for r in m.rows[:5]] == [9, 21, 12, 15, 10]
    assert [(r.total, r.total_non_compliant) for r in m.rows[:5]] == [(2, 2), (2, 2), (2, 1), (2, 1), (1, 0)]
    assert m.rows[0].label == "第9条"
    assert all(r.total == 0 for r in m.rows[5:])
    assert [r.key for r in m.rows[5:]] == sorted(r.key for r in m.rows[5:])
    with vault.session() as s, pytest.raises(BadInputError):
        analytics.matrix(s, ids["p1"], by="verdict")
    with vault.session() as s, pytest.raises(NotFoundError):
        analytics.matrix(s, "no-such-plan")


def test_compliance_excludes_not_applicable_and_unanswered(campaign):
    vault, ids = campaign
    with vault.session() as s:
        c = analytics.compliance(s, ids["p1"])
    # A: 1-01 符合, 1-03 不符合, 3-01 不符合, 2-03 部分符合 → 1/4 (3-02 不适用 and 1-02 unanswered left out,
    #    A's first visit replaced); B: 1-01, 1-02 符合, 1-03 部分, 3-01 不符合 → 2/4; C never inspected
    assert [(r.label, r.compliant, r.answered, r.rate) for r in c.by_department] == [
        ("白城市审计局", 1, 4, 0.25), ("丹东市统计局", 2, 4, 0.5), ("鄂州市粮食局", 0, 0, None)]
    sec = {r.key: (r.compliant, r.answered) for r in c.by_section}
    # section 1: A 1-01 符合, 1-03 不符合; B 1-01, 1-02 符合, 1-03 部分 → 3/5; section 2: A 2-03 部分 → 0/1;
    # section 3: A 3-01, B 3-01 不符合 (A 3-02 不适用 left out) → 0/2
    assert sec["1"] == (3, 5) and sec["2"] == (0, 1) and sec["3"] == (0, 2) and sec["4"] == (0, 0)
    assert len(c.by_section) == 9
    assert (c.overall.compliant, c.overall.answered) == (3, 8)


def test_timeliness_severity_escalation(campaign):
    vault, ids = campaign
    with vault.session() as s:
        t = analytics.timeliness(s, ids["p1"], TODAY)
        sev = analytics.by_severity(s, ids["p1"])
        esc = analytics.by_escalation(s, ids["p1"])
    assert t.days == {ids["f1"]: 20, ids["f2"]: 10}
    assert t.median_days == 15
    assert t.overdue == {ids["f3"]: 10, ids["f4"]: 2}
    assert (t.overdue_count, t.overdue_days_total, t.overdue_days_max, t.open_total) == (2, 12, 10, 2)
    assert sev == {Severity.GENERAL: 4, Severity.MAJOR: 1, Severity.CRITICAL: 1}
    K, St = EscalationKind, EscalationState
    assert esc == {(K.SECRECY, St.PENDING): 1, (K.SECRECY, St.DONE): 1, (K.POLICE, St.PENDING): 0,
                   (K.POLICE, St.DONE): 1}


def test_repeats_only_from_earlier_plans(campaign):
    vault, ids = campaign
    with vault.session() as s:
        reps = analytics.repeats(s, ids["p1"])
        earlier = analytics.repeats(s, ids["p0"])
    # f1: A 1-03 was 不符合 in P0 → a repeat. f2: A 3-01 was only 部分符合 in P0 (不符合 in P2, later) → not.
    # f4: B 1-03 was 符合 in P0 → not.
    assert [(r.finding_id, r.department, r.item_code, r.earlier_plans) for r in reps] == [
        (ids["f1"], "白城市审计局", "1-03", ["2030年度检查"])]
    assert earlier == []


def test_calendar_month(campaign):
    vault, ids = campaign
    with vault.session() as s:
        events = analytics.calendar(s, date(2031, 3, 1), date(2031, 4, 30))
    # targets A 3-15, B 4-02; issued notices N1 3-31, N2 4-01 (the draft's 3-20 is not a deadline yet);
    # open findings: f3's deadline is N2's (not repeated), f4 was reopened with 4-09, P0's 旧问题 (no notice) 3-02
    # — the calendar is of every plan
    assert [(e.day, e.kind, e.department, e.ref_id) for e in events] == [
        (date(2031, 3, 2), "finding", "白城市审计局", ids["old"]),
        (date(2031, 3, 15), "inspection", "白城市审计局", ids["p1"]),
        (date(2031, 3, 31), "notice", "白城市审计局", ids["n1"]),
        (date(2031, 4, 1), "notice", "丹东市统计局", ids["n2"]),
        (date(2031, 4, 2), "inspection", "丹东市统计局", ids["p1"]),
        (date(2031, 4, 9), "finding", "丹东市统计局", ids["f4"]),
    ]
    assert events[2].title == "测〔2031〕901号"
    with vault.session() as s:
        assert [e.day for e in analytics.calendar(s, date(2031, 4, 2), date(2031, 4, 2))] == [date(2031, 4, 2)]


def test_fixed_number_of_queries(campaign):
    """The query count does not grow with the number of departments, results or findings."""
    vault, ids = campaign

    def count() -> int:
        n = 0

        def on(*_args):
            nonlocal n
            n += 1

        with vault.session() as s:
            engine = s.get_bind()
            event.listen(engine, "before_cursor_execute", on)
            try:
                analytics.analytics(s, ids["p1"], TODAY)
            finally:
                event.remove(engine, "before_cursor_execute", on)
        return n

    before = count()
    with vault.session() as s:
        template = default_template(s)
        items = s.exec(select(ChecklistItem).where(ChecklistItem.template_id == template.id)).all()
        for k in range(5):
            d = Department(name=f"新增单位{k}")
            s.add(d)
            s.flush()
            s.add(PlanTarget(plan_id=ids["p1"], department_id=d.id))
            ins = Inspection(plan_id=ids["p1"], department_id=d.id, template_id=template.id)
            s.add(ins)
            s.flush()
            for it in items:
                s.add(InspectionResult(inspection_id=ins.id, item_id=it.id, verdict=V.NON_COMPLIANT))
                s.add(Finding(department_id=d.id, plan_id=ids["p1"], item_id=it.id, title=it.title,
                              status=S.RECTIFYING, deadline=date(2031, 4, 1)))
    assert count() == before


def test_section_matrix_by_verdicts(campaign):
    vault, ids = campaign
    with vault.session() as s:
        m = analytics.matrix(s, ids["p1"], by="section", columns="verdicts")
    assert m.columns == "verdicts"
    assert m.departments == [("compliant", "符合"), ("partial", "部分符合"), ("non_compliant", "不符合"),
                             ("not_applicable", "不适用")]
    # same order as by departments; section 3: A 3-01 不符合, A 3-02 不适用, B 3-01 不符合;
    # section 1: A 1-01 符合, 1-03 不符合 (1-02 unanswered); B 1-01, 1-02 符合, 1-03 部分符合;
    # section 2: A 2-03 部分符合 (A's replaced first visit and P0/P2 counted nowhere)
    assert [r.key for r in m.rows] == [3, 1, 2, 4, 5, 6, 7, 8, 9]
    cells = {r.key: [r.cell(c) for c, _ in m.departments] for r in m.rows}
    assert cells[3] == [0, 0, 2, 1]
    assert cells[1] == [3, 1, 1, 0]
    assert cells[2] == [0, 1, 0, 0]
    assert all(cells[k] == [0, 0, 0, 0] for k in (4, 5, 6, 7, 8, 9))
    with vault.session() as s:
        arts = analytics.matrix(s, ids["p1"], by="article", columns="verdicts")
        by_dept = analytics.matrix(s, ids["p1"], by="section")
    # art. 9: 1-01 (A, B 符合), 1-02 (B 符合), 3-01 (A, B 不符合); 21: 3-01 only; 16: 3-02 (A 不适用);
    # 12: 1-03 (A 不符合, B 部分符合)
    art = {r.key: [r.cell(c) for c, _ in arts.departments] for r in arts.rows}
    assert art[9] == [3, 0, 2, 0] and art[21] == [0, 0, 2, 0] and art[16] == [0, 0, 0, 1]
    assert art[12] == [0, 1, 1, 0]
    assert [r.key for r in arts.rows[:5]] == [9, 21, 12, 15, 10]
    # the departments' matrix puts 不符合 + 部分符合 in its cells
    assert [by_dept.rows[1].cell(d) for d, _ in by_dept.departments] == [1, 1, 0]
    with vault.session() as s, pytest.raises(BadInputError):
        analytics.matrix(s, ids["p1"], columns="severity")


def test_reinspections_are_not_counted(campaign):
    """A re-inspection (复查) of A's notice, with fresh verdicts, changes neither matrix, compliance nor repeats."""
    vault, ids = campaign
    with vault.session() as s:
        before = (analytics.matrix(s, ids["p1"], "section"), analytics.matrix(s, ids["p1"], "article", "verdicts"),
                  analytics.compliance(s, ids["p1"]), analytics.repeats(s, ids["p1"]))
        template = default_template(s)
        item = {i.code: i for i in s.exec(select(ChecklistItem).where(ChecklistItem.template_id == template.id))}
        # created after every first inspection, so it would be "the latest" if it were counted
        re = Inspection(plan_id=ids["p1"], department_id=ids["a"], template_id=template.id,
                        status=InspectionStatus.COMPLETED, reinspects_notice_id=ids["n1"],
                        scope_items=[item["1-03"].id], created_at=datetime(2031, 4, 5, tzinfo=UTC))
        # and one of P0 (earlier plan) with 不符合 on B 3-01: not a repeat source either
        re0 = Inspection(plan_id=ids["p0"], department_id=ids["b"], template_id=template.id,
                         status=InspectionStatus.COMPLETED, reinspects_notice_id=ids["n2"],
                         created_at=datetime(2030, 6, 1, tzinfo=UTC))
        s.add_all([re, re0])
        s.flush()
        s.add(InspectionResult(inspection_id=re.id, item_id=item["1-03"].id, verdict=V.COMPLIANT))
        s.add(InspectionResult(inspection_id=re0.id, item_id=item["3-01"].id, verdict=V.NON_COMPLIANT))
    with vault.session() as s:
        after = (analytics.matrix(s, ids["p1"], "section"), analytics.matrix(s, ids["p1"], "article", "verdicts"),
                 analytics.compliance(s, ids["p1"]), analytics.repeats(s, ids["p1"]))
    assert after == before
    assert [(r.label, r.compliant, r.answered) for r in after[2].by_department][0] == ("白城市审计局", 1, 4)
    assert [r.finding_id for r in after[3]] == [ids["f1"]]


def test_calendar_shows_planned_reinspections(campaign):
    vault, ids = campaign
    with vault.session() as s:
        template = default_template(s)

        def re(dept, notice, day, status):
            ins = Inspection(plan_id=ids["p1"], department_id=ids[dept], template_id=template.id, status=status,
                             reinspects_notice_id=ids[notice], scheduled_on=day)
            s.add(ins)
            s.flush()
            return ins.id

        planned = re("b", "n2", date(2031, 4, 1), InspectionStatus.PLANNED)        # same day as N2's deadline
        started = re("a", "n1", date(2031, 4, 20), InspectionStatus.IN_PROGRESS)
        re("a", "n1", date(2031, 4, 3), InspectionStatus.COMPLETED)                 # done: not shown
        re("b", "n2", date(2031, 5, 3), InspectionStatus.PLANNED)                   # out of range
        s.add(Inspection(plan_id=ids["p1"], department_id=ids["c"], template_id=template.id,
                         scheduled_on=date(2031, 4, 4)))                            # a first inspection: not one
    with vault.session() as s:
        events = analytics.calendar(s, date(2031, 4, 1), date(2031, 4, 30))
    assert [(e.day, e.kind, e.title, e.department, e.ref_id) for e in events] == [
        (date(2031, 4, 1), "reinspection", "测〔2031〕902号", "丹东市统计局", planned),
        (date(2031, 4, 1), "notice", "测〔2031〕902号", "丹东市统计局", ids["n2"]),
        (date(2031, 4, 2), "inspection", "2031年度检查", "丹东市统计局", ids["p1"]),
        (date(2031, 4, 9), "finding", "目录未更新", "丹东市统计局", ids["f4"]),
        (date(2031, 4, 20), "reinspection", "测〔2031〕901号", "白城市审计局", started),
    ]
