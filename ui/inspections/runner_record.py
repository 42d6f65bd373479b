"""The runner's record actions: the representative's signature, 完成检查, 重新打开（更正）, the record PDF and
检查组签名 — a part of :class:`ui.inspections.runner.InspectionRunner` (kept apart to keep each file short).

Each action only asks and shows; the core decides (:mod:`inspector.services.inspections`,
:mod:`inspector.signing.team`). After the record is exported, each team member who has not signed it yet is
offered to sign it (:class:`~ui.inspections.team_signing.TeamSigningDialog`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

from inspector.errors import InspectorError
from inspector.model import Verdict
from inspector.services import inspections as svc
from inspector.services import reinspection
from inspector.services.inspections import CompletionCheck
from ui.inspections.completion import CompletionDialog, ReopenDialog
from ui.inspections.signature import SignatureDialog
from ui.inspections.team_signing import TeamSigningDialog
from ui.widgets.documents import open_document_dialog

if TYPE_CHECKING:
    from inspector.vault import VaultSession


def ask_signature(parent: QWidget, statement: str, name: str, title: str) -> tuple[bytes, str, str] | None:
    dialog = SignatureDialog(statement, name, title, parent)
    if dialog.exec() != SignatureDialog.DialogCode.Accepted:
        return None
    return dialog.png, dialog.name, dialog.title_text



class RecordActions:
    """Mixed into :class:`~ui.inspections.runner.InspectionRunner` (uses its ctx, data, model, header, dialogs)."""

    def _statement(self) -> str:
        counts = {v: 0 for v in Verdict}
        for r in self.results.values():
            if r.verdict is not None:
                counts[r.verdict] += 1
        # the runner's context (this code was the runner's own; lupdate would name the mixin)
        return QCoreApplication.translate(
            "InspectionRunner", "{department}：本次现场检查共 {total} 项，已检查 {answered} 项，其中不符合 {non} 项、"
            "部分符合 {partial} 项；发现问题 {findings} 个。\n请单位代表确认现场检查记录后签字。").format(
            department=self.data.inspection.department if self.data else "", total=self.model.total(),
            answered=self.model.answered(), non=counts[Verdict.NON_COMPLIANT], partial=counts[Verdict.PARTIAL],
            findings=sum(len(v) for v in self.findings.values()))

    def sign(self) -> None:
        iid, data = self.inspection_id, self.data
        if self.ctx.vault is None or data is None or not self.editable:
            return
        answer = self.ask_signature(self._statement(), data.inspection.rep_name, data.inspection.rep_title)
        if answer is None:
            self._refresh_completion()
            return
        png, name, title = answer

        def write(s: VaultSession) -> None:
            svc.save_signature(s, iid, png, name, title)

        def failed(err: InspectorError) -> None:
            self._show_error(err)
            self._refresh_completion()

        self._track(self.ctx.write(self, write, self._header_changed, on_failure=failed))

    def complete(self) -> None:
        """完成检查: the dialog shows what the core still asks for; the summary is saved as it is typed there."""
        data = self.data
        if self.ctx.vault is None or data is None or not data.inspection.editable:
            return
        if self.completion_dialog is not None:
            self.completion_dialog.raise_()
            return
        dialog = CompletionDialog(data.inspection.department, self.summary_edit.toPlainText(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.summary_edited.connect(self._summary_from_dialog)
        dialog.sign_requested.connect(self.sign)
        dialog.complete_requested.connect(self._complete_now)
        dialog.finished.connect(self._completion_closed)
        self.completion_dialog = dialog
        dialog.open()
        self._refresh_completion()

    def _refresh_completion(self) -> None:
        """Read the completion check again for the dialog, if it is open (queued after every write so far)."""
        dialog, iid = self.completion_dialog, self.inspection_id
        if dialog is None:
            return
        dialog.set_busy(True)
        # one read: what completing needs, and what it will do to a re-inspected notice's findings
        self.ctx.read(self, lambda s: (svc.completion_check(s, iid), reinspection.outcome(s, iid)),
                      self._show_check, key="completion", on_failure=self._show_error)

    def _show_check(self, read: tuple[CompletionCheck, list[reinspection.Effect]]) -> None:
        check, effects = read
        if self.completion_dialog is not None:
            self.completion_dialog.show_check(check, effects)

    def _completion_closed(self, _result: int = 0) -> None:
        self.completion_dialog = None

    def _complete_now(self) -> None:
        dialog, iid = self.completion_dialog, self.inspection_id
        if dialog is None:
            return
        unchecked, reason, note = dialog.record_unchecked(), dialog.rep_not_signed(), dialog.note()
        deadline = dialog.reopen_deadline()  # None unless a finding of a re-inspected notice is reopened

        def write(s: VaultSession) -> None:  # queued after the summary's last save
            svc.complete_inspection(s, iid, record_unchecked=unchecked, rep_not_signed=reason, note=note,
                                    reopen_deadline=deadline)

        def done(_result: object) -> None:
            if self.completion_dialog is not None:
                self.completion_dialog.accept()
            self._header_changed()

        def failed(err: InspectorError) -> None:
            self._show_error(err)
            self._refresh_completion()

        self._track(self.ctx.write(self, write, done, on_failure=failed))

    def reopen(self) -> None:
        """重新打开（更正）: asks the reason (required), then the inspection is in progress again."""
        data = self.data
        if self.ctx.vault is None or data is None or data.inspection.editable:
            return
        dialog = ReopenDialog(data.inspection.department, data.inspection.correction_no, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._reopen_now(dialog.reason()))
        dialog.finished.connect(lambda _r: setattr(self, "reopen_dialog", None))
        self.reopen_dialog = dialog
        dialog.open()

    def _reopen_now(self, reason: str) -> None:
        iid = self.inspection_id
        self._track(self.ctx.write(self, lambda s: svc.reopen_inspection(s, iid, reason).id,
                                   self._header_changed, on_failure=self._show_error))

    def export_record(self) -> None:
        """Preview the on-site record, then export and sign it (queued after every pending write)."""
        iid = self.inspection_id
        if self.ctx.vault is None:
            return

        def prepare(s: VaultSession):
            from inspector.services.exports import prepare_record

            return prepare_record(s.vault, iid, progress=s.progress, cancel=s.cancel)

        self.document_dialog = open_document_dialog(self.ctx, self, prepare)
        self.document_dialog.exported.connect(self._record_exported)

    def _record_exported(self, result) -> None:
        """The record was written: each team member who has not signed it yet is offered to sign it now."""
        if result.kind != "record" or self.ctx.vault is None:
            return
        self.sign_as_team(result.path)

    def sign_as_team(self, path) -> TeamSigningDialog:
        """检查组签名 for the record file at ``path`` (shown once it is read, when someone has not signed)."""
        if self.team_dialog is not None:
            self.team_dialog.reject()
        dialog = TeamSigningDialog(self.ctx, self.inspection_id, path, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r, d=dialog: self.team_dialog is d and setattr(self, "team_dialog", None))
        self.team_dialog = dialog

        def first(members) -> None:
            dialog.shown.disconnect(first)
            if any(not m.signed for m in members):
                dialog.open()
            else:
                dialog.reject()

        dialog.shown.connect(first)
        dialog.reload()
        return dialog

    def _header_changed(self, _result: object = None) -> None:
        """Signed, completed or reopened: read the header (and the rest) again, and what completing needs."""
        self.load()
        self._refresh_completion()
