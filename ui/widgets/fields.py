"""Small pieces the forms share: an inline message line and a quiet-period saver.

Forms in Inspector say what is wrong *under the form* (never a traceback, rarely
a dialog), and edits of existing records save as they are made: a line edit
when it finishes, a text area or a spin box after a short pause.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from inspector.errors import InspectorError
from ui import i18n
from ui.widgets import palette

ERROR_STYLE = palette.text_style(palette.WARNING)
NOTE_STYLE = palette.text_style(palette.OK)
SAVE_DELAY_MS = 600


def inline_text(err: InspectorError) -> str:
    """The message of ``err`` in the interface language (Chinese unless English was chosen)."""
    return i18n.pick(err.zh, err.en)


class MessageLabel(QLabel):
    """A message line under a form: red for problems, green for confirmations, hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.hide()
        self.is_error = False

    def show_error(self, err: InspectorError | str) -> None:
        self._show(inline_text(err) if isinstance(err, InspectorError) else err, True)

    def show_note(self, text: str) -> None:
        self._show(text, False)

    def clear_message(self) -> None:
        self.setText("")
        self.is_error = False
        self.hide()

    def _show(self, text: str, error: bool) -> None:
        self.is_error = error
        self.setStyleSheet(ERROR_STYLE if error else NOTE_STYLE)
        self.setText(text)
        self.show()


class Debouncer(QObject):
    """Calls ``fn`` once edits pause for ``delay_ms``; :meth:`flush` calls it now if one is pending."""

    def __init__(self, fn: Callable[[], None], parent: QObject, delay_ms: int = SAVE_DELAY_MS) -> None:
        super().__init__(parent)
        self._fn = fn
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(fn)

    def poke(self, *_args) -> None:
        self._timer.start()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self._fn()

    def cancel(self) -> None:
        self._timer.stop()
