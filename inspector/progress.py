"""Progress reporting and cancellation for long operations in the core.

A long operation takes ``progress: Progress | None`` and ``cancel: CancelToken | None``.
The command line passes a printer, the UI wraps both in Qt signals; the core
knows neither.
"""

from __future__ import annotations

import threading
from typing import Callable, Protocol

from inspector.errors import Cancelled


class Progress(Protocol):
    def __call__(self, done: int, total: int, message: str = "") -> None: ...


def no_progress(done: int, total: int, message: str = "") -> None:
    """A progress callback that ignores everything."""


class CancelToken:
    """Set from any thread; the worker calls :meth:`check` between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def check(cancel: CancelToken | None) -> None:
    if cancel is not None:
        cancel.check()


ProgressFn = Callable[[int, int, str], None]
