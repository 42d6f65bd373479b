"""The fields of a plan (left half of the plan editor): title, year, status, schedule, checklist, team, focus."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from inspector.model import PlanStatus, TeamRole
from inspector.services import plans
from inspector.timezones import china_today
from ui.plans.targets import pydate, qdate
from ui.widgets import palette
from ui.widgets.dates import date_edit

NO_DATE = QDate(2000, 1, 1)  # the minimum of the date fields, shown as 未定


def plan_status_text(status: PlanStatus | str) -> str:
    labels = {PlanStatus.DRAFT: QCoreApplication.translate("PlanStatus", "草稿"),
              PlanStatus.ACTIVE: QCoreApplication.translate("PlanStatus", "进行中"),
              PlanStatus.CLOSED: QCoreApplication.translate("PlanStatus", "已结束")}
    return labels[PlanStatus(status)]


class PlanForm(QGroupBox):
    """Emits :attr:`edited` for typing (save after a pause) and :attr:`edited_now` for choices and left fields."""

    edited = Signal()
    edited_now = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("计划信息"))
        self.teams: list[dict[str, Any]] = []
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("例如：2026年度全市政务数据安全监督检查"))
        self.year_spin = QSpinBox()
        self.year_spin.setRange(plans.YEARS.start, plans.YEARS.stop - 1)
        self.year_spin.setValue(china_today().year)
        self.status_combo = QComboBox()
        for status in PlanStatus:
            self.status_combo.addItem(plan_status_text(status), status.value)
        self.template_combo = QComboBox()
        self.team_combo = QComboBox()
        self.new_team_button = QPushButton(self.tr("新建检查组…"))
        self.team_members_label = QLabel()
        self.team_members_label.setWordWrap(True)
        self.team_members_label.setStyleSheet(palette.text_style(palette.SECONDARY))
        self.start_edit, self.end_edit = self._date_edit(), self._date_edit()
        self.focus_edit = QLineEdit()
        self.focus_edit.setPlaceholderText(self.tr("例如：日志审计、加密存储与备份、商用密码应用"))
        self.description_edit = QPlainTextEdit()
        self.description_edit.setTabChangesFocus(True)

        year_status = QHBoxLayout()
        year_status.addWidget(self.year_spin)
        year_status.addSpacing(16)
        year_status.addWidget(QLabel(self.tr("状态：")))
        year_status.addWidget(self.status_combo, 1)
        team_row = QHBoxLayout()
        team_row.addWidget(self.team_combo, 1)
        team_row.addWidget(self.new_team_button)
        schedule = QHBoxLayout()
        schedule.addWidget(self.start_edit, 1)
        schedule.addWidget(QLabel(self.tr("至")))
        schedule.addWidget(self.end_edit, 1)
        form = QFormLayout(self)
        form.addRow(self.tr("计划名称："), self.title_edit)
        form.addRow(self.tr("年度："), year_status)
        form.addRow(self.tr("检查时间："), schedule)
        form.addRow(self.tr("检查表："), self.template_combo)
        form.addRow(self.tr("检查组："), team_row)
        form.addRow("", self.team_members_label)
        form.addRow(self.tr("检查重点："), self.focus_edit)
        form.addRow(self.tr("说明："), self.description_edit)

        for edit in (self.title_edit, self.focus_edit):
            edit.textChanged.connect(self.edited)
            edit.editingFinished.connect(self.edited_now)
        self.description_edit.textChanged.connect(self.edited)
        self.year_spin.valueChanged.connect(self.edited)
        self.start_edit.dateChanged.connect(self.edited)
        self.end_edit.dateChanged.connect(self.edited)
        for combo in (self.status_combo, self.template_combo, self.team_combo):
            combo.currentIndexChanged.connect(self.edited_now)
        self.team_combo.currentIndexChanged.connect(self.show_team)

    def _date_edit(self) -> QDateEdit:
        edit = date_edit()
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(self.tr("未定"))
        return edit

    @staticmethod
    def _date(edit: QDateEdit) -> date | None:
        return None if edit.date() == NO_DATE else pydate(edit.date())

    def start_date(self) -> date | None:
        return self._date(self.start_edit)

    def values(self) -> dict[str, Any]:
        """The fields as :func:`inspector.services.plans.create_plan` / ``update_plan`` take them."""
        return dict(title=self.title_edit.text().strip(), year=self.year_spin.value(),
                    focus=self.focus_edit.text().strip(), description=self.description_edit.toPlainText().strip(),
                    start_on=self._date(self.start_edit), end_on=self._date(self.end_edit),
                    template_id=self.template_combo.currentData() or "", team_id=self.team_combo.currentData(),
                    status=PlanStatus(self.status_combo.currentData()))

    def fill(self, templates: list[dict[str, Any]], teams: list[dict[str, Any]], plan: dict[str, Any] | None) -> None:
        """Show ``plan`` (its fields, :func:`inspector.services.plans.plan_fields`) or defaults for a new one.

        The caller blocks its own reaction to the signals. Filling again (the plan as someone else saved it)
        replaces what is shown.
        """
        self.template_combo.clear()
        for t in templates:
            self.template_combo.addItem(self.tr("{name}（{code} 第{version}版）").format(**t), t["id"])
        self.set_teams(teams, plan["team_id"] if plan else None)
        if plan is None:
            today = china_today()
            self.start_edit.setDate(qdate(today))
            self.end_edit.setDate(qdate(today + timedelta(days=60)))
        else:
            self.title_edit.setText(plan["title"])
            self.year_spin.setValue(plan["year"])
            self.status_combo.setCurrentIndex(self.status_combo.findData(PlanStatus(plan["status"]).value))
            self.template_combo.setCurrentIndex(max(0, self.template_combo.findData(plan["template_id"])))
            self.start_edit.setDate(qdate(plan["start_on"]) if plan["start_on"] else NO_DATE)
            self.end_edit.setDate(qdate(plan["end_on"]) if plan["end_on"] else NO_DATE)
            self.focus_edit.setText(plan["focus"])
            self.description_edit.setPlainText(plan["description"])
        self.show_team()

    def set_teams(self, teams: list[dict[str, Any]], select: str | None = None) -> None:
        """Offer ``teams``, keeping the current choice (or choosing ``select``) without emitting a change."""
        self.teams = teams
        current = select or self.team_combo.currentData()
        self.team_combo.blockSignals(True)
        self.team_combo.clear()
        self.team_combo.addItem(self.tr("（暂不指定）"), None)
        for t in teams:
            self.team_combo.addItem(t["name"], t["id"])
        self.team_combo.setCurrentIndex(max(0, self.team_combo.findData(current)))
        self.team_combo.blockSignals(False)
        self.show_team()

    def show_team(self) -> None:
        team = next((t for t in self.teams if t["id"] == self.team_combo.currentData()), None)
        self.team_members_label.setVisible(team is not None)
        if team is None:
            self.team_members_label.setText("")
            return
        lead = [m["name"] for m in team["members"] if m["role"] == TeamRole.LEAD.value]
        others = [m["name"] for m in team["members"] if m["role"] != TeamRole.LEAD.value]
        sep = self.tr("、")
        self.team_members_label.setText(self.tr("组长：{lead}；组员：{members}").format(
            lead=sep.join(lead) or "—", members=sep.join(others) or "—"))
