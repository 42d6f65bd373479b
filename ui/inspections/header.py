"""The runner's top bar: which inspection, progress, whether everything is saved, sign and complete.

Completed, the inspection is read-only: 现场签字 and 完成检查 give way to 重新打开（更正）…, the only way
back (with a reason). A reopened inspection says so on a line of its own: 更正版 第 N 次 · the reason. A re-inspection (复查) names its
notice and its scope (仅复查不合格项 / 复查全部检查项) on another.

Nothing is cut at 1280×760 in either language: the department and the buttons share the first row, the detail
line (plan · status · times · signature) has the width beneath and wraps between its parts, never inside one."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from inspector.services.inspections import InspectionHeader
from inspector.services.reinspection import SCOPE_ALL, ReinspectionInfo
from inspector.timezones import china_now
from ui.widgets import palette
from ui.widgets.labels import datetime_text, inspection_status_labels


class PartsLabel(QLabel):
    """Parts joined by `` · `` that break onto another line only between parts (a date or a name stays whole);
    a part wider than the whole line wraps inside itself rather than being cut."""

    SEPARATOR = " · "

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parts: list[str] = []
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_parts(self, parts: list[str]) -> None:
        self.parts = [p for p in parts if p]
        self.setAccessibleName(self.SEPARATOR.join(self.parts))
        self._lay_out(self.contentsRect().width())

    def lines(self, width: int) -> list[str]:
        metrics = self.fontMetrics()
        lines: list[str] = []
        for part in self.parts:
            candidate = lines[-1] + self.SEPARATOR + part if lines else part
            if lines and metrics.horizontalAdvance(candidate) > width:
                lines[-1] += self.SEPARATOR.rstrip()
                lines.append(part)
            elif lines:
                lines[-1] = candidate
            else:
                lines.append(part)
        return lines

    def _lay_out(self, width: int) -> None:
        lines = self.lines(max(width, 1))
        metrics = self.fontMetrics()
        self.setWordWrap(any(metrics.horizontalAdvance(line) > width for line in lines))  # one part too wide
        text = "\n".join(lines)
        if text != self.text():
            self.setText(text)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        margins = self.contentsMargins()
        inner = width - margins.left() - margins.right()
        lines = self.lines(max(inner, 1))
        metrics = self.fontMetrics()
        if any(metrics.horizontalAdvance(line) > inner for line in lines):
            text = "\n".join(lines)
            rect = metrics.boundingRect(0, 0, max(inner, 1), 100_000, Qt.TextFlag.TextWordWrap, text)
            return rect.height() + margins.top() + margins.bottom()
        return len(lines or [""]) * metrics.lineSpacing() + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.heightForWidth(max(self.width(), 1)))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.minimumWidth(), self.heightForWidth(max(self.width(), 1)))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._lay_out(self.contentsRect().width())


class RunnerHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._status = inspection_status_labels()
        self.back_button = QPushButton(self.tr("← 返回列表"))
        self.back_button.setToolTip(self.tr("返回现场检查列表（已输入的内容均已自动保存）"))
        self.department_label = QLabel(self.tr("正在加载…"))
        self.department_label.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.detail_label = PartsLabel()  # breaks between its parts, never inside one
        self.detail_label.setStyleSheet(palette.text_style(palette.SLATE))
        self.correction_label = QLabel()
        self.correction_label.setStyleSheet(palette.text_style(palette.CAUTION))
        self.correction_label.hide()
        self.reinspection_label = PartsLabel()  # a 复查: the notice, its scope (hidden for a first inspection)
        self.reinspection_label.setStyleSheet(palette.text_style(palette.CURRENT, "font-weight: bold;"))
        self.reinspection_label.setMinimumWidth(120)
        self.reinspection_label.hide()
        for label in (self.department_label, self.correction_label):
            label.setWordWrap(True)  # long names and details take another line, never widen the page or get cut
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        for label in (self.department_label, self.detail_label, self.correction_label):
            label.setMinimumWidth(120)

        self.progress = QProgressBar()
        self.progress.setMinimumWidth(140)
        self.progress.setMaximumWidth(260)
        self.progress.setFormat(self.tr("已检查 %v/%m"))
        self.progress.setValue(0)
        self.save_label = QLabel()
        self.save_label.setStyleSheet(palette.text_style(palette.MUTED))
        self.sign_button = QPushButton(self.tr("现场签字"))
        self.sign_button.setToolTip(self.tr("请被检查单位代表在屏幕上签字确认检查记录"))
        self.record_button = QPushButton(self.tr("检查记录 PDF…"))
        self.record_button.setToolTip(self.tr("预览现场检查记录，导出并数字签名"))
        self.complete_button = QPushButton(self.tr("完成检查"))
        self.complete_button.setToolTip(self.tr("填写检查小结、确认签字和未检查项，结束本次现场检查；"
                                                "完成后检查记录不能再修改"))
        self.reopen_button = QPushButton(self.tr("重新打开（更正）…"))
        self.reopen_button.setToolTip(self.tr("检查记录有误需要更正时，说明原因后重新打开；"
                                              "此后导出的检查记录注明“更正版”"))
        self.reopen_button.hide()

        actions = QHBoxLayout()
        actions.setSpacing(6)
        actions.addWidget(self.progress)
        for button in (self.sign_button, self.record_button, self.complete_button, self.reopen_button):
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)  # never narrower than its text
            actions.addWidget(button)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setHorizontalSpacing(8)
        layout.setVerticalSpacing(0)
        layout.addWidget(self.back_button, 0, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.department_label, 0, 1)
        layout.addLayout(actions, 0, 2)
        layout.addWidget(self.detail_label, 1, 1)
        layout.addWidget(self.save_label, 1, 2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.correction_label, 2, 1, 1, 2)
        layout.addWidget(self.reinspection_label, 3, 1, 1, 2)
        layout.setColumnStretch(1, 1)
        self.sign_button.setEnabled(False)
        self.complete_button.setEnabled(False)

    def show_inspection(self, insp: InspectionHeader, reinspection: ReinspectionInfo | None = None) -> None:
        self.department_label.setText(insp.department)
        self.show_reinspection(reinspection)
        parts = [insp.plan_title, self._status[insp.status]]
        if insp.started_at:
            parts.append(self.tr("开始于 {time}").format(time=datetime_text(insp.started_at, empty="")))
        if insp.ended_at:
            parts.append(self.tr("结束于 {time}").format(time=datetime_text(insp.ended_at, empty="")))
        parts.append(self.signature_text(insp))
        self.detail_label.set_parts(parts)
        tip = [insp.department, *parts] + ([self.tr("地点：{location}").format(location=insp.location)]
                                           if insp.location else [])
        correction = ""
        if insp.correction_no:
            correction = self.tr("更正版 第 {n} 次 · {reason}").format(n=insp.correction_no,
                                                                    reason=insp.correction_reason)
            tip.append(correction + (f" ({datetime_text(insp.corrected_at)})" if insp.corrected_at else ""))
        self.correction_label.setText(correction)
        self.correction_label.setVisible(bool(correction))
        self.detail_label.setToolTip("\n".join(p for p in tip if p))
        self.department_label.setToolTip(self.detail_label.toolTip())
        self.correction_label.setToolTip(self.detail_label.toolTip())
        self.sign_button.setText(self.tr("重新签字") if insp.signed else self.tr("现场签字"))

    def show_reinspection(self, info: ReinspectionInfo | None) -> None:
        """A re-inspection says so: the notice it re-inspects, and whether it covers the failed items or all."""
        if info is None:
            self.reinspection_label.set_parts([])
            self.reinspection_label.hide()
            return
        parts = [self.tr("复查 · 整改通知书 {number}").format(number=info.notice_number),
                 self.tr("复查全部检查项") if info.scope == SCOPE_ALL else self.tr("仅复查不合格项")]
        if info.notice_deadline:
            parts.append(self.tr("整改期限 {day}").format(day=info.notice_deadline.isoformat()))
        self.reinspection_label.set_parts(parts)
        self.reinspection_label.setToolTip(self.tr("本次为整改通知书的现场复查；完成复查时，按各检查项的结论核验"
                                                   "或重新打开通知书所列问题"))
        self.reinspection_label.show()

    def signature_text(self, insp: InspectionHeader) -> str:
        """Whether the representative's signature attests the record as it is now, or why there is none."""
        if insp.signed and insp.signature_holds:
            return self.tr("{name}已签字").format(name=insp.rep_name)
        if insp.signed:
            return self.tr("{name}的签字已失效（签字后内容有变化）").format(name=insp.rep_name)
        if insp.rep_not_signed == "refused":
            return self.tr("单位代表拒绝签字")
        if insp.rep_not_signed == "absent":
            return self.tr("单位代表不在场，未签字")
        return ""

    def set_editable(self, editable: bool) -> None:
        """Completed: nothing can be signed or completed any more; reopening (with a reason) is offered."""
        self.sign_button.setEnabled(editable)
        self.sign_button.setVisible(editable)
        self.complete_button.setEnabled(editable)
        self.complete_button.setVisible(editable)
        self.reopen_button.setVisible(not editable)

    def show_progress(self, answered: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(answered)
        self.progress.setFormat(self.tr("已检查 %v/%m") if total else "")

    def show_saving(self, saving: bool) -> None:
        """"Saving…" while writes are queued, then when the last one reached the vault."""
        if saving:
            self.save_label.setText(self.tr("正在保存…"))
        else:
            self.save_label.setText(self.tr("已自动保存 {time}").format(time=china_now().strftime("%H:%M:%S")))
