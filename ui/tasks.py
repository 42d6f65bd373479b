"""The one worker thread, and the only way work leaves the UI thread (after Anki's ``QueryOp`` and ``taskman``).

Pages do not call this module: they use :meth:`ui.context.AppContext.read` and
:meth:`~ui.context.AppContext.write`, which open the vault session here. Only
what runs before a vault is open (start-up, unlock, the first-run wizard) calls
:func:`run_in_background` itself.

``fn(progress, cancel)`` runs on the worker; ``progress(done, total, message)``
and the :class:`~inspector.progress.CancelToken` are those the core's long
operations take. Results come back on the UI thread:

* a return value goes to ``on_success(result)``;
* an :class:`~inspector.errors.InspectorError` goes to ``on_failure(err)``,
  by default a bilingual message box (:func:`ui.errors.show_error`);
  :class:`~inspector.errors.Cancelled` is silent by default;
* any other exception is a bug: it is re-raised on the UI thread, where
  ``ui.app`` logs it (and pytest-qt fails the test).

Nothing is called back once the parent widget is gone; after
:meth:`BackgroundTask.cancel` a result is dropped (a ``Cancelled`` raised by fn
still reaches ``on_failure``). With ``key``, a newer task of the same parent and
key supersedes an older one: the older is cancelled and nothing of it is called
back ("latest only", for reads whose answer a newer read replaces).

**Lifetimes.** Whatever a task holds — its callbacks, its parent, the work
closure and what that captured, the result, the exception and its traceback —
is released on the UI thread, never on the worker: a widget whose last
reference drops on the worker is destroyed there, and Qt crashes once in a
while. So the worker is a plain Python thread that sees only a :class:`_Job`
(no Qt object); the UI thread's registry holds every job until its result is
delivered, the worker drops its own reference *before* it announces the end, and
the announcement carries only the job's number. :mod:`ui.garbage` keeps the
cyclic collector on the UI thread too.

One worker runs everything in order, so vault writes never race (Anki's
single-worker ``taskman``). With ``label``, long work shows itself (Anki's
``progress.py``): a busy cursor after 300 ms, a progress dialog with a Cancel
button after 600 ms, so quick work never flickers.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from typing import Any, Callable, Hashable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from inspector.errors import Cancelled, InspectorError
from inspector.progress import CancelToken, ProgressFn
from ui import garbage

log = logging.getLogger(__name__)

Work = Callable[[ProgressFn, CancelToken], Any]

PROGRESS_INTERVAL_S = 0.1  # at most ten progress signals a second reach the UI thread
BUSY_CURSOR_MS = 300
PROGRESS_DIALOG_MS = 600


class _Job:
    """What the worker sees of a task: the work and its outcome. Never a Qt object."""

    __slots__ = ("number", "fn", "cancel", "result", "error", "ended", "_last_progress")

    def __init__(self, number: int, fn: Work) -> None:
        self.number = number
        self.fn: Work | None = fn
        self.cancel = CancelToken()
        self.result: Any = None
        self.error: BaseException | None = None
        self.ended = threading.Event()
        self._last_progress = 0.0

    def progress(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if done >= total or now - self._last_progress >= PROGRESS_INTERVAL_S:
            self._last_progress = now
            _worker.relay.progressed.emit(self.number, done, total, message)

    def run(self) -> None:
        """On the worker: call fn; keep what it returned or raised. Never raises."""
        try:
            self.result = self.fn(self.progress, self.cancel)
        except BaseException as exc:  # handed to the UI thread, never lost
            self.error = exc
        finally:
            self.ended.set()


class _Relay(QObject):
    """Lives on the UI thread; the worker emits its signals, the queued slots run here on the UI thread."""

    progressed = Signal(int, int, int, str)  # job number, done, total, message
    ended = Signal(int)                      # job number

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        self.ended.connect(self._ended, Qt.ConnectionType.QueuedConnection)

    @Slot(int, int, int, str)
    def _progressed(self, number: int, done: int, total: int, message: str) -> None:
        task = _worker.tasks.get(number)
        if task is not None and not task.superseded:
            task.progressed.emit(done, total, message)

    @Slot(int)
    def _ended(self, number: int) -> None:
        task = _worker.tasks.pop(number, None)
        if task is not None:
            task._deliver()


class _Worker:
    """One thread, one queue; the registry of tasks not yet delivered (UI thread only)."""

    def __init__(self) -> None:
        self.queue: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self.numbers = itertools.count(1)
        self.tasks: dict[int, BackgroundTask] = {}     # every task until its result is delivered
        self.latest: dict[tuple[int, Hashable], BackgroundTask] = {}
        self.idle = threading.Condition()
        self.unfinished = 0                             # queued or running on the worker
        self.thread: threading.Thread | None = None
        self.relay: _Relay | None = None

    def start(self) -> None:
        """On the UI thread, before the first job."""
        if self.relay is None:
            self.relay = _Relay(QCoreApplication.instance())
        if self.thread is None or not self.thread.is_alive():
            self.thread = threading.Thread(target=self.loop, name="inspector-worker", daemon=True)
            self.thread.start()

    def submit(self, job: _Job) -> None:
        with self.idle:
            self.unfinished += 1
        self.queue.put(job)

    def loop(self) -> None:
        while True:
            job = self.queue.get()
            job.run()
            number = job.number
            # The registry (UI thread) still holds the job: dropping this reference never ends it here.
            del job
            self.relay.ended.emit(number)  # posted to the UI thread before the worker counts as idle
            with self.idle:
                self.unfinished -= 1
                self.idle.notify_all()

    def wait(self, timeout_ms: int) -> bool:
        deadline = None if timeout_ms < 0 else time.monotonic() + timeout_ms / 1000
        with self.idle:
            while self.unfinished:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self.idle.wait(left)
        return True


_worker = _Worker()


class BackgroundTask(QObject):
    """One call of :func:`run_in_background`, on the UI thread; its signals are emitted there."""

    succeeded = Signal(object)          # the result of fn
    failed = Signal(object)             # the exception fn raised
    progressed = Signal(int, int, str)  # done, total, message (throttled)
    finished = Signal()                 # after succeeded or failed, or when the result was dropped

    def __init__(self, job: _Job, parent: QWidget | None, on_success: Callable[[Any], None] | None,
                 on_failure: Callable[[InspectorError], None] | None, guard: bool = True) -> None:
        super().__init__()  # no Qt parent: a dying widget must not delete a task still running
        self._job = job
        self._parent = parent
        self._guard = guard
        self._on_success = on_success
        self._on_failure = on_failure
        self._latest_key: tuple[int, Hashable] | None = None
        self.superseded = False

    @property
    def cancel_token(self) -> CancelToken:
        return self._job.cancel

    def cancel(self) -> None:
        """Ask fn to stop (at its next ``cancel.check()``); its result is dropped either way."""
        self._job.cancel.cancel()

    def wait(self, timeout_ms: int = -1) -> bool:
        """Block until fn has returned on the worker (not until callbacks ran); True if it has."""
        return self._job.ended.wait(None if timeout_ms < 0 else timeout_ms / 1000)

    def is_running(self) -> bool:
        return not self._job.ended.is_set()

    def _deliver(self) -> None:
        """The job ended: call back (unless the parent is gone, or the task was cancelled or superseded)."""
        job = self._job
        result, error = job.result, job.error
        parent = self._parent
        try:
            if self.superseded or (self._guard and parent is not None and not shiboken6.isValid(parent)):
                if error is not None and not isinstance(error, (InspectorError, Cancelled)):
                    log.error("background work failed after its window closed", exc_info=error)
                return
            if error is None:
                if not job.cancel.cancelled:
                    if self._on_success is not None:
                        self._on_success(result)
                    self.succeeded.emit(result)
            elif isinstance(error, InspectorError):
                if self._on_failure is not None:
                    self._on_failure(error)
                elif not isinstance(error, Cancelled):
                    from ui.errors import show_error

                    show_error(parent, error)
                self.failed.emit(error)
            else:
                self.failed.emit(error)
                raise error
        finally:
            self._release()
            self.finished.emit()

    def _release(self) -> None:
        """Drop everything the task held, here on the UI thread (the handle itself may live on)."""
        job = self._job
        job.fn = job.result = None
        if job.error is not None:
            job.error.__traceback__ = None  # its frames hold the work's locals
            job.error = None
        self._parent = self._on_success = self._on_failure = None
        if self._latest_key is not None and _worker.latest.get(self._latest_key) is self:
            del _worker.latest[self._latest_key]


class _Feedback(QObject):
    """Busy cursor, then a cancellable progress dialog, for one task with a label."""

    def __init__(self, task: BackgroundTask, parent: QWidget | None, label: str) -> None:
        super().__init__(task)
        self.task, self.label = task, label
        self.parent_widget = parent
        self.cursor = False
        self.dialog: QProgressDialog | None = None
        self.dialog_decided = False  # the dialog's moment came: shown, or not needed any more
        self.last = (0, 0)
        QTimer.singleShot(BUSY_CURSOR_MS, self, self._cursor)
        QTimer.singleShot(PROGRESS_DIALOG_MS, self, self._dialog)
        task.progressed.connect(self._progress)
        task.finished.connect(self._end)

    def _cursor(self) -> None:
        if self.task.is_running() and not self.cursor:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self.cursor = True

    def _dialog(self) -> None:
        self.dialog_decided = True
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
        self.parent_widget = None


def run_in_background(parent: QWidget | None, fn: Work, on_success: Callable[[Any], None] | None = None,
                      on_failure: Callable[[InspectorError], None] | None = None, *,
                      label: str | None = None, key: Hashable | None = None,
                      guard: bool = True) -> BackgroundTask:
    """Run ``fn(progress, cancel)`` on the worker thread; call back on the UI thread (see the module doc).

    ``guard=False``: call back even when ``parent`` is gone (the caller checks it itself, e.g. a
    write whose changes must be announced whoever asked for it).
    """
    garbage.install()  # before any worker runs: no Qt object may be collected on one
    _worker.start()
    job = _Job(next(_worker.numbers), fn)
    task = BackgroundTask(job, parent, on_success, on_failure, guard)
    if key is not None:
        latest_key = (id(parent), key)
        older = _worker.latest.get(latest_key)
        if older is not None:
            older.superseded = True
            older.cancel()
        _worker.latest[latest_key] = task
        task._latest_key = latest_key
    if label:
        _Feedback(task, parent, label)
    _worker.tasks[job.number] = task
    _worker.submit(job)
    return task


def wait_for_all(timeout_ms: int = -1) -> bool:
    """Block until the worker is idle (used at exit and by tests); True if it is.

    Results still queued for the UI thread are delivered by its event loop afterwards.
    """
    return _worker.wait(timeout_ms)


def pending() -> int:
    """Tasks whose results have not been delivered yet (queued, running, or waiting for the UI thread)."""
    return len(_worker.tasks)
