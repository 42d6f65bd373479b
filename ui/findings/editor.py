"""The finding editor (问题): every field of a finding, its status steps, history and evidence.

Edits save as they are made, without a Save button: a line edit or a text
area after a short pause (:class:`ui.widgets.fields.Debouncer`), a choice at once; the
:class:`~ui.findings.saver.FieldSaver` coalesces them into one background
save through the ORM (:func:`inspector.services.findings.update_finding`), so
each change is audited. The department and the checklist item are read-only:
they are where the finding was found.

What froze the finding is the core's (:mod:`inspector.lifecycle`), read with it
(:func:`read_finding`): an issued notice freezes what it states
(:data:`~inspector.lifecycle.NOTICE_FIELDS`), a completed inspection what its
record states (:data:`~inspector.lifecycle.RECORD_FIELDS`, and the files). Those
fields are read-only under a banner that says why and what to do instead. A
finding of a signed record asks before a change voids the signature
(:class:`~ui.widgets.signed.VoidQuestion`). The two article 33 check boxes each
show their escalation record beneath (:mod:`ui.findings.escalation`).

删除… (offered where the editor is made ``deletable``: the findings page) deletes a finding made in error, with a
reason (:func:`inspector.services.deletion.delete`); the core refuses a frozen one and says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from inspector import lifecycle
from inspector.errors import InspectorError
from inspector.lifecycle import FrozenError, SignatureWouldVoid
from inspector.model import EscalationKind, FindingStatus, InspectionStatus, Severity
from inspector.services import deletion, escalations, findings, inspections, rectification
from inspector.services.escalations import EscalationRow
from inspector.services.rectification import ReportedItem
from inspector.timezones import china_today
from ui.context import AppContext
from ui.errors import show_error
from ui.findings.articles import ArticlesEditor
from ui.findings.columns import TwoColumns
from ui.findings.escalation import EscalationDialog, EscalationLine
from ui.findings.evidence import FindingEvidence
from ui.findings.history import HistoryModel, HistoryView
from ui.findings.model import police_consequence, secrecy_consequence
from ui.findings.saver import FieldSaver
from ui.findings.status import StatusPanel
from ui.widgets import palette
from ui.widgets.confirm import ask_reason
from ui.widgets.dates import date_edit
from ui.widgets.fields import Debouncer, MessageLabel, inline_text
from ui.widgets.labels import severity_label
from ui.widgets.signed import Banner, VoidQuestion, ask_void

if TYPE_CHECKING:
    from inspector.vault import VaultSession

NO_DEADLINE = QDate(2000, 1, 1)  # the date edit's minimum: no deadline (the edit is hidden then)
NEW_DEADLINE_DAYS = 30  # 设定期限 proposes this many days from today
TEXT_FIELDS = ("title", "location", "description", "handling_opinion", "rectification_requirement")


@dataclass(frozen=True)
class Frozen:
    """What froze a finding, as the core says: the issued notice stating it, its completed inspection."""

    notice_number: str = ""
    inspection_completed: bool = False

    @property
    def fields(self) -> frozenset[str]:
        """The finding's fields that can no longer change here."""
        frozen = set(lifecycle.NOTICE_FIELDS) if self.notice_number else set()
        if self.inspection_completed:
            frozen |= set(lifecycle.RECORD_FIELDS)
        return frozenset(frozen)


@dataclass(frozen=True)
class EditorData:
    """Everything the editor shows, read in one session."""

    detail: findings.FindingDetail
    frozen: Frozen = Frozen()
    escalations: list[EscalationRow] = field(default_factory=list)
    reported: ReportedItem | None = None  # what the department last reported (an imported rectification report)


def read_finding(s: VaultSession, finding_id: str, today: date) -> EditorData:
    """The finding, what froze it (:func:`inspector.lifecycle.freezing_notice`, a completed inspection), its
    escalation records and the rectification its department reported."""
    detail = findings.finding_detail(s, finding_id, today)
    finding = findings.get_finding(s, finding_id)
    notice = lifecycle.freezing_notice(s, finding)
    completed = False
    if finding.inspection_id:
        completed = InspectionStatus(inspections.get_inspection(s, finding.inspection_id).status) \
            is InspectionStatus.COMPLETED
    return EditorData(detail, Frozen(notice.number if notice else "", completed),
                      escalations.list_escalations(s, finding_id=finding_id),
                      rectification.reported_rectification(s, finding_id))


def _text_area(height: int) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


class FindingEditor(QWidget):
    back_requested = Signal()
    loaded = Signal(str)          # finding id, once the editor shows it
    saved = Signal(object)        # dict of the fields a save wrote
    status_changed = Signal(str)  # finding id, after a status step, once the editor shows its outcome
    escalation_recorded = Signal(str)  # escalation id, once the editor shows it recorded
    deleted = Signal(str)         # finding id: 删除… deleted the finding shown; the editor shows nothing any more

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, deletable: bool = False) -> None:
        """``deletable``: offer 删除… (whoever shows the editor then goes elsewhere on :attr:`deleted`)."""
        super().__init__(parent)
        self.ctx = ctx
        self.today: Callable[[], date] = china_today
        self.finding_id: str | None = None
        self.detail: findings.FindingDetail | None = None
        self.frozen = Frozen()
        self.saver: FieldSaver | None = None
        self.escalation_dialog: EscalationDialog | None = None
        # replaceable in tests: the question before a change voids the representative's signature
        self.confirm_void: Callable[[SignatureWouldVoid], bool] = lambda err: ask_void(self, err)
        self.question = VoidQuestion(lambda err: self.confirm_void(err))
        self._populating = False
        self._refill = False  # the detail read on its way refills the edits too (see reload)
        self._edits = 0  # edits handed to the saver: a read older than the last one shows none of its fields

        self.back_button = QPushButton(self.tr("← 返回列表"))
        self.back_button.clicked.connect(self._back)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("问题标题（必填）"))
        font = self.title_edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_edit.setFont(font)
        self.save_label = QLabel()
        self.save_label.setStyleSheet(palette.text_style(palette.MUTED))
        self.message = MessageLabel()
        self.banner = Banner()
        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addWidget(self.title_edit, 1)
        header.addWidget(self.save_label)
        self.delete_button = QPushButton(self.tr("删除…"))
        self.delete_button.setToolTip(self.tr("删除误录的问题（需填写原因）；已列入已签发通知书或检查已完成的问题不能删除"))
        self.delete_button.clicked.connect(self.delete_finding)
        self.delete_button.setVisible(deletable)
        header.addWidget(self.delete_button)

        self.department_label = QLabel()
        self.item_label = QLabel()
        self.item_label.setWordWrap(True)
        self.item_text_label = QLabel()
        self.item_text_label.setWordWrap(True)
        self.item_text_label.setStyleSheet(palette.text_style(palette.SECONDARY))
        self.location_edit = QLineEdit()
        self.description_edit = _text_area(96)
        found = QGroupBox(self.tr("问题情况"))
        form = QFormLayout(found)
        form.addRow(self.tr("被检查单位："), self.department_label)
        form.addRow(self.tr("检查项："), self.item_label)
        form.addRow("", self.item_text_label)
        form.addRow(self.tr("地点："), self.location_edit)
        form.addRow(self.tr("问题描述："), self.description_edit)

        self.severity_combo = QComboBox()
        for severity in (Severity.GENERAL, Severity.MAJOR, Severity.CRITICAL):
            self.severity_combo.addItem(severity_label(severity), severity)
        self.secrecy_check = QCheckBox(self.tr("失泄密隐患"))
        self.police_check = QCheckBox(self.tr("违法行为"))
        self.secrecy_note = QLabel(secrecy_consequence())
        self.police_note = QLabel(police_consequence())
        for note in (self.secrecy_note, self.police_note):
            note.setStyleSheet(palette.text_style(palette.WARNING))
            note.setWordWrap(True)
            note.hide()
        self.handling_edit = _text_area(72)
        self.requirement_edit = _text_area(72)
        self.deadline_edit = date_edit()
        self.deadline_edit.setMinimumDate(NO_DEADLINE)
        self.deadline_edit.setSpecialValueText(self.tr("未设定"))
        self.no_deadline_label = QLabel(self.tr("未设定"))
        self.set_deadline_button = QPushButton(self.tr("设定期限"))
        self.set_deadline_button.clicked.connect(
            lambda: self.deadline_edit.setDate(QDate(self.today()).addDays(NEW_DEADLINE_DAYS)))
        self.clear_deadline_button = QPushButton(self.tr("清除期限"))
        self.clear_deadline_button.clicked.connect(lambda: self.deadline_edit.setDate(NO_DEADLINE))
        self.escalation_lines = {EscalationKind.SECRECY: EscalationLine(EscalationKind.SECRECY),
                                 EscalationKind.POLICE: EscalationLine(EscalationKind.POLICE)}
        escalation = QVBoxLayout()
        for check, note, kind in ((self.secrecy_check, self.secrecy_note, EscalationKind.SECRECY),
                                  (self.police_check, self.police_note, EscalationKind.POLICE)):
            check.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)  # clicks beside it miss it
            line = QHBoxLayout()
            line.addWidget(check)
            line.addWidget(note, 1)
            line.addStretch()
            escalation.addLayout(line)
            escalation.addWidget(self.escalation_lines[kind])
            self.escalation_lines[kind].record_requested.connect(self.open_escalation_dialog)
        deadline = QHBoxLayout()
        for w in (self.deadline_edit, self.no_deadline_label, self.set_deadline_button, self.clear_deadline_button):
            deadline.addWidget(w)
        deadline.addStretch(1)
        handling = QGroupBox(self.tr("定性与处理"))
        form = QFormLayout(handling)
        form.addRow(self.tr("严重程度："), self.severity_combo)
        form.addRow(self.tr("第三十三条："), escalation)
        form.addRow(self.tr("处理意见："), self.handling_edit)
        form.addRow(self.tr("整改要求："), self.requirement_edit)
        form.addRow(self.tr("整改期限："), deadline)

        self.articles = ArticlesEditor()
        articles_box = QGroupBox(self.tr("违反条款"))
        QVBoxLayout(articles_box).addWidget(self.articles)
        self.status_panel = StatusPanel()
        status_box = QGroupBox(self.tr("状态"))
        QVBoxLayout(status_box).addWidget(self.status_panel)
        self.history_model = HistoryModel(self)
        self.history_view = HistoryView(self.history_model)  # wrapped, never a sideways scroll bar
        self.history_view.setMinimumHeight(130)
        history_box = QGroupBox(self.tr("状态历史"))
        QVBoxLayout(history_box).addWidget(self.history_view)
        self.evidence = FindingEvidence(ctx, question=self.question)
        self.evidence.controller.signature_voided.connect(lambda: self.reload(fields=False))
        evidence_box = QGroupBox(self.tr("证据"))
        QVBoxLayout(evidence_box).addWidget(self.evidence)

        left = QVBoxLayout()
        for box in (found, handling, evidence_box):
            left.addWidget(box)
        left.addStretch(1)
        right = QVBoxLayout()
        for box in (status_box, articles_box, history_box):
            right.addWidget(box)
        right.addStretch(1)
        self.scroll = TwoColumns(left, right, (3, 2))  # stacked when both do not fit: never a sideways scroll
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.message)
        layout.addWidget(self.banner)
        layout.addWidget(self.scroll, 1)

        self.text_widgets: dict[str, QLineEdit | QPlainTextEdit] = {
            "title": self.title_edit, "location": self.location_edit, "description": self.description_edit,
            "handling_opinion": self.handling_edit, "rectification_requirement": self.requirement_edit}
        self.debouncers = {field: Debouncer(lambda f=field: self._save_text(f), self) for field in TEXT_FIELDS}
        for field, widget in self.text_widgets.items():
            widget.textChanged.connect(lambda *_a, f=field: self._text_edited(f))
            if isinstance(widget, QLineEdit):
                widget.editingFinished.connect(self.debouncers[field].flush)
        self.severity_combo.currentIndexChanged.connect(
            lambda: self._edited("severity", self.severity_combo.currentData()))
        self.secrecy_check.toggled.connect(lambda on: self._edited("escalate_secrecy", on))
        self.police_check.toggled.connect(lambda on: self._edited("escalate_police", on))
        self.secrecy_check.toggled.connect(self.secrecy_note.setVisible)
        self.police_check.toggled.connect(self.police_note.setVisible)
        self.deadline_edit.dateChanged.connect(lambda d: self._edited("deadline", self._deadline(d)))
        self.deadline_edit.dateChanged.connect(self._show_deadline)
        self.articles.changed.connect(lambda numbers: self._edited("articles", numbers))
        self.status_panel.transition_requested.connect(self.transition)
        self.deadline_edit.setDate(NO_DEADLINE)
        self._show_deadline(NO_DEADLINE)
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self._back)
        self.back_button.setToolTip(self.tr("返回问题列表（Esc）"))
        self._set_editable(False)

    # ---- loading ---------------------------------------------------------------------------

    def open(self, finding_id: str) -> None:
        """Show ``finding_id`` (after the edits of the finding shown so far are on their way)."""
        self.flush()
        if finding_id != self.finding_id:
            self.finding_id = finding_id
            self.scroll.verticalScrollBar().setValue(0)
            self.saver = FieldSaver(self.ctx, self, finding_id, self.question)
            self.saver.saving.connect(lambda sv=self.saver: self._save_state(sv, self.tr("正在保存…")))
            self.saver.saved.connect(lambda batch, sv=self.saver: self._saved(sv, batch))
            self.saver.failed.connect(lambda err, sv=self.saver: self._save_failed(sv, err))
            self.saver.declined.connect(lambda keys, sv=self.saver: self._save_declined(sv, keys))
            self.saver.voided.connect(lambda sv=self.saver: sv is self.saver and self.reload(fields=False))
        self.save_label.setText("")
        self.message.clear_message()
        self.reload()

    def reload(self, fields: bool = True, then: Callable[[EditorData], None] | None = None) -> None:
        """Read the finding shown (again). ``fields``: refill the edits too (not after a status step, so
        typing goes on); ``then(detail)`` once it is shown.

        Latest only (``key``): a newer read supersedes an older one, maybe of the finding shown before,
        whose answer never shows; it refills the edits if the older one was to.
        """
        finding_id, today = self.finding_id, self.today()
        if finding_id is None:
            return

        edits = self._edits

        def shown(data: EditorData) -> None:
            self._show(data, edits)
            if then is not None:
                then(data)

        self._refill = self._refill or fields
        self.ctx.read(self, lambda s: read_finding(s, finding_id, today), shown,
                      on_failure=self._load_failed, key="detail")

    def _show(self, data: EditorData, edits: int | None = None) -> None:
        fields, self._refill = self._refill, False
        if self.saver is not None and not self.saver.pending():
            self.saver.shown(data.detail.revision)  # saves from here on are checked against what is shown
        detail = data.detail
        self.detail, self.frozen = detail, data.frozen
        self._populating = True
        try:
            if fields:
                self.title_edit.setText(detail.title)
                self.location_edit.setText(detail.location)
                self.description_edit.setPlainText(detail.description)
                self.handling_edit.setPlainText(detail.handling_opinion)
                self.requirement_edit.setPlainText(detail.rectification_requirement)
                self.severity_combo.setCurrentIndex(self.severity_combo.findData(detail.severity))
                self.secrecy_check.setChecked(detail.escalate_secrecy)
                self.police_check.setChecked(detail.escalate_police)
                self.articles.set_numbers(detail.articles)
                self.evidence.show_detail(detail, editable=not data.frozen.inspection_completed)
            elif edits == self._edits:
                # what the core decided on a save (art. 33 raises the severity), unless edited since the read
                self.severity_combo.setCurrentIndex(self.severity_combo.findData(detail.severity))
                self.secrecy_check.setChecked(detail.escalate_secrecy)
                self.police_check.setChecked(detail.escalate_police)
            self.deadline_edit.setDate(QDate(detail.deadline) if detail.deadline else NO_DEADLINE)
            self._show_deadline(self.deadline_edit.date())
            self.department_label.setText(detail.department)
            self.item_label.setText(f"{detail.item_code}  {detail.item_title}" if detail.item_code
                                    else self.tr("（未关联检查项）"))
            self.item_text_label.setText(detail.item_text)
            self.item_text_label.setVisible(bool(detail.item_text))
            self.status_panel.show_detail(detail, self.today(), data.reported)
            self.history_model.set_steps(detail.history)
            rows = {row.kind: row for row in data.escalations}
            for kind, line in self.escalation_lines.items():
                line.show_row(rows.get(kind))
        finally:
            self._populating = False
        self._set_editable(True)
        self._show_frozen(data.frozen)
        self.loaded.emit(detail.id)

    def _show_frozen(self, frozen: Frozen) -> None:
        """The fields the core would refuse to change are read-only, under a banner that says why."""
        lines = []
        if frozen.notice_number:
            lines.append(self.tr("该问题已列入已签发的整改通知书 {number}，通知书所载内容（问题、描述、条款、严重程度、"
                                 "处理意见、整改要求、整改期限）不能修改；如需更正，请在“整改”中起草更正通知。")
                         .format(number=frozen.notice_number))
        if frozen.inspection_completed:
            lines.append(self.tr("现场检查已完成，检查记录所载内容（问题、描述、地点、条款、严重程度、处理意见、证据）"
                                 "不能修改；如需更正，请先在“现场检查”中重新打开（更正）该检查。"))
        self.banner.show_text("\n".join(lines))
        locked = frozen.fields
        for name, widget in self.text_widgets.items():
            widget.setReadOnly(name in locked)
        self.severity_combo.setEnabled("severity" not in locked)
        self.articles.set_editable("articles" not in locked)
        for name, check, kind in (("escalate_secrecy", self.secrecy_check, EscalationKind.SECRECY),
                                  ("escalate_police", self.police_check, EscalationKind.POLICE)):
            done = self.escalation_lines[kind].done  # it happened: it stays on record
            check.setEnabled(name not in locked and not done)
            check.setToolTip(self.tr("已登记上报/移送，不能取消") if done else "")
        deadline_open = "deadline" not in locked
        for widget in (self.deadline_edit, self.set_deadline_button, self.clear_deadline_button):
            widget.setEnabled(deadline_open)

    def _load_failed(self, err: InspectorError) -> None:
        self.message.show_error(err)

    def clear(self) -> None:
        """The vault is locking (or the finding is gone): write what is pending, then forget everything shown."""
        self.flush()
        self.finding_id, self.detail, self.saver = None, None, None
        self._refill = False
        self._populating = True
        try:
            for widget in self.text_widgets.values():
                widget.clear()
            self.secrecy_check.setChecked(False)
            self.police_check.setChecked(False)
            self.articles.set_numbers([])
            self.deadline_edit.setDate(NO_DEADLINE)
            self._show_deadline(NO_DEADLINE)
            self.history_model.set_steps([])
            for line in self.escalation_lines.values():
                line.show_row(None)
            self.evidence.clear()
            for label in (self.department_label, self.item_label, self.item_text_label, self.save_label):
                label.clear()
        finally:
            self._populating = False
        self.message.clear_message()
        self.frozen = Frozen()
        self.banner.show_text("")
        if self.escalation_dialog is not None:
            self.escalation_dialog.reject()
        self._set_editable(False)

    def _set_editable(self, editable: bool) -> None:
        """Nothing can be typed until a finding is shown; the way back stays open."""
        self.title_edit.setEnabled(editable)
        self.scroll.setEnabled(editable)
        self.delete_button.setEnabled(editable)

    # ---- saving ----------------------------------------------------------------------------

    def flush(self) -> None:
        """Queue the edits still waiting for a pause in typing."""
        for debouncer in self.debouncers.values():
            debouncer.flush()

    def _back(self) -> None:
        self.flush()
        self.back_requested.emit()

    @staticmethod
    def _deadline(value: QDate) -> date | None:
        return None if value == NO_DEADLINE else value.toPython()

    def _show_deadline(self, value: QDate) -> None:
        has = value != NO_DEADLINE
        self.deadline_edit.setVisible(has)
        self.clear_deadline_button.setVisible(has)
        self.no_deadline_label.setVisible(not has)
        self.set_deadline_button.setVisible(not has)

    def _text_edited(self, field: str) -> None:
        if not self._populating and self.saver is not None and field not in self.frozen.fields:
            self.debouncers[field].poke()

    def _save_text(self, field: str) -> None:
        widget = self.text_widgets[field]
        value = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
        if field == "title" and not value.strip():
            self.message.show_error(self.tr("问题标题不能为空；标题未保存。"))
            return
        if field == "title":
            self.message.clear_message()
        self._edited(field, value)

    def _edited(self, field: str, value: Any) -> None:
        if self._populating or self.saver is None or field in self.frozen.fields:
            return
        self._edits += 1
        self.saver.update(field, value)

    def _save_state(self, saver: FieldSaver, text: str) -> None:
        if saver is self.saver:
            self.save_label.setText(text)

    def _saved(self, saver: FieldSaver, batch: dict[str, Any]) -> None:
        if saver is self.saver and not saver.pending():
            self.save_label.setText(self.tr("已保存"))
        if saver is self.saver and set(batch) & {"severity", "escalate_secrecy", "escalate_police"}:
            self.reload(fields=False)  # art. 33: the core may have raised the severity and opened a record
        self.saved.emit(batch)

    def _save_failed(self, saver: FieldSaver, err: InspectorError) -> None:
        if saver is self.saver:
            self.save_label.setText(self.tr("未保存"))
            if isinstance(err, FrozenError):  # frozen meanwhile (issued, completed): said calmly, then shown so
                self.banner.show_text(inline_text(err))
            else:
                self.message.show_error(err)
            self.reload()  # show what the vault holds

    def _save_declined(self, saver: FieldSaver, _fields: list[str]) -> None:
        """The user kept the representative's signature: nothing was written; show what the vault holds."""
        if saver is self.saver:
            for debouncer in self.debouncers.values():
                debouncer.cancel()
            self.save_label.setText(self.tr("未修改（保留签字）"))
            self.reload()

    # ---- status ----------------------------------------------------------------------------

    def transition(self, target: FindingStatus, reason: str = "", deadline: date | None = None) -> None:
        """One status step of the finding shown; then its status, deadline and history are read again."""
        finding_id = self.finding_id
        if finding_id is None:
            return
        self.flush()  # edits first: the worker runs tasks in order

        def step(s: VaultSession) -> str:
            return findings.change_status(s, finding_id, target, reason=reason, deadline=deadline).id

        if self.ctx.write(self, step, self._stepped, on_failure=self._step_refused) is not None:
            self.status_panel.set_busy(True)

    # ---- art. 33 escalations ---------------------------------------------------------------

    def open_escalation_dialog(self, row: EscalationRow) -> None:
        """登记上报 / 登记移送 for a pending escalation of the finding shown."""
        if self.escalation_dialog is not None:
            self.escalation_dialog.reject()
        dialog = EscalationDialog(row, self.today(), self)
        dialog.accepted.connect(lambda: self.record_escalation(row.id, dialog.values()))
        dialog.finished.connect(lambda _r: self.escalation_dialog is dialog and setattr(self, "escalation_dialog", None))
        self.escalation_dialog = dialog
        dialog.open()

    def record_escalation(self, escalation_id: str, values: dict[str, Any]) -> None:
        def record(s: VaultSession) -> str:
            return escalations.record_escalation(s, escalation_id, **values).id

        self.ctx.write(self, record, lambda _id: self.reload(fields=False, then=lambda _d: self.escalation_recorded.emit(
            escalation_id)), on_failure=lambda err: show_error(self, err))

    # ---- deletion --------------------------------------------------------------------------

    def delete_finding(self) -> None:
        """删除…: ask why, then delete the finding shown with what belongs to it; the core refuses a frozen one
        (an issued notice states it, its inspection is completed) and says why."""
        finding_id, detail = self.finding_id, self.detail
        if finding_id is None or detail is None:
            return
        self.flush()  # edits first: the worker runs tasks in order
        reason = ask_reason(self, self.tr("删除问题"),
                            self.tr("删除问题“{title}”？\n其证据文件、状态历史和第三十三条记录一并删除，不能撤销；"
                                    "删除及原因记入审计记录，并随交换文件同步到其他设备。").format(title=detail.title),
                            self.tr("删除"))
        if reason is None or self.finding_id != finding_id:
            return
        if self.ctx.write(self, lambda s: deletion.delete(s, "finding", finding_id, reason).id,
                          self._deleted, on_failure=self._delete_refused) is not None:
            self.delete_button.setEnabled(False)

    def _deleted(self, finding_id: str) -> None:
        if finding_id == self.finding_id:  # else another finding is shown by now: it stays
            self.clear()
            self.deleted.emit(finding_id)

    def _delete_refused(self, err: InspectorError) -> None:
        self.delete_button.setEnabled(self.finding_id is not None)
        show_error(self, err)

    # ---- status (continued) ----------------------------------------------------------------

    def _stepped(self, finding_id: str) -> None:
        """The step is written: read the finding shown now again (the user may have opened another
        meanwhile), then announce the step."""
        self.reload(fields=False, then=lambda _detail: self.status_changed.emit(finding_id))

    def _step_refused(self, err: InspectorError) -> None:
        self.status_panel.set_busy(False)
        show_error(self, err)
