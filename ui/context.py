"""What every page shares: the open vault, the two verbs that read and write it, navigation, change notices.

Pages get an :class:`AppContext`, never the main window: they stay
independent of each other and testable alone (``AppContext(vault)`` is enough).

The UI touches the vault only through two verbs (after Anki's ``QueryOp`` and
``CollectionOp``)::

    ctx.read(self, plans.list_departments, self.show_rows, key="rows")
    ctx.write(self, lambda s: plans.create_department(s, **values).id, self.added, on_failure=self.refused)

``fn(session)`` runs on the worker (:mod:`ui.tasks`) in a session opened,
committed (write) or rolled back (read) and closed there (:mod:`inspector.ops`);
the callbacks run on the UI thread. A write reports the areas it changed
(:class:`inspector.changes.Changes`): :attr:`AppContext.written` carries them to
every page, and each reloads only for the areas it shows. A ``key`` makes a read
"latest only": a newer read of the same widget and key drops the older one's
answer. A result that arrives after the vault locked is dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Hashable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from inspector.errors import InspectorError

if TYPE_CHECKING:  # the database stack is imported on the worker, after the window is shown
    from inspector.vault import Vault, VaultSession
    from ui.tasks import BackgroundTask  # ui.tasks only when work is run: see ui.shell on start-up

SessionFn = Callable[["VaultSession"], Any]
Callback = Callable[[Any], None]
Failure = Callable[[InspectorError], None]


class AppContext(QObject):
    """The application's state as pages see it."""

    vault_changed = Signal(object)      # the new Vault, or None when locked
    written = Signal(object, object)    # a write's Changes, and the widget that asked for it (or None)
    navigate_requested = Signal(str, object)  # page key, argument (e.g. an inspection id)
    lock_requested = Signal()           # lock now (Ctrl+L, idle timeout)
    language_changed = Signal(str)      # "zh_CN" or "en": the shell rebuilds its pages

    def __init__(self, vault: Vault | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.vault = vault

    def set_vault(self, vault: Vault | None) -> None:
        self.vault = vault
        self.vault_changed.emit(vault)

    # ---- the two verbs -----------------------------------------------------------------------

    def read(self, parent: QWidget | None, fn: SessionFn, on_success: Callback, *,
             on_failure: Failure | None = None, key: Hashable | None = None,
             label: str | None = None) -> BackgroundTask | None:
        """``fn(session)`` on the worker, never committed; ``on_success(result)`` on the UI thread.

        Nothing runs while the vault is locked (returns None).
        """
        from inspector import ops

        vault = self.vault
        if vault is None:
            return None
        return self._run(parent, vault, lambda progress, cancel: ops.read(vault, fn, progress, cancel),
                         on_success, on_failure, key, label)

    def write(self, parent: QWidget | None, fn: SessionFn, on_success: Callback | None = None, *,
              on_failure: Failure | None = None, label: str | None = None) -> BackgroundTask | None:
        """``fn(session)`` on the worker, committed; then ``on_success(result)`` and :attr:`written`.

        Writes are never superseded: each one runs, in the order asked. Nothing runs while
        the vault is locked (returns None).
        """
        from inspector import ops

        vault = self.vault
        if vault is None:
            return None

        def written(done: ops.Written) -> None:
            alive = _alive(parent)
            try:
                if on_success is not None and alive:
                    on_success(done.result)
            finally:
                if done.changes:  # announced even when the widget that asked is gone: the data changed
                    self.written.emit(done.changes, parent if alive else None)

        return self._run(parent, vault, lambda progress, cancel: ops.write(vault, fn, progress, cancel),
                         written, on_failure, None, label, guard=False)

    def _run(self, parent: QWidget | None, vault: Vault, work, on_success: Callback,
             on_failure: Failure | None, key: Hashable | None, label: str | None,
             guard: bool = True) -> BackgroundTask:
        from ui.tasks import run_in_background

        def succeeded(result: Any) -> None:
            if self.vault is vault:  # else the vault locked meanwhile: nothing of it is shown any more
                on_success(result)

        def failed(err: InspectorError) -> None:
            if self.vault is not vault or not _alive(parent):
                return
            if on_failure is not None:
                on_failure(err)
            else:
                from inspector.errors import Cancelled
                from ui.errors import show_error

                if not isinstance(err, Cancelled):
                    show_error(parent, err)

        return run_in_background(parent, work, succeeded, failed, label=label, key=key, guard=guard)

    # ---- between pages -----------------------------------------------------------------------

    def navigate(self, page: str, argument: Any = None) -> None:
        self.navigate_requested.emit(page, argument)


def _alive(widget: QWidget | None) -> bool:
    """True unless ``widget`` was given and Qt has deleted it."""
    if widget is None:
        return True
    import shiboken6

    return shiboken6.isValid(widget)
