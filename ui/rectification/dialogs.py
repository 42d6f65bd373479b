"""Dialogs of the rectification page: drafting a notice, and the steps that need words or a date.

Both are opened with ``open()`` (not ``exec()``), so the event loop keeps
running and tests can fill them in; the page acts on ``accepted``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.model import FindingStatus
from inspector.services.rectification import DraftCandidate
from ui.rectification.models import CandidateFindingsModel

DEFAULT_DEADLINE_DAYS = 30


def _date_edit(value: date, minimum: date) -> QDateEdit:
    edit = QDateEdit(QDate(value))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(QDate(minimum))
    return edit


class DraftNoticeDialog(QDialog):
    """起草整改通知书: a department, optionally a plan, its draft findings (checked), a deadline."""

    def __init__(self, candidates: list[DraftCandidate], plans: list[dict[str, Any]], today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("起草整改通知书"))
        self.setMinimumWidth(560)
        self._candidates = list(candidates)
        self._plan_titles = {p["id"]: p["title"] for p in plans}

        self.department_combo = QComboBox()
        for dept_id, name in dict((c.department_id, c.department) for c in self._candidates).items():
            self.department_combo.addItem(name, dept_id)
        self.plan_combo = QComboBox()
        self.findings_model = CandidateFindingsModel(self)
        self.findings_view = QListView()
        self.findings_view.setModel(self.findings_model)
        self.findings_view.setMinimumHeight(180)
        self.all_button = QPushButton(self.tr("全选"))
        self.none_button = QPushButton(self.tr("全不选"))
        self.deadline_edit = _date_edit(today + timedelta(days=DEFAULT_DEADLINE_DAYS), today)
        self.count_label = QLabel()

        picks = QHBoxLayout()
        picks.addWidget(self.count_label, 1)
        picks.addWidget(self.all_button)
        picks.addWidget(self.none_button)
        form = QFormLayout()
        form.addRow(self.tr("被检查单位："), self.department_combo)
        form.addRow(self.tr("检查计划："), self.plan_combo)
        form.addRow(self.tr("整改期限："), self.deadline_edit)
        hint = QLabel(self.tr("勾选要列入本通知书的问题（仅列出尚未通知的草稿问题）。签发时才编号。"))
        hint.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("起草"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.findings_view, 1)
        layout.addLayout(picks)
        layout.addWidget(self.buttons)

        self.department_combo.currentIndexChanged.connect(self._department_changed)
        self.plan_combo.currentIndexChanged.connect(self._filter)
        self.findings_model.dataChanged.connect(self._update_ok)
        self.findings_model.modelReset.connect(self._update_ok)
        self.all_button.clicked.connect(lambda: self.findings_model.set_all(True))
        self.none_button.clicked.connect(lambda: self.findings_model.set_all(False))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._department_changed()

    def _department_changed(self) -> None:
        dept = self.department_id()
        plan_ids = list(dict.fromkeys(c.plan_id for c in self._candidates if c.department_id == dept and c.plan_id))
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        self.plan_combo.addItem(self.tr("（不限计划）"), None)
        for pid in plan_ids:
            self.plan_combo.addItem(self._plan_titles.get(pid, pid), pid)
        self.plan_combo.setCurrentIndex(1 if len(plan_ids) == 1 else 0)
        self.plan_combo.blockSignals(False)
        self._filter()

    def _filter(self) -> None:
        dept, plan = self.department_id(), self.plan_id()
        self.findings_model.set_rows([c for c in self._candidates
                                      if c.department_id == dept and (plan is None or c.plan_id == plan)])

    def _update_ok(self, *args: object) -> None:
        n = len(self.findings_model.checked_ids())
        self.count_label.setText(self.tr("已选 {n} / {total} 项").format(n=n, total=self.findings_model.rowCount()))
        self.ok_button.setEnabled(n > 0)

    def department_id(self) -> str | None:
        return self.department_combo.currentData()

    def plan_id(self) -> str | None:
        return self.plan_combo.currentData()

    def finding_ids(self) -> list[str]:
        return self.findings_model.checked_ids()

    def deadline(self) -> date:
        return self.deadline_edit.date().toPython()


class TransitionDialog(QDialog):
    """核验通过 (a verification note) or 重新打开 (a reason and a new deadline)."""

    def __init__(self, target: FindingStatus, finding_title: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target = FindingStatus(target)
        reopen = self.target is FindingStatus.REOPENED
        self.setWindowTitle(self.tr("重新打开问题") if reopen else self.tr("核验通过"))
        self.setMinimumWidth(460)
        title = QLabel(finding_title)
        title.setWordWrap(True)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText(self.tr("重新打开的原因（必填），例如：复查发现仍未整改到位")
                                          if reopen else self.tr("核验意见（必填），例如：现场复核，已整改到位"))
        self.text_edit.setTabChangesFocus(True)
        self.deadline_edit = _date_edit(today + timedelta(days=DEFAULT_DEADLINE_DAYS), today) if reopen else None

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("重新打开") if reopen else self.tr("核验通过"))
        self.ok_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(QLabel(self.tr("原因：") if reopen else self.tr("核验意见：")))
        layout.addWidget(self.text_edit, 1)
        if self.deadline_edit is not None:
            form = QFormLayout()
            form.addRow(self.tr("新的整改期限："), self.deadline_edit)
            layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.text_edit.textChanged.connect(lambda: self.ok_button.setEnabled(bool(self.text().strip())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def text(self) -> str:
        return self.text_edit.toPlainText()

    def deadline(self) -> date | None:
        return self.deadline_edit.date().toPython() if self.deadline_edit is not None else None
