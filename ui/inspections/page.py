"""现场检查: the list of inspections, starting a new one, and the runner for the one opened.

``ctx.navigate("inspections", inspection_id)`` opens the runner on that
inspection directly; without an argument the page shows what it showed last
(the list, or the runner the inspector was working in).
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.services import inspections as svc
from ui.context import AppContext
from ui.widgets.page import Page
from ui.inspections.runner import InspectionRunner
from ui.inspections.inspection_list import (
    COL_DEPARTMENT,
    COL_PLAN,
    ID_ROLE,
    InspectionsTableModel,
    ask_new_inspection,
)
from ui.tasks import BackgroundTask

FLUSH_WAIT_MS = 10_000
RUNNER_KINDS = {"finding", "evidence", "self_report", "department", "plan"}  # what a shown runner re-reads


class InspectionsPage(Page):
    key = "inspections"

    rows_loaded = Signal()           # the list shows the vault's inspections
    runner_opened = Signal(object)   # the InspectionRunner now shown

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.runner: InspectionRunner | None = None
        self._retired_write: BackgroundTask | None = None  # last write of a runner replaced by another
        self._runner_stale = False
        self._generation = 0  # bumped by clear(): answers to reads made before a lock are dropped
        # replaceable in tests: the dialog that picks plan and department
        self.ask_new: Callable[[list[dict[str, Any]]], tuple[str, ...] | None] = (
            lambda targets: ask_new_inspection(self, targets))

        self.model = InspectionsTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_DEPARTMENT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_PLAN, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(self._activated)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)

        self.new_button = QPushButton(self.tr("新建检查…"))
        self.new_button.setToolTip(self.tr("选择检查计划和被检查单位，开始现场检查"))
        self.new_button.clicked.connect(self.start_new)
        self.open_button = QPushButton(self.tr("打开检查"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_selected)
        self.empty_label = QLabel(self.tr("还没有现场检查。点击“新建检查…”，选择检查计划和被检查单位即可开始。"))
        self.empty_label.setStyleSheet("color: #757575;")
        self.empty_label.hide()
        title = QLabel(self.tr("现场检查"))
        title.setStyleSheet("font-size: 16px; font-weight: bold;")
        bar = QHBoxLayout()
        bar.addWidget(title, 1)
        bar.addWidget(self.open_button)
        bar.addWidget(self.new_button)
        list_page = QWidget()
        list_layout = QVBoxLayout(list_page)
        list_layout.addLayout(bar)
        list_layout.addWidget(self.empty_label)
        list_layout.addWidget(self.view, 1)

        self.stack = QStackedWidget()
        self.stack.addWidget(list_page)
        self.list_page = list_page
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def title(self) -> str:
        return self.tr("现场检查")

    def watched_kinds(self) -> set[str]:
        return {"inspection"} | RUNNER_KINDS

    def _on_data_changed(self, kind: str) -> None:
        if kind in RUNNER_KINDS:
            self._runner_stale = True
        super()._on_data_changed(kind)

    # ---- showing ---------------------------------------------------------------------------

    def activate(self, argument: object = None) -> None:
        if isinstance(argument, str) and argument:
            self.open_inspection(argument)
            return
        if self.stale:
            self.reload()
        if self.runner is not None and self.stack.currentWidget() is self.runner and self._runner_stale:
            self._runner_stale = False
            self.runner.load()

    def reload(self) -> None:
        vault = self.ctx.vault
        if vault is None:
            return
        self.stale = False

        def read(progress, cancel) -> list[dict[str, Any]]:
            with vault.session() as s:
                return svc.list_inspection_rows(s)

        generation = self._generation
        self.ctx.run(self, read, lambda rows: self._show_rows(rows) if generation == self._generation else None)

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
        vault = self.ctx.vault
        if vault is None:
            return

        def read(progress, cancel) -> list[dict[str, Any]]:
            with vault.session() as s:
                return svc.startable_targets(s)

        generation = self._generation
        self.ctx.run(self, read, lambda targets: self._choose_target(targets) if generation == self._generation else None)

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
        vault = self.ctx.vault

        def write(progress, cancel) -> str:
            with vault.session() as s:
                return svc.start_inspection(s, plan_id, department_id, location=location).id

        generation = self._generation
        self.ctx.run(self, write, lambda new_id: self._started(new_id) if generation == self._generation else None)

    def _started(self, inspection_id: str) -> None:
        self.ctx.changed("inspection")
        self.open_inspection(inspection_id)

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
        self._generation += 1
        if self.runner is not None:
            self.runner.clear()
            self.stack.removeWidget(self.runner)
            self.runner.deleteLater()
            self.runner = None
        self._retired_write = None
        self.stack.setCurrentWidget(self.list_page)
        self.model.set_rows([])
        self.stale = True
