"""Notes saved as they are typed: at most one save queued, and it writes the latest text.

Every change of the text calls :meth:`NotesSaver.update`. If no save is queued
on the worker, one is queued at once; if one is, only the pending text is
replaced, so the worker writes whatever is newest when it gets there. The
text therefore reaches the vault as soon as the worker is free (a test waits
for nothing more than ``ui.tasks.wait_for_all``), without a write per
keystroke piling up behind a slow disk.
"""

from __future__ import annotations

from typing import Any, Callable

from inspector.services import inspections
from inspector.vault import Vault
from ui.widgets.coalesce import Coalescer
from ui.context import AppContext
from ui.tasks import Work

RunWrite = Callable[[Work, Callable[[Any], None]], Any]


class NotesSaver:
    def __init__(self, ctx: AppContext, inspection_id: str, run_write: RunWrite,
                 on_saved: Callable[[dict[str, str]], None]) -> None:
        self.ctx = ctx
        self.inspection_id = inspection_id
        self._run_write = run_write
        self._on_saved = on_saved
        self._texts = Coalescer()  # item id → newest text not yet taken by the worker

    def update(self, item_id: str, text: str) -> None:
        """Called on the UI thread after every change of an item's notes."""
        vault = self.ctx.vault
        if vault is None:  # locked: nothing can be written any more
            return
        if self._texts.put(item_id, text):  # else the save already queued writes this text
            self._run_write(lambda progress, cancel: self._write(vault), self._on_saved)

    def pending(self) -> bool:
        return self._texts.has_values()

    def _write(self, vault: Vault) -> dict[str, str]:
        """On the worker: take every pending text and write it in one session."""
        batch = self._texts.take()
        if batch:
            with vault.session() as s:
                for item_id, text in batch.items():
                    inspections.set_notes(s, self.inspection_id, item_id, text)
        return batch
