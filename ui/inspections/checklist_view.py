"""The checklist tree, driven from the keyboard.

With the focus in the checklist: ``1`` 符合, ``2`` 部分符合, ``3`` 不符合,
``4`` 不适用, ``0``/Delete withdraws the verdict; ``J``/Down next item,
``K``/Up previous item (section rows are skipped). Anywhere in the runner,
Alt+1…4 / Alt+0 do the same, so typing notes never triggers a verdict.
Ctrl+V pastes a screenshot (or copied files) as evidence of the current item
(:attr:`ChecklistView.paste_requested`), as the evidence area's hint says.

Nothing is cut: titles wrap (rows grow), the verdict column is as wide as the
longest verdict in the language shown, the marks column as wide as its marks.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from inspector.model import Verdict
from ui.inspections import marks
from ui.inspections.checklist_model import COL_MARKS, COL_TITLE, COL_VERDICT
from ui.widgets.labels import verdict_labels

VERDICT_BY_KEY = {
    Qt.Key.Key_1: Verdict.COMPLIANT,
    Qt.Key.Key_2: Verdict.PARTIAL,
    Qt.Key.Key_3: Verdict.NON_COMPLIANT,
    Qt.Key.Key_4: Verdict.NOT_APPLICABLE,
}
CLEAR_KEYS = {Qt.Key.Key_0, Qt.Key.Key_Delete, Qt.Key.Key_Backspace}
NEXT_KEYS = {Qt.Key.Key_J, Qt.Key.Key_Down}
PREVIOUS_KEYS = {Qt.Key.Key_K, Qt.Key.Key_Up}


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped title at the title column's width (QTreeView asks without a width)."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        if index.column() != COL_TITLE:
            return super().sizeHint(option, index)
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        levels = depth + (1 if self.view.rootIsDecorated() else 0)
        opt = QStyleOptionViewItem(option)
        width = self.view.header().sectionSize(COL_TITLE) - levels * self.view.indentation()
        opt.rect = QRect(0, 0, max(40, width), 1000)  # a valid rect: the style wraps only inside one
        return super().sizeHint(opt, index)


class ChecklistView(QTreeView):
    verdict_key = Signal(object)  # Verdict or None, for the current item
    move_requested = Signal(int)  # +1 next item, -1 previous item
    paste_requested = Signal()    # Ctrl+V: the clipboard's screenshot or files, as evidence of the current item

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformRowHeights(False)  # a long title wraps onto a second line
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setIndentation(14)
        self.setItemDelegate(WrappingDelegate(self))
        self.setAllColumnsShowFocus(True)
        self.setExpandsOnDoubleClick(False)
        self.setToolTip(self.tr(
            "键盘操作：1 符合　2 部分符合　3 不符合　4 不适用　0 取消结论\n"
            "J / ↓ 下一项　K / ↑ 上一项\n"
            "输入检查记录时可用 Alt+1…4、Alt+0 记录结论，Alt+J / Alt+K 切换检查项\n"
            "Ctrl+V 将剪贴板中的截图作为本项证据"))

    def setModel(self, model) -> None:  # type: ignore[override]
        super().setModel(model)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_MARKS, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COL_VERDICT, QHeaderView.ResizeMode.Fixed)
        header.setMinimumSectionSize(8)
        header.resizeSection(COL_MARKS, marks.WIDTH + 8)
        header.resizeSection(COL_VERDICT, self.verdict_width())
        header.sectionResized.connect(self._column_resized)

    def verdict_width(self) -> int:
        """Room for the longest verdict (bold, as shown), a section's count and the column's title."""
        bold = QFont(self.font())
        bold.setBold(True)
        texts = [*verdict_labels().values(), "55/55"]
        widest = max(QFontMetrics(bold).horizontalAdvance(t) for t in texts)
        model = self.model()
        title = model.headerData(COL_VERDICT, Qt.Orientation.Horizontal) if model is not None else ""
        widest = max(widest, self.header().fontMetrics().horizontalAdvance(title or "") + 8)
        return widest + 12  # the item's text margins, and a little air

    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        if column == COL_TITLE and _new != _old:  # wrapped titles take another height
            self.scheduleDelayedItemsLayout()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_requested.emit()
            return
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = Qt.Key(event.key())
        if mods == Qt.KeyboardModifier.NoModifier:
            if key in VERDICT_BY_KEY:
                self.verdict_key.emit(VERDICT_BY_KEY[key])
                return
            if key in CLEAR_KEYS:
                self.verdict_key.emit(None)
                return
            if key in NEXT_KEYS:
                self.move_requested.emit(1)
                return
            if key in PREVIOUS_KEYS:
                self.move_requested.emit(-1)
                return
        super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:
        """Letters are commands here (J/K), not a type-ahead search."""
