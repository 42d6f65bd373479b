"""The evidence gallery of a finding: its own files, and those of the inspection result of its checklist item.

Thumbnails and the viewer's picture are decoded from the vault's bytes in
memory (:mod:`ui.widgets.images`, on the worker); nothing is written to disk.
Files are added to the finding only (the result's evidence belongs to the
on-site record and is shown read-only).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QVBoxLayout, QWidget

from inspector.errors import BadInputError, InspectorError
from inspector.services import findings
from inspector.services.evidence import EvidenceBatch, EvidenceInfo
from ui.context import AppContext
from ui.errors import show_error
from ui.widgets import images
from ui.widgets.evidence import EvidenceArea
from ui.widgets.viewer import EvidenceViewer



class FindingEvidence(QWidget):
    evidence_added = Signal(object)  # the EvidenceBatch, after the gallery shows it
    thumbnails_shown = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.finding_id: str | None = None
        self.viewer: EvidenceViewer | None = None
        self.own = EvidenceArea()
        self.own.title_label.setText(self.tr("问题证据"))
        self.result = EvidenceArea()
        self.result.title_label.setText(self.tr("检查项的现场证据"))
        self.result.set_editable(False)
        self.result.setToolTip(self.tr("现场检查时为该检查项记录的证据（只读）"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.own)
        layout.addWidget(self.result)
        self.own.files_offered.connect(self.add_files)
        self.own.image_pasted.connect(self.add_image)
        self.own.open_requested.connect(self.open_evidence)
        self.result.open_requested.connect(self.open_evidence)

    def show_detail(self, detail: findings.FindingDetail) -> None:
        self.finding_id = detail.id
        self.own.show_message("")
        self.own.model.set_rows(list(detail.evidence))
        self.result.model.set_rows(list(detail.result_evidence))
        self.result.setVisible(bool(detail.result_evidence))
        self._load_thumbnails([*detail.evidence, *detail.result_evidence])

    def clear(self) -> None:
        self.finding_id = None
        self.own.model.clear()
        self.result.model.clear()
        if self.viewer is not None:
            self.viewer.close()

    # ---- adding ----------------------------------------------------------------------------

    def add_files(self, paths: list[str]) -> None:
        self._add(list(paths))

    def add_image(self, image: QImage) -> None:
        name = self.tr("截图-{stamp}.png").format(stamp=datetime.now().strftime("%Y%m%d-%H%M%S"))
        self._add(image.copy(), name)

    def _add(self, what: list[str] | QImage, name: str = "") -> None:
        vault, finding_id = self.ctx.vault, self.finding_id
        if vault is None or finding_id is None:
            return

        def write(progress, cancel) -> EvidenceBatch:
            # files are read and screenshots encoded here, on the worker
            files = [(name, images.png_bytes(what))] if isinstance(what, QImage) else what
            with vault.session() as s:
                return findings.add_finding_files(s, finding_id, files)

        self.ctx.run(self, write, lambda batch: self._added(finding_id, batch), self._failed,
                     label=self.tr("正在保存证据…"))

    def _added(self, finding_id: str, batch: EvidenceBatch) -> None:
        if batch.added:
            self.ctx.changed("evidence")
        if finding_id == self.finding_id and batch.added:
            self.own.model.set_rows([*self.own.model.rows(), *batch.added])
            self._load_thumbnails(batch.added)
        if batch.errors:
            self._failed(BadInputError("\n".join(e.zh for e in batch.errors), "\n".join(e.en for e in batch.errors)))
        self.evidence_added.emit(batch)

    def _failed(self, err: InspectorError) -> None:
        show_error(self, err)

    # ---- pictures --------------------------------------------------------------------------

    def _load_thumbnails(self, infos: list[EvidenceInfo]) -> None:
        vault = self.ctx.vault
        def known(sha: str) -> bool:
            return self.own.model.has_thumbnail(sha) and self.result.model.has_thumbnail(sha)

        wanted = list({i.sha256 for i in infos if i.is_image and not known(i.sha256)})
        if not wanted or vault is None:
            return

        self.ctx.run(self, lambda progress, cancel: images.read_thumbnails(vault, wanted), self._thumbnails_read)

    def _thumbnails_read(self, thumbs: dict[str, QImage]) -> None:
        for sha, image in thumbs.items():
            self.own.model.set_thumbnail(sha, image)
            self.result.model.set_thumbnail(sha, image)
        self.thumbnails_shown.emit()

    def open_evidence(self, info: EvidenceInfo | None) -> None:
        vault = self.ctx.vault
        if info is None or vault is None:
            return
        if not info.is_image:
            self._open_viewer(info, None)
            return

        self.ctx.run(self, lambda progress, cancel: images.read_for_viewer(vault, info.sha256),
                     lambda image: self._open_viewer(info, image), label=self.tr("正在打开证据…"))

    def _open_viewer(self, info: EvidenceInfo, image: QImage | None) -> None:
        if self.viewer is not None:
            self.viewer.close()
        self.viewer = EvidenceViewer(info, image, self)
        self.viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.viewer.destroyed.connect(self._viewer_gone)
        self.viewer.open()

    def _viewer_gone(self) -> None:
        self.viewer = None
