"""The one way to run work off the UI thread (after Anki's ``QueryOp``).

::

    def load(progress, cancel):          # runs on a worker thread: no widgets here
        with vault.session() as s:
            return queries.list_findings(s)

    run_in_background(self, load, on_success=self.show_findings)

``fn(progress, cancel)`` runs on a worker; ``progress(done, total, message)``
and the :class:`~inspector.progress.CancelToken` are those the core's long
operations take. Results come back on the UI thread through Qt signals:

* a return value goes to ``on_success(result)``;
* an :class:`~inspector.errors.InspectorError` goes to ``on_failure(err)``,
  by default a bilingual message box (:func:`ui.errors.show_error`);
  :class:`~inspector.errors.Cancelled` is silent by default;
* any other exception is a bug: it is re-raised on the UI thread, where
  ``ui.app`` logs it (and pytest-qt fails the test).

All tasks share one worker thread, so vault work runs in order and writes never
race (Anki's single-worker ``taskman``); Python's garbage collector then runs
on the UI thread only (:mod:`ui.garbage`). Nothing is called back once the parent
widget is gone; after :meth:`BackgroundTask.cancel` a result is dropped (a
``Cancelled`` raised by fn still reaches ``on_failure``).

With ``label``, long work shows itself (Anki's ``progress.py``): a busy cursor
after 300 ms, a progress dialog with a Cancel button after 600 ms, so quick
work never flickers.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from inspector.errors import Cancelled, InspectorError
from inspector.progress import CancelToken, ProgressFn
from ui import garbage

Work = Callable[[ProgressFn, CancelToken], Any]

PROGRESS_INTERVAL_S = 0.1  # at most ten progress signals a second reach the UI thread
BUSY_CURSOR_MS = 300
PROGRESS_DIALOG_MS = 600

_pool: QThreadPool | None = None
_running: set["BackgroundTask"] = set()  # keeps each task alive until its result is delivered


def _worker_pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool


class BackgroundTask(QObject):
    """One call of :func:`run_in_background`; its public signals are emitted on the UI thread."""

    succeeded = Signal(object)          # the result of fn
    failed = Signal(object)             # the exception fn raised
    progressed = Signal(int, int, str)  # done, total, message (throttled)
    finished = Signal()                 # after succeeded or failed

    _done = Signal(object, object)      # worker → UI thread: (result, error)

    def __init__(self, parent: QWidget | None, fn: Work, on_success: Callable[[Any], None],
                 on_failure: Callable[[InspectorError], None] | None) -> None:
        super().__init__()  # no Qt parent: a dying widget must not delete a task still running
        self._parent = parent
        self._fn = fn
        self._on_success = on_success
        self._on_failure = on_failure
        self.cancel_token = CancelToken()
        self._ended = threading.Event()
        self._last_progress = 0.0
        self._done.connect(self._finish)

    def cancel(self) -> None:
        """Ask fn to stop (at its next ``cancel.check()``); its result is dropped either way."""
        self.cancel_token.cancel()

    def wait(self, timeout_ms: int = -1) -> bool:
        """Block until fn has returned on the worker (not until callbacks ran); True if it has."""
        return self._ended.wait(None if timeout_ms < 0 else timeout_ms / 1000)

    def is_running(self) -> bool:
        return not self._ended.is_set()

    # ---- worker thread ---------------------------------------------------------------------

    def _progress(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if done >= total or now - self._last_progress >= PROGRESS_INTERVAL_S:
            self._last_progress = now
            self.progressed.emit(done, total, message)

    def _run(self) -> None:
        result, error = None, None
        try:
            result = self._fn(self._progress, self.cancel_token)
        except BaseException as exc:  # handed to the UI thread, never lost
            error = exc
        finally:
            self._ended.set()
        self._done.emit(result, error)

    # ---- UI thread -------------------------------------------------------------------------

    @Slot(object, object)
    def _finish(self, result: Any, error: BaseException | None) -> None:
        _running.discard(self)
        try:
            if self._parent is not None and not shiboken6.isValid(self._parent):
                return
            if error is None:
                if not self.cancel_token.cancelled:
                    self._on_success(result)
                    self.succeeded.emit(result)
            elif isinstance(error, InspectorError):
                if self._on_failure is not None:
                    self._on_failure(error)
                elif not isinstance(error, Cancelled):
                    from ui.errors import show_error

                    show_error(self._parent, error)
                self.failed.emit(error)
            else:
                self.failed.emit(error)
                raise error
        finally:
            self.finished.emit()


class _Feedback(QObject):
    """Busy cursor, then a cancellable progress dialog, for one task with a label."""

    def __init__(self, task: BackgroundTask, parent: QWidget | None, label: str) -> None:
        super().__init__(task)
        self.task, self.parent_widget, self.label = task, parent, label
        self.cursor = False
        self.dialog: QProgressDialog | None = None
        self.last = (0, 0)
        QTimer.singleShot(BUSY_CURSOR_MS, self._cursor)
        QTimer.singleShot(PROGRESS_DIALOG_MS, self._dialog)
        task.progressed.connect(self._progress)
        task.finished.connect(self._end)

    def _cursor(self) -> None:
        if self.task.is_running() and not self.cursor:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self.cursor = True

    def _dialog(self) -> None:
        if not self.task.is_running() or self.dialog is not None:
            return
        parent = self.parent_widget if self.parent_widget is not None and shiboken6.isValid(self.parent_widget) else None
        self.dialog = QProgressDialog(self.label, QCoreApplication.translate("tasks", "取消"), 0, 0, parent)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.canceled.connect(self.task.cancel)
        self._progress(*self.last, "")
        self.dialog.show()

    def _progress(self, done: int, total: int, message: str = "") -> None:
        self.last = (done, total)
        if self.dialog is not None:
            self.dialog.setMaximum(max(total, 0))
            self.dialog.setValue(min(done, total) if total else 0)

    def _end(self) -> None:
        if self.cursor:
            QApplication.restoreOverrideCursor()
            self.cursor = False
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.task.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None


def run_in_background(parent: QWidget | None, fn: Work, on_success: Callable[[Any], None],
                      on_failure: Callable[[InspectorError], None] | None = None, *,
                      label: str | None = None) -> BackgroundTask:
    """Run ``fn(progress, cancel)`` on the worker thread; call back on the UI thread (see the module doc)."""
    garbage.install()  # before any worker runs: no Qt object may be collected on one
    task = BackgroundTask(parent, fn, on_success, on_failure)
    if label:
        _Feedback(task, parent, label)
    _running.add(task)
    _worker_pool().start(task._run)
    return task


def wait_for_all(timeout_ms: int = -1) -> bool:
    """Block until the worker is idle (used at exit); True if it is."""
    return _worker_pool().waitForDone(timeout_ms)
