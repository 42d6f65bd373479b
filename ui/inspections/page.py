"""现场检查: the list of inspections, starting a new one, and the runner for the one opened.

``ctx.navigate("inspections", inspection_id)`` opens the runner on that
inspection directly; without an argument the page shows what it showed last
(the list, or the runner the inspector was working in).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.model import Area
from inspector.services import inspections as svc
from ui.context import AppContext
from ui.inspections.inspection_list import COL_DEPARTMENT, COL_PLAN, InspectionsTableModel, ask_new_inspection
from ui.inspections.runner import InspectionRunner
from ui.widgets import palette
from ui.widgets.page import Page
from ui.widgets.table_model import ID_ROLE
from ui.widgets.tables import configure_table

if TYPE_CHECKING:
    from inspector.changes import Changes
    from ui.tasks import BackgroundTask

FLUSH_WAIT_MS = 10_000
LIST_AREAS = frozenset({Area.INSPECTIONS, Area.DEPARTMENTS, Area.PLANS, Area.CHECKLISTS})
"""What the list shows: inspections, their departments and plans, their progress through the checklist."""
RUNNER_AREAS = LIST_AREAS | {Area.FINDINGS, Area.EVIDENCE, Area.SELF_REPORTS}
"""What a shown runner re-reads when another screen changed it (its own edits it shows already)."""


class InspectionsPage(Page):
    key = "inspections"
    areas = RUNNER_AREAS

    rows_loaded = Signal()           # the list shows the vault's inspections
    runner_opened = Signal(object)   # the InspectionRunner now shown

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.runner: InspectionRunner | None = None
        self._retired_write: BackgroundTask | None = None  # last write of a runner replaced by another
        self._runner_stale = False
        # replaceable in tests: the dialog that picks plan and department
        self.ask_new: Callable[[list[dict[str, Any]]], tuple[str, ...] | None] = (
            lambda targets: ask_new_inspection(self, targets))

        self.model = InspectionsTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        configure_table(self.view, (COL_DEPARTMENT, COL_PLAN), on_activate=self._activated, alternating=True)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)

        self.new_button = QPushButton(self.tr("新建检查…"))
        self.new_button.setToolTip(self.tr("选择检查计划和被检查单位，开始现场检查"))
        self.new_button.clicked.connect(self.start_new)
        self.open_button = QPushButton(self.tr("打开检查"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_selected)
        self.empty_label = QLabel(self.tr("还没有现场检查。点击“新建检查…”，选择检查计划和被检查单位即可开始。"))
        self.empty_label.setStyleSheet(palette.text_style(palette.MUTED))
        self.empty_label.hide()
        list_page = QWidget()
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.empty_label)
        list_layout.addWidget(self.view, 1)

        self.stack = QStackedWidget()
        self.stack.addWidget(list_page)
        self.list_page = list_page
        self.stack.currentChanged.connect(self._shown_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def title(self) -> str:
        return self.tr("现场检查")

    def header_actions(self) -> list[QWidget]:
        return [self.open_button, self.new_button]

    def _shown_changed(self, _index: int) -> None:
        """The list's actions show in the page header only while the list is shown (not over the runner)."""
        self.update_header_actions()

    def update_header_actions(self) -> None:
        if not self.header_placed:
            return  # a button without a parent yet would show as a window of its own
        on_list = self.stack.currentWidget() is self.list_page
        for button in self.header_actions():
            button.setVisible(on_list)

    def on_written(self, changes: Changes, initiator: QWidget | None) -> None:
        """The list is stale after any change it shows; the runner only after changes it did not make itself
        (its edits, and the inspection this page just started for it, are on screen already)."""
        if not changes.touches(self.areas):
            return
        if changes.touches(LIST_AREAS):
            self.stale = True
        if self.runner is not None and initiator is not self.runner and initiator is not self:
            self._runner_stale = True
        if self.isVisible():
            self.activate()

    # ---- showing ---------------------------------------------------------------------------

    def activate(self, argument: object = None) -> None:
        if isinstance(argument, str) and argument:
            self.open_inspection(argument)
            return
        if self.stack.currentWidget() is self.list_page:
            if self.stale:
                self.reload()
        elif self.runner is not None and self._runner_stale:  # the list is read again when shown
            self._runner_stale = False
            self.runner.load()

    def reload(self) -> None:
        self.stale = False
        self.ctx.read(self, svc.list_inspection_rows, self._show_rows, key="rows")

    def _show_rows(self, rows: list[dict[str, Any]]) -> None:
        selected = self.selected_id()
        self.model.set_rows(rows)
        self.empty_label.setVisible(not rows)
        row = self.model.row_of(selected) if selected else -1
        if row >= 0:
            self.view.selectRow(row)
        self._selection_changed()
        self.rows_loaded.emit()

    def selected_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def _selection_changed(self, *args: object) -> None:
        self.open_button.setEnabled(self.selected_id() is not None)

    def _activated(self, index: QModelIndex) -> None:
        self.open_inspection(index.data(ID_ROLE))

    def open_selected(self) -> None:
        inspection_id = self.selected_id()
        if inspection_id:
            self.open_inspection(inspection_id)

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_page)
        self.reload()  # the runner's edits changed the progress shown here
        self.view.setFocus()

    # ---- the runner ------------------------------------------------------------------------

    def open_inspection(self, inspection_id: str) -> InspectionRunner:
        runner = self.runner
        if runner is not None and runner.inspection_id == inspection_id:
            if self._runner_stale:
                self._runner_stale = False
                runner.load()
        else:
            if runner is not None:  # its queued writes run before the new runner's read
                self._retired_write = runner.last_write
                self.stack.removeWidget(runner)
                runner.deleteLater()
            runner = InspectionRunner(self.ctx, inspection_id)
            runner.back_requested.connect(self.show_list)
            self.stack.addWidget(runner)
            self.runner = runner
            self._runner_stale = False
        self.stack.setCurrentWidget(runner)
        self.runner_opened.emit(runner)
        return runner

    def start_new(self) -> None:
        self.ctx.read(self, svc.startable_targets, self._choose_target, key="targets")

    def _choose_target(self, targets: list[dict[str, Any]]) -> None:
        if not targets:
            QMessageBox.information(self, self.tr("新建现场检查"),
                                    self.tr("没有可以开始检查的计划对象：请先在检查计划中添加被检查单位。"))
            return
        choice = self.ask_new(targets)
        if choice is None:
            return
        if choice[0] == "open":
            self.open_inspection(choice[1])
            return
        _, plan_id, department_id, location = choice
        self.ctx.write(self, lambda s: svc.start_inspection(s, plan_id, department_id, location=location).id,
                       self.open_inspection)

    # ---- locking ---------------------------------------------------------------------------

    def flush(self, timeout_ms: int = FLUSH_WAIT_MS) -> bool:
        """Wait until every edit made in a runner reached the vault."""
        ok = True
        if self._retired_write is not None:
            ok = self._retired_write.wait(timeout_ms)
        if self.runner is not None:
            ok = self.runner.flush(timeout_ms) and ok
        return ok

    def clear(self) -> None:
        self.flush()
        if self.runner is not None:
            self.runner.clear()
            self.stack.removeWidget(self.runner)
            self.runner.deleteLater()
            self.runner = None
        self._retired_write = None
        self.stack.setCurrentWidget(self.list_page)
        self.model.set_rows([])
        self.stale = True
