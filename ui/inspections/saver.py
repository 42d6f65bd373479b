"""Notes saved as they are typed: at most one save queued, and it writes the latest text.

Every change of the text calls :meth:`NotesSaver.update`. If no save is queued
on the worker, one is queued at once (``ctx.write``); if one is, only the
pending text is replaced, so the worker writes whatever is newest when it gets
there. The text therefore reaches the vault as soon as the worker is free (a
test waits for nothing more than ``ui.tasks.wait_for_all``), without a write per
keystroke piling up behind a slow disk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QWidget

from inspector.services import inspections
from ui.context import AppContext
from ui.widgets.coalesce import Coalescer

if TYPE_CHECKING:
    from inspector.vault import VaultSession
    from ui.tasks import BackgroundTask


class NotesSaver:
    """The worker sees only the thread-safe :class:`Coalescer` and the inspection's id (:func:`_writer`)."""

    def __init__(self, ctx: AppContext, parent: QWidget, inspection_id: str,
                 queued: Callable[[BackgroundTask], None]) -> None:
        self.ctx = ctx
        self.parent = parent            # the widget the writes belong to (their initiator)
        self.inspection_id = inspection_id
        self._queued = queued           # told of every write queued (the runner's save indicator and flush)
        self._texts = Coalescer()       # item id → newest text not yet taken by the worker

    def update(self, item_id: str, text: str) -> None:
        """Called on the UI thread after every change of an item's notes."""
        if not self._texts.put(item_id, text):
            return  # the save already queued writes this text
        task = self.ctx.write(self.parent, _writer(self._texts, self.inspection_id))
        if task is None:  # locked: nothing can be written any more
            self._texts.discard()
        else:
            self._queued(task)

    def pending(self) -> bool:
        return self._texts.has_values()


def _writer(texts: Coalescer, inspection_id: str) -> Callable[[VaultSession], dict[str, str]]:
    def write(s: VaultSession) -> dict[str, str]:
        """On the worker: take every pending text and write it in this one session."""
        batch = texts.take()
        for item_id, text in batch.items():
            inspections.set_notes(s, inspection_id, item_id, text)
        return batch

    return write
