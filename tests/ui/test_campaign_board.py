"""进度看板 (issue 17 §1): the board of the demo plan — its rows and cells, colours, sorting, the name and state
filters, the counts line, a double-click into the department, the reload after a write, the xlsx export, and the
plans page button that opens it."""

from __future__ import annotations

from datetime import date, datetime, timezone

import openpyxl
import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from inspector.model import Plan
from inspector.services import campaign
from ui.campaign.board import (
    ALL,
    ANY_LATE,
    ANY_RUNNING,
    C_DEPARTMENT,
    C_FINDINGS,
    C_INSPECTION,
    C_RECTIFICATION,
    C_SCHEDULED,
    C_SELFREPORT,
    BoardDialog,
    BoardModel,
)
from ui.context import AppContext
from ui.widgets.table_model import SORT_ROLE
from ui.plans.page import PlansPage
from ui.widgets import palette

TIMEOUT_MS = 15_000
RS = "晋城市人力资源和社会保障局"


def _plan_id(vault) -> str:
    with vault.session(read_only=True) as s:
        return s.exec(select(Plan)).one().id


@pytest.fixture
def open_board(qtbot, demo_vault):
    def _open() -> BoardDialog:
        dialog = BoardDialog(AppContext(demo_vault), _plan_id(demo_vault), "2026年度全市政务数据安全监督检查")
        qtbot.addWidget(dialog)
        dialog.show()
        with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT_MS):
            dialog.reload()
        return dialog
    return _open


def shown(dialog, col: int) -> list[str]:
    return [dialog.proxy.index(r, col).data() for r in range(dialog.proxy.rowCount())]


def test_model_alone_cells_and_colours(qtbot, demo_vault):
    with demo_vault.session(read_only=True) as s:
        board = campaign.board(s, _plan_id(demo_vault), date(2027, 1, 10))
    model = BoardModel()
    model.set_rows(board.rows)
    assert model.columnCount() == 8 and model.rowCount() == 4
    assert model.headerData(0, Qt.Orientation.Horizontal) == "被检查单位"
    second = board.rows[1]
    assert model.index(1, C_DEPARTMENT).data() == second.department
    assert model.index(1, C_INSPECTION).data() == "已完成\n2026-10-29"
    assert model.index(1, C_RECTIFICATION).data() == f"{second.rect_notice_number}\n2026-11-03，期限 2026-12-15"
    assert model.index(1, C_FINDINGS).data() == "2 项\n2/0/0/2"
    late = palette.STAGE_STATE["late"]
    assert model.index(1, C_FINDINGS).data(Qt.ItemDataRole.ForegroundRole).color().name() == late
    assert model.index(1, C_INSPECTION).data(Qt.ItemDataRole.ForegroundRole).color().name() == palette.OK
    assert "逾期 2 项" in model.index(1, C_FINDINGS).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, C_SELFREPORT).data().startswith("已返回 2026-10-15\n差异 ")
    # a late stage says so in words, not by colour alone
    third = board.rows[2]
    assert third.states["inspection"] == "late"
    assert model.index(2, C_INSPECTION).data() == "未开始\n（逾期）"
    assert all(model.index(r, c).data().count("\n") <= 1 for r in range(4) for c in range(8))  # rows hold two lines


def test_the_dialog_sorts_filters_and_counts(qtbot, open_board):
    dialog = open_board()
    assert dialog.proxy.rowCount() == 4
    dates = shown(dialog, C_SCHEDULED)
    assert dates == sorted(dates)
    dialog.view.sortByColumn(C_SCHEDULED, Qt.SortOrder.DescendingOrder)
    assert shown(dialog, C_SCHEDULED) == sorted(dates, reverse=True)
    dialog.view.sortByColumn(C_DEPARTMENT, Qt.SortOrder.AscendingOrder)
    names = shown(dialog, C_DEPARTMENT)
    assert len(names) == 4 and names != []
    assert "显示 4 / 4 个单位" in dialog.count_label.text() and "问题 5 项" in dialog.count_label.text()
    dialog.search_edit.setText("人力资源")
    assert shown(dialog, C_DEPARTMENT) == [RS]
    assert "显示 1 / 4 个单位" in dialog.count_label.text()
    dialog.search_edit.clear()
    dialog.state_combo.setCurrentIndex(dialog.state_combo.findData(ANY_RUNNING))
    assert RS in shown(dialog, C_DEPARTMENT) and dialog.proxy.rowCount() == 2
    dialog.state_combo.setCurrentIndex(dialog.state_combo.findData(ANY_LATE))
    late = {r.department for r in dialog.model.rows() if "late" in r.states.values()}
    assert set(shown(dialog, C_DEPARTMENT)) == late
    dialog.state_combo.setCurrentIndex(dialog.state_combo.findData(ALL))
    assert dialog.proxy.rowCount() == 4


def test_double_click_opens_the_department(qtbot, open_board):
    dialog = open_board()
    navigated: list = []
    dialog.ctx.navigate_requested.connect(lambda page, arg: navigated.append((page, arg)))
    dialog.search_edit.setText("人力资源")
    row = dialog.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole + 2)
    rect = dialog.view.visualRect(dialog.proxy.index(0, C_DEPARTMENT))
    qtbot.mouseClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(dialog.navigated, timeout=TIMEOUT_MS):
        qtbot.mouseDClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert navigated == [("inspections", row.inspection_id)] and row.inspection_id
    assert not dialog.isVisible()
    # a department never inspected: the departments page, with that department
    dialog = open_board()
    dialog.ctx.navigate_requested.connect(lambda page, arg: navigated.append((page, arg)))
    never = next(r for r in dialog.model.rows() if r.inspection_id is None)
    dialog.open_row(dialog.proxy.index(dialog.proxy.mapFromSource(
        dialog.model.index(dialog.model.row_of(never.department_id), 0)).row(), 0))
    assert navigated[-1] == ("departments", never.department_id)


def test_reloads_after_a_write_and_exports(qtbot, demo_vault, open_board, tmp_path):
    from inspector.services import letter_inspection, letters

    dialog = open_board()
    fourth = dialog.model.rows()[3]
    later = "2027-03-01"

    def draft(s):
        return letters.create(s, letter_inspection.KEY, plan_id=dialog.plan_id, department_id=fourth.department_id,
                              fields={"visit_from": later, "visit_to": later, "selfreport_due": "2027-02-20"}).id

    with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT_MS):
        dialog.ctx.write(None, draft)
    n = dialog.model.row_of(fourth.department_id)
    assert dialog.model.row(n).notice_letter_status == "draft"
    out = tmp_path / "board.xlsx"
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT_MS):
        dialog.export_to(out)
    ws = openpyxl.load_workbook(out)["进度看板"]
    assert ws["B3"].value == "被检查单位" and ws.max_row == 7
    assert "已导出" in dialog.message_label.text()


def test_the_plans_page_opens_the_board(qtbot, demo_vault):
    page = PlansPage(AppContext(demo_vault))
    qtbot.addWidget(page)
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=TIMEOUT_MS)
    page.select(_plan_id(demo_vault))
    assert page.board_button.isEnabled() and page.board_button.text() == "进度看板…"
    assert page.board_button in page.header_actions()
    dialog = page.open_board()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 4, timeout=TIMEOUT_MS)
    assert dialog.isVisible() and "进度看板" in dialog.windowTitle()
    page.clear()
    assert page.board is None


def test_the_review_column(qtbot):
    from inspector.services.campaign import BoardRow
    from ui.campaign.board import C_REVIEW

    states = dict(notice="done", selfreport="done", inspection="done", rectification="done", findings="in_progress")
    rows = [BoardRow("a", "单位甲", review_status="issued", review_number="晋数安检〔2026〕9号",
                     review_on=date(2026, 12, 20), review_next_step="reinspect", review_reinspect_on=date(2027, 1, 5),
                     states={**states, "review": "done"}),
            BoardRow("b", "单位乙", review_status="draft", states={**states, "review": "in_progress"}),
            BoardRow("c", "单位丙", states={**states, "review": "late"}),
            BoardRow("d", "单位丁", reinspection_id="x", reinspection_status="planned",
                     reinspection_on=date(2027, 1, 5), states={**states, "review": "in_progress"}),
            BoardRow("e", "单位戊", review_status="issued", review_number="晋数安检〔2027〕2号",
                     reinspection_id="y", reinspection_status="completed", reinspection_on=date(2027, 1, 6),
                     states={**states, "review": "done"})]
    model = BoardModel()
    model.set_rows(rows)
    assert model.index(0, C_REVIEW).data() == "晋数安检〔2026〕9号\n组织复查 2027-01-05"
    assert model.index(1, C_REVIEW).data() == "草稿"
    assert model.index(2, C_REVIEW).data() == "未起草\n（逾期）"
    assert model.index(3, C_REVIEW).data() == "复查已安排 2027-01-05\n未出具复查意见书"
    assert model.index(4, C_REVIEW).data() == "已复查 2027-01-06\n晋数安检〔2027〕2号"
    tip = model.index(0, C_REVIEW).data(Qt.ItemDataRole.ToolTipRole)
    assert "签发日期：2026-12-20" in tip and "现场复查：未安排" in tip
    assert "现场复查：已复查 2027-01-06" in model.index(4, C_REVIEW).data(Qt.ItemDataRole.ToolTipRole)
    # no cell has more than the two lines a row holds
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            assert model.index(r, c).data().count("\n") <= 1


def test_painted_first_then_the_discrepancies(qtbot, demo_vault):
    """The board paints before the self-reports are counted (差异计算中…), then fills that column in place: the
    selection and the scroll stay, a board sorted by the self-report column is sorted again."""
    plan_id = _plan_id(demo_vault)
    with demo_vault.session(read_only=True) as s:
        whole = {r.department_id: r for r in campaign.board(s, plan_id).rows}
    dialog = BoardDialog(AppContext(demo_vault), plan_id, "2026年度全市政务数据安全监督检查")
    qtbot.addWidget(dialog)
    dialog.show()
    first: list[list[str]] = []

    def painted() -> None:
        first.append(shown(dialog, C_SELFREPORT))
        dialog.view.sortByColumn(C_SELFREPORT, Qt.SortOrder.AscendingOrder)
        dialog.view.selectRow(1)

    dialog.loaded.connect(painted)
    with qtbot.waitSignals([dialog.loaded, dialog.counted], order="strict", timeout=TIMEOUT_MS):
        dialog.reload()
    assert any(text.endswith("差异计算中…") for text in first[0])
    selected = dialog.view.selectionModel().selectedRows()
    assert [i.row() for i in selected] == [1]
    texts = shown(dialog, C_SELFREPORT)
    assert not any("计算中" in text for text in texts)
    for n in range(dialog.proxy.rowCount()):
        row = dialog.proxy.index(n, 0).data(Qt.ItemDataRole.UserRole + 2)
        assert row.counted and row.discrepancies == whole[row.department_id].discrepancies
        if row.returned_at is not None:
            assert texts[n].endswith(f"差异 {row.discrepancies} 项")
    keys = [dialog.proxy.index(n, C_SELFREPORT).data(SORT_ROLE) for n in range(dialog.proxy.rowCount())]
    assert keys == sorted(keys)


def test_columns_fit_from_one_text_per_shape(qtbot):
    """Cells of one shape have lines of the same lengths: the widest lines found from one row per shape are the
    widest of all rows, over rows varied in every field the texts show."""
    import random
    from dataclasses import fields

    from inspector.services.campaign import STAGES, BoardRow
    from ui.campaign.board import _units

    rng = random.Random(17)

    def maybe(value):
        return value if rng.random() < 0.6 else None

    def day():
        return date(2026, rng.randint(1, 12), rng.randint(1, 28))

    rows = []
    for i in range(600):
        status = rng.choice((None, "draft", "issued"))
        number = rng.choice(("", f"晋数检〔2026〕{rng.randint(1, 3000)}号", f"晋数安检〔2027〕{rng.randint(1, 30)}号"))
        rows.append(BoardRow(
            f"d{i}", f"单位{i}", scheduled_on=maybe(day()), notice_letter_status=status, notice_letter_number=number,
            notice_letter_on=maybe(day()), form_sent=rng.random() < 0.5,
            returned_at=maybe(datetime(2026, 10, rng.randint(1, 28), rng.randint(0, 23), tzinfo=timezone.utc)),
            discrepancies=rng.choice((0, 3, 12, 140)), counted=rng.random() < 0.7,
            inspection_status=rng.choice((None, "planned", "in_progress", "completed")), inspected_on=maybe(day()),
            rect_notice_status=rng.choice((None, "draft", "issued")), rect_notice_number=number,
            rect_notice_on=maybe(day()), rect_deadline=maybe(day()),
            findings_total=rng.choice((0, 4, 25, 310)), findings_open=rng.choice((0, 2, 17)),
            findings_reported=rng.choice((0, 5, 40)), findings_verified=rng.choice((0, 1, 200)),
            findings_overdue=rng.choice((0, 3, 11)), review_status=rng.choice((None, "draft", "issued")),
            review_number=number, review_on=maybe(day()), review_next_step=rng.choice(("", "closed", "reinspect")),
            review_reinspect_on=maybe(day()), reinspection_id=maybe("r"),
            reinspection_status=rng.choice((None, "planned", "in_progress", "completed")),
            reinspection_on=maybe(day()),
            states={stage: rng.choice(("late", "in_progress", "not_started", "done")) for stage in STAGES}))
    assert len({f.name for f in fields(BoardRow)}) > 30
    model = BoardModel()
    model.set_rows(rows)
    for col in range(1, model.columnCount()):
        groups: dict[tuple, set[tuple[int, ...]]] = {}
        for row in rows:
            lengths = tuple(_units(line) for line in model.text(row, col).split("\n"))
            groups.setdefault(model.shape(row, col), set()).add(lengths)
        assert all(len(lengths) == 1 for lengths in groups.values()), (col, [g for g in groups.values() if len(g) > 1])
        assert len(groups) < len(rows) / 3  # the point: far fewer texts than rows
