"""The departments page: its model alone, validation (nothing written), adding and editing as made."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from sqlmodel import select

from inspector.model import Department
from inspector.services import plans
from ui.context import AppContext
from ui.departments.page import (
    COL_CODE,
    COL_NAME,
    COL_PHONE,
    DepartmentsPage,
    DepartmentsTableModel,
)
from ui.widgets.table_model import ID_ROLE

TIMEOUT_MS = 10_000
LEFT = Qt.MouseButton.LeftButton


def departments(vault) -> list[Department]:
    with vault.session() as s:
        return list(s.exec(select(Department).order_by(Department.name)).all())


def test_departments_model_alone(qtbot):
    model = DepartmentsTableModel()
    rows = [dict(id="d1", name="晋城市民政局", code="11140500MB3456789W", address="城区", contact_name="王志强",
                 contact_phone="0356-2021003", notes="")]
    with qtbot.waitSignal(model.modelReset):
        model.set_rows(rows)
    assert model.rowCount() == 1 and model.columnCount() == 4 and model.rowCount(model.index(0, 0)) == 0
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["单位名称", "统一社会信用代码", "联系人", "电话"]
    shown = [model.index(0, c).data() for c in range(4)]
    assert shown == ["晋城市民政局", "11140500MB3456789W", "王志强", "0356-2021003"]
    assert model.index(0, COL_NAME).data(Qt.ItemDataRole.ToolTipRole) == "城区"
    assert model.index(0, COL_CODE).data(ID_ROLE) == "d1" and model.data(QModelIndex()) is None
    assert model.row_of("d1") == 0 and model.row_of("nope") == -1  # the shared base: -1 when not found


@pytest.fixture
def page(qtbot, demo_vault):
    p = DepartmentsPage(AppContext(demo_vault))
    qtbot.addWidget(p)
    p.show()
    p.activate()
    qtbot.waitUntil(lambda: p.model.rowCount() > 0, timeout=TIMEOUT_MS)
    return p


def test_page_lists_every_department(page, demo_vault):
    with demo_vault.session() as s:
        expected = plans.list_departments(s)
    assert [page.model.index(r, COL_NAME).data() for r in range(page.model.rowCount())] == [d["name"] for d in expected]
    assert page.model.index(0, COL_PHONE).data() == expected[0]["contact_phone"]
    assert page.count_label.text() == f"共 {len(expected)} 个单位"
    assert page.add_button.isVisible() and page.form_box.title() == "添加单位"
    assert page.new_button.text() == "添加单位…" and page.import_button.text() == "导入…"


def test_a_department_sent_from_another_page_is_selected_on_a_loaded_page(page, demo_vault):
    """The campaign board opens a department never inspected here: the page is already loaded (not stale)."""
    assert not page.stale
    last = page.model.rowCount() - 1
    wanted = page.model.index(last, COL_CODE).data(ID_ROLE)
    page.activate(wanted)
    assert page.view.selectionModel().selectedRows()[0].row() == last and page.current_id == wanted


@pytest.mark.parametrize("name", ["", "   ", "晋城市民政局"])
def test_an_empty_or_taken_name_is_refused_and_nothing_written(qtbot, page, demo_vault, name):
    before = [(d.id, d.name, d.revision) for d in departments(demo_vault)]
    page.edits["name"].setText(name)
    qtbot.keyClicks(page.edits["contact_phone"], "0356-1234567")
    qtbot.mouseClick(page.add_button, LEFT)
    qtbot.waitUntil(page.message.isVisible, timeout=TIMEOUT_MS)
    assert page.message.text() == ("请填写单位名称。" if not name.strip() else "已有同名单位：晋城市民政局")
    assert page.current_id is None and page.add_button.isEnabled()
    assert [(d.id, d.name, d.revision) for d in departments(demo_vault)] == before


def test_add_then_edit_as_made(qtbot, page, demo_vault):
    page.edits["name"].insert("晋城市教育局")
    qtbot.keyClicks(page.edits["code"], "11140500MB00000002")
    page.edits["contact_name"].insert("孙悦")
    page.notes_edit.setPlainText("三楼信息中心")
    qtbot.mouseClick(page.add_button, LEFT)
    qtbot.waitUntil(lambda: page.current_id is not None, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: page.model.row_of(page.current_id) >= 0, timeout=TIMEOUT_MS)
    new_id = page.current_id
    assert not page.add_button.isVisible() and page.form_box.title() == "编辑：晋城市教育局"
    assert page.view.selectionModel().selectedRows()[0].data(ID_ROLE) == new_id
    with demo_vault.session() as s:
        d = s.get(Department, new_id)
        assert (d.name, d.code, d.contact_name) == ("晋城市教育局", "11140500MB00000002", "孙悦")
        assert d.notes == "三楼信息中心"

    # an existing department saves field by field as it is left
    page.edits["contact_phone"].setText("0356-7654321")
    page.edits["contact_phone"].editingFinished.emit()
    qtbot.waitUntil(lambda: page.state_label.text() == "已保存。修改会自动保存。", timeout=TIMEOUT_MS)
    page.edits["name"].setText(" ")
    page.edits["name"].editingFinished.emit()
    qtbot.waitUntil(page.message.isVisible, timeout=TIMEOUT_MS)
    assert page.message.text() == "请填写单位名称。"
    with demo_vault.session() as s:
        d = s.get(Department, new_id)
        assert (d.name, d.contact_phone) == ("晋城市教育局", "0356-7654321")

    # choosing another department fills the form with it
    other = next(r for r in range(page.model.rowCount()) if page.model.row(r)["id"] != new_id)
    page.view.selectRow(other)
    assert page.current_id == page.model.row(other)["id"]
    assert page.edits["name"].text() == page.model.row(other)["name"] and not page.message.isVisible()
    qtbot.mouseClick(page.new_button, LEFT)
    assert page.current_id is None and page.edits["name"].text() == "" and page.add_button.isVisible()


def test_clear_forgets_everything(page):
    page.view.selectRow(0)
    assert page.edits["name"].text()
    page.clear()
    assert page.model.rowCount() == 0 and page.edits["name"].text() == "" and page.current_id is None


def test_a_write_elsewhere_reloads_the_list_and_keeps_the_form(qtbot, page, demo_vault):
    n = page.model.rowCount()
    page.view.selectRow(2)
    chosen = page.current_id
    with qtbot.waitSignal(page.model.modelReset, timeout=TIMEOUT_MS):  # another page adds a department
        page.ctx.write(None, lambda s: plans.create_department(s, name="晋城市交通运输局").id)
    assert page.model.rowCount() == n + 1 and page.count_label.text() == f"共 {n + 1} 个单位"
    assert page.current_id == chosen
    assert page.view.selectionModel().selectedRows()[0].data(ID_ROLE) == chosen


@pytest.mark.parametrize("code, says", [
    ("12345", "统一社会信用代码应为 18 位，“12345”是 5 位。"),
    ("11140500MB00000003", "第 18 位应为“2”"),
    ("11140500MB0000000I", "第 18 位“I”无效（代码中不使用字母 I）"),
])
def test_an_invalid_code_is_refused_with_what_is_wrong(qtbot, page, demo_vault, code, says):
    before = [(d.id, d.revision) for d in departments(demo_vault)]
    page.edits["name"].setText("晋城市教育局")
    page.edits["code"].setText(code)
    qtbot.mouseClick(page.add_button, LEFT)
    qtbot.waitUntil(page.message.isVisible, timeout=TIMEOUT_MS)
    assert says in page.message.text() and page.current_id is None
    assert [(d.id, d.revision) for d in departments(demo_vault)] == before


def test_the_list_is_by_pinyin(qtbot, page):
    with qtbot.waitSignal(page.model.modelReset, timeout=TIMEOUT_MS):
        page.ctx.write(None, lambda s: [plans.create_department(s, name=n) for n in ("阿城区教育局", "中山市民政局")]
                       and None)
    names = [page.model.row(r)["name"] for r in range(page.model.rowCount())]
    assert names[0] == "阿城区教育局" and names[-1] == "中山市民政局"
    assert names.index("晋城市民政局") < names.index("晋城市人力资源和社会保障局") < names.index("晋城市卫生健康委员会")


def _list_file(tmp_path, rows: list[str]) -> object:
    path = tmp_path / "名单.csv"
    path.write_text("单位名称,统一社会信用代码,地址,联系人,联系电话\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_import_previews_marks_problems_then_imports_the_good_rows(qtbot, page, demo_vault, tmp_path, monkeypatch):
    from ui.departments import import_dialog
    from ui.departments.import_dialog import COL_CODE as I_CODE, COL_NAME as I_NAME, COL_PROBLEMS
    from ui.widgets import palette

    rows = [f"晋城市测试局{i:03d},,城区,张{i},0356-{i}" for i in range(198)]
    rows += ["晋城市民政局,,,,", "晋城市某局,12345,,,"]
    path = _list_file(tmp_path, rows)
    monkeypatch.setattr(import_dialog.files, "open_file", lambda *a, **k: path)
    before = len(departments(demo_vault))
    qtbot.mouseClick(page.import_button, LEFT)
    dialog = page.import_dialog
    assert dialog.isVisible() and not dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.choose_button, LEFT)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 200, timeout=TIMEOUT_MS)
    assert len(departments(demo_vault)) == before  # the preview writes nothing
    assert dialog.import_button.text() == "导入 198 个单位" and dialog.import_button.isEnabled()
    assert "共 200 行：198 行可导入，2 行有问题" in dialog.summary.text()
    model = dialog.model  # the rows with problems first
    assert model.index(0, 0).data() == "200" and "已有同名单位“晋城市民政局”" in model.index(0, COL_PROBLEMS).data()
    assert model.index(1, 0).data() == "201"
    assert model.index(1, COL_PROBLEMS).data().startswith("统一社会信用代码应为 18 位")
    red = palette.qcolor(palette.WARNING)
    assert model.index(1, I_CODE).data(Qt.ItemDataRole.ForegroundRole) == red
    assert model.index(1, I_NAME).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(2, 0).data() == "2" and model.index(2, COL_PROBLEMS).data() == "可导入"
    with qtbot.waitSignal(dialog.imported, timeout=TIMEOUT_MS) as added:
        qtbot.mouseClick(dialog.import_button, LEFT)
    assert len(added.args[0]) == 198 and len(departments(demo_vault)) == before + 198
    assert "已导入 198 个单位。2 行有问题，未导入" in dialog.summary.text()
    assert not dialog.import_button.isEnabled() and dialog.close_button.text() == "关闭"
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 198, timeout=TIMEOUT_MS)


def test_import_refuses_a_file_without_the_name_column(qtbot, page, demo_vault, tmp_path):
    from ui.departments.import_dialog import DepartmentImportDialog

    path = tmp_path / "x.csv"
    path.write_text("地址\n城区\n", encoding="utf-8")
    dialog = DepartmentImportDialog(page.ctx, page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load(path)
    qtbot.waitUntil(dialog.message.isVisible, timeout=TIMEOUT_MS)
    assert "找不到表头“单位名称”" in dialog.message.text() and not dialog.import_button.isEnabled()


def test_the_template_is_saved_where_chosen(qtbot, page, tmp_path, monkeypatch):
    from ui.departments import import_dialog

    out = tmp_path / "模板.xlsx"
    monkeypatch.setattr(import_dialog.files, "save_file", lambda *a, **k: out)
    dialog = import_dialog.DepartmentImportDialog(page.ctx, page)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.template_button, LEFT)
    qtbot.waitUntil(dialog.message.isVisible, timeout=TIMEOUT_MS)
    assert out.stat().st_size > 0 and "模板已保存" in dialog.message.text()


def test_someone_elses_save_meanwhile_is_shown_not_overwritten(qtbot, page, demo_vault):
    """Two people on one department (two windows, or two office staff on the hub)."""
    row = page.model.row(0)
    page.view.selectRow(0)
    page.edits["contact_name"].setText("张三")
    page.edits["contact_name"].editingFinished.emit()
    qtbot.waitUntil(lambda: page.state_label.text() == "已保存。修改会自动保存。", timeout=TIMEOUT_MS)
    with demo_vault.session() as s:  # the other person saves
        plans.update_department(s, row["id"], contact_phone="0356-1111111")
    page.edits["contact_name"].setText("李四")
    page.edits["contact_name"].editingFinished.emit()
    qtbot.waitUntil(lambda: page.state_label.text() == "未保存。", timeout=TIMEOUT_MS)
    assert "未保存" in page.message.text()
    qtbot.waitUntil(lambda: page.edits["contact_phone"].text() == "0356-1111111", timeout=TIMEOUT_MS)
    assert page.edits["contact_name"].text() == "张三"  # their version, with this window's earlier save
    with demo_vault.session() as s:
        d = s.get(Department, row["id"])
        assert (d.contact_name, d.contact_phone) == ("张三", "0356-1111111")
