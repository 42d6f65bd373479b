"""Conflicts after an import, decided one by one: the list, and the record side by side (本机 | 收到的).

A conflict is a record changed both here and by the sender since they last
agreed (or a new record that duplicates one here): the import kept the local
version and set the incoming one aside (:mod:`inspector.sync.conflicts`).
This panel shows every field of the record with the differing ones
highlighted (:func:`inspector.sync.overview.open_conflicts` reads them), and
resolves with ``ctx.write``: keep the local version, or take the incoming one.
A change this vault holds frozen (completed, issued, signed) waits here too,
with the core's note saying what froze it; taking a change that voids the
representative's signature asks once more (the core refuses it otherwise).
Either way the decision travels with the next bundle, and the write reports
what it changed (the record's area and the sync area).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import Cancelled, InspectorError
from inspector.sync.overview import ConflictItem
from ui.context import AppContext
from ui import i18n
from ui.sync.models import (
    C_DETECTED,
    C_TITLE,
    F_INCOMING,
    F_LOCAL,
    ConflictsModel,
    FieldsModel,
    parse_utc,
)
from ui.widgets import palette
from ui.widgets.labels import datetime_text, table_label
from ui.widgets.tables import configure_table

KEEP_LOCAL, KEEP_INCOMING = "local", "incoming"  # the values of inspector.sync.conflicts.KEEP_*


class ConflictsPanel(QWidget):
    """The list of open conflicts and, for the selected one, both versions and the two decisions."""

    resolved = Signal(str, str, str)   # conflict id, "local" | "incoming", the record's title
    failed = Signal(object)            # an InspectorError while resolving

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.confirm_box: QMessageBox | None = None
        self._busy = False

        self.model = ConflictsModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        configure_table(self.view, C_TITLE)
        self.view.setColumnHidden(C_DETECTED, True)  # in the row's tooltip: the record's name gets the room
        self.view.selectionModel().selectionChanged.connect(self._selected)

        self.title_label = QLabel()
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        self.title_label.setWordWrap(True)
        self.meta_label = QLabel()
        self.meta_label.setWordWrap(True)
        self.meta_label.setStyleSheet(palette.text_style(palette.SECONDARY))
        self.fields_model = FieldsModel(self)
        self.fields_view = QTableView()
        self.fields_view.setModel(self.fields_model)
        configure_table(self.fields_view, F_INCOMING, word_wrap=True)
        header = self.fields_view.horizontalHeader()
        header.setSectionResizeMode(F_LOCAL, header.ResizeMode.Stretch)
        self.fields_view.setSelectionMode(QTableView.SelectionMode.NoSelection)
        self.fields_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.only_differences = QCheckBox(self.tr("只显示不同之处"))
        self.only_differences.toggled.connect(lambda _: self._show_fields())
        self.keep_local_button = QPushButton(self.tr("保留本机版本"))
        self.keep_local_button.setToolTip(self.tr("不采用收到的修改；下次交换时，对方会收到本机的版本"))
        self.take_incoming_button = QPushButton(self.tr("采用收到的版本"))
        self.take_incoming_button.setToolTip(self.tr("用收到的内容替换本机这条记录中不同的字段"))
        self.keep_local_button.clicked.connect(lambda: self.confirm(KEEP_LOCAL))
        self.take_incoming_button.clicked.connect(lambda: self.confirm(KEEP_INCOMING))

        buttons = QHBoxLayout()
        buttons.addWidget(self.only_differences)
        buttons.addStretch(1)
        buttons.addWidget(self.keep_local_button)
        buttons.addWidget(self.take_incoming_button)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.title_label)
        detail_layout.addWidget(self.meta_label)
        detail_layout.addWidget(self.fields_view, 1)
        detail_layout.addLayout(buttons)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([420, 700])  # the list: room for a record's name beside its kind, sender, count
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.show_items([])

    # ---- showing ---------------------------------------------------------------------------

    def show_items(self, items: list[ConflictItem]) -> None:
        """Show ``items``, keeping the selected conflict if it is still open."""
        keep = self.selected_id()
        self.model.set_rows(items)
        row = self.model.row_of(keep) if keep else -1
        if row < 0 and items:
            row = 0
        if row >= 0:
            self.view.selectRow(row)
        self._show_selected()

    def selected(self) -> ConflictItem | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def selected_id(self) -> str | None:
        item = self.selected()
        return item.id if item else None

    def select(self, conflict_id: str) -> bool:
        row = self.model.row_of(conflict_id)
        if row >= 0:
            self.view.selectRow(row)
        return row >= 0

    def _selected(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        item = self.selected()
        if item is None:
            self.title_label.setText(self.tr("没有待处理的冲突"))
            self.meta_label.setText(self.tr("导入交换文件时，若同一条记录在本机和发送方都被修改过，会列在这里由您决定。"))
        else:
            self.title_label.setText(self.tr("{table}：{title}").format(table=table_label(item.table),
                                                                       title=item.title) if item.title
                                     else table_label(item.table))
            self.title_label.setToolTip(self.tr("记录标识：{id}").format(id=item.record_id))  # for support only
            if item.held:
                meta = self.tr("{sender} 发来的新记录（修改于 {incoming}）暂未加入本机。").format(
                    sender=item.sender, incoming=datetime_text(parse_utc(item.incoming_updated_at)))
            else:
                meta = self.tr(
                    "本机版本修改于 {local}；{sender} 发来的版本修改于 {incoming}。有 {n} 处不同（已标出）。").format(
                    local=datetime_text(parse_utc(item.local_updated_at)), sender=item.sender,
                    incoming=datetime_text(parse_utc(item.incoming_updated_at)), n=item.differing)
            if item.note_zh:  # frozen here: what froze it and what to do, as the core says it
                meta += "\n" + i18n.pick(item.note_zh, item.note_en)
            self.meta_label.setText(meta)
        self._show_fields()
        self._update_buttons()

    def _show_fields(self) -> None:
        item = self.selected()
        rows = item.fields if item else []
        if self.only_differences.isChecked():
            rows = [r for r in rows if r.differs]
        self.fields_model.set_rows(rows)
        self.fields_view.resizeRowsToContents()

    def _update_buttons(self) -> None:
        enabled = self.selected() is not None and not self._busy and self.ctx.vault is not None
        self.keep_local_button.setEnabled(enabled)
        self.take_incoming_button.setEnabled(enabled)
        self.only_differences.setEnabled(self.selected() is not None)

    def clear(self) -> None:
        if self.confirm_box is not None:
            self.confirm_box.reject()
        self.show_items([])

    # ---- deciding --------------------------------------------------------------------------

    def confirm(self, keep: str) -> None:
        """Ask once, plainly, what the decision will do; :meth:`resolve` on yes."""
        item = self.selected()
        if item is None:
            return
        if keep == KEEP_INCOMING:
            title, yes = self.tr("采用收到的版本"), self.tr("采用收到的版本")
            text = self.tr("用 {sender} 发来的版本替换本机的“{title}”？\n本机这条记录中 {n} 处不同的内容将被替换。"
                           "更改会记入审计记录。").format(sender=item.sender, title=item.title, n=item.differing)
        else:
            title, yes = self.tr("保留本机版本"), self.tr("保留本机版本")
            text = self.tr("保留本机的“{title}”，不采用 {sender} 发来的修改？\n下次交换时，对方会收到本机的版本。").format(
                sender=item.sender, title=item.title)
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, self)
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes_button)
        conflict_id = item.id
        box.buttonClicked.connect(lambda button: self.resolve(conflict_id, keep) if button is yes_button else None)
        self.confirm_box = box
        box.open()

    def resolve(self, conflict_id: str, keep: str, void_signature: bool = False) -> None:
        """Apply the decision with a write; :attr:`resolved` (the page reloads for the write) or :attr:`failed`.

        Taking a change that would void the representative's signature is refused by the core until the user
        confirmed: the refusal's own words are the question (:meth:`confirm_void`)."""

        def work(s) -> str:
            from inspector.sync import conflicts

            return conflicts.resolve(s, conflict_id, keep, void_signature=void_signature).title

        def done(title: str) -> None:
            self._busy = False
            self._update_buttons()
            self.resolved.emit(conflict_id, keep, title)

        def failed(err: InspectorError) -> None:
            from inspector.lifecycle import SignatureWouldVoid

            self._busy = False
            self._update_buttons()
            if isinstance(err, SignatureWouldVoid) and not void_signature:
                self.confirm_void(conflict_id, err)
            elif not isinstance(err, Cancelled):
                self.failed.emit(err)

        if self.ctx.write(self, work, done, on_failure=failed) is not None:
            self._busy = True
            self._update_buttons()


    def confirm_void(self, conflict_id: str, err: InspectorError) -> None:
        """The incoming change would void a signature that holds here: ask with the core's words."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("签字将失效"),
                          i18n.pick(err.zh, err.en) + "\n\n" + self.tr("仍要采用收到的版本吗？"),
                          QMessageBox.StandardButton.NoButton, self)
        yes_button = box.addButton(self.tr("使签字失效并采用"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(QMessageBox.StandardButton.NoButton)
        box.buttonClicked.connect(
            lambda button: self.resolve(conflict_id, KEEP_INCOMING, void_signature=True) if button is yes_button
            else None)
        self.confirm_box = box
        box.open()


def describe(keep: str, title: str) -> str:
    """The note the page shows after a decision."""
    if keep == KEEP_INCOMING:
        return QCoreApplication.translate("ConflictsPanel", "已采用收到的版本：{title}").format(title=title)
    return QCoreApplication.translate("ConflictsPanel", "已保留本机版本：{title}").format(title=title)
