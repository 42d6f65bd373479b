"""The targets of a plan (被检查单位 with a scheduled date and notes): their table model and the add/edit dialog.

Adding a target offers every department not yet in the plan (by pinyin, as the core lists them)
and 添加单位… for one that is not in the vault yet: the department form in a dialog
(:class:`ui.departments.form.AddDepartmentDialog`); the new department is then chosen.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.services.plans import TargetSpec
from inspector.timezones import china_today
from ui.departments.form import AddDepartmentDialog
from ui.widgets.dates import date_edit
from ui.widgets.fields import MessageLabel
from ui.widgets.table_model import RowsTableModel

COL_DEPARTMENT, COL_SCHEDULED, COL_NOTES = range(3)


def qdate(d: date | None) -> QDate:
    return QDate(d.year, d.month, d.day) if d else QDate()


def pydate(d: QDate) -> date | None:
    return d.toPython() if d.isValid() else None


class TargetsTableModel(RowsTableModel):
    """Rows: ``dict(department_id, department, scheduled_on, notes)``; the id is the department's."""

    id_field = "department_id"

    def headers(self) -> list[str]:
        return [self.tr("被检查单位"), self.tr("计划检查日期"), self.tr("备注")]

    def text(self, row: dict[str, Any], col: int) -> str:
        if col == COL_DEPARTMENT:
            return row["department"]
        if col == COL_SCHEDULED:
            d = row["scheduled_on"]
            return d.isoformat() if d else self.tr("未定")
        return row["notes"]

    def raw(self, row: dict[str, Any], col: int) -> Any:
        return (row["department"], (row["scheduled_on"] or date.max).isoformat(), row["notes"])[col]

    # ---- rows --------------------------------------------------------------------------------

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        super().set_rows([dict(r) for r in rows])  # the editor edits copies

    def rows(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._rows]

    def row(self, n: int) -> dict[str, Any]:
        return dict(self._rows[n])

    def department_ids(self) -> set[str]:
        return {r["department_id"] for r in self._rows}

    def put(self, row: dict[str, Any]) -> None:
        """Add a target, or replace the one for the same department."""
        for n, existing in enumerate(self._rows):
            if existing["department_id"] == row["department_id"]:
                self._rows[n] = dict(row)
                self.dataChanged.emit(self.index(n, 0), self.index(n, 2))
                return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(dict(row))
        self.endInsertRows()

    def remove(self, n: int) -> None:
        self.beginRemoveRows(QModelIndex(), n, n)
        del self._rows[n]
        self.endRemoveRows()

    def specs(self) -> list[TargetSpec]:
        return [TargetSpec(r["department_id"], r["scheduled_on"], r["notes"]) for r in self._rows]


class TargetDialog(QDialog):
    """Choose a department (when adding; with ``ctx``, 添加单位… adds a new one), a scheduled date (or none
    yet) and notes."""

    department_added = Signal(dict)   # a department created from this dialog (its row, as the core lists it)

    def __init__(self, departments: list[dict[str, Any]], parent: QWidget | None = None, *,
                 target: dict[str, Any] | None = None, default_date: date | None = None, ctx=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.add_dialog: AddDepartmentDialog | None = None
        self.setWindowTitle(self.tr("编辑被检查单位") if target else self.tr("添加被检查单位"))
        self.department_combo = QComboBox()
        for d in departments:
            self.department_combo.addItem(d["name"], d["id"])
        self.dated_check = QCheckBox(self.tr("已定日期"))
        self.date_edit = date_edit()
        self.notes_edit = QLineEdit()
        self.message = MessageLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))

        when = QHBoxLayout()
        when.addWidget(self.dated_check)
        when.addWidget(self.date_edit, 1)
        self.new_department_button = QPushButton(self.tr("添加单位…"))
        self.new_department_button.setToolTip(self.tr("被检查单位不在列表中：在此添加（也可在“被检查单位”页面中导入名单）"))
        self.new_department_button.setVisible(ctx is not None and target is None)
        which = QHBoxLayout()
        which.addWidget(self.department_combo, 1)
        which.addWidget(self.new_department_button)
        form = QFormLayout()
        form.addRow(self.tr("被检查单位："), which)
        form.addRow(self.tr("计划检查日期："), when)
        form.addRow(self.tr("备注："), self.notes_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

        scheduled = target["scheduled_on"] if target else None
        self.dated_check.setChecked(scheduled is not None)
        self.date_edit.setDate(qdate(scheduled or default_date or china_today()))
        self.date_edit.setEnabled(scheduled is not None)
        self.dated_check.toggled.connect(self.date_edit.setEnabled)
        if target:
            self.department_combo.addItem(target["department"], target["department_id"])
            self.department_combo.setCurrentIndex(self.department_combo.count() - 1)
            self.department_combo.setEnabled(False)
            self.notes_edit.setText(target["notes"])
        if self.department_combo.count() == 0:
            if ctx is not None:
                self.message.show_note(self.tr("还没有可选的单位：点击“添加单位…”添加，"
                                               "或在“被检查单位”页面中从 xlsx/csv 名单导入。"))
            else:
                self.message.show_error(self.tr("没有可添加的单位：请先在“被检查单位”页面中添加。"))
            self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.new_department_button.clicked.connect(self.open_add_department)

    def open_add_department(self) -> None:
        """添加单位…: the department form in a dialog; the new department is then chosen here."""
        if self.ctx is None:
            return
        self.add_dialog = AddDepartmentDialog(self.ctx, self)
        self.add_dialog.department_added.connect(self._department_added)
        self.add_dialog.finished.connect(self.add_dialog.deleteLater)
        self.add_dialog.open()

    def _department_added(self, row: dict[str, Any]) -> None:
        self.department_combo.addItem(row["name"], row["id"])
        self.department_combo.setCurrentIndex(self.department_combo.count() - 1)
        self.ok_button.setEnabled(True)
        self.message.show_note(self.tr("已添加单位“{name}”。").format(name=row["name"]))
        self.department_added.emit(row)
        (self.date_edit if self.dated_check.isChecked() else self.notes_edit).setFocus()

    def target(self) -> dict[str, Any]:
        return dict(department_id=self.department_combo.currentData(), department=self.department_combo.currentText(),
                    scheduled_on=pydate(self.date_edit.date()) if self.dated_check.isChecked() else None,
                    notes=self.notes_edit.text().strip())
