"""Save-as-you-type without a write per keystroke: the newest value per key, one queued job at a time.

Every edit calls :meth:`Coalescer.put`. Only when no job is queued does it
answer ``True`` (queue one now: ``ctx.write(parent, fn)``); otherwise the queued
job will write the new value too. The job's ``fn(s)``, on the worker, calls
:meth:`take` and writes everything pending in that one session — so the newest
text reaches the vault as soon as the worker is free, and nothing typed waits on
a timer. If ``ctx.write`` queued nothing (it returns None while the vault is
locked), call :meth:`discard`, or no later edit would queue a job again. The
coalescer holds plain values and a lock, nothing of Qt: it is all ``fn`` needs
to capture. Used by the inspection runner's notes (:mod:`ui.inspections.saver`)
and the finding editor (:mod:`ui.findings.saver`).
"""

from __future__ import annotations

import threading
from typing import Any


class Coalescer:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[str, Any] = {}
        self._queued = False

    def put(self, key: str, value: Any) -> bool:
        """Record the newest ``value`` of ``key``; True if the caller must queue a job to write it."""
        with self._lock:
            self._pending[key] = value
            if self._queued:
                return False
            self._queued = True
            return True

    def take(self) -> dict[str, Any]:
        """On the worker: everything pending; the next :meth:`put` queues a new job."""
        with self._lock:
            batch, self._pending, self._queued = self._pending, {}, False
        return batch

    def restore(self, batch: dict[str, Any]) -> None:
        """On the worker, when the write of ``batch`` was refused: keep its values pending again (a newer value
        of the same key wins) without queuing a job; whoever handles the refusal queues one, or discards."""
        with self._lock:
            for key, value in batch.items():
                self._pending.setdefault(key, value)

    def discard(self, keys: Any = None) -> None:
        """Forget what is pending (the vault locked before it could be written); only ``keys``, if given."""
        if keys is None:
            self.take()
            return
        with self._lock:
            for key in keys:
                self._pending.pop(key, None)

    def keys(self) -> list[str]:
        """The keys with a value pending."""
        with self._lock:
            return list(self._pending)

    def has_values(self) -> bool:
        with self._lock:
            return bool(self._pending)

    def busy(self) -> bool:
        """Values pending or a job still queued."""
        with self._lock:
            return bool(self._pending) or self._queued
