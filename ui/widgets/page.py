"""The base of every page of the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QWidget

from ui.context import AppContext

if TYPE_CHECKING:
    from inspector.changes import Changes


class Page(QWidget):
    """A page: built once per unlock, told when it is shown, emptied when the vault locks.

    Subclasses set ``key`` (used by :meth:`AppContext.navigate`), the ``areas``
    they show (:class:`~inspector.model.Area`), and return a translated
    :meth:`title`; they load data in :meth:`activate` through ``self.ctx.read(...)``
    — never on the UI thread — and forget it in :meth:`clear`. A write anywhere that
    touches one of ``areas`` makes the page stale; a visible page reloads at once
    (:meth:`on_written`, the one place a page reacts to changes).
    """

    key = ""
    areas: frozenset = frozenset()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stale = True
        self.header_placed = False  # the main window's PageHeader took the header actions
        ctx.written.connect(self.on_written)

    def showEvent(self, event) -> None:
        """A page shown on its own (not in the main window, e.g. in a test) keeps its actions at its top."""
        super().showEvent(event)
        if self.header_placed:
            return
        self.header_placed = True
        layout = self.layout()
        actions = [a for a in self.header_actions() if a.parentWidget() is None]
        if actions and isinstance(layout, QBoxLayout):
            bar = QHBoxLayout()
            bar.addStretch(1)
            for action in actions:
                bar.addWidget(action)
            layout.insertLayout(0, bar)
        self.update_header_actions()

    def update_header_actions(self) -> None:
        """The header actions were placed (in the window's header or at the page's top): show or hide them
        for what the page shows now. Most pages show theirs always."""

    def on_written(self, changes: Changes, initiator: QWidget | None) -> None:
        """A write changed ``changes``; ``initiator`` is the widget that asked for it."""
        if changes.touches(self.areas):
            self.stale = True
            if self.isVisible():
                self.activate()

    def title(self) -> str:
        raise NotImplementedError

    def subtitle(self) -> str:
        """A line under the title in the page's header (what this page is for), or empty."""
        return ""

    def header_actions(self) -> list[QWidget]:
        """The page's own actions (新建…, 导入…): the main window places them at the right of the header,
        the same place on every page. Actions on a selected record stay beside that record."""
        return []

    def activate(self, argument: object = None) -> None:
        """Shown (again), optionally with an argument from :meth:`AppContext.navigate`; reload if stale."""

    def clear(self) -> None:
        """The vault is locking: drop every piece of vault data this page shows."""


class CoalescedReload:
    """For a page that reloads on many signals: :meth:`reload` asks, :meth:`_reload_now` (the page's) reads.

    Several requests in one turn of the event loop make one read.
    """

    _reload_pending = False

    def reload(self) -> None:
        if not self._reload_pending:
            self._reload_pending = True
            QTimer.singleShot(0, self._run_reload)

    def _run_reload(self) -> None:
        self._reload_pending = False
        self._reload_now()

    def _reload_now(self) -> None:
        raise NotImplementedError
