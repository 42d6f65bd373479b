"""The list of inspections (a table model, tested alone) and the dialog that starts a new one.

新建现场检查 offers each plan's targets by date, then by pinyin, and chooses the department
scheduled for today (its plan first), so on the day of an inspection Enter starts it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from inspector.collation import pinyin_key
from inspector.model import InspectionStatus
from inspector.timezones import china_today
from ui.widgets import palette
from ui.widgets.labels import date_text, datetime_text, inspection_status_labels
from ui.widgets.table_model import ID_ROLE, SORT_ROLE, RowsTableModel

__all__ = ["COL_DEPARTMENT", "COL_PLAN", "COL_STATUS", "COL_PROGRESS", "COL_STARTED", "ID_ROLE", "SORT_ROLE",
           "InspectionsTableModel", "NewInspectionDialog", "ask_new_inspection"]

COL_DEPARTMENT, COL_PLAN, COL_STATUS, COL_PROGRESS, COL_STARTED = range(5)

Row = dict[str, Any]


class InspectionsTableModel(RowsTableModel[Row]):
    """Rows of :func:`inspector.services.inspections.list_inspection_rows`."""

    def __init__(self, parent: QObject | None = None) -> None:
        self._status = inspection_status_labels()
        super().__init__(parent)

    def headers(self) -> list[str]:
        return [self.tr("被检查单位"), self.tr("检查计划"), self.tr("状态"), self.tr("进度"), self.tr("开始时间")]

    def text(self, row: Row, col: int) -> str:
        if col == COL_DEPARTMENT:
            if row.get("reinspects"):  # a 复查 of a rectification notice
                return self.tr("{department}（复查）").format(department=row["department"])
            return row["department"]
        if col == COL_PLAN:
            return row["plan"] or self.tr("（无计划）")
        if col == COL_STATUS:
            label = self._status[InspectionStatus(row["status"])]
            return self.tr("{status}（已签字）").format(status=label) if row.get("signed") else label
        if col == COL_PROGRESS:
            return f"{row['answered']}/{row['total']}"
        if row["started_at"] is None and row.get("scheduled_on"):
            return self.tr("计划 {day}").format(day=date_text(row["scheduled_on"]))
        return datetime_text(row["started_at"], empty="")

    def raw(self, row: Row, col: int) -> Any:
        if col == COL_STATUS:
            return row["status"]
        if col == COL_PROGRESS:
            return row["answered"] / row["total"] if row["total"] else 0.0
        if col == COL_STARTED:
            return row["started_at"]
        return row["department"] if col == COL_DEPARTMENT else row["plan"]

    def foreground(self, row: Row, col: int) -> QColor | None:
        if col == COL_STATUS and InspectionStatus(row["status"]) is InspectionStatus.IN_PROGRESS:
            return palette.qcolor(palette.CURRENT)
        return None

    def alignment(self, row: Row, col: int) -> Qt.AlignmentFlag | None:
        return Qt.AlignmentFlag.AlignCenter if col == COL_PROGRESS else None

    def tooltip(self, row: Row, col: int) -> str | None:
        if col != COL_DEPARTMENT:
            return None
        lines = [self.tr("复查：整改通知书{number}").format(number=row["reinspects"])] if row.get("reinspects") else []
        lines += [row["location"]] if row.get("location") else []
        return "\n".join(lines) or None


class NewInspectionDialog(QDialog):
    """Choose a plan and one of its target departments; a department already being inspected is opened instead."""

    def __init__(self, targets: list[dict[str, Any]], parent: QWidget | None = None, *,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("新建现场检查"))
        self.today = today or china_today()
        self.targets = sorted(targets, key=lambda t: (t["scheduled_on"] is None, t["scheduled_on"] or date.max,
                                                      pinyin_key(t["department"])))
        self.plan_combo = QComboBox()
        seen: set[str] = set()
        for t in targets:  # the plans in the core's order
            if t["plan_id"] not in seen:
                seen.add(t["plan_id"])
                self.plan_combo.addItem(t["plan"], t["plan_id"])
        self.department_combo = QComboBox()
        self.department_combo.setMinimumContentsLength(18)
        self.location_edit = QLineEdit()
        self.location_edit.setPlaceholderText(self.tr("如：信息中心机房、三楼会议室"))
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet(palette.text_style(palette.CAUTION))
        form = QFormLayout()
        form.addRow(self.tr("检查计划："), self.plan_combo)
        form.addRow(self.tr("被检查单位："), self.department_combo)
        form.addRow(self.tr("检查地点："), self.location_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note_label)
        layout.addWidget(self.buttons)
        self.plan_combo.currentIndexChanged.connect(self._plan_changed)
        self.department_combo.currentIndexChanged.connect(self._target_changed)
        self._plan_changed()
        self._choose_today()
        self.resize(520, self.sizeHint().height())

    def _plan_changed(self) -> None:
        plan_id = self.plan_combo.currentData()
        self.department_combo.clear()
        for t in self.targets:
            if t["plan_id"] == plan_id:
                text = (self.tr("{name}（今日安排）").format(name=t["department"])
                        if t["scheduled_on"] == self.today else t["department"])
                self.department_combo.addItem(text, t)
        self._target_changed()

    def _choose_today(self) -> None:
        """The department scheduled for today (one not being inspected yet, if several), in its plan."""
        today = [t for t in self.targets if t["scheduled_on"] == self.today]
        if not today:
            return
        chosen = next((t for t in today if not t.get("running_id")), today[0])
        self.plan_combo.setCurrentIndex(self.plan_combo.findData(chosen["plan_id"]))
        for n in range(self.department_combo.count()):
            t = self.department_combo.itemData(n)
            if (t["plan_id"], t["department_id"]) == (chosen["plan_id"], chosen["department_id"]):
                self.department_combo.setCurrentIndex(n)
                break

    def target(self) -> dict[str, Any] | None:
        return self.department_combo.currentData()

    def _target_changed(self) -> None:
        target = self.target()
        running = bool(target and target.get("running_id"))
        self.note_label.setText(self.tr("该单位在本计划下已有进行中的检查，将打开该检查。") if running else "")
        self.note_label.setVisible(running)
        self.location_edit.setEnabled(not running)
        self.ok_button.setText(self.tr("打开检查") if running else self.tr("开始检查"))
        self.ok_button.setEnabled(target is not None)

    def choice(self) -> tuple[str, ...] | None:
        """("open", inspection id) or ("start", plan id, department id, location)."""
        target = self.target()
        if target is None:
            return None
        if target.get("running_id"):
            return ("open", target["running_id"])
        return ("start", target["plan_id"], target["department_id"], self.location_edit.text().strip())


def ask_new_inspection(parent: QWidget, targets: list[dict[str, Any]], today: date | None = None
                       ) -> tuple[str, ...] | None:
    dialog = NewInspectionDialog(targets, parent, today=today)
    return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
