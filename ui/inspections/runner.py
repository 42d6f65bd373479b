"""The inspection runner (实地检查): the checklist on the left, the selected item on the right.

Every edit is saved as it is made, through the one worker thread (``ctx.write``):
a verdict at the click (or key), notes while typing
(:class:`~ui.inspections.saver.NotesSaver`), evidence as soon as it is offered
(:class:`~ui.widgets.evidence_controller.EvidenceController`). The worker runs
tasks in order, so a read or a finding queued after an edit sees it; the runner
follows every write it queued (:meth:`InspectionRunner._track`) for the save
indicator, and :meth:`InspectionRunner.flush` waits for the last one before the
vault is locked or the runner closed.

What the representative signed is asked before it changes: a verdict, notes, the
检查小结, evidence or a new finding refused with
:class:`~inspector.lifecycle.SignatureWouldVoid` puts the core's sentence to the
user (:class:`~ui.widgets.signed.VoidQuestion`, one question for the writes
refused meanwhile); 确定 writes again with ``void_signature=True``, 取消 shows the
stored value again. Two people editing the same item's result (or the 检查小结): each save hands the core
the result's revision (the summary) as shown or last saved here, and a save refused because someone else saved
meanwhile (:class:`~inspector.concurrency.StaleEditError`) says so and shows the other person's version of that
item (summary). Completing goes through :class:`~ui.inspections.completion.CompletionDialog`;
a completed inspection is read-only until it is reopened with a reason.

A finding (新建问题, or one listed on the item) opens over the runner
(:class:`~ui.inspections.finding_dialog.FindingDialog`) and closing it returns to
the same item. Ctrl+V in the checklist pastes a screenshot as the current item's
evidence. The checklist marks items with notes, evidence or findings
(:mod:`ui.inspections.marks`). After the record is exported, each team member
present signs it (:class:`~ui.inspections.team_signing.TeamSigningDialog`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable, Optional

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSplitter, QVBoxLayout, QWidget

from inspector.concurrency import StaleEditError
from inspector.errors import InspectorError
from inspector.lifecycle import SignatureWouldVoid
from inspector.model import Verdict
from inspector.services import inspections as svc
from inspector.services.evidence import EvidenceBatch, EvidenceInfo
from inspector.services.inspections import ResultState, RunnerData
from ui.context import AppContext
from ui.errors import show_error
from ui.inspections.checklist_model import ChecklistModel
from ui.inspections.checklist_view import ChecklistView
from ui.inspections.completion import CompletionDialog, ReopenDialog
from ui.inspections.finding_dialog import FindingDialog
from ui.inspections.header import RunnerHeader
from ui.inspections.item_panel import ItemPanel
from ui.inspections.marks import Marks
from ui.inspections.runner_record import RecordActions, ask_signature
from ui.inspections.saver import SUMMARY, NotesSaver
from ui.inspections.team_signing import TeamSigningDialog
from ui.widgets.documents import close_document_dialog
from ui.widgets.evidence_controller import EvidenceController, apply_change
from ui.widgets.signed import VoidQuestion, ask_void
from ui.widgets.viewer import EvidenceViewer

if TYPE_CHECKING:
    from ui.tasks import BackgroundTask

FLUSH_WAIT_MS = 10_000


class InspectionRunner(RecordActions, QWidget):
    loaded = Signal(object)   # RunnerData, once shown
    saved = Signal()          # after each write the worker finished
    back_requested = Signal()

    LOAD_KEY = "runner"

    def __init__(self, ctx: AppContext, inspection_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.inspection_id = inspection_id
        self.data: RunnerData | None = None
        self.results: dict[str, ResultState] = {}  # as shown (local edits included)
        self.stored: dict[str, ResultState] = {}   # as the vault holds them (last read or written)
        self.stored_summary = ""
        self.revisions: dict[str, int] = {}
        """Item id → its result's revision as shown or last saved here (0 or missing: none shown); the worker's
        saves read and advance it (in order), so a save never counts this runner's own earlier one as someone
        else's (inspector.concurrency). The notes saver shares it, and ``summary_shown`` (the summary likewise)."""
        self.summary_shown: list[str | None] = [None]
        self.evidence: dict[str, list[EvidenceInfo]] = {}
        self.findings: dict[str, list[dict[str, Any]]] = {}
        self.current_item_id: str | None = None
        self.document_dialog = None
        self.completion_dialog: CompletionDialog | None = None
        self.reopen_dialog: ReopenDialog | None = None
        self.finding_dialog: FindingDialog | None = None
        self.team_dialog: TeamSigningDialog | None = None
        self.last_write: BackgroundTask | None = None
        self._outstanding = 0
        self._filling_summary = False
        # replaceable in tests: the questions the runner asks the user
        self.ask_signature: Callable[[str, str, str], tuple[bytes, str, str] | None] = (
            lambda statement, name, title: ask_signature(self, statement, name, title))
        self.confirm_void: Callable[[SignatureWouldVoid], bool] = lambda err: ask_void(self, err)
        self.question = VoidQuestion(lambda err: self.confirm_void(err))

        self.header = RunnerHeader()
        self.header.back_button.clicked.connect(self.back_requested)
        self.header.sign_button.clicked.connect(self.sign)
        self.header.complete_button.clicked.connect(self.complete)
        self.header.reopen_button.clicked.connect(self.reopen)
        self.header.record_button.clicked.connect(self.export_record)
        self.model = ChecklistModel(self)
        self.tree = ChecklistView()
        self.tree.setModel(self.model)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.verdict_key.connect(self.set_verdict)
        self.tree.move_requested.connect(self.move)
        self.tree.paste_requested.connect(self.paste_evidence)
        self.panel = ItemPanel()
        self.panel.verdict_chosen.connect(self.set_verdict)
        self.panel.notes_edited.connect(self._notes_edited)
        self.panel.new_finding_requested.connect(self.new_finding)
        self.panel.finding_requested.connect(self.open_finding)
        self.evidence_controller = EvidenceController(ctx, self, [self.panel.evidence], question=self.question)
        self.evidence_controller.writing.connect(self._track)
        self.evidence_controller.evidence_added.connect(self._evidence_added)
        self.evidence_controller.evidence_changed.connect(self._evidence_changed)
        self.evidence_controller.signature_voided.connect(self._signature_voided)
        self.saver = NotesSaver(ctx, self, inspection_id, self._track, question=self.question,
                                declined=self._texts_declined, voided=self._signature_voided,
                                written=self._texts_written, stale=self._stale_text, revisions=self.revisions,
                                summary_shown=self.summary_shown)
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setTabChangesFocus(True)
        self.summary_edit.textChanged.connect(self._summary_edited)
        summary_title = QLabel(self.tr("检查小结"))
        summary_title.setStyleSheet("font-weight: bold;")
        summary_title.setToolTip(self.tr("检查组的总体意见，印在检查记录上，单位代表签字确认；完成检查前必须填写"))
        summary_box = QWidget()
        summary_layout = QVBoxLayout(summary_box)
        summary_layout.setContentsMargins(0, 4, 0, 0)
        summary_layout.setSpacing(2)
        summary_layout.addWidget(summary_title)
        summary_layout.addWidget(self.summary_edit, 1)
        left = QSplitter(Qt.Orientation.Vertical)
        left.setChildrenCollapsible(False)
        left.addWidget(self.tree)
        left.addWidget(summary_box)
        left.setStretchFactor(0, 5)
        left.setStretchFactor(1, 1)
        left.setSizes([520, 110])
        self.left_splitter = left

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([460, 600])  # the checklist's titles wrap less; the verdict buttons keep their room
        self.tree.setMinimumWidth(300)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.header)
        layout.addWidget(self.splitter, 1)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for key, verdict in (("1", Verdict.COMPLIANT), ("2", Verdict.PARTIAL), ("3", Verdict.NON_COMPLIANT),
                             ("4", Verdict.NOT_APPLICABLE), ("0", None)):
            QShortcut(QKeySequence(f"Alt+{key}"), self, context=context).activated.connect(
                lambda v=verdict: self.set_verdict(v))
        QShortcut(QKeySequence("Alt+J"), self, context=context).activated.connect(lambda: self.move(1))
        QShortcut(QKeySequence("Alt+K"), self, context=context).activated.connect(lambda: self.move(-1))
        self.panel.setEnabled(False)
        self.load()

    # ---- loading ---------------------------------------------------------------------------

    def load(self) -> None:
        """Read everything the runner shows in one background read (keeps local edits on a reload)."""
        iid = self.inspection_id
        self.ctx.read(self, lambda s: svc.runner_data(s, iid), self._show, key=self.LOAD_KEY,
                      label=self.tr("正在读取检查记录…"))

    def _show(self, data: RunnerData) -> None:
        first = self.data is None
        results = dict(data.results)
        for item_id, local in self.results.items():  # what was typed here is newer than any read
            results[item_id] = replace(results.get(item_id, local), notes=local.notes, verdict=local.verdict)
        self.data, self.results, self.stored = data, results, dict(data.results)
        for item_id, state in data.results.items():  # what this runner shows (or saved) already keeps its own
            self.revisions.setdefault(item_id, state.revision)
        self._show_summary(data.inspection.summary)
        self.evidence = {k: list(v) for k, v in data.evidence.items()}
        self.findings = {k: list(v) for k, v in data.findings.items()}
        self.model.set_checklist(data.sections, {k: r.verdict for k, r in results.items()})
        self._update_marks()
        self.tree.expandAll()
        self.header.show_inspection(data.inspection, data.reinspection)
        self._update_progress()
        self.panel.setEnabled(True)
        self.header.set_editable(data.inspection.editable)
        self.summary_edit.setReadOnly(not data.inspection.editable)
        self.summary_edit.setPlaceholderText(
            self.tr("检查组的总体意见：检查范围、主要问题、整改要求等（随输入自动保存）") if data.inspection.editable
            else self.tr("（无检查小结）"))
        target = None if first else self.current_item_id  # a reload stays on the item shown
        if target is None or not self.model.index_of_item(target).isValid():
            unanswered = [i for i in self.model.item_ids() if self.model.verdict(i) is None]
            target = unanswered[0] if unanswered else self.model.neighbour(None, 1)
        self.current_item_id = None
        if target:
            self.select_item(target)
        if first:
            self.tree.setFocus()
        self.loaded.emit(data)

    @property
    def editable(self) -> bool:
        return self.data is not None and self.data.inspection.editable

    # ---- selecting -------------------------------------------------------------------------

    def select_item(self, item_id: str) -> None:
        index = self.model.index_of_item(item_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
            if self.current_item_id != item_id:  # setCurrentIndex to the same index does not signal
                self._show_item(item_id)

    def move(self, step: int) -> None:
        target = self.model.neighbour(self.current_item_id, step)
        if target:
            self.select_item(target)

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        item = self.model.item(current)
        if item is not None and item.id != self.current_item_id:
            self._show_item(item.id)

    def _show_item(self, item_id: str) -> None:
        data = self.data
        if data is None:
            return
        item = next(i for i in data.items if i.id == item_id)
        self.current_item_id = item_id
        answers = data.self_answers
        self.panel.show_item(item, self.results.get(item_id), answers.get(item_id) if answers else None,
                             data.self_report if answers is not None else None, data.article_texts,
                             self.findings.get(item_id, []), data.inspection.editable,
                             data.reinspection.findings.get(item_id) if data.reinspection else None)
        iid = self.inspection_id
        attach = ((lambda s, files, void: svc.add_result_files(s, iid, item_id, files, void_signature=void))
                  if data.inspection.editable else None)
        self.evidence_controller.show(self.panel.evidence, self.evidence.get(item_id, []), target=item_id,
                                      attach=attach)

    # ---- writing ---------------------------------------------------------------------------

    def _track(self, task: BackgroundTask | None) -> None:
        """A write of this runner was queued: the save indicator and :meth:`flush` follow it."""
        if task is None:  # locked: nothing was queued
            return
        self._outstanding += 1
        self.header.show_saving(True)
        self.last_write = task
        task.succeeded.connect(self._write_succeeded)
        task.finished.connect(self._write_ended)

    def _write_succeeded(self, _result: object) -> None:
        self.saved.emit()

    def _write_ended(self) -> None:
        self._outstanding = max(0, self._outstanding - 1)
        if not self._outstanding:
            self.header.show_saving(False)

    def _show_error(self, err: InspectorError) -> None:
        show_error(self, err)

    def flush(self, timeout_ms: int = FLUSH_WAIT_MS) -> bool:
        """Block until every write queued so far reached the vault (before a lock or close); True if so."""
        task = self.last_write
        return task is None or task.wait(timeout_ms)

    def set_verdict(self, verdict: Optional[Verdict]) -> None:
        item_id = self.current_item_id
        if item_id is None or self.ctx.vault is None or not self.editable:
            return
        self._apply_verdict(item_id, verdict)
        self._write_verdict(item_id, verdict, False)

    def _write_verdict(self, item_id: str, verdict: Optional[Verdict], void: bool) -> None:
        iid, ticket = self.inspection_id, self.question.ticket()

        def failed(err: InspectorError) -> None:
            if isinstance(err, SignatureWouldVoid):
                self.question.resolve(err, lambda: self._write_verdict(item_id, verdict, True),
                                      lambda: self._revert_verdict(item_id, verdict), ticket)
                return
            if isinstance(err, StaleEditError):
                self._stale_text(item_id, err)
                return
            self._revert_verdict(item_id, verdict)
            self._show_error(err)

        def stored(state: ResultState) -> None:
            self._stored(item_id, state)
            if void:
                self._signature_voided()

        box = self.revisions

        def write(s) -> ResultState:
            state = svc.set_verdict(s, iid, item_id, verdict, void_signature=void, revision=box.get(item_id, 0))
            box[item_id] = state.revision
            return state

        self._track(self.ctx.write(self, write, stored, on_failure=failed))

    def _revert_verdict(self, item_id: str, refused: Optional[Verdict]) -> None:
        """The verdict ``refused`` was not written: show the stored one (unless a newer choice is shown)."""
        if self.model.verdict(item_id) == refused:
            stored = self.stored.get(item_id)
            self._apply_verdict(item_id, stored.verdict if stored else None)

    def _apply_verdict(self, item_id: str, verdict: Optional[Verdict]) -> None:
        self.results[item_id] = replace(self.results.get(item_id, ResultState()), verdict=verdict)
        self.model.set_verdict(item_id, verdict)
        if item_id == self.current_item_id:
            self.panel.show_verdict(verdict)
        self._update_progress()

    def _stored(self, item_id: str, state: ResultState) -> None:
        self.stored[item_id] = state
        local = self.results.get(item_id, state)
        self.results[item_id] = replace(state, verdict=local.verdict, notes=local.notes)

    def _notes_edited(self, text: str) -> None:
        item_id = self.current_item_id
        if item_id is None or not self.editable:
            return
        self.results[item_id] = replace(self.results.get(item_id, ResultState()), notes=text)
        self._update_marks()
        self.saver.update(item_id, text)

    def _summary_edited(self) -> None:
        if self._filling_summary or not self.editable:
            return
        text = self.summary_edit.toPlainText()
        if self.completion_dialog is not None and self.completion_dialog.summary() != text:
            self.completion_dialog.summary_edit.setPlainText(text)  # comes back equal: not saved twice
        self.saver.update(SUMMARY, text)

    def _summary_from_dialog(self, text: str) -> None:
        if self.summary_edit.toPlainText() != text:
            self.summary_edit.setPlainText(text)  # saved from there (_summary_edited)

    def _show_summary(self, summary: str) -> None:
        """The stored 检查小结, unless what is shown is the same text still being typed (or not saved yet)."""
        self.stored_summary = summary
        if SUMMARY in self.saver.pending_keys():
            return
        self.summary_shown[0] = summary
        if self.summary_edit.toPlainText().strip() != summary:
            self._fill_summary(summary, self.summary_edit)

    def _summary_edits(self) -> list[QPlainTextEdit]:
        """Where the summary is shown: the runner, and the completion dialog while it is open."""
        dialog = self.completion_dialog
        return [self.summary_edit] + ([dialog.summary_edit] if dialog is not None else [])

    def _fill_summary(self, text: str, *edits: QPlainTextEdit) -> None:
        """Put ``text`` in ``edits`` without it counting as typed (no save follows)."""
        self._filling_summary = True
        try:
            for edit in edits:
                edit.setPlainText(text)
        finally:
            self._filling_summary = False

    def _texts_written(self, batch: dict[str, str]) -> None:
        for key, text in batch.items():
            if key == SUMMARY:
                self.stored_summary = text.strip()
            else:
                self.stored[key] = replace(self.stored.get(key, ResultState()), notes=text)

    def _stale_text(self, key: str, err: StaleEditError) -> None:
        """Someone else saved this item's result (``key``: its id), or the summary (SUMMARY), since it was shown here:
        nothing of this save was written; say so, then show their version."""
        if key == SUMMARY:
            theirs = (err.current.get("summary") or "").strip()
            self.stored_summary = self.summary_shown[0] = theirs
            self._fill_summary(theirs, *self._summary_edits())
        else:  # forget what this runner showed of the item: the next read shows the vault's (and its revision)
            self.results.pop(key, None)
            self.stored.pop(key, None)
            self.revisions.pop(key, None)
            self.load()
        self._show_error(err)

    def _texts_declined(self, keys: list[str]) -> None:
        """The user kept the signature: the texts typed were not written; show the stored ones again."""
        for key in keys:
            if key == SUMMARY:
                self._fill_summary(self.stored_summary, *self._summary_edits())
                continue
            stored = self.stored.get(key)
            notes = stored.notes if stored else ""
            self.results[key] = replace(self.results.get(key, ResultState()), notes=notes)
            if key == self.current_item_id:
                self.panel.show_notes(notes)
        self._update_marks()

    def _signature_voided(self, *_args: object) -> None:
        """A write the user confirmed voided the representative's signature: show the header (and all) again."""
        self.load()
        self._refresh_completion()

    def _update_marks(self) -> None:
        """The checklist's marks: which items hold notes (as shown), evidence files, findings."""
        ids = set(self.results) | set(self.evidence) | set(self.findings)
        self.model.set_marks({i: Marks(notes=bool(self.results[i].notes.strip()) if i in self.results else False,
                                       evidence=len(self.evidence.get(i, ())), findings=len(self.findings.get(i, ())))
                              for i in ids})

    def _update_progress(self) -> None:
        self.header.show_progress(self.model.answered(), self.model.total())

    # ---- findings (signature, completion and the record: ui/inspections/runner_record.py) ---------

    def new_finding(self, void: bool = False) -> None:
        item_id, ticket = self.current_item_id, self.question.ticket()
        if item_id is None or not self.editable:
            return

        def failed(err: InspectorError) -> None:
            if isinstance(err, SignatureWouldVoid):
                self.question.resolve(err, lambda: self._new_finding_for(item_id, True), lambda: None, ticket)
            else:
                self._show_error(err)

        self._new_finding_for(item_id, void, failed)

    def _new_finding_for(self, item_id: str, void: bool, failed: Callable[[InspectorError], None] | None = None
                         ) -> None:
        iid = self.inspection_id

        def created(row: dict[str, Any]) -> None:
            if void:
                self._signature_voided()
            self._finding_created(item_id, row)

        # queued after any pending notes: they become the description
        self._track(self.ctx.write(
            self, lambda s: svc.finding_row(svc.new_finding(s, iid, item_id, void_signature=void)), created,
            on_failure=failed or self._show_error))

    def _finding_created(self, item_id: str, row: dict[str, Any]) -> None:
        self.findings.setdefault(item_id, []).append(row)
        if item_id == self.current_item_id:
            self.panel.show_findings(self.findings[item_id])
        self._update_marks()
        self.open_finding(row["id"])

    def open_finding(self, finding_id: str) -> None:
        """The finding over the runner (its editor saves as it is typed); closing it returns to the item shown."""
        if self.ctx.vault is None:
            return
        if self.finding_dialog is not None:
            self.finding_dialog.reject()
        dialog = FindingDialog(self.ctx, finding_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r, d=dialog: self._finding_closed(d))
        self.finding_dialog = dialog
        dialog.open()

    def _finding_closed(self, dialog: FindingDialog) -> None:
        if self.finding_dialog is dialog:
            self.finding_dialog = None
        if self.data is None:  # locked meanwhile
            return
        self.load()  # the finding's title, or its item, may have changed; the item shown stays
        if self.current_item_id is not None:
            self.select_item(self.current_item_id)
        self.tree.setFocus()

    # ---- evidence (the controller stores and shows it; the runner keeps it per item) -----------

    @property
    def viewer(self) -> EvidenceViewer | None:
        return self.evidence_controller.viewer

    def add_files(self, paths: list[str]) -> None:
        self.evidence_controller.add_files(paths, self.panel.evidence)

    def add_image(self, image: QImage) -> None:
        self.evidence_controller.add_image(image, self.panel.evidence)

    def open_evidence(self, info: EvidenceInfo | None) -> None:
        self.evidence_controller.open_evidence(info)

    def paste_evidence(self) -> None:
        """Ctrl+V in the checklist: the clipboard's screenshot (or files) as evidence of the item shown."""
        if self.current_item_id is None or not self.editable:
            return
        self.panel.evidence.paste()

    def _evidence_added(self, item_id: str, batch: EvidenceBatch) -> None:
        if batch.added:
            self.evidence.setdefault(item_id, []).extend(batch.added)
            self._update_marks()

    def _evidence_changed(self, item_id: str, evidence_id: str, now: EvidenceInfo | None) -> None:
        """A file of ``item_id`` was given a caption, replaced (``now``) or removed (None)."""
        self.evidence[item_id] = apply_change(self.evidence.get(item_id, []), evidence_id, now)
        self._update_marks()

    # ---- lifetime ----------------------------------------------------------------------------

    def clear(self) -> None:
        """The vault is locking: write what is pending, then forget everything shown."""
        self.flush()
        self.evidence_controller.clear()
        close_document_dialog(self.document_dialog)
        if self.finding_dialog is not None:
            self.finding_dialog.drop()
        for dialog in (self.completion_dialog, self.reopen_dialog, self.team_dialog):
            if dialog is not None:
                dialog.reject()
        self.data, self.results, self.evidence, self.findings = None, {}, {}, {}
        self.stored, self.stored_summary = {}, ""
        self.revisions.clear()
        self.summary_shown[0] = None
        self._filling_summary = True
        self.summary_edit.clear()
        self._filling_summary = False
        self.current_item_id = None
        self.model.set_checklist([], {})
        self.panel.show_nothing()
        self.panel.setEnabled(False)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush()
        super().closeEvent(event)
