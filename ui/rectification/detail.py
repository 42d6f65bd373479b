"""The detail pane of the rectification page: one notice, its findings, and the steps the rules allow.

The pane only shows and asks; the page does the work. Each action button
stands for one target status of :func:`inspector.workflow.by_hand`
and is enabled only when :func:`inspector.workflow.allowed` permits it from the
selected finding's status, so a step the rules refuse is never offered.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.model import FindingStatus
from inspector.services.rectification import NoticeDetail, NoticeFindingRow
from ui.rectification.models import F_TITLE, NoticeFindingsModel
from ui.widgets import palette
from ui.widgets.labels import date_text, notice_number_text, notice_state_label
from ui.widgets.table_model import ID_ROLE
from ui.widgets.tables import configure_table


class NoticeDetailPane(QWidget):
    action_requested = Signal(str, object)  # finding id, target FindingStatus
    open_finding_requested = Signal(str)    # finding id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: NoticeDetail | None = None
        self.number_label = QLabel()
        font = self.number_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.number_label.setFont(font)
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.department_label = QLabel()
        self.plan_label = QLabel()
        self.plan_label.setWordWrap(True)
        self.dates_label = QLabel()
        self.state_label = QLabel()
        form = QFormLayout()
        form.addRow(self.tr("被检查单位："), self.department_label)
        form.addRow(self.tr("检查计划："), self.plan_label)
        form.addRow(self.tr("签发 / 期限："), self.dates_label)
        form.addRow(self.tr("状态："), self.state_label)

        self.findings_model = NoticeFindingsModel(self)
        self.findings_view = QTableView()
        self.findings_view.setModel(self.findings_model)
        configure_table(self.findings_view, F_TITLE, on_activate=self._activated)
        self.findings_view.selectionModel().selectionChanged.connect(self._selection_changed)

        texts = {
            FindingStatus.RECTIFYING: (self.tr("开始整改"), self.tr("单位已着手整改")),
            FindingStatus.REPORTED: (self.tr("登记已报整改"), self.tr("单位已报送整改情况（如纸质报告）")),
            FindingStatus.VERIFIED: (self.tr("核验通过…"), self.tr("核验整改结果，需填写核验意见")),
            FindingStatus.REOPENED: (self.tr("重新打开…"), self.tr("整改不到位或复查发现问题，需填写原因和新期限")),
            FindingStatus.CLOSED: (self.tr("关闭问题"), self.tr("核验通过后关闭问题")),
        }
        self.action_buttons: dict[FindingStatus, QPushButton] = {}
        actions = QHBoxLayout()
        for target, (text, tip) in texts.items():
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setEnabled(False)
            button.clicked.connect(lambda checked=False, t=target: self._request(t))
            self.action_buttons[target] = button
            actions.addWidget(button)
        actions.addStretch(1)
        self.open_button = QPushButton(self.tr("打开问题"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open_selected)
        actions.addWidget(self.open_button)
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet(palette.text_style(palette.SECONDARY))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.number_label)
        layout.addLayout(form)
        layout.addWidget(self.findings_view, 1)
        layout.addLayout(actions)
        layout.addWidget(self.hint_label)
        self.show_detail(None)

    # ---- showing ---------------------------------------------------------------------------

    def show_detail(self, detail: NoticeDetail | None) -> None:
        """Show ``detail`` (None: nothing selected), keeping the selected finding if it is still there."""
        keep = self.selected_finding_id()
        self.detail = detail
        self.findings_model.set_rows(detail.findings if detail else [])
        if detail is None:
            self.number_label.setText(self.tr("未选择整改通知书"))
            for label in (self.department_label, self.plan_label, self.dates_label, self.state_label):
                label.setText("—")
        else:
            n = detail.notice
            self.number_label.setText(notice_number_text(n.number, n.status))
            self.department_label.setText(n.department)
            self.plan_label.setText(detail.plan_title or self.tr("（未关联计划）"))
            self.dates_label.setText(self.tr("{issued} 签发，{deadline} 前完成整改").format(
                issued=date_text(n.issued_on), deadline=date_text(n.deadline)))
            state = notice_state_label(n.state)
            if n.overdue_findings:
                state = self.tr("{state}（{n} 项逾期）").format(state=state, n=n.overdue_findings)
            self.state_label.setText(state)
        row = self.findings_model.row_of(keep) if keep else -1
        if row < 0 and self.findings_model.rowCount():
            row = 0
        if row >= 0:
            self.findings_view.selectRow(row)
        self._update_actions()

    def selected_finding(self) -> NoticeFindingRow | None:
        rows = self.findings_view.selectionModel().selectedRows()
        return self.findings_model.row(rows[0].row()) if rows else None

    def selected_finding_id(self) -> str | None:
        row = self.selected_finding()
        return row.finding_id if row else None

    def select_finding(self, finding_id: str) -> bool:
        row = self.findings_model.row_of(finding_id)
        if row >= 0:
            self.findings_view.selectRow(row)
        return row >= 0

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        row = self.selected_finding()
        issued = self.detail is not None and bool(self.detail.notice.number)
        allowed = set(row.actions) if row is not None and issued else set()
        for target, button in self.action_buttons.items():
            button.setEnabled(target in allowed)
        self.open_button.setEnabled(row is not None)
        if self.detail is None:
            self.hint_label.setText(self.tr("在上方列表中选择一份整改通知书。"))
        elif not issued:
            self.hint_label.setText(self.tr("草稿尚未签发：签发后问题变为“已通知”，才能办理整改。"))
        elif row is None:
            self.hint_label.setText(self.tr("选择一个问题以办理整改。"))
        elif not allowed:
            self.hint_label.setText(self.tr("此问题当前状态下没有可办理的整改步骤。"))
        else:
            self.hint_label.setText("")

    # ---- asking ----------------------------------------------------------------------------

    def _request(self, target: FindingStatus) -> None:
        fid = self.selected_finding_id()
        if fid is not None:
            self.action_requested.emit(fid, target)

    def _open_selected(self) -> None:
        fid = self.selected_finding_id()
        if fid is not None:
            self.open_finding_requested.emit(fid)

    def _activated(self, index: QModelIndex) -> None:
        self.open_finding_requested.emit(index.data(ID_ROLE))
