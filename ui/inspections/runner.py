"""The inspection runner (实地检查): the checklist on the left, the selected item on the right.

Every edit is saved as it is made, through the one worker thread (``ctx.write``):
a verdict at the click (or key), notes while typing
(:class:`~ui.inspections.saver.NotesSaver`), evidence as soon as it is offered
(:class:`~ui.widgets.evidence_controller.EvidenceController`). The worker runs
tasks in order, so a read or a finding queued after an edit sees it; the runner
follows every write it queued (:meth:`InspectionRunner._track`) for the save
indicator, and :meth:`InspectionRunner.flush` waits for the last one before the
vault is locked or the runner closed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable, Optional

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QSplitter, QVBoxLayout, QWidget

from inspector.errors import InspectorError
from inspector.model import Verdict
from inspector.services import inspections as svc
from inspector.services.evidence import EvidenceBatch, EvidenceInfo
from inspector.services.inspections import ResultState, RunnerData
from ui.context import AppContext
from ui.errors import show_error
from ui.inspections.checklist_model import ChecklistModel
from ui.inspections.checklist_view import ChecklistView
from ui.inspections.header import RunnerHeader
from ui.inspections.item_panel import ItemPanel
from ui.inspections.saver import NotesSaver
from ui.inspections.signature import SignatureDialog
from ui.widgets.documents import close_document_dialog, open_document_dialog
from ui.widgets.evidence_controller import EvidenceController
from ui.widgets.viewer import EvidenceViewer

if TYPE_CHECKING:
    from inspector.vault import VaultSession
    from ui.tasks import BackgroundTask

FLUSH_WAIT_MS = 10_000


def ask_confirmation(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(parent, parent.tr("Inspector"), text)
    return answer == QMessageBox.StandardButton.Yes


def ask_signature(parent: QWidget, statement: str, name: str, title: str) -> tuple[bytes, str, str] | None:
    dialog = SignatureDialog(statement, name, title, parent)
    if dialog.exec() != SignatureDialog.DialogCode.Accepted:
        return None
    return dialog.png, dialog.name, dialog.title_text


class InspectionRunner(QWidget):
    loaded = Signal(object)   # RunnerData, once shown
    saved = Signal()          # after each write the worker finished
    back_requested = Signal()

    LOAD_KEY = "runner"

    def __init__(self, ctx: AppContext, inspection_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.inspection_id = inspection_id
        self.data: RunnerData | None = None
        self.results: dict[str, ResultState] = {}
        self.evidence: dict[str, list[EvidenceInfo]] = {}
        self.findings: dict[str, list[dict[str, Any]]] = {}
        self.current_item_id: str | None = None
        self.document_dialog = None
        self.last_write: BackgroundTask | None = None
        self._outstanding = 0
        # replaceable in tests: the questions the runner asks the user
        self.confirm: Callable[[str], bool] = lambda text: ask_confirmation(self, text)
        self.ask_signature: Callable[[str, str, str], tuple[bytes, str, str] | None] = (
            lambda statement, name, title: ask_signature(self, statement, name, title))

        self.header = RunnerHeader()
        self.header.back_button.clicked.connect(self.back_requested)
        self.header.sign_button.clicked.connect(self.sign)
        self.header.complete_button.clicked.connect(self.complete)
        self.header.record_button.clicked.connect(self.export_record)
        self.model = ChecklistModel(self)
        self.tree = ChecklistView()
        self.tree.setModel(self.model)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.verdict_key.connect(self.set_verdict)
        self.tree.move_requested.connect(self.move)
        self.panel = ItemPanel()
        self.panel.verdict_chosen.connect(self.set_verdict)
        self.panel.notes_edited.connect(self._notes_edited)
        self.panel.new_finding_requested.connect(self.new_finding)
        self.panel.finding_requested.connect(lambda fid: self.ctx.navigate("findings", fid))
        self.evidence_controller = EvidenceController(ctx, self, [self.panel.evidence])
        self.evidence_controller.writing.connect(self._track)
        self.evidence_controller.evidence_added.connect(self._evidence_added)
        self.saver = NotesSaver(ctx, self, inspection_id, self._track)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([430, 900])
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
        self.data, self.results = data, results
        self.evidence = {k: list(v) for k, v in data.evidence.items()}
        self.findings = {k: list(v) for k, v in data.findings.items()}
        self.model.set_checklist(data.sections, {k: r.verdict for k, r in results.items()})
        self.tree.expandAll()
        self.header.show_inspection(data.inspection)
        self._update_progress()
        self.panel.setEnabled(True)
        self.header.set_editable(data.inspection.editable)
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
                             self.findings.get(item_id, []), data.inspection.editable)
        iid = self.inspection_id
        attach = ((lambda s, files: svc.add_result_files(s, iid, item_id, files)) if data.inspection.editable
                  else None)
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
        item_id, iid = self.current_item_id, self.inspection_id
        if item_id is None or self.ctx.vault is None or not self.editable:
            return
        previous = self.model.verdict(item_id)
        self._apply_verdict(item_id, verdict)

        def failed(err: InspectorError) -> None:
            self._apply_verdict(item_id, previous)
            self._show_error(err)

        self._track(self.ctx.write(self, lambda s: svc.set_verdict(s, iid, item_id, verdict),
                                   lambda state: self._stored(item_id, state), on_failure=failed))

    def _apply_verdict(self, item_id: str, verdict: Optional[Verdict]) -> None:
        self.results[item_id] = replace(self.results.get(item_id, ResultState()), verdict=verdict)
        self.model.set_verdict(item_id, verdict)
        if item_id == self.current_item_id:
            self.panel.show_verdict(verdict)
        self._update_progress()

    def _stored(self, item_id: str, state: ResultState) -> None:
        local = self.results.get(item_id, state)
        self.results[item_id] = replace(state, verdict=local.verdict, notes=local.notes)

    def _notes_edited(self, text: str) -> None:
        item_id = self.current_item_id
        if item_id is None or not self.editable:
            return
        self.results[item_id] = replace(self.results.get(item_id, ResultState()), notes=text)
        self.saver.update(item_id, text)

    def _update_progress(self) -> None:
        self.header.show_progress(self.model.answered(), self.model.total())

    # ---- findings, signature, completion -----------------------------------------------------

    def new_finding(self) -> None:
        item_id, iid = self.current_item_id, self.inspection_id
        if item_id is None:
            return
        # queued after any pending notes: they become the description
        self._track(self.ctx.write(self, lambda s: svc.finding_row(svc.new_finding(s, iid, item_id)),
                                   lambda row: self._finding_created(item_id, row)))

    def _finding_created(self, item_id: str, row: dict[str, Any]) -> None:
        self.findings.setdefault(item_id, []).append(row)
        if item_id == self.current_item_id:
            self.panel.show_findings(self.findings[item_id])
        self.ctx.navigate("findings", row["id"])

    def _statement(self) -> str:
        counts = {v: 0 for v in Verdict}
        for r in self.results.values():
            if r.verdict is not None:
                counts[r.verdict] += 1
        return self.tr("{department}：本次现场检查共 {total} 项，已检查 {answered} 项，其中不符合 {non} 项、"
                       "部分符合 {partial} 项；发现问题 {findings} 个。\n请单位代表确认现场检查记录后签字。").format(
            department=self.data.inspection.department if self.data else "", total=self.model.total(),
            answered=self.model.answered(), non=counts[Verdict.NON_COMPLIANT], partial=counts[Verdict.PARTIAL],
            findings=sum(len(v) for v in self.findings.values()))

    def sign(self) -> None:
        iid, data = self.inspection_id, self.data
        if self.ctx.vault is None or data is None:
            return
        answer = self.ask_signature(self._statement(), data.inspection.rep_name, data.inspection.rep_title)
        if answer is None:
            return
        png, name, title = answer

        def write(s: VaultSession) -> None:
            svc.save_signature(s, iid, png, name, title)

        self._track(self.ctx.write(self, write, self._header_changed))

    def complete(self) -> None:
        iid, data = self.inspection_id, self.data
        if self.ctx.vault is None or data is None or not data.inspection.editable:
            return
        text = self.tr("完成后检查记录不能再修改。确定完成对{department}的现场检查吗？").format(
            department=data.inspection.department)
        missing = self.model.total() - self.model.answered()
        if missing:
            text += "\n" + self.tr("还有 {n} 项未检查。").format(n=missing)
        if not self.confirm(text):
            return

        def write(s: VaultSession) -> None:
            svc.complete_inspection(s, iid)

        self._track(self.ctx.write(self, write, self._header_changed))

    def export_record(self) -> None:
        """Preview the on-site record, then export and sign it (queued after every pending write)."""
        iid = self.inspection_id
        if self.ctx.vault is None:
            return

        def prepare(s: VaultSession):
            from inspector.services.exports import prepare_record

            return prepare_record(s.vault, iid, progress=s.progress, cancel=s.cancel)

        self.document_dialog = open_document_dialog(self.ctx, self, prepare)

    def _header_changed(self, _result: object = None) -> None:
        """Signed or completed: read the header (and the rest) again."""
        self.load()

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

    def _evidence_added(self, item_id: str, batch: EvidenceBatch) -> None:
        if batch.added:
            self.evidence.setdefault(item_id, []).extend(batch.added)

    # ---- lifetime ----------------------------------------------------------------------------

    def clear(self) -> None:
        """The vault is locking: write what is pending, then forget everything shown."""
        self.flush()
        self.evidence_controller.clear()
        close_document_dialog(self.document_dialog)
        self.data, self.results, self.evidence, self.findings = None, {}, {}, {}
        self.current_item_id = None
        self.model.set_checklist([], {})
        self.panel.show_nothing()
        self.panel.setEnabled(False)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush()
        super().closeEvent(event)
