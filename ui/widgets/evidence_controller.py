"""Evidence of the runner's items: stored through the worker, thumbnails and the viewer from the vault's bytes.

A mixin of :class:`~ui.inspections.runner.InspectionRunner` (kept apart so each file
stays small); it uses the runner's ``ctx``, ``inspection_id``, ``panel``,
``current_item_id``, ``editable`` and ``_run_write``.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QImage

from inspector.errors import BadInputError
from inspector.services import inspections as svc
from inspector.services.evidence import EvidenceBatch, EvidenceInfo
from ui.widgets import images
from ui.widgets.viewer import EvidenceViewer


# Strings here are translated in the runner's context: a mixin's own class name is not what tr() would use.

class EvidenceMixin:
    evidence: dict[str, list[EvidenceInfo]]
    viewer: EvidenceViewer | None

    def add_files(self, paths: list[str]) -> None:
        self._add_evidence(list(paths))

    def add_image(self, image: QImage) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        name = QCoreApplication.translate("InspectionRunner", "截图-{stamp}.png").format(stamp=stamp)
        self._add_evidence(image.copy(), name)

    def _add_evidence(self, what: list[str] | QImage, name: str = "") -> None:
        item_id, vault, iid = self.current_item_id, self.ctx.vault, self.inspection_id
        if item_id is None or vault is None or not self.editable:
            return

        def write(progress, cancel) -> EvidenceBatch:
            # files are read and screenshots encoded here, on the worker
            files = [(name, images.png_bytes(what))] if isinstance(what, QImage) else what
            with vault.session() as s:
                return svc.add_result_files(s, iid, item_id, files)

        self._run_write(write, lambda batch: self._evidence_added(item_id, batch),
                        label=QCoreApplication.translate("InspectionRunner", "正在保存证据…"))

    def _evidence_added(self, item_id: str, batch: EvidenceBatch) -> None:
        if batch.added:
            self.evidence.setdefault(item_id, []).extend(batch.added)
            if item_id == self.current_item_id:
                self.panel.evidence.model.set_rows(self.evidence[item_id])
                self._load_thumbnails(batch.added)
        if batch.errors:
            self._show_error(BadInputError("\n".join(e.zh for e in batch.errors),
                                           "\n".join(e.en for e in batch.errors)))

    def _load_thumbnails(self, infos: list[EvidenceInfo]) -> None:
        model, vault = self.panel.evidence.model, self.ctx.vault
        wanted = list({i.sha256 for i in infos if i.is_image and not model.has_thumbnail(i.sha256)})
        if not wanted or vault is None:
            return

        def read(progress, cancel) -> dict[str, QImage]:
            return images.read_thumbnails(vault, wanted)

        self.ctx.run(self, read, self._thumbnails_read)

    def _thumbnails_read(self, thumbs: dict[str, QImage]) -> None:
        if self._cleared:
            return
        for sha, image in thumbs.items():
            self.panel.evidence.model.set_thumbnail(sha, image)

    def open_evidence(self, info: EvidenceInfo | None) -> None:
        vault = self.ctx.vault
        if info is None or vault is None:
            return
        if not info.is_image:
            self._open_viewer(info, None)
            return

        self.ctx.run(self, lambda progress, cancel: images.read_for_viewer(vault, info.sha256),
                     lambda image: self._open_viewer(info, image),
                     label=QCoreApplication.translate("InspectionRunner", "正在打开证据…"))

    def _open_viewer(self, info: EvidenceInfo, image: QImage | None) -> None:
        if self._cleared:
            return
        if self.viewer is not None:
            self.viewer.close()
        self.viewer = EvidenceViewer(info, image, self)
        self.viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.viewer.destroyed.connect(self._viewer_gone)
        self.viewer.open()

    def _viewer_gone(self) -> None:
        self.viewer = None
