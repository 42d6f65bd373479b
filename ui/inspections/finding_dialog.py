"""A finding opened from the runner (新建问题, or one already found on the item), edited without leaving it.

The dialog holds the findings page's own editor (:class:`ui.findings.editor.FindingEditor`,
not a copy): every field saves as it is typed, so closing it — its
“← 返回检查项” button, Esc or the window's close button — only sends the last
edits on their way and returns to the checklist item it was opened from.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.findings.editor import FindingEditor

SIZE = (1120, 700)  # fits a 1280×760 screen with the window's frame


class FindingDialog(QDialog):
    def __init__(self, ctx: AppContext, finding_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.finding_id = finding_id
        self.setWindowTitle(self.tr("问题"))
        self.editor = FindingEditor(ctx, self)
        self.editor.back_button.setText(self.tr("← 返回检查项"))
        self.editor.back_button.setToolTip(self.tr("回到检查清单中的同一检查项（Esc）；已输入的内容均已自动保存"))
        self.editor.back_requested.connect(self.accept)
        self.editor.loaded.connect(self._loaded)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.editor)
        width, height = SIZE
        window = parent.window() if parent is not None else None
        if window is not None and window.isVisible():
            width, height = min(width, window.width() - 40), min(height, window.height() - 20)
        self.resize(width, height)
        self.editor.open(finding_id)

    def _loaded(self, _finding_id: str) -> None:
        detail = self.editor.detail
        if detail is not None:
            self.setWindowTitle(self.tr("问题：{title}").format(title=detail.title) if detail.title else self.tr("问题"))

    def done(self, result: int) -> None:
        self.editor.flush()  # the last typing goes on its way before the runner reads again
        super().done(result)

    def drop(self) -> None:
        """The vault is locking: what is pending is written, then nothing is shown any more."""
        self.editor.clear()
        self.reject()
