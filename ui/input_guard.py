"""One application-wide guard: the mouse wheel never changes a value the user is not editing.

Scrolling a form (the finding editor, the plan form) with the wheel must scroll the
form: a combo box, spin box or date field under the pointer ignores the wheel unless
it has the keyboard focus, and the wheel goes on to the scroll area around it.
Installed once on the application (:func:`install`), so every present and future
field obeys without code of its own.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

GUARDED = (QComboBox, QAbstractSpinBox)


def _guarded_field(obj: QObject) -> QWidget | None:
    """The combo box or spin box ``obj`` is, or is part of (an editable combo's line edit), else None."""
    widget = obj if isinstance(obj, QWidget) else None
    for _ in range(2):  # the field itself, or its inner line edit
        if widget is None:
            return None
        if isinstance(widget, GUARDED):
            return widget
        widget = widget.parentWidget()
    return None


class WheelGuard(QObject):
    """Swallows wheel events over an unfocused combo/spin/date field and lets its parents have them."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel:
            field = _guarded_field(obj)
            if field is not None and not field.hasFocus():
                # Not delivered to the field: the scroll area around it scrolls instead.
                area = _scroll_area_around(field)
                if area is None:
                    event.ignore()  # QApplication passes an ignored wheel on to the parents
                else:
                    _forward(event, area.viewport())
                    event.accept()
                return True
        return False


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def _forward(event: QWheelEvent, viewport: QWidget) -> None:
    """Send a copy of ``event`` to ``viewport``, at the same place on the screen."""
    position = viewport.mapFromGlobal(event.globalPosition())
    copy = QWheelEvent(position, event.globalPosition(), event.pixelDelta(), event.angleDelta(),
                       event.buttons(), event.modifiers(), event.phase(), event.inverted(), event.source())
    QApplication.sendEvent(viewport, copy)


_guard: WheelGuard | None = None


def install(app: QApplication) -> WheelGuard:
    """Guard every field of ``app`` (idempotent)."""
    global _guard
    if _guard is None:
        _guard = WheelGuard(app)
        app.installEventFilter(_guard)
    return _guard
