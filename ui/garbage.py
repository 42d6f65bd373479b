"""Python's cyclic garbage collector, run on the UI thread only.

CPython collects cycles on whichever thread happens to allocate. Once a worker
thread exists (:mod:`ui.tasks`), a collection there can destroy a window or
dialog caught in a reference cycle (a lambda slot that captures ``self`` is
enough) on the wrong thread, and Qt crashes. As pyqtgraph and Anki do,
automatic collection is switched off and a timer on the UI thread collects
instead, generation by generation, with the interpreter's own thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500

_collector: "GarbageCollector | None" = None


class GarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(INTERVAL_MS)

    def check(self) -> None:
        """Collect the generations whose allocation counts passed their thresholds."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if thresholds[generation] and counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        self.timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()


def install() -> GarbageCollector:
    """Start collecting on the UI thread (call from it, with the application created); idempotent."""
    global _collector
    if _collector is None:
        _collector = GarbageCollector(QCoreApplication.instance())
    return _collector


def uninstall() -> None:
    """Back to automatic collection (for test suites that go on without Qt)."""
    global _collector
    if _collector is not None:
        _collector.stop()
        _collector.deleteLater()
        _collector = None
