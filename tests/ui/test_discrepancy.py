"""自查差异: the model alone, then the dialog on the demo vault — the right rows, the department filter, the
count, a double-click that opens the inspection, and the plans page button that opens it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from sqlmodel import select

from inspector.changes import Changes
from inspector.model import Area, Inspection, Plan, Verdict
from inspector.services.discrepancy import Discrepancy, DiscrepancyView, discrepancies
from tests.test_discrepancy import setup_rs
from ui.context import AppContext
from ui.forms.discrepancy import (
    D_DECLARED,
    D_DEPARTMENT,
    D_FOUND,
    D_ITEM,
    D_KIND,
    INSPECTION_ROLE,
    DiscrepancyDialog,
    DiscrepancyModel,
)
from ui.plans.page import PlansPage

TIMEOUT_MS = 15_000
V = Verdict
RS = "晋城市人力资源和社会保障局"
CONTRADICTED_LABEL, UNANSWERED_LABEL = "自查为符合但检查不符合/部分符合", "自查未回答"


def row(kind, dept, code, declared, found, inspection_id=None, **kw) -> Discrepancy:
    return Discrepancy(kind=kind, plan_id="p", plan="2026年度检查", department_id=dept, department=f"单位{dept}",
                       item_id=f"i-{code}", item_code=code, item_title=f"检查项{code}", declared=declared, found=found,
                       inspection_id=inspection_id, self_report_id="r", **kw)


def texts(model, r: int) -> list[str]:
    return [model.index(r, c).data() for c in range(model.columnCount())]


def shown(dialog: DiscrepancyDialog) -> list[list[str]]:
    proxy = dialog.proxy
    return [[proxy.index(r, c).data() for c in range(proxy.columnCount())] for r in range(proxy.rowCount())]


@pytest.fixture
def open_dialog(qtbot, demo_vault):
    def _open(plan_id: str | None = None) -> DiscrepancyDialog:
        ctx = AppContext(demo_vault)
        dialog = DiscrepancyDialog(ctx, plan_id, "2026年度全市政务数据安全监督检查")
        qtbot.addWidget(dialog)
        dialog.show()
        with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT_MS):
            dialog.reload()
        return dialog

    return _open


def test_model_alone(qtbot):
    model = DiscrepancyModel()
    rows = [row("contradicted", "a", "1-01", V.COMPLIANT, V.NON_COMPLIANT, "insp-a"),
            row("contradicted", "a", "2-01", V.COMPLIANT, V.PARTIAL, "insp-a"),
            row("unanswered", "a", "3-07", None, None),
            row("unanswered", "b", "1-01", None, None)]
    model.set_data(DiscrepancyView(rows, {("p", "a"): "insp-a-newest"}))
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "单位", "检查项", "自查结论", "检查结论", "类别"]
    assert texts(model, 0) == ["单位a", "1-01  检查项1-01", "符合", "不符合", CONTRADICTED_LABEL]
    assert texts(model, 1)[D_FOUND] == "部分符合"
    assert texts(model, 2) == ["单位a", "3-07  检查项3-07", "（未回答）", "（尚未检查）", UNANSWERED_LABEL]
    # the inspection that gave the verdict, else the department's newest, else none
    assert [model.index(r, 0).data(INSPECTION_ROLE) for r in range(4)] == ["insp-a", "insp-a", "insp-a-newest", None]
    assert "双击打开" in model.index(0, D_ITEM).data(Qt.ItemDataRole.ToolTipRole)
    assert "还没有现场检查" in model.index(3, D_ITEM).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, D_KIND).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"
    assert model.departments() == [("a", "单位a"), ("b", "单位b")]
    assert (model.count("contradicted"), model.count("unanswered"), model.count("unanswered", "b")) == (2, 2, 1)
    assert model.data(QModelIndex()) is None


def test_the_demo_rows_as_the_core_lists_them(demo_vault, open_dialog):
    with demo_vault.session() as s:
        plan = s.exec(select(Plan)).one()
        expected = discrepancies(s, plan_id=plan.id)
    assert expected, "the demo has discrepancies to show"
    dialog = open_dialog(plan.id)
    labels = {V.COMPLIANT: "符合", V.PARTIAL: "部分符合", V.NON_COMPLIANT: "不符合", V.NOT_APPLICABLE: "不适用"}
    assert shown(dialog) == [
        [d.department, f"{d.item_code}  {d.item_title}", labels[d.declared] if d.declared else "（未回答）",
         labels[d.found] if d.found else "（尚未检查）",
         CONTRADICTED_LABEL if d.kind == "contradicted" else UNANSWERED_LABEL] for d in expected]
    assert dialog.windowTitle() == "自查差异 — 2026年度全市政务数据安全监督检查"
    c = sum(d.kind == "contradicted" for d in expected)
    assert dialog.count_label.text() == (f"共 {len(expected)} 项：自查为符合但检查不符合/部分符合 {c} 项，"
                                         f"自查未回答 {len(expected) - c} 项")
    combo = [dialog.department_combo.itemText(n) for n in range(dialog.department_combo.count())]
    assert combo == ["全部单位", *dict.fromkeys(d.department for d in expected)]
    assert not dialog.empty_label.isVisible()


def test_chosen_answers_and_verdicts_filter_and_count(qtbot, demo_vault, open_dialog):
    ids = setup_rs(demo_vault)  # 人社局: 1-01 and 2-01 declared 符合 but found wanting, 3-07 left unanswered
    dialog = open_dialog(ids["plan"])
    assert dialog.select_department(ids["dept"])
    assert shown(dialog) == [
        [RS, "1-01  安全责任机构与责任人", "符合", "不符合", CONTRADICTED_LABEL],
        [RS, shown(dialog)[1][D_ITEM], "符合", "部分符合", CONTRADICTED_LABEL],
        [RS, shown(dialog)[2][D_ITEM], "（未回答）", "符合", UNANSWERED_LABEL],
    ]
    assert shown(dialog)[1][D_ITEM].startswith("2-01") and shown(dialog)[2][D_ITEM].startswith("3-07")
    assert dialog.count_label.text() == "共 3 项：自查为符合但检查不符合/部分符合 2 项，自查未回答 1 项"
    dialog.select_department(None)
    assert dialog.proxy.rowCount() == dialog.model.rowCount() > 3


def test_double_click_opens_the_inspection(qtbot, demo_vault, open_dialog):
    ids = setup_rs(demo_vault)
    dialog = open_dialog(ids["plan"])
    dialog.select_department(ids["dept"])
    navigated: list = []
    dialog.ctx.navigate_requested.connect(lambda page, arg: navigated.append((page, arg)))
    index = dialog.proxy.index(0, D_DEPARTMENT)
    view = dialog.view
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.open_button.isEnabled() and dialog.hint_label.text() == ""
    with qtbot.waitSignal(dialog.navigated, timeout=TIMEOUT_MS):
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert navigated == [("inspections", ids["running"])]
    assert not dialog.isVisible()


def test_a_department_never_inspected_cannot_be_opened(qtbot, demo_vault, open_dialog):
    """A self-report from a target not inspected yet: its unanswered items are listed, nothing to open."""
    from inspector.forms import selfreport
    from inspector.services import plans
    from tests.forms_helpers import fill

    with demo_vault.session() as s:
        plan = s.exec(select(Plan)).one()
        inspected = {i.department_id for i in s.exec(select(Inspection)).all()}
        target = next(t for t in plans.get_plan(s, plan.id).targets if t["department_id"] not in inspected)
        form = selfreport.build_form(s, plan.id, target["department_id"]).data
    with demo_vault.session() as s:  # returned empty: every item unanswered
        selfreport.import_form(s, fill(form, "自查表", {"B2": "李四"}), "empty.xlsx")
    dialog = open_dialog(plan.id)
    dialog.select_department(target["department_id"])
    assert dialog.proxy.rowCount() > 0
    assert {r[D_KIND] for r in shown(dialog)} == {UNANSWERED_LABEL}
    assert {r[D_DECLARED] for r in shown(dialog)} == {"（未回答）"}
    dialog.view.selectRow(0)
    assert not dialog.open_button.isEnabled()
    assert dialog.hint_label.text() == f"“{target['department']}”在本计划下还没有现场检查。"
    navigated: list = []
    dialog.ctx.navigate_requested.connect(lambda *a: navigated.append(a))
    dialog.open_row(dialog.proxy.index(0, 0))
    assert navigated == [] and dialog.isVisible()


def test_reloads_when_a_self_report_arrives(qtbot, demo_vault, open_dialog):
    with demo_vault.session() as s:
        plan_id = s.exec(select(Plan)).one().id
    dialog = open_dialog(plan_id)

    def rs_rows():
        return [dialog.model.row(n) for n in range(dialog.model.rowCount()) if dialog.model.row(n).department == RS]

    assert [r.item_code for r in rs_rows()] != ["1-01", "2-01", "3-07"]
    setup_rs(demo_vault)  # 人社局's new self-report and verdicts: exactly three rows now
    with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT_MS):
        dialog.ctx.written.emit(Changes(frozenset({Area.SELF_REPORTS})), None)
    with demo_vault.session() as s:
        assert dialog.model.rowCount() == len(discrepancies(s, plan_id=plan_id))
    assert [r.item_code for r in rs_rows()] == ["1-01", "2-01", "3-07"]


def test_empty_view_says_why(qtbot, vault):
    dialog = DiscrepancyDialog(AppContext(vault), None)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT_MS):
        dialog.reload()
    assert dialog.model.rowCount() == 0 and dialog.empty_label.isVisible()
    assert dialog.count_label.text() == "共 0 项：自查为符合但检查不符合/部分符合 0 项，自查未回答 0 项"
    assert dialog.windowTitle() == "自查差异"


def test_plans_page_opens_the_view_for_the_selected_plan(qtbot, demo_vault):
    page = PlansPage(AppContext(demo_vault))
    qtbot.addWidget(page)
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=TIMEOUT_MS)
    with demo_vault.session() as s:
        plan = s.exec(select(Plan)).one()
        expected = discrepancies(s, plan_id=plan.id)
    with qtbot.waitSignal(page.forms.targets_loaded, timeout=TIMEOUT_MS):
        page.select(plan.id)
    page.forms.discrepancy_button.click()
    dialog = page.forms.discrepancy_dialog
    assert dialog is not None and dialog.plan_id == plan.id
    with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT_MS):
        pass
    assert dialog.model.rowCount() == len(expected) and dialog.windowTitle().endswith(plan.title)
    page.clear()  # locking closes it
    assert not dialog.isVisible()


def test_a_newer_reload_supersedes_one_still_running(qtbot, demo_vault, monkeypatch):
    """A reload asked while another runs: the older answer is never shown, the newer one is, once."""
    import threading

    from inspector.services import discrepancy as service
    from ui import tasks

    calls: list = []
    gate, held = threading.Event(), threading.Event()

    def discrepancy_view(s, plan_id=None):
        calls.append(plan_id)
        if len(calls) == 1:  # the older answer, held on the worker
            held.set()
            gate.wait(10)
            return DiscrepancyView([row("unanswered", "a", "9-99", None, None)], {})
        return DiscrepancyView([], {})

    monkeypatch.setattr(service, "discrepancy_view", discrepancy_view)
    dialog = DiscrepancyDialog(AppContext(demo_vault), None)
    qtbot.addWidget(dialog)
    dialog.show()
    loaded: list[int] = []
    dialog.loaded.connect(lambda: loaded.append(dialog.model.rowCount()))
    dialog.reload()
    assert held.wait(10) and not dialog.refresh_button.isEnabled()
    with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT_MS):
        dialog.reload()
        gate.set()
    assert tasks.wait_for_all(TIMEOUT_MS)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=TIMEOUT_MS)
    assert calls == [None, None] and loaded == [0] and dialog.model.rowCount() == 0
    assert dialog.refresh_button.isEnabled() and dialog.empty_label.isVisible()


def test_reloads_for_the_areas_it_shows_only_while_open(qtbot, demo_vault, open_dialog):
    with demo_vault.session() as s:
        plan_id = s.exec(select(Plan)).one().id
    dialog = open_dialog(plan_id)
    loads: list[int] = []
    dialog.loaded.connect(lambda: loads.append(1))
    for area in (Area.INSPECTIONS, Area.FINDINGS, Area.PLANS, Area.DEPARTMENTS):
        with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT_MS):
            dialog.ctx.written.emit(Changes(frozenset({area})), None)
    from ui import tasks

    dialog.ctx.written.emit(Changes(frozenset({Area.PEOPLE, Area.SETTINGS})), None)  # not shown here
    dialog.close()
    dialog.ctx.written.emit(Changes(frozenset({Area.SELF_REPORTS})), None)  # closed: nothing read
    assert tasks.wait_for_all(TIMEOUT_MS)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=TIMEOUT_MS)
    assert len(loads) == 4
