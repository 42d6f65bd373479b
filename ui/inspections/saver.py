"""Notes and the 检查小结 saved as they are typed: at most one save queued, and it writes the latest text.

Every change of the text calls :meth:`NotesSaver.update` (an item's notes under the
item's id, the summary under :data:`SUMMARY`). If no save is queued on the worker,
one is queued at once (``ctx.write``); if one is, only the pending text is
replaced, so the worker writes whatever is newest when it gets there. The text
therefore reaches the vault as soon as the worker is free (a test waits for
nothing more than ``ui.tasks.wait_for_all``), without a write per keystroke
piling up behind a slow disk.

Once the department's representative has signed, the first save of an edit is
refused by the core (:class:`~inspector.lifecycle.SignatureWouldVoid`): its text
goes back into the pending values, and the question is put once
(:class:`~ui.widgets.signed.VoidQuestion`; saves refused meanwhile share the
answer). 确定 writes everything pending with ``void_signature=True``; 取消
forgets it and the runner puts the stored text back (``declined``).

Two people editing the same result or summary (issue 20): every save hands the core the item's result revision
as shown or last saved here (``revisions``: item id → revision, 0 for none shown) and the summary as shown or
last saved (``summary_shown``); the worker reads and advances both, in order, so a save never counts this
runner's own earlier save as someone else's. A save refused because someone else saved meanwhile
(:class:`~inspector.concurrency.StaleEditError`) forgets the refused text (``stale``: the runner then shows the
other person's version); the other texts of the batch are queued again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QWidget

from inspector.concurrency import StaleEditError
from inspector.errors import InspectorError
from inspector.lifecycle import SignatureWouldVoid
from inspector.services import inspections
from ui.context import AppContext
from ui.errors import show_error
from ui.widgets.coalesce import Coalescer
from ui.widgets.signed import VoidQuestion

if TYPE_CHECKING:
    from inspector.vault import VaultSession
    from ui.tasks import BackgroundTask

SUMMARY = "summary"  # the key of the inspection's summary among the pending texts (the others are item ids)


class NotesSaver:
    """The worker sees only the thread-safe :class:`Coalescer` and the inspection's id (:func:`_writer`)."""

    def __init__(self, ctx: AppContext, parent: QWidget, inspection_id: str,
                 queued: Callable[[BackgroundTask], None], question: VoidQuestion | None = None,
                 declined: Callable[[list[str]], None] | None = None,
                 voided: Callable[[], None] | None = None,
                 written: Callable[[dict[str, str]], None] | None = None,
                 stale: Callable[[str, StaleEditError], None] | None = None,
                 revisions: dict[str, int] | None = None, summary_shown: list[str | None] | None = None) -> None:
        self.ctx = ctx
        self.parent = parent            # the widget the writes belong to (their initiator)
        self.inspection_id = inspection_id
        self._queued = queued           # told of every write queued (the runner's save indicator and flush)
        self._texts = Coalescer()       # item id (or SUMMARY) → newest text not yet taken by the worker
        self.question = question
        self._declined = declined       # the keys whose texts were not written: show the stored ones again
        self._voided = voided           # a save voided the signature (the user said 确定)
        self._written = written         # the texts a save wrote (key → text)
        self._stale = stale             # a text was refused: someone else saved that result (or summary) meanwhile
        self.revisions = revisions if revisions is not None else {}  # item id → result revision (shared, see above)
        self.summary_shown = summary_shown if summary_shown is not None else [None]

    def update(self, key: str, text: str) -> None:
        """Called on the UI thread after every change of an item's notes (or of the summary)."""
        if not self._texts.put(key, text):
            return  # the save already queued writes this text
        self._queue(False)

    def _queue(self, void: bool) -> None:
        ticket = self.question.ticket() if self.question is not None else 0
        task = self.ctx.write(self.parent, _writer(self._texts, self.inspection_id, void, self.revisions,
                                                   self.summary_shown),
                              lambda batch: self._done(batch, void),
                              on_failure=lambda err: self._failed(err, ticket))
        if task is None:  # locked: nothing can be written any more
            self._texts.discard()
        else:
            self._queued(task)

    def _done(self, batch: dict[str, str], void: bool) -> None:
        if self._written is not None:
            self._written(batch)
        if void and batch and self._voided is not None:
            self._voided()

    def _failed(self, err: InspectorError, ticket: int = 0) -> None:
        if isinstance(err, SignatureWouldVoid) and self.question is not None:
            self.question.resolve(err, lambda: self._queue(True), self._decline, ticket)
            return
        key = getattr(err, "key", None)
        if isinstance(err, StaleEditError) and key is not None:
            self._texts.discard([key])  # refused: the other person's version is shown instead
            if self._stale is not None:
                self._stale(key, err)
            else:
                show_error(self.parent, err)
            rest, again = self._texts.take(), False  # the rest of the batch was not written either: again, without it
            for other, text in rest.items():
                again = self._texts.put(other, text) or again
            if again:
                self._queue(False)
            return
        self._decline()
        show_error(self.parent, err)

    def _decline(self) -> None:
        keys = self._texts.keys()
        self._texts.discard(keys)
        if keys and self._declined is not None:
            self._declined(keys)

    def pending(self) -> bool:
        return self._texts.has_values()

    def pending_keys(self) -> list[str]:
        return self._texts.keys()


def _writer(texts: Coalescer, inspection_id: str, void: bool, revisions: dict[str, int],
            summary_shown: list[str | None]) -> Callable[[VaultSession], dict[str, str]]:
    def write(s: VaultSession) -> dict[str, str]:
        """On the worker: take every pending text and write it in this one session (all or nothing)."""
        batch = texts.take()
        advanced: dict[str, int] = {}
        key = ""
        try:
            for key, text in batch.items():
                if key == SUMMARY:
                    inspections.set_summary(s, inspection_id, text, void_signature=void, shown=summary_shown[0])
                else:
                    advanced[key] = inspections.set_notes(s, inspection_id, key, text, void_signature=void,
                                                          revision=revisions.get(key, 0)).revision
        except InspectorError as err:
            if isinstance(err, StaleEditError):
                err.key = key  # which text was refused (the saver forgets only that one)
            texts.restore(batch)  # nothing of the batch was written: its texts wait for the answer
            raise
        revisions.update(advanced)
        if SUMMARY in batch:
            summary_shown[0] = batch[SUMMARY].strip()
        return batch

    return write
