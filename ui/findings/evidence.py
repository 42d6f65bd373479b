"""The evidence gallery of a finding: its own files, and those of the inspection result of its checklist item.

Two :class:`~ui.widgets.evidence.EvidenceArea` driven by the one
:class:`~ui.widgets.evidence_controller.EvidenceController` (adding, thumbnails,
the viewer — the same as the inspection runner's). Files are added to, captioned,
replaced and removed from the finding only (the result's evidence belongs to the
on-site record and is shown read-only here).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QVBoxLayout, QWidget

from inspector.services import findings
from inspector.services.evidence import EvidenceBatch, EvidenceInfo
from ui.context import AppContext
from ui.widgets.evidence import EvidenceArea
from ui.widgets.evidence_controller import EvidenceController
from ui.widgets.signed import VoidQuestion
from ui.widgets.viewer import EvidenceViewer


class FindingEvidence(QWidget):
    evidence_added = Signal(object)  # the EvidenceBatch, after the gallery shows it
    thumbnails_shown = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, question: VoidQuestion | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.finding_id: str | None = None
        self.own = EvidenceArea()
        self.own.title_label.setText(self.tr("问题证据"))
        self.own.hint_label.setWordWrap(True)  # a long hint (English) wraps rather than widening the editor
        self.result = EvidenceArea()
        self.result.title_label.setText(self.tr("检查项的现场证据"))
        self.result.set_editable(False)
        self.result.setToolTip(self.tr("现场检查时为该检查项记录的证据（只读）"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.own)
        layout.addWidget(self.result)
        self.controller = EvidenceController(ctx, self, [self.own, self.result], question=question)
        self.controller.evidence_added.connect(self._added)
        self.controller.thumbnails_shown.connect(self.thumbnails_shown)

    @property
    def viewer(self) -> EvidenceViewer | None:
        return self.controller.viewer

    def show_detail(self, detail: findings.FindingDetail, editable: bool = True) -> None:
        """``editable``: files can be added (not once the inspection's record is completed)."""
        finding_id = self.finding_id = detail.id
        self.result.setVisible(bool(detail.result_evidence))
        item = self.tr("检查项 {code}").format(code=detail.item_code) if detail.item_code else ""
        self.controller.show(self.result, detail.result_evidence, target=finding_id, thumbnails=False, context=item)
        self.own.set_editable(editable)
        self.controller.show(self.own, detail.evidence, target=finding_id,
                             attach=(lambda s, files, void: findings.add_finding_files(s, finding_id, files,
                                                                                         void_signature=void))
                             if editable else None, context=self.tr("问题：{title}").format(title=detail.title))

    def clear(self) -> None:
        self.finding_id = None
        self.controller.clear()

    # ---- what the editor and the tests call ----------------------------------------------------

    def add_files(self, paths: list[str]) -> None:
        self.controller.add_files(paths, self.own)

    def add_image(self, image: QImage) -> None:
        self.controller.add_image(image, self.own)

    def open_evidence(self, info: EvidenceInfo | None) -> None:
        self.controller.open_evidence(info)

    def _added(self, _finding_id: str, batch: EvidenceBatch) -> None:
        self.evidence_added.emit(batch)
