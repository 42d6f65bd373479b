"""The plans page and the plan editor (安排部署): models alone, then creating and editing plans for real."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from sqlmodel import select

from inspector.model import Plan, PlanStatus, TeamRole
from inspector.services import plans, queries
from ui.context import AppContext
from ui.plans.page import (
    COL_END,
    COL_STATUS,
    COL_TARGETS,
    COL_TITLE,
    COL_YEAR,
    ID_ROLE,
    SORT_ROLE,
    PlansPage,
    PlansTableModel,
)
from ui.plans.editor import PlanEditor
from ui.plans.form import NO_DATE
from ui.plans.targets import COL_SCHEDULED, TargetsTableModel
from ui.plans.team_dialog import TeamMembersModel

TIMEOUT_MS = 10_000
LEFT = Qt.MouseButton.LeftButton


# ---- models alone ------------------------------------------------------------------------------


def test_plans_model_alone(qtbot):
    model = PlansTableModel()
    rows = [dict(id="p1", title="2026年度检查", year=2026, status="active", focus="日志审计",
                 start_on=date(2026, 10, 1), end_on=None, targets=4)]
    with qtbot.waitSignal(model.modelReset):
        model.set_rows(rows)
    assert model.rowCount() == 1 and model.columnCount() == 6 and model.rowCount(model.index(0, 0)) == 0
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "年度", "计划名称", "状态", "开始", "结束", "被检查单位"]
    assert [model.index(0, c).data() for c in range(6)] == ["2026", "2026年度检查", "进行中", "2026-10-01", "未定", "4"]
    assert model.index(0, COL_TITLE).data(ID_ROLE) == "p1"
    assert "日志审计" in model.index(0, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, COL_YEAR).data(SORT_ROLE) == 2026 and model.index(0, COL_TARGETS).data(SORT_ROLE) == 4
    assert model.index(0, COL_END).data(SORT_ROLE) == date.max.isoformat()
    assert model.data(QModelIndex()) is None and model.row_of("p1") == 0 and model.row_of("x") == -1


def test_targets_model_alone(qtbot):
    model = TargetsTableModel()
    with qtbot.waitSignal(model.rowsInserted):
        model.put(dict(department_id="d1", department="民政局", scheduled_on=None, notes=""))
    model.put(dict(department_id="d2", department="医保局", scheduled_on=date(2026, 10, 9), notes="机房"))
    with qtbot.waitSignal(model.dataChanged):
        model.put(dict(department_id="d1", department="民政局", scheduled_on=date(2026, 10, 8), notes="先查"))
    assert model.rowCount() == 2 and model.department_ids() == {"d1", "d2"}
    assert [model.index(0, c).data() for c in range(3)] == ["民政局", "2026-10-08", "先查"]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == ["被检查单位", "计划检查日期", "备注"]
    model.remove(0)
    assert [(s.department_id, s.scheduled_on, s.notes) for s in model.specs()] == [("d2", date(2026, 10, 9), "机房")]
    model.put(dict(department_id="d3", department="人社局", scheduled_on=None, notes=""))
    assert model.index(1, COL_SCHEDULED).data() == "未定"


def test_team_members_model_alone(qtbot):
    model = TeamMembersModel()
    model.add("i1", "李明", "晋执 1")
    model.add(None, "赵强", "晋执 9")
    assert [model.index(r, 2).data() for r in range(2)] == ["组长", "组员"]
    assert model.index(1, 0).data() == "赵强（新）"
    model.make_lead(1)
    assert [s.role for s in model.specs()] == [TeamRole.MEMBER, TeamRole.LEAD]
    model.remove(1)  # the lead leaves: the first remaining member leads
    assert [(s.inspector_id, s.role) for s in model.specs()] == [("i1", TeamRole.LEAD)]


# ---- the page and the editor on the demo vault ------------------------------------------------------


@pytest.fixture
def page(qtbot, demo_vault):
    p = PlansPage(AppContext(demo_vault))
    qtbot.addWidget(p)
    p.show()
    p.activate()
    qtbot.waitUntil(lambda: p.model.rowCount() > 0, timeout=TIMEOUT_MS)
    return p


def _editor(qtbot, page: PlansPage) -> PlanEditor:
    editor = page.editor
    assert editor is not None
    qtbot.waitUntil(lambda: editor.data is not None and editor.isEnabled(), timeout=TIMEOUT_MS)
    return editor


def _read(vault, plan_id):
    with vault.session() as s:
        detail = plans.get_plan(s, plan_id)
        team = next((t for t in plans.list_teams(s) if t["id"] == detail.plan.team_id), None)
    return detail, team


def test_page_lists_the_plans_of_the_vault(page, demo_vault):
    with demo_vault.session() as s:
        expected = queries.list_plans(s)
    assert page.model.rowCount() == len(expected)
    assert page.proxy.index(0, COL_TITLE).data() == expected[0]["title"]
    assert page.proxy.index(0, COL_TARGETS).data() == str(expected[0]["targets"])
    assert page.proxy.index(0, COL_STATUS).data() == "进行中"
    assert page.count_label.text() == f"共 {len(expected)} 个计划"
    assert not page.edit_button.isEnabled()
    page.view.selectRow(0)
    assert page.edit_button.isEnabled() and page.selected_id() == expected[0]["id"]


def test_editor_creates_a_plan_with_team_and_targets(qtbot, page, demo_vault):
    with demo_vault.session() as s:
        plans_before = len(s.exec(select(Plan)).all())
        inspectors = plans.list_inspectors(s)
        departments = plans.list_departments(s)
    qtbot.mouseClick(page.new_button, LEFT)
    editor = _editor(qtbot, page)
    assert editor.windowTitle() == "新建检查计划" and editor.create_button.isVisible()
    assert editor.form.template_combo.count() == 1 and editor.form.team_combo.count() == 2  # none + the demo team

    # an empty title is refused by the core, and nothing is written
    editor.form.title_edit.clear()
    with qtbot.waitSignal(editor.save_failed, timeout=TIMEOUT_MS):
        qtbot.mouseClick(editor.create_button, LEFT)
    assert editor.message.text() == "请填写计划名称。" and editor.plan_id is None

    editor.form.title_edit.insert("2027年度专项检查")
    editor.form.year_spin.setValue(2027)
    editor.form.start_edit.setDate(QDate(2027, 3, 1))
    editor.form.end_edit.setDate(QDate(2027, 5, 31))
    editor.form.focus_edit.insert("数据备份与恢复")
    editor.form.description_edit.setPlainText("会同市公安局开展。")

    # a new team: one inspector already in the vault, one new, the new one leads
    qtbot.mouseClick(editor.form.new_team_button, LEFT)
    team_dialog = editor.team_dialog
    team_dialog.name_edit.insert("第二检查组")
    qtbot.mouseClick(team_dialog.add_existing_button, LEFT)
    qtbot.mouseClick(team_dialog.add_new_button, LEFT)  # without a name: refused
    assert team_dialog.message.text() == "请填写检查人员姓名。" and team_dialog.model.rowCount() == 1
    team_dialog.new_name_edit.insert("赵强")
    qtbot.keyClicks(team_dialog.new_badge_edit, "JZ 14050009")
    qtbot.mouseClick(team_dialog.add_new_button, LEFT)
    team_dialog.view.selectRow(1)
    qtbot.mouseClick(team_dialog.lead_button, LEFT)
    with qtbot.waitSignal(team_dialog.team_created, timeout=TIMEOUT_MS) as created:
        qtbot.mouseClick(team_dialog.ok_button, LEFT)
    team_id = created.args[0]
    qtbot.waitUntil(lambda: editor.form.team_combo.currentData() == team_id, timeout=TIMEOUT_MS)
    assert "组长：赵强" in editor.form.team_members_label.text()

    # two targets, one with a date and notes
    for department, dated in ((departments[0], True), (departments[1], False)):
        qtbot.mouseClick(editor.add_target_button, LEFT)
        dialog = editor.target_dialog
        dialog.department_combo.setCurrentIndex(dialog.department_combo.findData(department["id"]))
        if dated:
            dialog.dated_check.setChecked(True)
            dialog.date_edit.setDate(QDate(2027, 3, 15))
            dialog.notes_edit.insert("先查机房")
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert editor.targets_model.rowCount() == 2
    editor.form.status_combo.setCurrentIndex(editor.form.status_combo.findData("active"))

    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT_MS) as saved:
        qtbot.mouseClick(editor.create_button, LEFT)
    plan_id = saved.args[0]
    assert editor.plan_id == plan_id and not editor.create_button.isVisible() and not editor.message.isVisible()

    detail, team = _read(demo_vault, plan_id)
    p = detail.plan
    assert (p.title, p.year, p.focus, p.description, p.status) == (
        "2027年度专项检查", 2027, "数据备份与恢复", "会同市公安局开展。", PlanStatus.ACTIVE)
    assert (p.start_on, p.end_on) == (date(2027, 3, 1), date(2027, 5, 31))
    assert [(t["department_id"], t["scheduled_on"], t["notes"]) for t in detail.targets] == [
        (departments[0]["id"], date(2027, 3, 15), "先查机房"), (departments[1]["id"], None, "")]
    assert team["name"] == "第二检查组"
    assert [(m["name"], m["role"]) for m in team["members"]] == [("赵强", "lead"), (inspectors[0]["name"], "member")]
    with demo_vault.session() as s:
        assert len(s.exec(select(Plan)).all()) == plans_before + 1

    # from now on, edits save as they are made
    editor.form.title_edit.setText("2027年度数据备份专项检查")
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT_MS):
        editor.form.title_edit.editingFinished.emit()
    editor.targets_view.selectRow(1)
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT_MS):
        qtbot.mouseClick(editor.remove_target_button, LEFT)
    detail, _ = _read(demo_vault, plan_id)
    assert detail.plan.title == "2027年度数据备份专项检查" and len(detail.targets) == 1

    # a refused change stays on screen with the reason, the vault keeps the old value
    with qtbot.waitSignal(editor.save_failed, timeout=TIMEOUT_MS):
        editor.form.end_edit.setDate(QDate(2027, 2, 1))
        editor.debouncer.flush()
    assert editor.message.text() == "结束日期不能早于开始日期。"
    assert _read(demo_vault, plan_id)[0].plan.end_on == date(2027, 5, 31)
    editor.targets_view.selectRow(0)
    with qtbot.waitSignal(editor.save_failed, timeout=TIMEOUT_MS):  # an active plan keeps a target
        qtbot.mouseClick(editor.remove_target_button, LEFT)
    assert editor.targets_model.rowCount() == 1 and "至少需要一个" in editor.message.text()

    qtbot.mouseClick(editor.close_button, LEFT)  # first 关闭 warns about the unsaved change
    assert editor.isVisible() and "放弃" in editor.state_label.text()
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT_MS):  # fixing it saves it
        editor.form.start_edit.setDate(QDate(2027, 1, 15))
        editor.debouncer.flush()
    assert _read(demo_vault, plan_id)[0].plan.start_on == date(2027, 1, 15)
    assert _read(demo_vault, plan_id)[0].plan.end_on == date(2027, 2, 1)
    qtbot.mouseClick(editor.close_button, LEFT)
    assert not editor.isVisible()
    qtbot.waitUntil(lambda: page.model.row_of(plan_id) >= 0, timeout=TIMEOUT_MS)
    assert page.selected_id() == plan_id


def test_editing_an_existing_plan_saves_as_made(qtbot, page, demo_vault):
    plan_id = page.model.row(0)["id"]
    page.activate(plan_id)  # navigate("plans", plan_id) opens its editor
    editor = _editor(qtbot, page)
    before, _ = _read(demo_vault, plan_id)
    assert editor.windowTitle() == "编辑检查计划" and not editor.create_button.isVisible()
    assert editor.form.title_edit.text() == before.plan.title
    assert editor.targets_model.rowCount() == len(before.targets)
    assert editor.dirty() == {}

    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT_MS):
        editor.form.description_edit.setPlainText("改为十一月开始。")  # saved after a pause
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT_MS):
        editor.form.status_combo.setCurrentIndex(editor.form.status_combo.findData("closed"))  # saved at once
    editor.targets_view.selectRow(0)
    department_id = editor.targets_model.row(0)["department_id"]
    qtbot.mouseClick(editor.edit_target_button, LEFT)
    dialog = editor.target_dialog
    assert not dialog.department_combo.isEnabled()
    dialog.notes_edit.setText("改期")
    dialog.date_edit.setDate(QDate(2026, 11, 3))
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT_MS):
        qtbot.mouseClick(dialog.ok_button, LEFT)

    after, _ = _read(demo_vault, plan_id)
    assert after.plan.description == "改为十一月开始。" and after.plan.status is PlanStatus.CLOSED
    edited = next(t for t in after.targets if t["department_id"] == department_id)
    assert (edited["notes"], edited["scheduled_on"]) == ("改期", date(2026, 11, 3))
    assert len(after.targets) == len(before.targets)
    qtbot.mouseClick(editor.close_button, LEFT)
    qtbot.waitUntil(lambda: page.model.row(page.model.row_of(plan_id))["status"] == "closed", timeout=TIMEOUT_MS)


def test_closing_a_new_plan_writes_nothing(qtbot, page, demo_vault):
    with demo_vault.session() as s:
        before = len(s.exec(select(Plan)).all())
    qtbot.mouseClick(page.new_button, LEFT)
    editor = _editor(qtbot, page)
    editor.form.title_edit.insert("草拟中")
    assert editor.form.start_edit.date() != NO_DATE
    qtbot.mouseClick(editor.close_button, LEFT)
    assert not editor.isVisible()
    with demo_vault.session() as s:
        assert len(s.exec(select(Plan)).all()) == before


# ---- what the page reads, and when ----------------------------------------------------------------


def _idle(qtbot) -> None:
    """The worker idle and every result delivered (or dropped) on the UI thread."""
    from ui import tasks

    assert tasks.wait_for_all(TIMEOUT_MS)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=TIMEOUT_MS)


def test_the_newest_reading_of_the_plans_is_the_one_shown(qtbot, page, demo_vault, monkeypatch):
    """Two reloads: the first one's rows, answered after the second was asked, never reach the table."""
    import threading

    _idle(qtbot)
    real, calls = queries.list_plans, []
    gate, held = threading.Event(), threading.Event()

    def list_plans(s):
        calls.append(1)
        rows = real(s)
        if len(calls) == 1:  # the older answer, held on the worker: no plans at all
            held.set()
            gate.wait(10)
            return []
        return rows

    monkeypatch.setattr(queries, "list_plans", list_plans)
    shown: list[int] = []
    page.model.modelReset.connect(lambda: shown.append(page.model.rowCount()))
    page.reload()
    assert held.wait(10)
    with qtbot.waitSignal(page.model.modelReset, timeout=TIMEOUT_MS):
        page.reload()
        gate.set()
    _idle(qtbot)
    with demo_vault.session() as s:
        expected = len(real(s))
    assert len(calls) == 2 and shown == [expected] and page.model.rowCount() == expected > 0


def test_writes_reload_the_list_or_only_the_panel(qtbot, page, demo_vault, monkeypatch):
    """A plan changed: the list and the panel; a self-report or a department: the panel; teams: nothing."""
    from inspector.changes import Changes
    from inspector.model import Area
    from inspector.services import selfreports

    plan_id = page.model.row(0)["id"]
    with qtbot.waitSignal(page.forms.targets_loaded, timeout=TIMEOUT_MS):
        page.select(plan_id)
    _idle(qtbot)
    read: list[str] = []
    real_plans, real_targets = queries.list_plans, selfreports.plan_targets
    monkeypatch.setattr(queries, "list_plans", lambda s: read.append("plans") or real_plans(s))
    monkeypatch.setattr(selfreports, "plan_targets", lambda s, p: read.append("targets") or real_targets(s, p))

    def written(*areas: Area) -> None:
        page.ctx.written.emit(Changes(frozenset(areas)), None)
        _idle(qtbot)

    written(Area.SELF_REPORTS, Area.AUDIT)
    assert read == ["targets"]
    written(Area.DEPARTMENTS)
    assert read == ["targets"] * 2
    written(Area.PLANS)
    assert read == ["targets"] * 2 + ["plans", "targets"] and page.selected_id() == plan_id
    read.clear()
    written(Area.PEOPLE, Area.FINDINGS)
    assert read == [] and not page.stale

    page.hide()  # not shown: nothing is read, the page reads everything when shown again
    written(Area.SELF_REPORTS)
    assert read == [] and page.stale
    page.show()
    page.activate()
    _idle(qtbot)
    assert read == ["plans", "targets"] and not page.stale


def test_a_department_is_added_from_inside_the_plan_editor(qtbot, vault):
    """A new vault has no departments: 添加单位… in the target dialog adds one (the core's checks apply) and
    chooses it, so the plan can be made without leaving the editor."""
    from inspector.model import Department

    ctx = AppContext(vault)
    page = PlansPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    qtbot.mouseClick(page.new_button, LEFT)
    editor = _editor(qtbot, page)
    qtbot.mouseClick(editor.add_target_button, LEFT)
    dialog = editor.target_dialog
    assert dialog.department_combo.count() == 0 and not dialog.ok_button.isEnabled()
    assert dialog.new_department_button.isVisible() and "添加单位…" in dialog.message.text()
    assert "请先在" not in dialog.message.text()

    qtbot.mouseClick(dialog.new_department_button, LEFT)
    add = dialog.add_dialog
    assert add.windowTitle() == "添加单位" and add.ok_button.text() == "添加单位"
    add.fields.edits["name"].insert("晋城市教育局")
    add.fields.edits["code"].insert("12345")
    qtbot.mouseClick(add.ok_button, LEFT)
    qtbot.waitUntil(lambda: bool(add.message.text()), timeout=TIMEOUT_MS)
    assert "应为 18 位" in add.message.text() and add.isVisible()
    with vault.session() as s:
        assert s.exec(select(Department)).all() == []
    add.fields.edits["code"].setText("91350100m000100y43")
    with qtbot.waitSignal(dialog.department_added, timeout=TIMEOUT_MS):
        qtbot.keyClick(add.fields.edits["contact_name"], Qt.Key.Key_Return)  # Enter adds what was typed
    assert not add.isVisible()
    assert dialog.department_combo.currentText() == "晋城市教育局" and dialog.ok_button.isEnabled()
    assert [d["name"] for d in editor.data.departments] == ["晋城市教育局"]
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert editor.targets_model.rowCount() == 1
    with vault.session() as s:
        (d,) = s.exec(select(Department)).all()
        assert (d.name, d.code) == ("晋城市教育局", "91350100M000100Y43")
    # the next target dialog offers no department twice
    qtbot.mouseClick(editor.add_target_button, LEFT)
    assert editor.target_dialog.department_combo.count() == 0
    editor.target_dialog.reject()
    editor.reject()


def test_new_inspection_chooses_the_department_scheduled_for_today(qtbot, demo_vault):
    """新建现场检查 preselects today's target (in its plan); the others by date, then by pinyin."""
    from datetime import timedelta

    from inspector.services import inspections
    from ui.inspections.inspection_list import NewInspectionDialog

    with demo_vault.session() as s:
        targets = inspections.startable_targets(s)
    plan_id = targets[0]["plan_id"]
    mine = [t for t in targets if t["plan_id"] == plan_id]
    today = next(t["scheduled_on"] for t in mine if not t["running_id"] and t["scheduled_on"])
    later = [dict(t, scheduled_on=None) for t in mine if t["scheduled_on"] != today]
    todays = next(t for t in mine if t["scheduled_on"] == today)
    other_plan = dict(mine[0], plan_id="other", plan="另一计划", scheduled_on=today + timedelta(days=1))
    dialog = NewInspectionDialog([other_plan, *later, todays], today=today)
    qtbot.addWidget(dialog)
    assert dialog.plan_combo.currentData() == plan_id
    assert dialog.target()["department_id"] == todays["department_id"]
    assert dialog.department_combo.currentText() == f"{todays['department']}（今日安排）"
    assert dialog.ok_button.text() == "开始检查"
    names = [dialog.department_combo.itemData(n)["department"] for n in range(dialog.department_combo.count())]
    assert names[0] == todays["department"]  # dated first, then the undated by pinyin
    from inspector.collation import pinyin_key
    assert names[1:] == sorted(names[1:], key=pinyin_key)

    nothing_today = NewInspectionDialog(targets, today=date(1999, 1, 1))
    qtbot.addWidget(nothing_today)
    assert nothing_today.department_combo.currentIndex() == 0 and "今日" not in nothing_today.department_combo.currentText()
