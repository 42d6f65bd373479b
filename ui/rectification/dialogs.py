"""Dialogs of the rectification page: drafting a notice, drafting a 更正通知, the steps that need words or a date,
and a draft notice's 抄送 and 附注.

All are opened with ``open()`` (not ``exec()``), so the event loop keeps
running and tests can fill them in; the page acts on ``accepted``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError
from inspector.model import FindingStatus
from inspector.services.rectification import DraftCandidate, NoticeRow, ReportedItem
from ui.errors import error_text
from ui.rectification.models import CandidateFindingsModel, CorrectionTarget
from ui.rectification.reported import FittingScroll, ReportedView
from ui.widgets.dates import date_edit
from ui.widgets.fields import MessageLabel
from ui.widgets.labels import date_text

DEFAULT_DEADLINE_DAYS = 30


def _date_edit(value: date, minimum: date) -> QDateEdit:
    return date_edit(value, minimum=minimum)


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
    """核验通过 (a verification note) or 重新打开 (a reason and a new deadline).

    Above the note, what the department reported (``reported``: the measures, completion date, material, source
    — :class:`~ui.rectification.reported.ReportedView`): always for a verification (saying so when no report was
    imported), for a reopening when there is one."""

    def __init__(self, target: FindingStatus, finding_title: str, today: date, parent: QWidget | None = None,
                 *, reported: ReportedItem | None = None) -> None:
        super().__init__(parent)
        self.target = FindingStatus(target)
        reopen = self.target is FindingStatus.REOPENED
        self.setWindowTitle(self.tr("重新打开问题") if reopen else self.tr("核验通过"))
        self.setMinimumWidth(560)
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
        self.reported_view = ReportedView()
        self.reported_view.show_item(reported)
        self.reported_box = QGroupBox(self.tr("单位报送的整改情况"))
        scroll = FittingScroll(self.reported_view, 240)  # long measures scroll here; the note stays in view
        QVBoxLayout(self.reported_box).addWidget(scroll)
        self.reported_box.setVisible(not reopen or reported is not None)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.reported_box)
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


class CorrectionDialog(QDialog):
    """起草更正通知: the findings of an issued notice to correct, their new 整改要求 and/or 整改期限, and why.

    It does not close on 起草: it emits :attr:`submitted` and the page writes; a refusal of the core is shown
    here (:meth:`show_error`), and the page closes the dialog once the draft is written.
    """

    submitted = Signal()

    def __init__(self, notice: NoticeRow, targets: list[CorrectionTarget], today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notice_id = notice.notice_id
        self.setWindowTitle(self.tr("起草更正通知"))
        self.setMinimumWidth(620)
        self._targets = {t.finding_id: t for t in targets}
        self._filling = False
        self._typed = False  # the requirement was typed by the user: checking another finding keeps it

        heading = QLabel(self.tr("更正 {number}（{department}）").format(number=notice.number,
                                                                      department=notice.department))
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        heading.setWordWrap(True)
        hint = QLabel(self.tr("已签发的通知书内容不再修改；如需更正，起草一份更正通知，签发后以更正后的内容为准。"
                              "勾选要更正的问题："))
        hint.setWordWrap(True)
        self.findings_model = CandidateFindingsModel(self)
        self.findings_model.set_rows(targets, checked=len(targets) == 1)
        self.findings_view = QListView()
        self.findings_view.setModel(self.findings_model)
        self.findings_view.setMinimumHeight(72)
        self.count_label = QLabel()

        self.requirement_check = QCheckBox(self.tr("更正整改要求："))
        self.requirement_edit = QPlainTextEdit()
        self.requirement_edit.setTabChangesFocus(True)
        self.requirement_edit.setPlaceholderText(self.tr("更正后的整改要求"))
        self.requirement_edit.setMinimumHeight(84)
        self.deadline_check = QCheckBox(self.tr("更正整改期限："))
        self.deadline_edit = _date_edit(notice.deadline or today + timedelta(days=DEFAULT_DEADLINE_DAYS), today)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setPlaceholderText(self.tr("必填，例如：原通知书整改要求表述有误"))
        self.reason_edit.setMaximumHeight(64)
        self.message = MessageLabel()

        form = QFormLayout()
        form.addRow(self.requirement_check, self.requirement_edit)
        form.addRow(self.deadline_check, self.deadline_edit)
        form.addRow(self.tr("更正原因："), self.reason_edit)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("起草更正通知"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        note = QLabel(self.tr("起草后在列表中签发：签发时编号，所列问题的内容才按更正通知修改。"))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.findings_view, 1)
        layout.addWidget(self.count_label)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.findings_model.dataChanged.connect(self._checked_changed)
        self.requirement_check.toggled.connect(self._update)
        self.deadline_check.toggled.connect(self._update)
        self.requirement_edit.textChanged.connect(self._requirement_typed)
        self.reason_edit.textChanged.connect(self._update)
        self.deadline_edit.dateChanged.connect(self._update)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self._checked_changed()

    # ---- what was chosen ----------------------------------------------------------------------

    def finding_ids(self) -> list[str]:
        return self.findings_model.checked_ids()

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def changes(self) -> dict[str, dict]:
        """{finding_id: {field: new value}} as :func:`inspector.services.rectification.draft_correction` takes it."""
        fields: dict[str, object] = {}
        if self.requirement_check.isChecked():
            fields["rectification_requirement"] = self.requirement_edit.toPlainText().strip()
        if self.deadline_check.isChecked():
            fields["deadline"] = self.deadline_edit.date().toPython()
        return {fid: dict(fields) for fid in self.finding_ids()} if fields else {}

    # ---- reacting -----------------------------------------------------------------------------

    def _checked_changed(self, *args: object) -> None:
        ids = self.finding_ids()
        self.count_label.setText(self.tr("已选 {n} / {total} 个问题").format(n=len(ids),
                                                                         total=self.findings_model.rowCount()))
        if len(ids) == 1 and not self._typed:  # start from what the notice says of this finding
            target = self._targets[ids[0]]
            self._filling = True
            self.requirement_edit.setPlainText(target.requirement)
            self._filling = False
            if target.deadline is not None:
                self.deadline_edit.setDate(QDate(target.deadline))
            self._show_current(target)
        elif len(ids) != 1:
            self.requirement_edit.setToolTip("")
        self._update()

    def _show_current(self, target: CorrectionTarget) -> None:
        self.requirement_edit.setToolTip(self.tr("原整改要求：{text}").format(text=target.requirement or "—"))
        self.deadline_edit.setToolTip(self.tr("原整改期限：{date}").format(date=date_text(target.deadline)))

    def _requirement_typed(self) -> None:
        if not self._filling:
            self._typed = True
            if not self.requirement_check.isChecked():
                self.requirement_check.setChecked(True)
        self._update()

    def _update(self, *args: object) -> None:
        self.message.clear_message()
        requirement = self.requirement_check.isChecked()
        self.requirement_edit.setEnabled(True)
        self.deadline_edit.setEnabled(self.deadline_check.isChecked())
        what = (requirement and bool(self.requirement_edit.toPlainText().strip())) or self.deadline_check.isChecked()
        ready = bool(self.finding_ids()) and what and bool(self.reason())
        self.ok_button.setEnabled(ready)
        if not self.finding_ids():
            why = self.tr("请勾选要更正的问题。")
        elif not what:
            why = self.tr("请填写更正后的整改要求，或更正整改期限。")
        elif not self.reason():
            why = self.tr("请填写更正原因。")
        else:
            why = ""
        self.ok_button.setToolTip(why)

    def _submit(self) -> None:
        if self.ok_button.isEnabled():
            self.ok_button.setEnabled(False)  # until the page answers: one draft per click
            self.submitted.emit()

    def show_error(self, err: InspectorError) -> None:
        """The core refused: say why here (Chinese, then English), and let the user change something."""
        self._update()
        self.message.show_error(error_text(err))


class ColophonDialog(QDialog):
    """抄送与附注: a draft notice's own 抄送, 印发机关, 联系人 and 电话 (its 版记 and 附注).

    It reads what the notice prints now (its own values over the settings' defaults) and saves on 保存;
    the core refuses an issued notice and a value that is not one line. A refusal is shown here, with the
    cursor in the field it is about; the dialog closes once the values are written. A save refused because
    someone else saved the notice since it was read (:class:`~inspector.concurrency.StaleEditError`) shows why
    and their values (read again), to be changed anew."""

    saved = Signal()

    def __init__(self, ctx: Any, notice_id: str, heading: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.notice_id = ctx, notice_id
        self.revision: int | None = None  # the notice's as read: the save is checked against it
        self.setWindowTitle(self.tr("抄送与附注"))
        self.setMinimumWidth(560)
        title = QLabel(heading)
        title.setWordWrap(True)
        self.edits = {key: QLineEdit() for key in ("cc", "printer", "contact", "phone")}
        self.edits["cc"].setPlaceholderText(self.tr("如：市委网信办、市公安局（不抄送则留空）"))
        form = QFormLayout()
        form.addRow(self.tr("抄送机关："), self.edits["cc"])
        form.addRow(self.tr("印发机关："), self.edits["printer"])
        form.addRow(self.tr("联系人："), self.edits["contact"])
        form.addRow(self.tr("联系电话："), self.edits["phone"])
        hint = QLabel(self.tr("只改本通知书；默认值在“设置 → 文书”中修改。签发后随通知书固定。"))
        hint.setWordWrap(True)
        self.message = MessageLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("保存"))
        self.ok_button.setEnabled(False)  # until the notice's values are read
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        from inspector.services import colophons

        self.ctx.read(self, lambda s: colophons.notice_values(s, notice_id), self._show,
                      on_failure=self.show_error, key="colophon")

    def _show(self, values: Any) -> None:
        self.revision = values.revision
        for key in self.edits:
            self.edits[key].setText(getattr(values, key))
        self.edits["printer"].setPlaceholderText(self.tr("留空即为{organisation}").format(
            organisation=values.organisation))
        self.ok_button.setEnabled(True)

    def values(self) -> dict[str, str]:
        return {key: edit.text().strip() for key, edit in self.edits.items()}

    def save(self) -> None:
        from inspector.services import colophons

        notice_id, values, revision = self.notice_id, self.values(), self.revision
        self.message.clear_message()
        self.ctx.write(self, lambda s: colophons.set_notice(s, notice_id, values, revision=revision), self._saved,
                       on_failure=self._refused)

    def _refused(self, err: InspectorError) -> None:
        from inspector.concurrency import StaleEditError
        from inspector.services import colophons

        self.show_error(err)
        if isinstance(err, StaleEditError):  # someone else saved the notice meanwhile: show their values, and why
            notice_id = self.notice_id
            self.ok_button.setEnabled(False)
            self.ctx.read(self, lambda s: colophons.notice_values(s, notice_id),
                          lambda values: self._show_theirs(values, err), on_failure=self.show_error, key="colophon")

    def _show_theirs(self, values: Any, err: InspectorError) -> None:
        """The notice's values as someone else saved them (this save was refused), with why."""
        self._show(values)
        self.message.show_error(err)

    def _saved(self, _: object) -> None:
        self.saved.emit()
        self.accept()

    def show_error(self, err: InspectorError) -> None:
        self.message.show_error(err)
        edit = self.edits.get(err.field or "")
        if edit is not None:
            edit.setFocus(Qt.FocusReason.OtherFocusReason)
