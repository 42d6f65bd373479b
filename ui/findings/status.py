"""A finding's status, and one button per step a user can take from it (:func:`inspector.workflow.by_hand`).

Steps that need words prompt for them first (重新打开: a reason and a new
deadline; 核验通过: the verification note) with the rectification page's
:class:`~ui.rectification.dialogs.TransitionDialog`, which shows what the
department reported. The panel shows it too, in full
(:class:`~ui.rectification.reported.ReportedView`): once a report was imported
for the finding, or while it awaits verification. Whether a step is really
allowed is the core's decision: a refused step comes back as its
:class:`~inspector.errors.TransitionError`, shown as it is.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.model import FindingStatus
from inspector.services.findings import FindingDetail
from inspector.services.rectification import ReportedItem
from inspector.timezones import china_today
from ui.rectification.dialogs import TransitionDialog
from ui.rectification.reported import ReportedView
from ui.widgets import palette
from ui.widgets.labels import status_label

PROMPTED = (FindingStatus.REOPENED, FindingStatus.VERIFIED)


class StatusPanel(QWidget):
    transition_requested = Signal(object, str, object)  # target FindingStatus, reason, deadline (date or None)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: FindingDetail | None = None
        self.reported: ReportedItem | None = None
        self.today = china_today()
        self.dialog: TransitionDialog | None = None
        self.buttons: dict[FindingStatus, QPushButton] = {}
        self.status_label = QLabel()
        font = self.status_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.status_label.setFont(font)
        self.overdue_label = QLabel(self.tr("已超过整改期限"))
        self.overdue_label.setStyleSheet(palette.text_style(palette.WARNING, "font-weight: bold;"))
        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)  # "Not yet in an issued rectification notice" must not widen the editor
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.none_label = QLabel()
        self.none_label.setWordWrap(True)
        self.none_label.setStyleSheet(palette.text_style(palette.MUTED))
        top = QHBoxLayout()
        top.addWidget(self.status_label)
        top.addWidget(self.overdue_label)
        top.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("整改通知书："), self.notice_label)
        form.addRow(self.tr("核验意见："), self.note_label)
        self.reported_title = QLabel(self.tr("单位报送的整改情况："))
        self.reported_title.setWordWrap(True)
        self.reported_view = ReportedView()
        self.button_row = QHBoxLayout()
        self.button_row.addStretch(1)  # buttons go before it, left-aligned
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addWidget(self.reported_title)
        layout.addWidget(self.reported_view)
        layout.addLayout(self.button_row)
        layout.addWidget(self.none_label)

    def action_text(self, target: FindingStatus) -> str:
        texts = {
            FindingStatus.RECTIFYING: self.tr("开始整改"),
            FindingStatus.REPORTED: self.tr("已报整改"),
            FindingStatus.VERIFIED: self.tr("核验通过…"),
            FindingStatus.CLOSED: self.tr("关闭问题"),
            FindingStatus.REOPENED: self.tr("重新打开…"),
        }
        return texts.get(target, status_label(target))

    def show_detail(self, detail: FindingDetail, today: date, reported: ReportedItem | None = None) -> None:
        """Show ``detail``; ``reported``: what the department last reported for it (an imported report)."""
        self.detail, self.today, self.reported = detail, today, reported
        self.reported_view.show_item(reported)
        shown = reported is not None or detail.status is FindingStatus.REPORTED
        self.reported_title.setVisible(shown)
        self.reported_view.setVisible(shown)
        self.status_label.setText(self.tr("当前状态：{status}").format(status=status_label(detail.status)))
        self.overdue_label.setVisible(detail.overdue)
        self.notice_label.setText(detail.notice_number or self.tr("尚未列入已签发的整改通知书"))
        self.note_label.setText(detail.verification_note or "—")
        for button in self.buttons.values():
            self.button_row.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        for target in detail.transitions:
            button = QPushButton(self.action_text(target))
            button.setToolTip(self.tr("将状态改为“{status}”").format(status=status_label(target)))
            button.clicked.connect(lambda _checked=False, t=target: self.request(t))
            self.button_row.insertWidget(self.button_row.count() - 1, button)
            self.buttons[target] = button
        self.none_label.setText(self.tr("签发列有此问题的整改通知书后，状态自动变为“已通知”。")
                                if detail.status is FindingStatus.DRAFT else self.tr("该状态下没有可进行的操作。"))
        self.none_label.setVisible(not self.buttons)

    def set_busy(self, busy: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(not busy)

    def request(self, target: FindingStatus) -> None:
        if self.detail is None:
            return
        if target not in PROMPTED:
            self.transition_requested.emit(target, "", None)
            return
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = TransitionDialog(target, self.detail.title, self.today, self, reported=self.reported)
        self.dialog.accepted.connect(
            lambda d=self.dialog: self.transition_requested.emit(d.target, d.text().strip(), d.deadline()))
        self.dialog.open()
