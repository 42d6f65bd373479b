"""Art. 33 escalations in the finding editor: each a record with its state, and the dialog that records it.

A finding with a leak risk (失泄密隐患) is reported to the secrecy authority; an
unlawful act (违法行为) is stopped at once and referred to the police. Setting the
flag opens the record (待报告 / 待移送, :mod:`inspector.services.escalations`);
:class:`EscalationLine` shows it under its check box — to whom, when, the
reference — with 登记上报… / 登记移送… while it is pending, which opens
:class:`EscalationDialog` (authority prefilled, date, reference, note).
"""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.model import EscalationKind, EscalationState
from inspector.services.escalations import EscalationRow
from inspector.timezones import CHINA_TIME, china_now
from ui.widgets import palette
from ui.widgets.dates import date_edit
from ui.widgets.labels import day_text


def escalation_state_label(kind: EscalationKind | str, state: EscalationState | str) -> str:
    """待报告 / 已报告 (失泄密隐患), 待移送 / 已移送 (违法行为)."""
    from PySide6.QtCore import QCoreApplication

    secrecy = EscalationKind(kind) is EscalationKind.SECRECY
    if EscalationState(state) is EscalationState.PENDING:
        return (QCoreApplication.translate("Escalation", "待报告") if secrecy
                else QCoreApplication.translate("Escalation", "待移送"))
    return (QCoreApplication.translate("Escalation", "已报告") if secrecy
            else QCoreApplication.translate("Escalation", "已移送"))


def escalation_kind_label(kind: EscalationKind | str) -> str:
    from PySide6.QtCore import QCoreApplication

    return (QCoreApplication.translate("Escalation", "失泄密隐患") if EscalationKind(kind) is EscalationKind.SECRECY
            else QCoreApplication.translate("Escalation", "违法行为"))


def done_at(day: date, today: date, now: datetime | None = None) -> datetime:
    """When it was done: now if ``day`` is today, else noon of that day (local time), as an aware time."""
    if day == today:
        return now or china_now()
    return datetime.combine(day, time(12, 0), CHINA_TIME)


class EscalationLine(QWidget):
    """One escalation record under its check box: its state, to whom, when, the reference; the button to
    record it while pending."""

    record_requested = Signal(object)  # the EscalationRow

    def __init__(self, kind: EscalationKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = EscalationKind(kind)
        self.row: EscalationRow | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        secrecy = self.kind is EscalationKind.SECRECY
        self.button = QPushButton(self.tr("登记上报…") if secrecy else self.tr("登记移送…"))
        self.button.setToolTip(self.tr("已向保密主管部门报告后，登记接收单位、日期和文号") if secrecy
                               else self.tr("已移送公安机关后，登记接收单位、日期和文号"))
        self.button.clicked.connect(lambda: self.row is not None and self.record_requested.emit(self.row))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 0, 0, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.show_row(None)

    def show_row(self, row: EscalationRow | None, editable: bool = True) -> None:
        self.row = row
        self.setVisible(row is not None)
        if row is None:
            return
        state = escalation_state_label(row.kind, row.state)
        if row.state is EscalationState.PENDING:
            text = self.tr("{state}：{authority}").format(state=state, authority=row.authority)
            if row.immediate:
                text += self.tr("（应立即制止）")
            self.label.setStyleSheet(palette.text_style(palette.WARNING))
        else:
            parts = [row.authority, day_text(row.done_at)]
            if row.reference:
                parts.append(row.reference)
            text = self.tr("{state}：{details}").format(state=state, details=" · ".join(parts))
            if row.note:
                text += "\n" + row.note
            self.label.setStyleSheet(palette.text_style(palette.OK))
        self.label.setText(text)
        self.button.setVisible(row.state is EscalationState.PENDING)
        self.button.setEnabled(editable)

    @property
    def done(self) -> bool:
        return self.row is not None and self.row.state is EscalationState.DONE


class EscalationDialog(QDialog):
    """登记上报 / 登记移送: to whom (prefilled), when, the reference number, a note."""

    def __init__(self, row: EscalationRow, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.today = today
        secrecy = row.kind is EscalationKind.SECRECY
        self.setWindowTitle(self.tr("登记上报") if secrecy else self.tr("登记移送"))
        self.setMinimumWidth(480)
        intro = QLabel((self.tr("问题“{title}”存在失泄密隐患，已向保密主管部门报告。请登记（第三十三条）：") if secrecy
                        else self.tr("问题“{title}”涉及违法行为，已移送公安机关。请登记（第三十三条）："))
                       .format(title=row.finding_title))
        intro.setWordWrap(True)
        self.authority_edit = QLineEdit(row.authority or row.kind.authority_zh)
        self.date_edit = date_edit(today)
        self.date_edit.setMaximumDate(QDate(today))  # it has happened: not a plan
        self.reference_edit = QLineEdit()
        self.reference_edit.setPlaceholderText(self.tr("函件或回执编号，如：晋保函〔2026〕12号"))
        self.note_edit = QPlainTextEdit()
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(64)
        self.note_edit.setPlaceholderText(self.tr("说明（可选），如：电话报告后补送书面材料"))
        form = QFormLayout()
        form.addRow(self.tr("接收单位："), self.authority_edit)
        form.addRow(self.tr("日期："), self.date_edit)
        form.addRow(self.tr("文号："), self.reference_edit)
        form.addRow(self.tr("说明："), self.note_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("登记"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.authority_edit.textChanged.connect(
            lambda text: self.ok_button.setEnabled(bool(text.strip())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def values(self) -> dict:
        """What :func:`inspector.services.escalations.record_escalation` takes."""
        return dict(authority=self.authority_edit.text().strip(), reference=self.reference_edit.text().strip(),
                    note=self.note_edit.toPlainText().strip(),
                    done_at=done_at(self.date_edit.date().toPython(), self.today))

    def accept(self) -> None:
        if self.authority_edit.text().strip():
            super().accept()
