"""公文 of one record: the letters of a plan's department (检查通知) or of a rectification notice (整改复查意见书,
督办通知, the art. 33 letters), and the draft chosen, edited in place.

Left, the record's letters and 新建 (the kinds this record may have); right, the chosen letter: its inputs (made
from its kind, :mod:`ui.letters.fields`), its 抄送 / 联系人 / 电话 (the settings' defaults until changed), and
保存草稿, 签发… (asked first: the number cannot change afterwards), 预览/导出… (the document dialog of
:mod:`ui.widgets.documents`) and 删除草稿. An issued letter is shown, never edited. The rules are the core's
(:mod:`inspector.services.letters`); everything runs through ``ctx.read`` / ``ctx.write``.

Two people editing the same draft (issue 20): a save hands the core the letter's revision as shown or last
saved here; a save refused because someone else saved the draft meanwhile
(:class:`~inspector.concurrency.StaleEditError`) says so and shows their version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError
from ui.context import AppContext
from ui.i18n import pick
from ui.letters.fields import FieldEditors
from ui.widgets import palette
from ui.widgets.fields import MessageLabel

if TYPE_CHECKING:
    from inspector.services.letters import EditorData, LetterRow, ScopeView

ID_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Scope:
    """The record whose letters the dialog shows: a plan's department, or a rectification notice."""

    plan_id: str | None = None
    department_id: str | None = None
    notice_id: str | None = None


def scope_data(session, scope: Scope):
    """The letters of the record and the kinds it may have, with the names the heading shows (on the worker)."""
    from inspector.services import letters

    return letters.scope_view(session, plan_id=scope.plan_id, department_id=scope.department_id,
                              notice_id=scope.notice_id)


class LetterDialog(QDialog):
    """The letters of one record, and the one chosen."""

    loaded = Signal()          # the list is in (tests wait for it)
    letter_loaded = Signal()   # the chosen letter is shown
    saved = Signal(str)        # letter id
    issued = Signal(str)       # letter id
    deleted = Signal(str)      # letter id

    def __init__(self, ctx: AppContext, scope: Scope, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.scope = ctx, scope
        self.data: ScopeView | None = None
        self.current: EditorData | None = None
        self.revisions: dict[str, int] = {}
        """Letter id → its revision as shown or last saved here; the worker's saves read and advance it (in order),
        so a save never counts this dialog's own earlier save as someone else's (inspector.concurrency)."""
        self.editors: FieldEditors | None = None
        self.document_dialog = None
        self.dirty = False
        self._select_after: str | None = None
        self._filling = False
        # replaceable in tests: the question before issuing (True: issue)
        self.ask_issue = self._ask_issue
        self.ask_delete = self._ask_delete
        self.setWindowTitle(self.tr("公文"))
        self.resize(980, 660)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.letters_list = QListWidget()
        self.letters_list.setMinimumWidth(220)
        self.letters_list.setWordWrap(True)  # a long number or date wraps instead of hiding behind a scroll bar
        self.letters_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.letters_list.currentItemChanged.connect(lambda *_: None if self._filling else self._chosen())
        self.new_button = QPushButton(self.tr("新建…"))
        self.new_menu = QMenu(self)
        self.new_button.setMenu(self.new_menu)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        self.list_label = QLabel()
        left.addWidget(self.list_label)
        left.addWidget(self.letters_list, 1)
        left.addWidget(self.new_button)
        left_box = QWidget()
        left_box.setLayout(left)

        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet("font-weight: bold;")
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setStyleSheet(palette.text_style(palette.SECONDARY))
        self.form = QFormLayout()
        self.cc_edit = QLineEdit()
        self.cc_edit.setPlaceholderText(self.tr("多个机关用“、”分隔；留空则不抄送"))
        self.contact_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        for edit in (self.cc_edit, self.contact_edit, self.phone_edit):
            edit.textEdited.connect(self._mark_dirty)
        colophon = QGroupBox(self.tr("版记与附注"))
        colophon_form = QFormLayout(colophon)
        colophon_form.addRow(self.tr("抄送："), self.cc_edit)
        colophon_form.addRow(self.tr("联系人："), self.contact_edit)
        colophon_form.addRow(self.tr("电话："), self.phone_edit)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addLayout(self.form)
        inner_layout.addWidget(colophon)
        inner_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(inner)
        self.message = MessageLabel()
        self.empty_label = QLabel(self.tr("选择左侧的公文，或用“新建…”起草一份。"))
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(palette.text_style(palette.SECONDARY))

        self.delete_button = QPushButton(self.tr("删除草稿…"))
        self.save_button = QPushButton(self.tr("保存草稿"))
        self.issue_button = QPushButton(self.tr("签发…"))
        self.issue_button.setToolTip(self.tr("编号并冻结：签发后编号不可更改，内容不能再修改"))
        self.preview_button = QPushButton(self.tr("预览/导出…"))
        self.preview_button.setToolTip(self.tr("预览这份公文，打印或导出 PDF（签发后可签名）"))
        self.delete_button.clicked.connect(self.delete_draft)
        self.save_button.clicked.connect(lambda: self.save())
        self.issue_button.clicked.connect(self.issue)
        self.preview_button.clicked.connect(self.preview)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.issue_button)
        buttons.addWidget(self.preview_button)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.title_label)
        right.addWidget(self.state_label)
        right.addWidget(self.empty_label)
        right.addWidget(self.scroll, 1)
        right.addWidget(self.message)
        right.addLayout(buttons)
        self.right_box = QWidget()
        self.right_box.setLayout(right)

        splitter = QSplitter()
        splitter.addWidget(left_box)
        splitter.addWidget(self.right_box)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 700])
        splitter.setChildrenCollapsible(False)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self._show_letter(None)

    # ---- reading ---------------------------------------------------------------------------

    def start(self, select: str | None = None) -> None:
        self._select_after = select or self._select_after
        scope = self.scope
        self.ctx.read(self, lambda s: scope_data(s, scope), self._show_scope, key=("letters", id(self)))

    def _show_scope(self, data: ScopeView) -> None:
        self.data = data
        if self.scope.notice_id:
            self.heading.setText(self.tr("整改通知书 {number} · {department}").format(
                number=data.notice or self.tr("（草稿）"), department=data.department))
        elif not self.scope.department_id:  # the plan itself: its 检查情况通报
            self.heading.setText(data.plan)
        else:
            self.heading.setText(self.tr("{plan} · {department}").format(plan=data.plan, department=data.department))
        self.setWindowTitle(self.tr("公文 · {department}").format(department=data.department or data.plan))
        self.list_label.setText(self.tr("本通知书的公文：") if self.scope.notice_id else
                                self.tr("本计划的公文：") if not self.scope.department_id else self.tr("本单位的公文："))
        self.new_menu.clear()
        for key, zh, en in data.kinds:
            action = self.new_menu.addAction(self.tr("新建{kind}").format(kind=pick(zh, en)))
            action.triggered.connect(lambda checked=False, k=key: self.create(k))
        self.new_button.setEnabled(bool(data.kinds))
        wanted = self._select_after or (self.current.row.id if self.current else None)
        self._select_after = None
        self._filling = True
        try:
            self.letters_list.clear()
            for row in data.rows:
                item = QListWidgetItem(self._row_text(row))
                item.setData(ID_ROLE, row.id)
                self.letters_list.addItem(item)
        finally:
            self._filling = False
        ids = [row.id for row in data.rows]
        if wanted in ids:
            self.letters_list.setCurrentRow(ids.index(wanted))
        elif ids:
            self.letters_list.setCurrentRow(0)
        else:
            self._show_letter(None)
        self.loaded.emit()

    def _row_text(self, row: LetterRow) -> str:
        kind = pick(row.kind_zh, row.kind_en)
        if row.status == "issued":
            return self.tr("{kind}\n{number}\n{date} 签发").format(kind=kind, number=row.number,
                                                                  date=row.issued_on.isoformat())
        return self.tr("{kind}\n草稿").format(kind=kind)

    def selected_id(self) -> str | None:
        item = self.letters_list.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def _chosen(self) -> None:
        letter_id = self.selected_id()
        if self.dirty and self.current is not None and self.current.row.id != letter_id:
            self.save(reload=False)
        if letter_id is None:
            self._show_letter(None)
            return
        self._read_letter(letter_id)

    def _read_letter(self, letter_id: str) -> None:
        from inspector.services import letters

        self.ctx.read(self, lambda s: letters.editor_data(s, letter_id), self._show_letter,
                      key=("letter", id(self)))

    def _show_letter(self, data: EditorData | None) -> None:
        self.current = data
        if data is not None:
            self.revisions[data.row.id] = data.revision
        self.dirty = False
        self.message.clear_message()
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors = None
        shown = data is not None
        self.empty_label.setVisible(not shown)
        self.scroll.setVisible(shown)
        for widget in (self.title_label, self.state_label):
            widget.setVisible(shown)
        if data is None:
            for button in (self.delete_button, self.save_button, self.issue_button, self.preview_button):
                button.setEnabled(False)
            return
        row = data.row
        issued = row.status == "issued"
        self.title_label.setText(pick(row.kind_zh, row.kind_en) + (f"  {row.number}" if issued else ""))
        if issued:
            state = self.tr("已签发（{date}）：编号和内容已冻结，只能预览、打印和导出。").format(
                date=row.issued_on.isoformat())
            if row.exported:
                state += self.tr("已导出过。")
        else:
            state = self.tr("草稿：签发时编号（与整改通知书同一发文序列）。")
        self.state_label.setText(state)
        self.editors = FieldEditors(self.form, data.specs, self)
        self.editors.set_values(data.fields)
        self.editors.changed.connect(self._mark_dirty)
        self.editors.set_read_only(issued)
        for edit, value in ((self.cc_edit, data.cc), (self.contact_edit, data.contact), (self.phone_edit, data.phone)):
            edit.setText(value)
            edit.setReadOnly(issued)
        if data.problems and not issued:
            key, zh, en = data.problems[0]
            self.message.show_error(self.tr("尚不能签发：{why}").format(why=pick(zh, en)))
        self.delete_button.setEnabled(not issued)
        self.save_button.setEnabled(False)
        self.issue_button.setEnabled(not issued)
        self.preview_button.setEnabled(True)
        self.letter_loaded.emit()

    def _mark_dirty(self, *args: object) -> None:
        if self.current is not None and self.current.row.status != "issued":
            self.dirty = True
            self.save_button.setEnabled(True)

    # ---- writing ---------------------------------------------------------------------------

    def _values(self) -> tuple[dict[str, str], dict[str, Any]]:
        from inspector.services import settings

        fields = self.editors.values() if self.editors is not None else {}
        colophon = {"cc": settings.split_cc(self.cc_edit.text()), "contact": self.contact_edit.text().strip(),
                    "phone": self.phone_edit.text().strip()}
        return fields, colophon

    def _refused(self, err: InspectorError, letter_id: str | None = None) -> None:
        from inspector.concurrency import StaleEditError
        from inspector.errors import Cancelled

        if isinstance(err, Cancelled):
            return
        if isinstance(err, StaleEditError):  # someone else saved the draft meanwhile: their version, and why
            if letter_id is not None and self.current is not None and self.current.row.id == letter_id:
                self._show_theirs(letter_id, err)
            else:
                self.message.show_error(err)
            return
        focused = self.editors is not None and err.field is not None and self.editors.focus(err.field)
        if not focused and err.field in ("cc", "contact", "phone"):
            {"cc": self.cc_edit, "contact": self.contact_edit, "phone": self.phone_edit}[err.field].setFocus()
        self.message.show_error(err)

    def save(self, *, reload: bool = True, then=None) -> None:
        """Write the draft's inputs and 版记; ``then()`` after it was written."""
        from inspector.services import letters

        if self.current is None or self.current.row.status == "issued":
            return
        letter_id, box = self.current.row.id, self.revisions
        fields, colophon = self._values()

        def work(s) -> str:
            box[letter_id] = letters.update(s, letter_id, fields=fields, colophon=colophon, replace_colophon=True,
                                            revision=box.get(letter_id)).revision
            return letter_id

        def done(saved_id: str) -> None:
            self.dirty = False
            self.saved.emit(saved_id)
            if then is not None:
                then()
            elif reload:
                self.start(select=saved_id)

        self.ctx.write(self, work, done, on_failure=lambda err: self._refused(err, letter_id),
                       label=self.tr("正在保存公文…"))

    def _show_theirs(self, letter_id: str, err: InspectorError) -> None:
        """Read the draft again (someone else's version) and show it with why this save was refused."""
        from inspector.services import letters

        self.dirty = False
        self.ctx.read(self, lambda s: letters.editor_data(s, letter_id),
                      lambda data: self._shown_theirs(data, err), key=("letter", id(self)))

    def _shown_theirs(self, data: EditorData, err: InspectorError) -> None:
        self._show_letter(data)
        self.message.show_error(err)

    def create(self, kind: str) -> None:
        from inspector.services import letters

        scope = self.scope

        def work(s) -> str:
            return letters.create(s, kind, plan_id=scope.plan_id, department_id=scope.department_id,
                                  notice_id=scope.notice_id).id

        def make() -> None:
            self.ctx.write(self, work, lambda letter_id: self.start(select=letter_id), label=self.tr("正在起草公文…"))

        self.save(then=make) if self.dirty else make()

    def _ask_issue(self, kind: str) -> bool:
        from ui.widgets.confirm import confirm

        return confirm(self, self.tr("签发公文"), self.tr(
            "签发后编号不可更改，内容也不能再修改或删除。\n确定签发这份{kind}吗？").format(kind=kind), self.tr("签发"))

    def _ask_delete(self, kind: str) -> bool:
        from ui.widgets.confirm import confirm

        return confirm(self, self.tr("删除草稿"), self.tr("删除这份{kind}草稿？").format(kind=kind), self.tr("删除"))

    def issue(self) -> None:
        from inspector.services import letters

        if self.current is None or self.current.row.status == "issued":
            return
        row = self.current.row
        if not self.ask_issue(pick(row.kind_zh, row.kind_en)):
            return
        letter_id, box = row.id, self.revisions
        fields, colophon = self._values()

        def work(s) -> str:
            letters.update(s, letter_id, fields=fields, colophon=colophon, replace_colophon=True,
                           revision=box.get(letter_id))
            return letters.issue(s, letter_id).number

        def done(number: str) -> None:
            self.dirty = False
            self.issued.emit(letter_id)
            self.start(select=letter_id)

        self.ctx.write(self, work, done, on_failure=lambda err: self._refused(err, letter_id),
                       label=self.tr("正在签发公文…"))

    def delete_draft(self) -> None:
        from inspector.services import letters

        if self.current is None or self.current.row.status == "issued":
            return
        row = self.current.row
        if not self.ask_delete(pick(row.kind_zh, row.kind_en)):
            return
        letter_id = row.id

        def done(_: object) -> None:
            self.dirty = False
            self.current = None
            self.deleted.emit(letter_id)
            self.start()

        self.ctx.write(self, lambda s: letters.delete_draft(s, letter_id), done, on_failure=self._refused,
                       label=self.tr("正在删除草稿…"))

    # ---- the document ----------------------------------------------------------------------

    def preview(self) -> None:
        if self.current is None:
            return
        if self.dirty:
            self.save(then=self._open_document)
        else:
            self._open_document()

    def _open_document(self) -> None:
        from ui.widgets.documents import open_document_dialog

        letter_id = self.current.row.id

        def prepare(s):
            from inspector.services.letter_exports import prepare_letter

            return prepare_letter(s.vault, letter_id, progress=s.progress, cancel=s.cancel)

        self.document_dialog = open_document_dialog(self.ctx, self, prepare)  # exports.finish keeps the file's hash

    def _save_on_leaving(self) -> None:
        if self.dirty:
            self.save(reload=False)
            self.dirty = False

    def reject(self) -> None:
        self._save_on_leaving()
        super().reject()

    def closeEvent(self, event) -> None:
        self._save_on_leaving()
        super().closeEvent(event)


def open_letter_dialog(ctx: AppContext, parent: QWidget, scope: Scope, select: str | None = None) -> LetterDialog:
    """Show the letters of ``scope`` (the dialog deletes itself when closed)."""
    dialog = LetterDialog(ctx, scope, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.start(select)
    return dialog
