"""The department form (单位名称, 统一社会信用代码, 地址, 联系人, 联系电话, 备注): on the 被检查单位 page, and as
the dialog that adds a department from inside the plan editor (添加单位…).

The core checks everything (a name, unique; a valid 统一社会信用代码 or none); a refusal is
shown under the form and nothing is written.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError
from inspector.services import departments
from ui.context import AppContext
from ui.widgets.fields import MessageLabel

LINE_FIELDS = ("name", "code", "address", "contact_name", "contact_phone")


class DepartmentFields(QFormLayout):
    """The fields of one department, as a form layout (``edits`` by field name, ``notes_edit``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__()
        self.edits = {name: QLineEdit(parent) for name in LINE_FIELDS}
        self.edits["code"].setPlaceholderText(self.tr("18 位统一社会信用代码（可不填）"))
        self.notes_edit = QPlainTextEdit(parent)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMaximumHeight(160)
        for name, label in (("name", self.tr("单位名称：")), ("code", self.tr("统一社会信用代码：")),
                            ("address", self.tr("地址：")), ("contact_name", self.tr("联系人：")),
                            ("contact_phone", self.tr("联系电话："))):
            self.addRow(label, self.edits[name])
        self.addRow(self.tr("备注："), self.notes_edit)

    def values(self) -> dict[str, str]:
        values = {name: edit.text().strip() for name, edit in self.edits.items()}
        values["notes"] = self.notes_edit.toPlainText().strip()
        return values

    def fill(self, row: dict[str, Any] | None) -> None:
        for name, edit in self.edits.items():
            edit.setText(row[name] if row else "")
        self.notes_edit.setPlainText(row["notes"] if row else "")


class AddDepartmentDialog(QDialog):
    """添加单位: a new department, written when 添加单位 is pressed; ``department_added(row)`` then, and it closes."""

    department_added = Signal(dict)   # dict(id, name, code, address, contact_name, contact_phone, notes)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("添加单位"))
        self.fields = DepartmentFields(self)
        self.fields.edits["name"].setText(name)
        self.message = MessageLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("添加单位"))
        self.ok_button.setAutoDefault(False)  # Enter in a field adds (below), never twice
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("取消"))
        cancel.setAutoDefault(False)  # Enter never cancels what was typed, wherever the focus went
        self._busy = False
        layout = QVBoxLayout(self)
        layout.addLayout(self.fields)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.buttons.accepted.connect(self.add)
        for edit in self.fields.edits.values():  # Enter in a field adds what was typed
            edit.returnPressed.connect(self.add)
        self.buttons.rejected.connect(self.reject)
        self.fields.edits["name"].setFocus()

    def add(self) -> None:
        if self._busy:
            return
        values = self.fields.values()

        def work(s) -> dict[str, Any]:
            d = departments.create_department(s, **values)
            return dict(id=d.id, **{f: getattr(d, f) for f in departments.DEPARTMENT_FIELDS})

        self._busy = self.ctx.write(self, work, self._added, on_failure=self._refused) is not None

    def _added(self, row: dict[str, Any]) -> None:
        self._busy = False
        self.department_added.emit(row)
        self.accept()

    def _refused(self, err: InspectorError) -> None:
        self._busy = False
        self.message.show_error(err)
        self.fields.edits.get(err.field or "name", self.fields.edits["name"]).setFocus()
