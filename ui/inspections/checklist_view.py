"""The checklist tree, driven from the keyboard.

With the focus in the checklist: ``1`` 符合, ``2`` 部分符合, ``3`` 不符合,
``4`` 不适用, ``0``/Delete withdraws the verdict; ``J``/Down next item,
``K``/Up previous item (section rows are skipped). Anywhere in the runner,
Alt+1…4 / Alt+0 do the same, so typing notes never triggers a verdict.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from inspector.model import Verdict
from ui.inspections.checklist_model import COL_TITLE, COL_VERDICT

VERDICT_BY_KEY = {
    Qt.Key.Key_1: Verdict.COMPLIANT,
    Qt.Key.Key_2: Verdict.PARTIAL,
    Qt.Key.Key_3: Verdict.NON_COMPLIANT,
    Qt.Key.Key_4: Verdict.NOT_APPLICABLE,
}
CLEAR_KEYS = {Qt.Key.Key_0, Qt.Key.Key_Delete, Qt.Key.Key_Backspace}
NEXT_KEYS = {Qt.Key.Key_J, Qt.Key.Key_Down}
PREVIOUS_KEYS = {Qt.Key.Key_K, Qt.Key.Key_Up}


class ChecklistView(QTreeView):
    verdict_key = Signal(object)  # Verdict or None, for the current item
    move_requested = Signal(int)  # +1 next item, -1 previous item

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setExpandsOnDoubleClick(False)
        self.setToolTip(self.tr(
            "键盘操作：1 符合　2 部分符合　3 不符合　4 不适用　0 取消结论\n"
            "J / ↓ 下一项　K / ↑ 上一项\n"
            "输入检查记录时可用 Alt+1…4、Alt+0 记录结论，Alt+J / Alt+K 切换检查项"))

    def setModel(self, model) -> None:  # type: ignore[override]
        super().setModel(model)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_VERDICT, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COL_VERDICT, 76)

    def keyPressEvent(self, event: QKeyEvent) -> None:
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
