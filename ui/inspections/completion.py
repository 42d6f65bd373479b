"""完成检查 and 重新打开（更正）: the two dialogs that move an inspection across its one frozen line.

:class:`CompletionDialog` shows what the core's
:func:`~inspector.services.inspections.completion_check` says is still missing —
the items without a verdict (with the explicit choice to record them as
“未检查”), the 检查小结, the representative's signature or the reason there is
none (拒绝签字 / 不在场) — and enables 完成检查 only when every requirement is met.
For a re-inspection (复查) it also lists what completing will do to each finding of the
notice (:func:`~inspector.services.reinspection.outcome`, read with the check) and,
when one is reopened, asks its new deadline (after today, Beijing day; default +30 days).
It only shows and collects: the runner saves the summary as it is typed, opens
the signature pad, and completes the inspection (:mod:`ui.inspections.runner`).

:class:`ReopenDialog` asks the reason a completed inspection is reopened; it is
required, and goes into the audit chain and onto the next record (更正版).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.services import reinspection
from inspector.services.inspections import CompletionCheck
from inspector.timezones import china_today
from ui.widgets import palette
from ui.widgets.labels import datetime_text, status_label, verdict_labels

SHOWN_CODES = 24  # the unanswered items named in the dialog (the count is always complete)
REFUSED, ABSENT = "refused", "absent"


class CompletionDialog(QDialog):
    sign_requested = Signal()
    summary_edited = Signal(str)   # after every change of the summary (the runner saves it)
    complete_requested = Signal()  # 完成检查, once every requirement is met

    def __init__(self, department: str, summary: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("完成检查"))
        self.setMinimumWidth(660)
        self.check: CompletionCheck | None = None
        self._busy = False
        intro = QLabel(self.tr("完成对“{department}”的现场检查。完成后检查记录（结论、记录、证据、问题、签字）"
                               "不能再修改；如需更正，只能说明原因后重新打开。").format(department=department))
        intro.setWordWrap(True)

        # 1. items without a verdict
        self.unanswered_box = QGroupBox(self.tr("未检查的检查项"))
        self.unanswered_label = QLabel()
        self.unanswered_label.setWordWrap(True)
        self.unanswered_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.unchecked_box = QCheckBox()
        box = QVBoxLayout(self.unanswered_box)
        box.addWidget(self.unanswered_label)
        box.addWidget(self.unchecked_box)

        # 2. the summary
        summary_box = QGroupBox(self.tr("检查小结（必填）"))
        self.summary_edit = QPlainTextEdit(summary)
        self.summary_edit.setPlaceholderText(self.tr("检查组的总体意见：检查范围、主要问题、整改要求等（随输入自动保存）"))
        self.summary_edit.setTabChangesFocus(True)
        self.summary_edit.setFixedHeight(96)
        QVBoxLayout(summary_box).addWidget(self.summary_edit)

        # 3. the representative's signature, or the reason there is none
        signature_box = QGroupBox(self.tr("单位代表签字"))
        self.signature_label = QLabel()
        self.signature_label.setWordWrap(True)
        self.sign_button = QPushButton(self.tr("现场签字…"))
        line = QHBoxLayout()
        line.addWidget(self.signature_label, 1)
        line.addWidget(self.sign_button)
        self.reason_hint = QLabel(self.tr("无法签字时，记录原因："))
        self.refused_radio = QRadioButton(self.tr("拒绝签字"))
        self.absent_radio = QRadioButton(self.tr("不在场"))
        for radio in (self.refused_radio, self.absent_radio):
            radio.setAutoExclusive(False)  # one or none: a second click clears the reason (see _reason_clicked)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("说明（可选），如：经两次告知仍拒绝签字"))
        reasons = QHBoxLayout()
        reasons.addWidget(self.reason_hint)
        reasons.addWidget(self.refused_radio)
        reasons.addWidget(self.absent_radio)
        reasons.addStretch(1)
        box = QVBoxLayout(signature_box)
        box.addLayout(line)
        box.addLayout(reasons)
        box.addWidget(self.note_edit)

        # 4. a re-inspection: what completing does to each finding of the notice, and a reopened one's deadline
        self.effects: list[reinspection.Effect] = []
        self.effects_box = QGroupBox(self.tr("完成复查后，整改通知书所列问题将："))
        self.effects_model = QStandardItemModel(0, 4, self)
        self.effects_model.setHorizontalHeaderLabels(
            [self.tr("检查项"), self.tr("问题"), self.tr("复查结论"), self.tr("完成后")])
        self.effects_view = QTableView()
        self.effects_view.setModel(self.effects_model)
        self.effects_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.effects_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.effects_view.verticalHeader().hide()
        self.effects_view.setWordWrap(True)
        self.effects_view.horizontalHeader().setStretchLastSection(True)
        self.effects_view.setMinimumHeight(90)
        self.effects_view.setMaximumHeight(200)  # many findings scroll inside; the dialog keeps its height
        self.deadline_label = QLabel(self.tr("重新打开问题的新整改期限："))
        self.deadline_edit = QDateEdit()
        self.deadline_edit.setCalendarPopup(True)
        self.deadline_edit.setDisplayFormat("yyyy-MM-dd")
        self.deadline_edit.setDate(_qdate(china_today() + reinspection.REOPEN_PERIOD))  # the Beijing day
        self.deadline_edit.dateChanged.connect(self._update)
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(self.deadline_label)
        deadline_row.addWidget(self.deadline_edit)
        deadline_row.addStretch(1)
        self.deadline_row = QWidget()
        self.deadline_row.setLayout(deadline_row)
        deadline_row.setContentsMargins(0, 0, 0, 0)
        box = QVBoxLayout(self.effects_box)
        box.addWidget(self.effects_view)
        box.addWidget(self.deadline_row)
        self.effects_box.hide()

        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.missing_label.setStyleSheet(palette.text_style(palette.CAUTION))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.complete_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.complete_button.setText(self.tr("完成检查"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.unanswered_box)
        layout.addWidget(summary_box)
        layout.addWidget(signature_box)
        layout.addWidget(self.effects_box)
        layout.addWidget(self.missing_label)
        layout.addWidget(self.buttons)

        self.summary_edit.textChanged.connect(self._summary_changed)
        self.unchecked_box.toggled.connect(self._update)
        self.refused_radio.clicked.connect(lambda: self._reason_clicked(self.refused_radio))
        self.absent_radio.clicked.connect(lambda: self._reason_clicked(self.absent_radio))
        self.note_edit.textChanged.connect(self._update)
        self.sign_button.clicked.connect(self.sign_requested)
        self.buttons.accepted.connect(self._complete_clicked)
        self.buttons.rejected.connect(self.reject)
        self.set_busy(True)  # until the first check arrives

    # ---- showing ---------------------------------------------------------------------------

    def show_check(self, check: CompletionCheck, effects: list[reinspection.Effect] | None = None) -> None:
        """What the core says is still missing (read again after each signature or change), and for a
        re-inspection what completing will do to each finding of the notice (``effects``)."""
        self.check = check
        self.show_effects(effects or [])
        n = len(check.unanswered)
        self.unanswered_box.setVisible(bool(n))
        if n:
            codes = self.tr("、").join(check.unanswered[:SHOWN_CODES])
            if n > SHOWN_CODES:
                codes = self.tr("{codes} 等").format(codes=codes)
            self.unanswered_label.setText(self.tr("还有 {n} 个检查项没有结论：{codes}").format(n=n, codes=codes))
            self.unchecked_box.setText(self.tr("将以上 {n} 项记为“未检查”").format(n=n))
        else:
            self.unchecked_box.setChecked(False)
        when = datetime_text(check.signed_at)
        if check.signature == "holds":
            self.signature_label.setText(self.tr("已签字：{name}，{time}").format(name=check.signer, time=when))
            self.signature_label.setStyleSheet(palette.text_style(palette.OK))
            self.sign_button.setText(self.tr("重新签字…"))
        elif check.signature == "void":
            self.signature_label.setText(self.tr("签字已失效：{name} 于 {time} 签字后，检查内容有变化。请单位代表重新签字。")
                                         .format(name=check.signer, time=when))
            self.signature_label.setStyleSheet(palette.text_style(palette.WARNING))
            self.sign_button.setText(self.tr("重新签字…"))
        else:
            self.signature_label.setText(self.tr("未签字。请单位代表现场签字，或记录未签字的原因。"))
            self.signature_label.setStyleSheet(palette.text_style(palette.CAUTION))
            self.sign_button.setText(self.tr("现场签字…"))
        can_give_reason = check.signature != "holds"  # a void signature is withdrawn when a reason is recorded
        for widget in (self.reason_hint, self.refused_radio, self.absent_radio, self.note_edit):
            widget.setEnabled(can_give_reason)
        if not can_give_reason:
            self._clear_reason()
        self.set_busy(False)

    def show_effects(self, effects: list[reinspection.Effect]) -> None:
        """A re-inspection: one row per finding of the notice; the new deadline only when one is reopened."""
        self.effects = list(effects)
        self.effects_box.setVisible(bool(effects))
        self.effects_model.removeRows(0, self.effects_model.rowCount())
        verdicts = verdict_labels()
        for e in effects:
            cells = [e.item_code or "—", self.tr("{title}（{status}）").format(title=e.title, status=status_label(e.status)),
                     verdicts[e.verdict] if e.verdict is not None else self.tr("无结论"), self.action_text(e.action)]
            row = [QStandardItem(text) for text in cells]
            colour = {reinspection.VERIFY: palette.OK, reinspection.REOPEN: palette.WARNING,
                      reinspection.STILL_OPEN: palette.CAUTION, reinspection.BY_HAND: palette.CAUTION}.get(e.action)
            if colour:
                row[3].setForeground(QColor(colour))
            for item in row:
                item.setToolTip(" · ".join(cells))
            self.effects_model.appendRow(row)
        self.effects_view.resizeColumnToContents(0)
        self.effects_view.setColumnWidth(1, 260)
        self.effects_view.resizeRowsToContents()
        self.deadline_row.setVisible(self.reopens())

    def action_text(self, action: str) -> str:
        return {reinspection.VERIFY: self.tr("予以核验（确认已整改到位）"),
                reinspection.REOPEN: self.tr("重新打开，设定新的整改期限"),
                reinspection.STILL_OPEN: self.tr("仍未整改到位，保持原状态"),
                reinspection.UNCHANGED: self.tr("不变"),
                reinspection.BY_HAND: self.tr("无对应检查项，需人工核验")}[action]

    def reopens(self) -> bool:
        return any(e.action == reinspection.REOPEN for e in self.effects)

    def reopen_deadline(self) -> date | None:
        """The new deadline of the findings completing reopens (None when it reopens none)."""
        if not self.reopens():
            return None
        d = self.deadline_edit.date()
        return date(d.year(), d.month(), d.day())

    def set_busy(self, busy: bool) -> None:
        """While the runner reads or writes, nothing can be completed (the check may be about to change)."""
        self._busy = busy
        self.sign_button.setEnabled(not busy)
        self._update()

    # ---- what the user chose -----------------------------------------------------------------

    def summary(self) -> str:
        return self.summary_edit.toPlainText()

    def record_unchecked(self) -> bool:
        return bool(self.check and self.check.unanswered) and self.unchecked_box.isChecked()

    def rep_not_signed(self) -> str:
        if self.refused_radio.isChecked():
            return REFUSED
        if self.absent_radio.isChecked():
            return ABSENT
        return ""

    def note(self) -> str:
        return self.note_edit.text().strip() if self.rep_not_signed() else ""

    def missing(self) -> list[str]:
        """What still stops 完成检查, in words (empty: it can be completed)."""
        check = self.check
        if check is None:
            return [self.tr("正在读取检查情况…")]
        missing = []
        if check.unanswered and not self.unchecked_box.isChecked():
            missing.append(self.tr("为每个检查项给出结论，或勾选将其余 {n} 项记为“未检查”").format(n=len(check.unanswered)))
        if not self.summary().strip():
            missing.append(self.tr("填写检查小结"))
        if check.signature == "void" and not self.rep_not_signed():
            missing.append(self.tr("请单位代表重新签字，或选择未签字的原因（拒绝签字/不在场）"))
        elif check.signature == "none" and not self.rep_not_signed():
            missing.append(self.tr("单位代表签字，或选择未签字的原因（拒绝签字/不在场）"))
        deadline = self.reopen_deadline()
        if deadline is not None and deadline <= china_today():
            missing.append(self.tr("重新打开问题的新整改期限须晚于今天（{today}）").format(
                today=china_today().isoformat()))
        return missing

    # ---- reacting ----------------------------------------------------------------------------

    def _summary_changed(self) -> None:
        self.summary_edited.emit(self.summary())
        self._update()

    def _reason_clicked(self, button: QRadioButton) -> None:
        other = self.absent_radio if button is self.refused_radio else self.refused_radio
        if button.isChecked():
            other.setChecked(False)
        self._update()

    def _clear_reason(self) -> None:
        for radio in (self.refused_radio, self.absent_radio):
            radio.setChecked(False)

    def _update(self, *_args: object) -> None:
        missing = self.missing()
        self.complete_button.setEnabled(not missing and not self._busy)
        self.missing_label.setText(self.tr("完成前还需要：{what}。").format(what=self.tr("；").join(missing))
                                   if missing and self.check is not None else "")
        self.missing_label.setVisible(bool(self.missing_label.text()))
        self.fit_height()

    def fit_height(self) -> None:
        """Grow to hold every line of the texts just set (wrapped labels need more height than Qt gives
        a dialog by itself), never taller than the screen."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else layout.sizeHint().height()
        screen = self.screen()
        if screen is not None:
            needed = min(needed, screen.availableGeometry().height() - 60)
        if needed > self.height():
            self.resize(self.width(), needed)

    def _complete_clicked(self) -> None:
        if not self.missing() and not self._busy:
            self.set_busy(True)
            self.complete_requested.emit()


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class ReopenDialog(QDialog):
    """重新打开（更正）: the reason is required; it is recorded and printed on the corrected record."""

    def __init__(self, department: str, correction_no: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("重新打开检查（更正）"))
        self.setMinimumWidth(520)
        intro = QLabel(self.tr("重新打开对“{department}”的已完成检查，以更正检查记录。原因记入审计日志；"
                               "此后导出的检查记录注明“更正版（第 {n} 次更正）”，此前导出的记录在登记簿中标为已被取代。"
                               "修改后需重新完成检查（单位代表重新签字或记录未签字原因）。")
                      .format(department=department, n=correction_no + 1))
        intro.setWordWrap(True)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText(self.tr("更正原因（必填），例如：第 3-05 项结论录入有误"))
        self.reason_edit.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("重新打开"))
        self.ok_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel(self.tr("原因：")))
        layout.addWidget(self.reason_edit, 1)
        layout.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(lambda: self.ok_button.setEnabled(bool(self.reason().strip())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def reason(self) -> str:
        return self.reason_edit.toPlainText()

    def accept(self) -> None:
        if self.reason().strip():
            super().accept()
