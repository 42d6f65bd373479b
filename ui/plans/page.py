"""安排部署 — the inspection plans: a table of plans; new and edit open the plan editor; 删除… deletes a draft
plan made in error, with a reason (the core refuses one an inspection or a self-report started from).

Under the table, 自查评估 (:class:`ui.forms.selfreport.SelfReportPanel`) follows the
selected plan: the self-report form of a target department, its import, the discrepancy view.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError
from inspector.model import Area, PlanStatus
from inspector.services import deletion, queries
from ui.context import AppContext
from ui.errors import show_error
from ui.forms.selfreport import SelfReportPanel
from ui.plans.editor import PlanEditor
from ui.plans.form import plan_status_text
from ui.widgets import palette
from ui.widgets.confirm import ask_reason
from ui.widgets.page import Page
from ui.widgets.table_model import ID_ROLE, SORT_ROLE, RowsTableModel
from ui.widgets.tables import configure_table

if TYPE_CHECKING:
    from inspector.changes import Changes

COL_YEAR, COL_TITLE, COL_STATUS, COL_START, COL_END, COL_TARGETS = range(6)

# what only the self-report panel shows (its targets' names, their self-reports): a change there reloads the panel alone
PANEL_AREAS = frozenset({Area.DEPARTMENTS, Area.SELF_REPORTS})


class PlansTableModel(RowsTableModel):
    """Rows as :func:`inspector.services.queries.list_plans` returns them."""

    def headers(self) -> list[str]:
        return [self.tr("年度"), self.tr("计划名称"), self.tr("状态"), self.tr("开始"), self.tr("结束"),
                self.tr("被检查单位")]

    def text(self, row: dict[str, Any], col: int) -> str:
        if col == COL_YEAR:
            return str(row["year"])
        if col == COL_TITLE:
            return row["title"]
        if col == COL_STATUS:
            return plan_status_text(row["status"])
        if col in (COL_START, COL_END):
            d: date | None = row["start_on" if col == COL_START else "end_on"]
            return d.isoformat() if d else self.tr("未定")
        return str(row["targets"])

    def raw(self, row: dict[str, Any], col: int) -> Any:
        keys = (row["year"], row["title"], row["status"], (row["start_on"] or date.max).isoformat(),
                (row["end_on"] or date.max).isoformat(), row["targets"])
        return keys[col]

    def tooltip(self, row: dict[str, Any], col: int) -> str | None:
        if col == COL_TITLE and row.get("focus"):
            return self.tr("检查重点：{focus}").format(focus=row["focus"])
        return None

    def alignment(self, row: dict[str, Any], col: int) -> Qt.AlignmentFlag | None:
        return Qt.AlignmentFlag.AlignCenter if col in (COL_YEAR, COL_TARGETS) else None


class PlansPage(Page):
    """The plans (their rows: :data:`Area.PLANS`) and, under them, the 自查评估 panel (:data:`PANEL_AREAS`).

    Teams (:data:`Area.PEOPLE`) appear only in the plan editor, which reads them when it opens
    and again after it made one.
    """

    key = "plans"
    areas = frozenset({Area.PLANS}) | PANEL_AREAS

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.editor: PlanEditor | None = None
        self._select_after_reload: str | None = None
        self.model = PlansTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COL_YEAR, Qt.SortOrder.DescendingOrder)
        configure_table(self.view, COL_TITLE, on_activate=lambda _index: self.edit_selected())

        self.count_label = QLabel()
        self.count_label.setStyleSheet(palette.text_style(palette.SECONDARY))
        self.new_button = QPushButton(self.tr("新建计划…"))
        self.edit_button = QPushButton(self.tr("编辑…"))
        self.edit_button.setEnabled(False)
        self.delete_button = QPushButton(self.tr("删除…"))  # a draft plan made in error, with a reason
        self.delete_button.setEnabled(False)
        self.analysis_button = QPushButton(self.tr("检查分析…"))  # what the inspections of the plan found
        self.analysis_button.setEnabled(False)
        self.analysis_button.clicked.connect(self.open_analysis)
        self.board_button = QPushButton(self.tr("进度看板…"))
        self.board_button.setEnabled(False)
        self.board_button.setToolTip(self.tr("所选计划每个被检查单位在各环节的进度，可导出 xlsx"))
        self.versions_button = QPushButton(self.tr("检查表版本…"))  # ui.versions: draft, edit, publish versions
        self.versions_button.clicked.connect(self.open_versions)
        self.versions = None  # the versions dialog (ui.versions.dialog.VersionsDialog), opened on demand
        self.board = None  # the campaign board of a plan (ui.campaign.board.BoardDialog), opened on demand
        self.forms = SelfReportPanel(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.forms)

        self.new_button.clicked.connect(lambda: self.open_editor(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.board_button.clicked.connect(self.open_board)
        self._filling = False
        self.view.selectionModel().selectionChanged.connect(
            lambda *_: None if self._filling else self._selection_changed())

    def title(self) -> str:
        return self.tr("检查计划")

    def subtitle(self) -> str:
        return self.tr("第一步“安排部署”：确定检查对象、检查重点、检查表、时间安排和检查组。")

    def header_actions(self) -> list[QWidget]:
        return [self.new_button, self.edit_button, self.delete_button, self.board_button, self.analysis_button,
                self.versions_button]

    def on_written(self, changes: Changes, initiator: QWidget | None) -> None:
        """A plan changed: the list (and the panel after it); only a department or a self-report: the panel."""
        if changes.touches({Area.PLANS}):
            super().on_written(changes, initiator)
        elif changes.touches(PANEL_AREAS):
            if self.isVisible():
                self.forms.reload()
            else:
                self.stale = True

    def activate(self, argument: object = None) -> None:
        if self.stale:
            self.reload()
        if isinstance(argument, str):
            self.open_editor(argument)

    def reload(self) -> None:
        if self.ctx.read(self, queries.list_plans, self.show_rows, key="rows") is not None:
            self.stale = False

    def show_rows(self, rows: list[dict[str, Any]]) -> None:
        selected = self._select_after_reload or self.selected_id()
        self._select_after_reload = None
        self._filling = True  # one reading of the selected plan's targets, after the rows are in
        try:
            self.model.set_rows(rows)
            self.count_label.setText(self.tr("共 {n} 个计划").format(n=len(rows)))
            if selected is not None:
                self.select(selected)
        finally:
            self._filling = False
        self._selection_changed()

    def select(self, plan_id: str) -> None:
        n = self.model.row_of(plan_id)
        if n >= 0:
            self.view.selectRow(self.proxy.mapFromSource(self.model.index(n, 0)).row())

    def selected_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def _selection_changed(self) -> None:
        plan_id = self.selected_id()
        self.edit_button.setEnabled(plan_id is not None)
        self.analysis_button.setEnabled(plan_id is not None)
        self.board_button.setEnabled(plan_id is not None)
        n = self.model.row_of(plan_id) if plan_id is not None else -1
        draft = n >= 0 and self.model.row(n)["status"] == PlanStatus.DRAFT
        self.delete_button.setEnabled(draft)
        self.delete_button.setToolTip(self.tr("删除误建的草稿计划（需填写原因）") if draft
                                      else self.tr("只能删除草稿状态的计划"))
        self.forms.set_plan(plan_id, self.model.row(n)["title"] if n >= 0 else "")

    def edit_selected(self) -> None:
        plan_id = self.selected_id()
        if plan_id is not None:
            self.open_editor(plan_id)

    def delete_selected(self) -> None:
        """删除…: ask why, then delete the selected draft plan with its targets; the core refuses it when an
        inspection or a self-report started from it, and says why. The list reloads on the write."""
        plan_id = self.selected_id()
        n = self.model.row_of(plan_id) if plan_id is not None else -1
        if n < 0 or self.model.row(n)["status"] != PlanStatus.DRAFT:
            return
        title = self.model.row(n)["title"]
        reason = ask_reason(self, self.tr("删除计划"),
                            self.tr("删除草稿计划“{title}”？\n其被检查单位安排一并删除，不能撤销；"
                                    "删除及原因记入审计记录，并随交换文件同步到其他设备。").format(title=title),
                            self.tr("删除"))
        if reason is None:
            return
        if self.editor is not None and self.editor.plan_id == plan_id:  # its last edits go first, then it closes
            self.editor.discard_and_close()
        self.ctx.write(self, lambda s: deletion.delete(s, "plan", plan_id, reason).id, self._deleted,
                       on_failure=self._refused)

    def _deleted(self, plan_id: str) -> None:
        """The plan is gone: its board, if open, has nothing to show any more."""
        if self.board is not None and self.board.plan_id == plan_id:
            self.board.close()
            self.board.deleteLater()
            self.board = None

    def _refused(self, err: InspectorError) -> None:
        show_error(self, err)

    def open_board(self):
        """The campaign board of the selected plan (non-modal; one at a time)."""
        from ui.campaign.board import BoardDialog

        plan_id = self.selected_id()
        if plan_id is None or self.ctx.vault is None:
            return None
        if self.board is not None:
            self.board.close()
            self.board.deleteLater()
        self.board = BoardDialog(self.ctx, plan_id, self.model.row(self.model.row_of(plan_id))["title"], self)
        self.board.show()
        self.board.reload()
        return self.board

    def open_versions(self):
        """检查表版本 (ui.versions.dialog): non-modal, one at a time."""
        from ui.versions.dialog import open_versions

        if self.ctx.vault is None:
            return None
        if self.versions is not None:
            self.versions.close()
            self.versions.deleteLater()
        self.versions = open_versions(self.ctx, self)
        return self.versions

    def open_analysis(self):
        """检查分析 of the selected plan (ui.campaign.analytics)."""
        from ui.campaign.analytics import open_analytics

        plan_id = self.selected_id()
        return open_analytics(self.ctx, plan_id, self) if plan_id is not None and self.ctx.vault else None

    def open_editor(self, plan_id: str | None) -> PlanEditor | None:
        if self.ctx.vault is None:
            return None
        if self.editor is not None:  # the previous one, closed: its saves have long finished
            self.editor.discard_and_close()
            self.editor.deleteLater()
        self.editor = PlanEditor(self.ctx, plan_id, self)
        # each save reaches on_written (Area.PLANS), which reloads the list and selects the plan saved
        self.editor.saved.connect(self._remember_selection)
        self.editor.open()
        return self.editor

    def _remember_selection(self, plan_id: str) -> None:
        self._select_after_reload = plan_id

    def clear(self) -> None:
        if self.editor is not None:
            self.editor.discard_and_close()  # flushes what can be saved first
        if self.board is not None:
            self.board.close()
            self.board.deleteLater()
            self.board = None
        if self.versions is not None:
            self.versions.close()
            self.versions.deleteLater()
            self.versions = None
        self.forms.clear()
        self.model.set_rows([])
        self.count_label.setText("")
        self.stale = True
