"""What every page shares: the open vault, a way to run work, navigation, change notices.

Pages get an :class:`AppContext`, never the main window: they stay
independent of each other and testable alone (``AppContext(vault)`` is enough).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from inspector.errors import InspectorError

if TYPE_CHECKING:  # the database stack is imported on the worker, after the window is shown
    from inspector.vault import Vault
    from ui.tasks import BackgroundTask, Work  # ui.tasks only when work is run: see ui.shell on start-up


class AppContext(QObject):
    """The application's state as pages see it."""

    vault_changed = Signal(object)      # the new Vault, or None when locked
    data_changed = Signal(str)          # a kind of record changed: "plan", "finding", "inspection", …
    navigate_requested = Signal(str, object)  # page key, argument (e.g. an inspection id)
    lock_requested = Signal()           # lock now (Ctrl+L, idle timeout)
    language_changed = Signal(str)      # "zh_CN" or "en": the shell rebuilds its pages

    def __init__(self, vault: Vault | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.vault = vault

    def set_vault(self, vault: Vault | None) -> None:
        self.vault = vault
        self.vault_changed.emit(vault)

    def run(self, parent: QWidget | None, fn: Work, on_success: Callable[[Any], None],
            on_failure: Callable[[InspectorError], None] | None = None, *,
            label: str | None = None) -> BackgroundTask:
        """Run ``fn(progress, cancel)`` off the UI thread (see :mod:`ui.tasks`).

        With ``label``, a busy cursor appears after 300 ms and a cancellable
        progress dialog after 600 ms, so quick work never flickers.
        """
        from ui.tasks import run_in_background

        return run_in_background(parent, fn, on_success, on_failure, label=label)

    def changed(self, kind: str) -> None:
        """Tell other pages that records of ``kind`` changed (they reload when shown)."""
        self.data_changed.emit(kind)

    def navigate(self, page: str, argument: Any = None) -> None:
        self.navigate_requested.emit(page, argument)
