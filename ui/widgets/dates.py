"""The application's date field: a :class:`QDateEdit` that also takes a date typed in full.

Qt's date edit is edited section by section: select all, type ``2026-12-25`` and
Qt keeps the old year (``2027-12-25``). :class:`DateEdit` notices typing over a
fully selected field (or into an empty one), collects what is typed as it stands —
``2026-12-25``, ``2026/12/25``, ``2026.12.25``, ``20261225`` or ``2026年12月25日``
— and takes it on Enter, Tab or leaving the field; an impossible date leaves the
old value and says why. The arrow keys and the calendar (one click on the arrow)
work as always. Every date field is made by :func:`date_edit`.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QPoint, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDateEdit, QToolTip, QWidget

DISPLAY_FORMAT = "yyyy-MM-dd"
# 年, 月, 日 written as escapes: characters a date is typed with, not text shown to the user
_FULL = re.compile(r"(\d{4})\s*[-/.\u5e74]\s*(\d{1,2})\s*[-/.\u6708]\s*(\d{1,2})\s*\u65e5?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_TYPING = set("0123456789-/. ") | {chr(0x5E74), chr(0x6708), chr(0x65E5)}
_FINISH_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab}


def parse_typed_date(text: str) -> date | None:
    """The date typed in ``text`` (see the module's formats), or None if it is not a real date."""
    text = text.strip()
    match = _FULL.fullmatch(text) or _COMPACT.fullmatch(text)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


class DateEdit(QDateEdit):
    """A date edit with a calendar popup that also takes a full date typed over its text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DISPLAY_FORMAT)
        self._typed: str | None = None  # what is being typed in full, None while editing by sections
        self._validator = None

    @property
    def typing(self) -> bool:
        return self._typed is not None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        line = self.lineEdit()
        char = event.text()
        if self._typed is None and char.isdigit() and (not line.text() or line.selectedText() == line.text()):
            self._start_typing()
        if self._typed is not None:
            key = event.key()
            if char and char in _TYPING:
                self._show_typed(self._typed + char)
                return
            if key == Qt.Key.Key_Backspace:
                self._show_typed(self._typed[:-1])
                return
            if key == Qt.Key.Key_Escape:
                self._finish(accept=False)
                return
            if key in _FINISH_KEYS:
                self._finish(accept=True)
            elif char or key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right):
                return  # other keys do nothing while a date is typed in full
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._typed is not None:
            self._finish(accept=True)
        super().mousePressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if self._typed is not None:
            self._finish(accept=True)
        super().focusOutEvent(event)

    def _start_typing(self) -> None:
        self._typed = ""
        # The section validator would rewrite every keystroke; it returns when typing ends.
        self._validator = self.lineEdit().validator()
        self.lineEdit().setValidator(None)

    def _show_typed(self, text: str) -> None:
        self._typed = text
        line = self.lineEdit()
        line.blockSignals(True)
        line.setText(text)
        line.blockSignals(False)

    def _finish(self, *, accept: bool) -> None:
        typed, self._typed = self._typed or "", None
        line = self.lineEdit()
        line.setValidator(self._validator)
        self._validator = None
        value = parse_typed_date(typed) if accept and typed.strip() else None
        if value is not None and self.minimumDate() <= QDate(value) <= self.maximumDate():
            self.setDate(QDate(value))
        elif accept and typed.strip():
            self._complain(typed, value)
        line.blockSignals(True)
        line.setText(self.textFromDateTime(self.dateTime()))
        line.blockSignals(False)

    def _complain(self, typed: str, value: date | None) -> None:
        if value is None:
            text = QCoreApplication.translate("DateEdit", "“{typed}”不是有效日期，请按 2026-12-25 的格式输入。")
        else:
            text = QCoreApplication.translate("DateEdit", "{typed} 超出允许的范围（{first} 至 {last}）。")
        message = text.format(typed=typed.strip(), first=self.minimumDate().toString(DISPLAY_FORMAT),
                              last=self.maximumDate().toString(DISPLAY_FORMAT))
        QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())), message, self)


def date_edit(value: date | None = None, *, minimum: date | None = None, parent: QWidget | None = None) -> DateEdit:
    """A date field showing ``value`` (today if None), no earlier than ``minimum`` if given."""
    edit = DateEdit(parent)
    if minimum is not None:
        edit.setMinimumDate(QDate(minimum))
    edit.setDate(QDate(value) if value is not None else QDate.currentDate())
    return edit
