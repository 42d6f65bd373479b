"""被检查单位 — the departments under inspection: a table and a form beside it.

Same saving rule as the plan editor: a **new** department is written by 添加单位;
an **existing** one saves as it is edited (a field when it is left, the notes
after a pause). The core refuses an empty or duplicate name and an invalid
统一社会信用代码; the reason is shown under the form and nothing is written. Every
write of departments (this page's or another's) reloads the visible list (by
pinyin, as the core lists it), the form's department still selected. 导入… reads
a list from an xlsx or csv file (:mod:`ui.departments.import_dialog`). 删除…, beside the
form of an existing department, deletes one added in error, with a reason; the core
refuses one anything refers to (planned, inspected, reported on) and the reason is
shown under the form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.concurrency import StaleEditError
from inspector.errors import InspectorError
from inspector.model import Area
from inspector.services import deletion, plans
from ui.context import AppContext
from ui.departments.form import DepartmentFields
from ui.departments.import_dialog import open_import
from ui.widgets import palette
from ui.widgets.confirm import ask_reason
from ui.widgets.fields import Debouncer, MessageLabel
from ui.widgets.page import Page
from ui.widgets.table_model import RowsTableModel
from ui.widgets.tables import configure_table

if TYPE_CHECKING:
    from inspector.vault import VaultSession

COL_NAME, COL_CODE, COL_CONTACT, COL_PHONE = range(4)


class DepartmentsTableModel(RowsTableModel[dict[str, Any]]):
    """Rows as :func:`inspector.services.plans.list_departments` returns them; the address is the name's tooltip."""

    KEYS = {COL_NAME: "name", COL_CODE: "code", COL_CONTACT: "contact_name", COL_PHONE: "contact_phone"}

    def headers(self) -> list[str]:
        return [self.tr("单位名称"), self.tr("统一社会信用代码"), self.tr("联系人"), self.tr("电话")]

    def text(self, row: dict[str, Any], col: int) -> str:
        return row[self.KEYS[col]]

    def tooltip(self, row: dict[str, Any], col: int) -> str | None:
        return row["address"] if col == COL_NAME and row.get("address") else None


class DepartmentsPage(Page):
    key = "departments"
    areas = frozenset({Area.DEPARTMENTS})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.current_id: str | None = None   # the department in the form; None: a new one
        self.import_dialog: QWidget | None = None
        self._saved: dict[str, str] = {}
        self._revision: list[int | None] = [None]  # as shown or last saved here (inspector.concurrency)
        self._refill: InspectorError | None = None  # someone else's save was found: the next list refills the form
        self.model = DepartmentsTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        configure_table(self.view, COL_NAME)
        self.count_label = QLabel()
        self.new_button = QPushButton(self.tr("添加单位…"))
        self.import_button = QPushButton(self.tr("导入…"))
        self.import_button.setToolTip(self.tr("从 xlsx 或 csv 名单导入单位（单位名称、统一社会信用代码、地址、联系人、联系电话）"))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        self.count_label.setStyleSheet(palette.text_style(palette.SECONDARY))
        left_layout.addWidget(self.count_label)

        self.form_box = QGroupBox()
        form = DepartmentFields(self.form_box)
        self.fields, self.edits, self.notes_edit = form, form.edits, form.notes_edit
        self.message = MessageLabel()
        self.state_label = QLabel()
        self.state_label.setStyleSheet(palette.text_style(palette.SECONDARY))
        self.add_button = QPushButton(self.tr("添加单位"))
        self.delete_button = QPushButton(self.tr("删除…"))
        self.delete_button.setToolTip(self.tr("删除误添加的单位（需填写原因）；已列入计划、检查或报告的单位不能删除"))
        form.addRow("", self.message)
        bottom = QHBoxLayout()
        bottom.addWidget(self.state_label, 1)
        bottom.addWidget(self.add_button)
        bottom.addWidget(self.delete_button)
        box = QVBoxLayout(self.form_box)
        box.addLayout(form)
        box.addStretch(1)
        box.addLayout(bottom)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.form_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)

        self.debouncer = Debouncer(self.save_changes, self)
        for edit in self.edits.values():
            edit.editingFinished.connect(self.save_changes)
        self.notes_edit.textChanged.connect(self._notes_changed)
        self.new_button.clicked.connect(self.start_new)
        self.import_button.clicked.connect(self.open_import)
        self.add_button.clicked.connect(self.add)
        self.delete_button.clicked.connect(self.delete_current)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.start_new()

    def title(self) -> str:
        return self.tr("被检查单位")

    def subtitle(self) -> str:
        return self.tr("接受检查的部门和单位；可逐个添加，也可从 xlsx 或 csv 名单导入。")

    def header_actions(self) -> list[QWidget]:
        return [self.new_button, self.import_button]

    def activate(self, argument: object = None) -> None:
        """Show the page; a department id given (another page sends one) is selected, now or once loaded."""
        wanted = argument if isinstance(argument, str) else None
        if self.stale:
            self.reload(select=wanted)
        elif wanted is not None and (n := self.model.row_of(wanted)) >= 0:
            self.view.selectRow(n)

    def reload(self, select: str | None = None) -> None:
        """The list (again), latest only; ``select`` a department, else keep the form's selected."""
        if self.ctx.read(self, plans.list_departments, lambda rows: self.show_rows(rows, select),
                         key="rows") is not None:
            self.stale = False

    def show_rows(self, rows: list[dict[str, Any]], select: str | None = None) -> None:
        keep = select or self.current_id
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("共 {n} 个单位").format(n=len(rows)))
        n = self.model.row_of(keep) if keep else -1
        if n >= 0:
            self.view.selectRow(n)
            if self._refill is not None and self.model.row(n)["id"] == self.current_id:
                self._fill(self.model.row(n))  # the other person's version, and why it is shown
                self.message.show_error(self._refill)
        self._refill = None

    # ---- the form ----------------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        return self.fields.values()

    def _fill(self, row: dict[str, Any] | None) -> None:
        self.debouncer.cancel()
        self.notes_edit.blockSignals(True)
        self.fields.fill(row)
        self.notes_edit.blockSignals(False)
        self._saved = self.values() if row else {}
        self._revision = [row.get("revision") if row else None]  # a new box: a save on its way keeps its own
        self.message.clear_message()

    def start_new(self) -> None:
        self.debouncer.flush()
        self.view.clearSelection()
        self.current_id = None
        self._fill(None)
        self.form_box.setTitle(self.tr("添加单位"))
        self.add_button.show()
        self.delete_button.hide()
        self.state_label.setText(self.tr("填写后点击“添加单位”。"))
        self.edits["name"].setFocus()

    def _selection_changed(self, *_args) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        row = self.model.row(rows[0].row())
        if row["id"] == self.current_id:
            return
        self.debouncer.flush()
        self.current_id = row["id"]
        self._fill(row)
        self.form_box.setTitle(self.tr("编辑：{name}").format(name=row["name"]))
        self.add_button.hide()
        self.delete_button.show()
        self.state_label.setText(self.tr("修改会自动保存。"))

    def _notes_changed(self) -> None:
        if self.current_id is not None:
            self.debouncer.poke()

    def add(self) -> None:
        """Write the new department; the list then reloads (a write of departments) and selects it."""
        values = self.values()
        if self.current_id is not None:
            return
        if self.ctx.write(self, lambda s: plans.create_department(s, **values).id, self._added,
                          on_failure=self._refused) is not None:
            self.add_button.setEnabled(False)

    def _added(self, department_id: str) -> None:
        self.add_button.setEnabled(True)
        self.message.clear_message()
        self.current_id = department_id
        self._saved = self.values()
        self._revision = [1]  # a record is made at revision 1
        self.add_button.hide()
        self.delete_button.show()
        self.form_box.setTitle(self.tr("编辑：{name}").format(name=self._saved["name"]))
        self.state_label.setText(self.tr("已添加。之后的修改会自动保存。"))

    def save_changes(self) -> None:
        """Store the fields changed since the last save (existing departments only)."""
        department_id = self.current_id
        changes = {k: v for k, v in self.values().items() if self._saved.get(k) != v}
        if department_id is None or not changes:
            return

        box = self._revision

        def work(s: VaultSession) -> dict[str, str]:
            box[0] = plans.update_department(s, department_id, revision=box[0], **changes).revision
            return changes

        if self.ctx.write(self, work, lambda saved: self._changes_saved(department_id, saved),
                          on_failure=self._refused) is not None:
            self.state_label.setText(self.tr("正在保存…"))

    def _changes_saved(self, department_id: str, changes: dict[str, str]) -> None:
        if department_id == self.current_id:
            self._saved.update(changes)
            self.message.clear_message()
            self.state_label.setText(self.tr("已保存。修改会自动保存。"))
            if "name" in changes:
                self.form_box.setTitle(self.tr("编辑：{name}").format(name=changes["name"]))

    def _refused(self, err: InspectorError) -> None:
        self.add_button.setEnabled(True)
        self.state_label.setText(self.tr("未保存。"))
        self.message.show_error(err)
        if isinstance(err, StaleEditError):  # someone else saved it meanwhile: show their version
            self._refill = err
            self.reload()

    def delete_current(self) -> None:
        """删除…: ask why, then delete the department in the form; the core refuses one anything refers to, and
        the reason is shown under the form. The list reloads on the write."""
        department_id = self.current_id
        if department_id is None:
            return
        self.debouncer.flush()  # its last edits go first: the worker runs tasks in order
        name = self._saved.get("name") or self.values()["name"]
        reason = ask_reason(self, self.tr("删除单位"),
                            self.tr("删除单位“{name}”？\n只能删除误添加、尚未列入计划、检查或报告的单位，不能撤销；"
                                    "删除及原因记入审计记录，并随交换文件同步到其他设备。").format(name=name),
                            self.tr("删除"))
        if reason is None or self.current_id != department_id:
            return
        if self.ctx.write(self, lambda s: deletion.delete(s, "department", department_id, reason).id,
                          lambda _id: self._deleted(department_id, name),
                          on_failure=self._delete_refused) is not None:
            self.delete_button.setEnabled(False)

    def _deleted(self, department_id: str, name: str) -> None:
        self.delete_button.setEnabled(True)
        if department_id == self.current_id:  # else another one is in the form by now: it stays
            self.start_new()
            self.state_label.setText(self.tr("已删除“{name}”。").format(name=name))

    def _delete_refused(self, err: InspectorError) -> None:
        self.delete_button.setEnabled(True)
        self.message.show_error(err)

    def open_import(self) -> None:
        """导入…: choose a file, preview its rows with their problems, then import (the list reloads on the write)."""
        self.debouncer.flush()
        self.import_dialog = open_import(self.ctx, self)

    def clear(self) -> None:
        self.debouncer.flush()
        self.model.set_rows([])
        self.current_id = None
        self._fill(None)
        self.delete_button.hide()
        self.stale = True
