"""复查… — re-inspecting the department of an issued notice (:mod:`inspector.services.reinspection`).

:class:`ReinspectDialog` lists the notice's re-inspections so far and either schedules a new one — only the items
of the notice's findings, or the whole checklist, on a day, at a place — or, while one is pending, opens it in the
runner or cancels it (only before anyone started it). Whether a re-inspection may be scheduled now (the deadline
passed, or every finding reported) is the core's answer, shown as it gives it; the dialog only asks.
:func:`open_reinspect` reads, writes and refreshes through the one read/write helper.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from inspector.model import InspectionStatus
from inspector.services import reinspection
from inspector.services.rectification import NoticeDetail
from ui import i18n
from ui.errors import show_error
from ui.widgets import palette
from ui.widgets.dates import date_edit
from ui.widgets.labels import date_text, day_text

if TYPE_CHECKING:
    from ui.rectification.page import RectificationPage


class ReinspectDialog(QDialog):
    schedule_requested = Signal(str, object, str)   # scope, scheduled_on (date), location
    open_requested = Signal(str)                     # inspection id
    cancel_requested = Signal(str)                   # inspection id

    def __init__(self, detail: NoticeDetail, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("复查"))
        self.setMinimumWidth(560)
        notice = detail.notice
        self.pending = next((r for r in detail.reinspections if r.status is not InspectionStatus.COMPLETED), None)
        intro = QLabel(self.tr("对“{department}”就整改通知书{number}组织现场复查。复查在“现场检查”中进行；完成复查时，"
                               "复查结论为“符合”的问题予以核验，仍不符合的问题重新打开并设定新的整改期限。").format(
            department=notice.department, number=notice.number))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)

        self.history_label = QLabel(self.history_text(detail))
        self.history_label.setWordWrap(True)
        layout.addWidget(self.history_label)

        self.refusal_label = QLabel()
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setStyleSheet(palette.text_style(palette.WARNING))
        refusal = detail.reinspect_refusal
        self.refusal_label.setText(self.tr("暂不能安排复查：{why}").format(why=i18n.pick(*refusal)) if refusal and not self.pending
                                   else "")
        self.refusal_label.setVisible(bool(self.refusal_label.text()))
        layout.addWidget(self.refusal_label)

        items = len({f.finding_id for f in detail.findings})
        self.failed_radio = QRadioButton(self.tr("仅复查整改通知书所列问题对应的检查项（{n} 个问题）").format(n=items))
        self.all_radio = QRadioButton(self.tr("复查全部检查项"))
        self.failed_radio.setChecked(True)
        self.scope_group = QButtonGroup(self)
        self.scope_group.addButton(self.failed_radio)
        self.scope_group.addButton(self.all_radio)
        self.date_edit = date_edit(today, minimum=today)
        self.location_edit = QLineEdit()
        self.location_edit.setPlaceholderText(self.tr("复查地点（可选）"))
        form = QFormLayout()
        form.addRow(self.tr("复查范围："), self.failed_radio)
        form.addRow("", self.all_radio)
        form.addRow(self.tr("复查日期："), self.date_edit)
        form.addRow(self.tr("复查地点："), self.location_edit)
        self.form_widget = QWidget()
        self.form_widget.setLayout(form)
        self.form_widget.setVisible(self.pending is None)
        layout.addWidget(self.form_widget)

        buttons = QDialogButtonBox()
        self.schedule_button = buttons.addButton(self.tr("安排复查"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.schedule_button.setEnabled(self.pending is None and refusal is None)
        self.schedule_button.setVisible(self.pending is None)
        self.open_button = QPushButton(self.tr("打开复查"))
        self.cancel_reinspection_button = QPushButton(self.tr("取消复查"))
        self.cancel_reinspection_button.setToolTip(self.tr("只能取消尚未开始的复查"))
        if self.pending is not None:
            buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
            buttons.addButton(self.cancel_reinspection_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.cancel_reinspection_button.setEnabled(self.pending.status is InspectionStatus.PLANNED)
        close = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(self.pending is not None)
        self.schedule_button.clicked.connect(self._schedule)
        self.open_button.clicked.connect(lambda: self._emit_and_close(self.open_requested))
        self.cancel_reinspection_button.clicked.connect(lambda: self._emit_and_close(self.cancel_requested))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def history_text(self, detail: NoticeDetail) -> str:
        if not detail.reinspections:
            return self.tr("尚未安排复查。")
        lines = []
        for r in detail.reinspections:
            scope = self.tr("仅复查不合格项") if r.scope == reinspection.SCOPE_FAILED else self.tr("复查全部检查项")
            if r.status is InspectionStatus.COMPLETED:
                lines.append(self.tr("已完成复查 {day}（{scope}）").format(day=day_text(r.ended_at), scope=scope))
            elif r.status is InspectionStatus.IN_PROGRESS:
                lines.append(self.tr("复查进行中（{scope}）").format(scope=scope))
            else:
                lines.append(self.tr("已安排复查 {day}（{scope}）").format(
                    day=date_text(r.scheduled_on) if r.scheduled_on else self.tr("未定日期"), scope=scope))
        return "\n".join(lines)

    def scope(self) -> str:
        return reinspection.SCOPE_ALL if self.all_radio.isChecked() else reinspection.SCOPE_FAILED

    def _schedule(self) -> None:
        self.schedule_requested.emit(self.scope(), self.date_edit.date().toPython(), self.location_edit.text())
        self.accept()

    def _emit_and_close(self, signal) -> None:
        if self.pending is not None:
            signal.emit(self.pending.id)
        self.accept()


def open_reinspect(page: RectificationPage, notice_id: str) -> None:
    """Read the notice afresh (the rules judge today's state), then show :class:`ReinspectDialog`."""
    today = page.today()

    def show(detail: NoticeDetail) -> None:
        if page.reinspect_dialog is not None:
            page.reinspect_dialog.reject()
        page.reinspect_dialog = dialog = ReinspectDialog(detail, today, page)
        dialog.schedule_requested.connect(
            lambda scope, on, where: page.ctx.write(
                page, lambda s: reinspection.schedule(s, notice_id, scope=scope, scheduled_on=on, location=where,
                                                      today=today).id,
                lambda inspection_id: page.reinspection_scheduled.emit(inspection_id),
                on_failure=lambda exc: show_error(page, exc)))
        dialog.open_requested.connect(lambda inspection_id: page.ctx.navigate("inspections", inspection_id))
        dialog.cancel_requested.connect(
            lambda inspection_id: page.ctx.write(page, lambda s: reinspection.cancel(s, inspection_id),
                                                 on_failure=lambda exc: show_error(page, exc)))
        dialog.open()

    page.ctx.read(page, lambda s: _detail(s, notice_id, today), show,
                  on_failure=lambda exc: show_error(page, exc), key="reinspect")


def _detail(session, notice_id: str, today: date) -> NoticeDetail:
    from inspector.services.rectification import notice_detail

    return notice_detail(session, notice_id, today)
