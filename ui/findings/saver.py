"""Edits of a finding saved as they are made: coalesced, one save at a time, on the worker.

Every change calls :meth:`FieldSaver.update` with the field and its new value.
If no save is queued on the worker, one is queued at once; if one is, only the
pending value is replaced, so the worker writes the newest values of every
field changed meanwhile, in one session (one audit event). Text being typed
reaches :meth:`update` after a pause (the editor debounces it), so a sentence
is not a save per keystroke.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from inspector.errors import InspectorError
from inspector.services import findings
from ui.context import AppContext
from ui.widgets.coalesce import Coalescer

if TYPE_CHECKING:
    from inspector.vault import VaultSession


class FieldSaver(QObject):
    saving = Signal()        # a save was queued
    saved = Signal(object)   # dict of the fields written
    failed = Signal(object)  # the InspectorError; nothing of that batch was written

    def __init__(self, ctx: AppContext, parent: QWidget, finding_id: str) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.finding_id = finding_id
        self._fields = Coalescer()

    def update(self, field: str, value: Any) -> None:
        if not self._fields.put(field, value):
            return  # the queued save will write this value
        pending, finding_id = self._fields, self.finding_id

        def write(s: VaultSession) -> dict[str, Any]:
            """On the worker: take every pending value and write them in one session (one audit event)."""
            batch = pending.take()
            if batch:
                findings.update_finding(s, finding_id, batch)
            return batch

        if self.ctx.write(self.parent_widget, write, self._done, on_failure=self._failed) is None:
            self._fields.discard()  # locked: nothing can be written any more
            return
        self.saving.emit()

    def pending(self) -> bool:
        return self._fields.busy()

    def _done(self, batch: dict[str, Any]) -> None:
        self.saved.emit(batch)

    def _failed(self, err: InspectorError) -> None:
        self.failed.emit(err)
