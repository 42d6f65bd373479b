"""Edits of a finding saved as they are made: coalesced, one save at a time, on the worker.

Every change calls :meth:`FieldSaver.update` with the field and its new value.
If no save is queued on the worker, one is queued at once; if one is, only the
pending value is replaced, so the worker writes the newest values of every
field changed meanwhile, in one session (one audit event). Text being typed
reaches :meth:`update` after a pause (the editor debounces it), so a sentence
is not a save per keystroke.

A finding of a signed on-site record: the first save of an edit is refused by
the core (:class:`~inspector.lifecycle.SignatureWouldVoid`); its values go back
into the pending ones and the question is put once
(:class:`~ui.widgets.signed.VoidQuestion`). 确定 writes them with
``void_signature=True`` (:attr:`FieldSaver.voided`); 取消 forgets them
(:attr:`FieldSaver.declined`: the editor shows the stored values again).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from inspector.errors import InspectorError
from inspector.lifecycle import SignatureWouldVoid
from inspector.services import findings
from ui.context import AppContext
from ui.widgets.coalesce import Coalescer
from ui.widgets.signed import VoidQuestion

if TYPE_CHECKING:
    from inspector.vault import VaultSession


class FieldSaver(QObject):
    saving = Signal()          # a save was queued
    saved = Signal(object)     # dict of the fields written
    failed = Signal(object)    # the InspectorError; nothing of that batch was written, and it is forgotten
    declined = Signal(object)  # list of fields not written: the user kept the representative's signature
    voided = Signal()          # a save voided the representative's signature (the user confirmed)

    def __init__(self, ctx: AppContext, parent: QWidget, finding_id: str, question: VoidQuestion | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.finding_id = finding_id
        self.question = question
        self._fields = Coalescer()
        self._revision: list[int | None] = [None]
        """The finding's revision as last shown or saved here; the worker's writes read and advance it (in order),
        so a save never counts this editor's own earlier save as someone else's (inspector.concurrency)."""

    def shown(self, revision: int) -> None:
        """The editor shows the finding at ``revision``: the next save is checked against it."""
        self._revision[0] = revision

    def update(self, field: str, value: Any) -> None:
        if not self._fields.put(field, value):
            return  # the queued save will write this value
        self._queue(False)

    def _queue(self, void: bool) -> None:
        pending, finding_id, box = self._fields, self.finding_id, self._revision
        ticket = self.question.ticket() if self.question is not None else 0

        def write(s: VaultSession) -> dict[str, Any]:
            """On the worker: take every pending value and write them in one session (one audit event)."""
            batch = pending.take()
            if batch:
                try:
                    box[0] = findings.update_finding(s, finding_id, batch, void_signature=void,
                                                     revision=box[0]).revision
                except InspectorError:
                    pending.restore(batch)  # nothing was written: the values wait for whoever handles it
                    raise
            return batch

        if self.ctx.write(self.parent_widget, write, lambda batch: self._done(batch, void),
                          on_failure=lambda err: self._failed(err, ticket)) is None:
            self._fields.discard()  # locked: nothing can be written any more
            return
        self.saving.emit()

    def pending(self) -> bool:
        return self._fields.busy()

    def _done(self, batch: dict[str, Any], void: bool) -> None:
        self.saved.emit(batch)
        if void and batch:
            self.voided.emit()

    def _failed(self, err: InspectorError, ticket: int) -> None:
        if isinstance(err, SignatureWouldVoid) and self.question is not None:
            self.question.resolve(err, lambda: self._queue(True), self._decline, ticket)
            return
        self._fields.discard(self._fields.keys())
        self.failed.emit(err)

    def _decline(self) -> None:
        keys = self._fields.keys()
        self._fields.discard(keys)
        self.declined.emit(keys)
