"""A new inspection team (检查组): its name and members, existing inspectors or new ones, with one lead.

Nothing is written until 创建检查组: then ``plans.create_team`` stores the team,
any new inspectors and the memberships in one session. Enter in the member fields
adds the member (never creates the team), and a name typed but not added stops
创建检查组 with a message instead of being dropped.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError
from inspector.model import TeamRole
from inspector.services import plans
from inspector.services.plans import MemberSpec
from ui.context import AppContext
from ui.widgets.fields import MessageLabel
from ui.widgets.table_model import RowsTableModel
from ui.widgets.tables import configure_table

COL_NAME, COL_BADGE, COL_ROLE = range(3)


def role_text(role: TeamRole | str) -> str:
    labels = {TeamRole.LEAD: QCoreApplication.translate("TeamRole", "组长"),
              TeamRole.MEMBER: QCoreApplication.translate("TeamRole", "组员")}
    return labels[TeamRole(role)]


class TeamMembersModel(RowsTableModel):
    """Rows: ``dict(inspector_id or None, name, badge_no, role)``; the first member added leads."""

    id_field = "inspector_id"  # None for a new inspector

    def headers(self) -> list[str]:
        return [self.tr("姓名"), self.tr("执法证号"), self.tr("角色")]

    def text(self, row: dict[str, Any], col: int) -> str:
        if col == COL_NAME:
            return row["name"] if row["inspector_id"] else self.tr("{name}（新）").format(name=row["name"])
        return row["badge_no"] if col == COL_BADGE else role_text(row["role"])

    def add(self, inspector_id: str | None, name: str, badge_no: str) -> None:
        role = TeamRole.MEMBER if self._rows else TeamRole.LEAD
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(dict(inspector_id=inspector_id, name=name, badge_no=badge_no, role=role))
        self.endInsertRows()

    def remove(self, n: int) -> None:
        self.beginRemoveRows(QModelIndex(), n, n)
        was_lead = self._rows.pop(n)["role"] is TeamRole.LEAD
        self.endRemoveRows()
        if was_lead and self._rows:
            self.make_lead(0)

    def make_lead(self, n: int) -> None:
        for i, row in enumerate(self._rows):
            row["role"] = TeamRole.LEAD if i == n else TeamRole.MEMBER
        if self._rows:
            self.dataChanged.emit(self.index(0, COL_ROLE), self.index(len(self._rows) - 1, COL_ROLE))

    def inspector_ids(self) -> set[str]:
        return {r["inspector_id"] for r in self._rows if r["inspector_id"]}

    def specs(self) -> list[MemberSpec]:
        return [MemberSpec(r["role"], inspector_id=r["inspector_id"], name=r["name"], badge_no=r["badge_no"])
                for r in self._rows]


class TeamDialog(QDialog):
    """Emits :attr:`team_created` with the new team's id, then closes."""

    team_created = Signal(str)

    def __init__(self, ctx: AppContext, inspectors: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.inspectors = inspectors
        self._busy = False
        self.setWindowTitle(self.tr("新建检查组"))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("例如：第一检查组"))
        self.model = TeamMembersModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        configure_table(self.view, COL_NAME)
        self.lead_button = QPushButton(self.tr("设为组长"))
        self.remove_button = QPushButton(self.tr("移除"))

        self.inspector_combo = QComboBox()
        self.add_existing_button = QPushButton(self.tr("添加"))
        self.new_name_edit = QLineEdit()
        self.new_name_edit.setPlaceholderText(self.tr("姓名"))
        self.new_badge_edit = QLineEdit()
        self.new_badge_edit.setPlaceholderText(self.tr("执法证号"))
        self.add_new_button = QPushButton(self.tr("添加新人员"))
        self.message = MessageLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("创建检查组"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))

        row_buttons = QHBoxLayout()
        row_buttons.addStretch(1)
        row_buttons.addWidget(self.lead_button)
        row_buttons.addWidget(self.remove_button)
        add_box = QGroupBox(self.tr("添加成员"))
        add_form = QFormLayout(add_box)
        existing = QHBoxLayout()
        existing.addWidget(self.inspector_combo, 1)
        existing.addWidget(self.add_existing_button)
        new = QHBoxLayout()
        new.addWidget(self.new_name_edit, 1)
        new.addWidget(self.new_badge_edit, 1)
        new.addWidget(self.add_new_button)
        add_form.addRow(self.tr("已有人员："), existing)
        add_form.addRow(self.tr("新人员："), new)
        form = QFormLayout()
        form.addRow(self.tr("检查组名称："), self.name_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.view, 1)
        layout.addLayout(row_buttons)
        layout.addWidget(add_box)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(560, 460)

        self.add_existing_button.clicked.connect(self.add_existing)
        self.add_new_button.clicked.connect(self.add_new)
        self.lead_button.clicked.connect(lambda: self._on_selected(self.model.make_lead))
        self.remove_button.clicked.connect(lambda: self._on_selected(self._remove))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self._refresh_choices()

    def _refresh_choices(self) -> None:
        taken = self.model.inspector_ids()
        self.inspector_combo.clear()
        for person in self.inspectors:
            if person["id"] not in taken:
                label = (self.tr("{name}（{badge}）").format(name=person["name"], badge=person["badge_no"])
                         if person["badge_no"] else person["name"])
                self.inspector_combo.addItem(label, person["id"])
        self.add_existing_button.setEnabled(self.inspector_combo.count() > 0)

    def _on_selected(self, action) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            action(rows[0].row())

    def _remove(self, n: int) -> None:
        self.model.remove(n)
        self._refresh_choices()

    def add_existing(self) -> None:
        inspector_id = self.inspector_combo.currentData()
        person = next((p for p in self.inspectors if p["id"] == inspector_id), None)
        if person is not None:
            self.model.add(person["id"], person["name"], person["badge_no"])
            self._refresh_choices()
            self.message.clear_message()

    def add_new(self) -> None:
        name = self.new_name_edit.text().strip()
        if not name:
            self.message.show_error(self.tr("请填写检查人员姓名。"))
            self.new_name_edit.setFocus()
            return
        self.model.add(None, name, self.new_badge_edit.text().strip())
        self.new_name_edit.clear()
        self.new_badge_edit.clear()
        self.message.clear_message()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in a member field adds that member; elsewhere it is the dialog's default button."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = self.focusWidget()
            if focus in (self.new_name_edit, self.new_badge_edit):
                self.add_new()
                return
            if focus is self.inspector_combo:
                self.add_existing()
                return
        super().keyPressEvent(event)

    def submit(self) -> None:
        if self._busy:
            return
        typed = self.new_name_edit.text().strip() or self.new_badge_edit.text().strip()
        if typed:
            self.message.show_error(self.tr("“新人员”中填写的“{typed}”尚未添加：请点击“添加新人员”（或按回车）添加，"
                                            "或清空该栏后再创建。").format(typed=typed))
            self.new_name_edit.setFocus()
            return
        name, members = self.name_edit.text(), self.model.specs()
        task = self.ctx.write(self, lambda s: plans.create_team(s, name, members).id, self._created,
                              on_failure=self._failed)
        if task is not None:
            self._busy = True
            self.ok_button.setEnabled(False)

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def _created(self, team_id: str) -> None:
        self._busy = False
        self.team_created.emit(team_id)
        self.accept()

    def _failed(self, err: InspectorError) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        self.message.show_error(err)
