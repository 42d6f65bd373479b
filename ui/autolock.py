"""Auto-lock: a vault left alone locks itself (default after 10 minutes; Ctrl+L at once).

:class:`IdleWatcher` filters every input event of the application; each one
restarts the countdown. When it runs out, :attr:`IdleWatcher.idle` fires and the
shell locks: the vault is closed, every view destroyed, the unlock dialog shown.

It also sees Ctrl+L first, whatever window has the keyboard: a dialog, modal
or not, would otherwise keep the main window's shortcut from firing. The key
fires :attr:`IdleWatcher.lock_key` and goes no further.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

INPUT_EVENTS = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TabletPress, QEvent.Type.TabletMove, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.InputMethod,
}
RESTART_EVERY_S = 1.0  # mouse moves arrive by the hundred; restarting once a second is plenty
LOCK_KEY = Qt.Key.Key_L
LOCK_MODIFIERS = Qt.KeyboardModifier.ControlModifier  # Ctrl+L (⌘L on macOS, as Qt maps Control there)


def is_lock_key(event) -> bool:
    """A key press (QKeyEvent) of Ctrl+L."""
    if event.key() != LOCK_KEY:
        return False
    return event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == LOCK_MODIFIERS


class IdleWatcher(QObject):
    idle = Signal()
    lock_key = Signal()  # Ctrl+L, in any window

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self._last_restart = 0.0
        self.set_interval(interval_ms)
        QApplication.instance().installEventFilter(self)

    def set_interval(self, interval_ms: int) -> None:
        self.timer.setInterval(max(interval_ms, 1))

    def start(self) -> None:
        self._last_restart = time.monotonic()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and is_lock_key(event):
            self.lock_key.emit()
            return True
        if kind in INPUT_EVENTS and self.timer.isActive():
            now = time.monotonic()
            if now - self._last_restart >= RESTART_EVERY_S:
                self._last_restart = now
                self.timer.start()
        return False

    def dispose(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
