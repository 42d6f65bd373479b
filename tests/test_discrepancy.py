"""The discrepancy view: items a department declared 符合 that the inspectors found 不符合 or 部分符合, and items
it left unanswered — from its newest self-report and the newest inspection verdict of each item."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import select

from inspector.forms import selfreport
from inspector.model import (
    ChecklistItem,
    Department,
    Inspection,
    InspectionResult,
    InspectionStatus,
    Plan,
    SelfReportAnswer,
    Verdict,
    utcnow,
)
from inspector.services import inspections, selfreports
from inspector.services.discrepancy import CONTRADICTED, UNANSWERED, discrepancies
from tests.engines import demo_on_both_engines, demo_vault_only  # noqa: F401
from tests.forms_helpers import fill, row_of

V = Verdict


def setup_rs(vault) -> dict:
    """人社局 (inspection in progress): a fresh self-report with chosen answers and chosen verdicts on site."""
    with vault.session() as s:
        plan = s.exec(select(Plan)).one()
        dept = s.exec(select(Department).where(Department.name == "晋城市人力资源和社会保障局")).one()
        running = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).one()
        items = {i.code: i for i in s.exec(select(ChecklistItem)).all()}
        form = selfreport.build_form(s, plan.id, dept.id).data
    declared = {"1-01": "符合", "1-02": "符合", "2-01": "符合", "3-05": "不符合", "3-07": None, "5-02": "符合"}
    cells = {}
    for code in items:
        row = row_of(form, "自查表", code)
        answer = declared.get(code, "不适用")
        if answer:
            cells[f"G{row}"] = answer
    with vault.session() as s:
        report = selfreport.import_form(s, fill(form, "自查表", cells), "rs.xlsx")
        found = {"1-01": V.NON_COMPLIANT, "1-02": V.COMPLIANT, "2-01": V.PARTIAL, "3-05": V.NON_COMPLIANT,
                 "3-07": V.COMPLIANT, "5-02": None}
        for code, verdict in found.items():
            inspections.set_verdict(s, running.id, items[code].id, verdict)
    return dict(plan=plan.id, dept=dept.id, running=running.id, report=report.report_id,
                items={c: i.id for c, i in items.items()})


def test_contradicted_and_unanswered_items_of_a_department(demo_vault):
    ids = setup_rs(demo_vault)
    with demo_vault.session() as s:
        rows = discrepancies(s, plan_id=ids["plan"], department_id=ids["dept"])
    got = [(d.kind, d.item_code, d.declared, d.found, d.inspection_id) for d in rows]
    assert got == [(CONTRADICTED, "1-01", V.COMPLIANT, V.NON_COMPLIANT, ids["running"]),
                   (CONTRADICTED, "2-01", V.COMPLIANT, V.PARTIAL, ids["running"]),
                   (UNANSWERED, "3-07", None, V.COMPLIANT, ids["running"])]
    first = rows[0]
    assert (first.department, first.self_report_id, first.plan_id) == ("晋城市人力资源和社会保障局", ids["report"], ids["plan"])
    assert first.item_title == "安全责任机构与责任人" and first.kind_zh == "自查符合但检查发现问题"
    assert first.as_dict()["declared"] == "compliant" and first.as_dict()["found"] == "non_compliant"


def test_the_newest_inspection_verdict_counts(demo_vault):
    ids = setup_rs(demo_vault)
    with demo_vault.session() as s:
        later = Inspection(plan_id=ids["plan"], department_id=ids["dept"], template_id=s.get(Plan, ids["plan"]).template_id,
                           status=InspectionStatus.IN_PROGRESS, started_at=utcnow() + timedelta(days=1))
        s.add(later)
        s.flush()
        s.add(InspectionResult(inspection_id=later.id, item_id=ids["items"]["1-01"], verdict=V.COMPLIANT))
        s.add(InspectionResult(inspection_id=later.id, item_id=ids["items"]["1-02"], verdict=V.PARTIAL))
        s.flush()
        rows = discrepancies(s, department_id=ids["dept"])
    got = [(d.item_code, d.found, d.inspection_id) for d in rows if d.kind == CONTRADICTED]
    assert got == [("1-02", V.PARTIAL, later.id), ("2-01", V.PARTIAL, ids["running"])]


def test_demo_departments_follow_the_rule(demo_vault):
    """Checked against the raw rows of the demo's two self-reports and inspections."""
    with demo_vault.session() as s:
        rows = discrepancies(s)
        expected = set()
        for dept in s.exec(select(Department)).all():
            report = selfreports.latest_self_report(s, s.exec(select(Plan)).one().id, dept.id)
            if report is None:
                continue
            said = {a.item_id: a.answer for a in s.exec(select(SelfReportAnswer)
                                                        .where(SelfReportAnswer.self_report_id == report.id)).all()}
            found = {r.item_id: r.verdict for r in s.exec(
                select(InspectionResult).join(Inspection, Inspection.id == InspectionResult.inspection_id)
                .where(Inspection.department_id == dept.id, InspectionResult.verdict.is_not(None))).all()}
            expected |= {(dept.name, item_id) for item_id, answer in said.items()
                         if answer is None or (answer == V.COMPLIANT and found.get(item_id) in (V.PARTIAL, V.NON_COMPLIANT))}
    assert {(d.department, d.item_id) for d in rows} == expected and expected
    assert {d.department for d in rows} <= {"晋城市人力资源和社会保障局", "晋城市卫生健康委员会"}


@demo_vault_only  # the command line reads the demo vault file
def test_cli_json_and_text(demo_vault, demo_env, run):
    ids = setup_rs(demo_vault)
    code, out, _ = run("selfreport", "discrepancies", "--department", ids["dept"], "--json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["kind"], r["item_code"], r["declared"], r["found"]) for r in rows] == [
        ("contradicted", "1-01", "compliant", "non_compliant"), ("contradicted", "2-01", "compliant", "partial"),
        ("unanswered", "3-07", None, "compliant")]
    assert set(rows[0]) >= {"department", "item_code", "item_title", "declared", "found", "inspection_id",
                            "self_report_id"}
    code, out, _ = run("selfreport", "discrepancies", "--plan", ids["plan"], "--department", ids["dept"])
    assert code == 0 and "自查符合但检查发现问题\t1-01" in out and "（未作答）\t符合" in out
    code, out, _ = run("selfreport", "discrepancies", "--department", "nobody", "--json")
    assert code == 0 and json.loads(out) == []


def test_the_view_has_the_rows_and_each_departments_newest_inspection(demo_vault):
    from inspector import ops
    from inspector.services.discrepancy import discrepancy_view

    ids = setup_rs(demo_vault)
    with demo_vault.session() as s:
        template_id = s.get(Plan, ids["plan"]).template_id
        inspected = {(i.plan_id, i.department_id): i.id for i in s.exec(select(Inspection)).all()}
        # a later inspection of 人社局 with no verdict yet: the view's double-click goes there for unverdicted rows
        later = Inspection(plan_id=ids["plan"], department_id=ids["dept"], template_id=template_id,
                           status=InspectionStatus.IN_PROGRESS, started_at=utcnow() + timedelta(days=1))
        s.add(later)
        s.flush()
        later_id = later.id
        expected_rows = discrepancies(s, plan_id=ids["plan"])
    view = ops.read(demo_vault, lambda s: discrepancy_view(s, ids["plan"]))
    assert view.rows == expected_rows and view.rows
    assert view.inspections == {**inspected, (ids["plan"], ids["dept"]): later_id}
    every = ops.read(demo_vault, discrepancy_view)  # every plan: the demo has one
    assert every.rows == expected_rows and every.inspections == view.inspections
    assert ops.read(demo_vault, lambda s: discrepancy_view(s, "no-plan")) == type(view)([], {})
