"""The detail pane of the rectification page: one notice, its findings, and the steps the rules allow.

The pane only shows and asks; the page does the work. Each action button
stands for one target status of :func:`inspector.workflow.by_hand`
and is enabled only when :func:`inspector.workflow.allowed` permits it from the
selected finding's status, so a step the rules refuse is never offered.

A 更正通知 shows why it was drafted and what it changes (finding, field, the
old and the new text); its findings' steps are taken under the notice it
corrects. A notice corrected by an issued 更正通知 says so (已被…更正).
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

from inspector.model import FindingStatus, InspectionStatus
from inspector.services.rectification import NoticeDetail, NoticeFindingRow
from ui.rectification.models import C_NEW, C_OLD, F_TITLE, ChangeRow, ChangesTableModel, NoticeFindingsModel
from ui.widgets import palette
from ui.widgets.labels import date_text, day_text, notice_number_text, notice_state_label
from ui.widgets.table_model import ID_ROLE
from ui.widgets.tables import configure_table


class NoticeDetailPane(QWidget):
    action_requested = Signal(str, object)  # finding id, target FindingStatus
    open_finding_requested = Signal(str)    # finding id
    letters_requested = Signal(str)         # notice id: its letters (ui.letters: 整改复查意见书, 督办通知, art. 33)
    reinspect_requested = Signal(str)       # notice id: its re-inspections (ui.rectification.reinspect)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: NoticeDetail | None = None
        self.number_label = QLabel()
        font = self.number_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.number_label.setFont(font)
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.letters_button = QPushButton(self.tr("公文…"))
        self.letters_button.setToolTip(self.tr("本通知书的整改复查意见书、督办通知，以及涉及第三十三条的报告和移送函"))
        self.letters_button.clicked.connect(
            lambda: self.letters_requested.emit(self.detail.notice.notice_id) if self.detail else None)
        self.reinspect_button = QPushButton(self.tr("复查…"))
        self.reinspect_button.setToolTip(self.tr("整改期限届满或单位报告整改后，安排现场复查；复查结论核验或重新打开所列问题"))
        self.reinspect_button.clicked.connect(
            lambda: self.reinspect_requested.emit(self.detail.notice.notice_id) if self.detail else None)
        self.reinspection_label = QLabel()
        self.reinspection_label.setWordWrap(True)
        self.department_label = QLabel()
        self.plan_label = QLabel()
        self.plan_label.setWordWrap(True)
        self.dates_label = QLabel()
        self.state_label = QLabel()
        self.corrected_label = QLabel()  # an issued notice: 已被…更正; a 更正通知: what it corrects
        self.corrected_label.setWordWrap(True)
        self.corrected_label.setStyleSheet(palette.text_style(palette.WARNING))
        self.corrected_label.hide()
        form = QFormLayout()
        form.addRow(self.tr("被检查单位："), self.department_label)
        form.addRow(self.tr("检查计划："), self.plan_label)
        form.addRow(self.tr("签发 / 期限："), self.dates_label)
        form.addRow(self.tr("状态："), self.state_label)
        form.addRow(self.tr("复查："), self.reinspection_label)

        self.reason_label = QLabel()  # a 更正通知: why
        self.reason_label.setWordWrap(True)
        self.reason_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("更正原因："), self.reason_label)
        self.form = form
        self.changes_model = ChangesTableModel(self)  # a 更正通知: what it changes
        self.changes_view = QTableView()
        self.changes_view.setModel(self.changes_model)
        configure_table(self.changes_view, (C_OLD, C_NEW), word_wrap=True)
        # wrapped texts: the rows grow to them whenever the columns' widths change (the pane resized)
        self.changes_view.horizontalHeader().sectionResized.connect(self._fit_change_rows)
        self.changes_view.hide()

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
        top = QHBoxLayout()
        top.addWidget(self.number_label, 1)
        top.addWidget(self.reinspect_button)
        top.addWidget(self.letters_button)
        layout.addLayout(top)
        layout.addWidget(self.corrected_label)
        layout.addLayout(form)
        layout.addWidget(self.changes_view, 2)
        layout.addWidget(self.findings_view, 1)
        layout.addLayout(actions)
        layout.addWidget(self.hint_label)
        self.show_detail(None)

    # ---- showing ---------------------------------------------------------------------------

    def show_detail(self, detail: NoticeDetail | None, *, reason: str = "",
                    changes: list[ChangeRow] | None = None) -> None:
        """Show ``detail`` (None: nothing selected), keeping the selected finding if it is still there.

        For a 更正通知, ``reason`` and ``changes`` say why and what it corrects."""
        keep = self.selected_finding_id()
        self.detail = detail
        self.findings_model.set_rows(detail.findings if detail else [])
        correction = detail is not None and bool(detail.notice.corrects_id)
        self.changes_model.set_rows((changes or []) if correction else [])
        self.changes_view.resizeRowsToContents()
        self.changes_view.setVisible(correction)
        self.form.setRowVisible(self.reason_label, correction)
        self.reason_label.setText(reason if correction else "")
        if detail is None:
            self.corrected_label.hide()
        elif correction:
            self.corrected_label.setText(self.tr("更正通知：更正{original}。签发后，所列问题的内容按下表修改。").format(
                original=detail.notice.corrects_number) if not detail.notice.number else self.tr(
                "更正通知：更正{original}，已签发生效。").format(original=detail.notice.corrects_number))
            self.corrected_label.setStyleSheet(palette.text_style(palette.SECONDARY))
            self.corrected_label.show()
        elif detail.notice.corrected_by:
            self.corrected_label.setText(self.tr("已被{by}更正：所列问题的内容以更正通知为准。").format(
                by=self.tr("、").join(detail.notice.corrected_by)))
            self.corrected_label.setStyleSheet(palette.text_style(palette.WARNING))
            self.corrected_label.show()
        else:
            self.corrected_label.hide()
        self.letters_button.setEnabled(detail is not None and bool(detail.notice.number)
                                       and not detail.notice.corrects_id)
        self.reinspect_button.setEnabled(self.letters_button.isEnabled())
        self.form.setRowVisible(self.reinspection_label, self.letters_button.isEnabled())
        self.reinspection_label.setText(self.reinspection_text(detail) if detail is not None else "")
        if detail is None:
            self.number_label.setText(self.tr("未选择整改通知书"))
            for label in (self.department_label, self.plan_label, self.dates_label, self.state_label):
                label.setText("—")
        else:
            n = detail.notice
            self.number_label.setText(notice_number_text(n.number, n.status) if not n.corrects_id else self.tr(
                "{number} · 更正通知").format(number=notice_number_text(n.number, n.status)))
            self.department_label.setText(n.department)
            self.plan_label.setText(detail.plan_title or self.tr("（未关联计划）"))
            self.dates_label.setText(self.tr("{issued} 签发，{deadline} 前完成整改").format(
                issued=date_text(n.issued_on), deadline=date_text(n.deadline)))
            state = notice_state_label(n.state) if not (n.corrects_id and n.number) else self.tr("已签发")
            if n.overdue_findings:
                state = self.tr("{state}（{n} 项逾期）").format(state=state, n=n.overdue_findings)
            self.state_label.setText(state)
        row = self.findings_model.row_of(keep) if keep else -1
        if row < 0 and self.findings_model.rowCount():
            row = 0
        if row >= 0:
            self.findings_view.selectRow(row)
        self._update_actions()

    def reinspection_text(self, detail: NoticeDetail) -> str:
        """The newest re-inspection, or whether one can be scheduled now."""
        if detail.reinspections:
            r = detail.reinspections[-1]
            if r.status is InspectionStatus.COMPLETED:
                text = self.tr("已完成 {day}").format(day=day_text(r.ended_at))
            elif r.status is InspectionStatus.IN_PROGRESS:
                text = self.tr("进行中")
            else:
                text = self.tr("已安排 {day}").format(day=date_text(r.scheduled_on) if r.scheduled_on else self.tr("未定日期"))
            if len(detail.reinspections) > 1:
                text = self.tr("{text}（第 {n} 次复查）").format(text=text, n=len(detail.reinspections))
            return text
        return self.tr("可以安排") if detail.reinspect_refusal is None else self.tr("尚不能安排（整改期限未到，且有问题未报整改）")

    def _fit_change_rows(self, *args: object) -> None:
        self.changes_view.resizeRowsToContents()

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
        correction = self.detail is not None and bool(self.detail.notice.corrects_id)
        allowed = set(row.actions) if row is not None and issued and not correction else set()
        for target, button in self.action_buttons.items():
            button.setEnabled(target in allowed)
        self.open_button.setEnabled(row is not None)
        if self.detail is None:
            self.hint_label.setText(self.tr("在上方列表中选择一份整改通知书。"))
        elif correction:
            self.hint_label.setText(self.tr("整改步骤在原通知书{original}中办理。").format(
                original=self.detail.notice.corrects_number))
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
