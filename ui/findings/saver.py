"""Edits of a finding saved as they are made: coalesced, one save at a time, on the worker.

Every change calls :meth:`FieldSaver.update` with the field and its new value.
If no save is queued on the worker, one is queued at once; if one is, only the
pending value is replaced, so the worker writes the newest values of every
field changed meanwhile, in one session (one audit event). Text being typed
reaches :meth:`update` after a pause (the editor debounces it), so a sentence
is not a save per keystroke.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from inspector.errors import InspectorError
from inspector.services import findings
from inspector.vault import Vault
from ui.widgets.coalesce import Coalescer
from ui.context import AppContext


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
        vault = self.ctx.vault
        if vault is None:  # locked: nothing can be written any more
            self._fields.discard()
            return
        self.saving.emit()
        self.ctx.run(self.parent_widget, lambda progress, cancel: self._write(vault), self._done, self._failed)

    def pending(self) -> bool:
        return self._fields.busy()

    def _write(self, vault: Vault) -> dict[str, Any]:
        """On the worker: take every pending value and write them in one session."""
        batch = self._fields.take()
        if batch:
            with vault.session() as s:
                findings.update_finding(s, self.finding_id, batch)
        return batch

    def _done(self, batch: dict[str, Any]) -> None:
        if batch:
            self.ctx.changed("finding")
        self.saved.emit(batch)

    def _failed(self, err: InspectorError) -> None:
        self.failed.emit(err)

