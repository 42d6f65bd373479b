"""The one evidence controller: adding files and screenshots, thumbnails, the viewer — for any evidence gallery.

An :class:`EvidenceController` drives one or more
:class:`~ui.widgets.evidence.EvidenceArea` of a host widget (the inspection
runner's item panel; the finding editor's two galleries). What the files are
attached to is a parameter, given each time an area is shown::

    controller = EvidenceController(ctx, host, [area])
    controller.show(area, infos, target=item_id,
                    attach=lambda s, files, void: inspections.add_result_files(s, iid, item_id, files,
                                                                               void_signature=void))

``attach(session, files, void)`` runs on the worker inside ``ctx.write`` and returns an
:class:`~inspector.services.evidence.EvidenceBatch`; ``files`` are local paths
(read there) or ``(name, bytes)`` (a screenshot, encoded there). Without
``attach`` the area is read-only. A file added to a signed record is refused with
:class:`~inspector.lifecycle.SignatureWouldVoid` until the user confirmed (the
host's :class:`~ui.widgets.signed.VoidQuestion`); then it is added again with
``void=True``. Thumbnails and the viewer's picture are read
with ``ctx.read`` and decoded on the worker (:mod:`ui.widgets.images`); a newer
request of either supersedes an older one (``key``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, Hashable, Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from inspector.errors import BadInputError, InspectorError
from inspector.lifecycle import SignatureWouldVoid
from inspector.services.evidence import EvidenceBatch, EvidenceInfo
from ui.context import AppContext
from ui.errors import show_error
from ui.widgets import images
from ui.widgets.evidence import EvidenceArea
from ui.widgets.signed import VoidQuestion
from ui.widgets.viewer import EvidenceViewer

if TYPE_CHECKING:
    from inspector.vault import VaultSession
    from ui.tasks import BackgroundTask

Files = list[str | tuple[str, bytes]]
Attach = Callable[["VaultSession", Files, bool], EvidenceBatch]

THUMBNAILS_KEY = ("evidence", "thumbnails")
VIEWER_KEY = ("evidence", "viewer")


class EvidenceController(QObject):
    """Stores what the areas of ``host`` offer, shows thumbnails, opens the viewer; reads and writes via ``ctx``."""

    evidence_added = Signal(object, object)  # target, EvidenceBatch — after the area showing that target shows it
    thumbnails_shown = Signal()
    writing = Signal(object)                 # the BackgroundTask of a write just queued
    signature_voided = Signal()              # files were added after the user confirmed voiding the signature

    def __init__(self, ctx: AppContext, host: QWidget, areas: Sequence[EvidenceArea],
                 question: VoidQuestion | None = None) -> None:
        super().__init__(host)
        self.ctx = ctx
        self.host = host
        self.question = question
        self.areas = list(areas)
        self.viewer: EvidenceViewer | None = None
        self._shown: dict[int, tuple[Hashable, Attach | None]] = {}  # id(area) → (target, attach)
        for area in self.areas:
            area.files_offered.connect(lambda paths, a=area: self.add_files(paths, a))
            area.image_pasted.connect(lambda image, a=area: self.add_image(image, a))
            area.open_requested.connect(self.open_evidence)

    # ---- showing -----------------------------------------------------------------------------

    def show(self, area: EvidenceArea, rows: Sequence[EvidenceInfo], *, target: Hashable = None,
             attach: Attach | None = None, thumbnails: bool = True) -> None:
        """``area`` shows ``rows`` of ``target``; new files go to ``attach`` (None: nothing can be added).

        ``thumbnails=False`` when another area is shown right after (one read for both).
        """
        self._shown[id(area)] = (target, attach)
        area.show_message("")
        area.model.set_rows(list(rows))
        if thumbnails:
            self.load_thumbnails()

    def target(self, area: EvidenceArea) -> Hashable:
        return self._shown.get(id(area), (None, None))[0]

    def clear(self) -> None:
        """Forget everything shown (the vault is locking, or nothing is selected any more)."""
        self._shown.clear()
        for area in self.areas:
            area.show_message("")
            area.model.clear()
        self.close_viewer()

    # ---- adding --------------------------------------------------------------------------------

    def add_files(self, paths: list[str], area: EvidenceArea | None = None) -> BackgroundTask | None:
        return self._add(area, [str(p) for p in paths])

    def add_image(self, image: QImage, area: EvidenceArea | None = None) -> BackgroundTask | None:
        name = self.tr("截图-{stamp}.png").format(stamp=datetime.now().strftime("%Y%m%d-%H%M%S"))
        return self._add(area, image.copy(), name)

    def _add(self, area: EvidenceArea | None, what: list[str] | QImage, name: str = "",
             void: bool = False) -> BackgroundTask | None:
        area = area if area is not None else next((a for a in self.areas if self._shown.get(id(a), (0, None))[1]),
                                                  None)
        if area is None:
            return None
        target, attach = self._shown.get(id(area), (None, None))
        if attach is None:
            return None

        def write(s: VaultSession) -> EvidenceBatch:
            # files are read and screenshots encoded here, on the worker
            files: Files = [(name, images.png_bytes(what))] if isinstance(what, QImage) else what
            return attach(s, files, void)

        ticket = self.question.ticket() if self.question is not None else 0

        def failed(err: InspectorError) -> None:
            if isinstance(err, SignatureWouldVoid) and self.question is not None:
                self.question.resolve(err, lambda: self._add(area, what, name, void=True), lambda: None, ticket)
            else:
                self._failed(err)

        task = self.ctx.write(self.host, write, lambda batch: self._added(area, target, batch, void),
                              on_failure=failed, label=self.tr("正在保存证据…"))
        if task is not None:
            self.writing.emit(task)
        return task

    def _added(self, area: EvidenceArea, target: Hashable, batch: EvidenceBatch, void: bool = False) -> None:
        if batch.added and self.target(area) == target:  # the area still shows what the files went to
            area.model.set_rows([*area.model.rows(), *batch.added])
            self.load_thumbnails()
        if batch.errors:
            self._failed(BadInputError("\n".join(e.zh for e in batch.errors), "\n".join(e.en for e in batch.errors)))
        self.evidence_added.emit(target, batch)
        if void:
            self.signature_voided.emit()

    def _failed(self, err: InspectorError) -> None:
        show_error(self.host, err)

    # ---- pictures ------------------------------------------------------------------------------

    def load_thumbnails(self) -> None:
        """Read the thumbnails every area still lacks (one read; a newer one supersedes it)."""
        wanted = sorted({i.sha256 for area in self.areas for i in area.model.rows()
                         if i.is_image and not area.model.has_thumbnail(i.sha256)})
        if wanted:
            self.ctx.read(self.host, lambda s: images.read_thumbnails(s, wanted), self._thumbnails_read,
                          key=THUMBNAILS_KEY)

    def _thumbnails_read(self, thumbs: dict[str, QImage]) -> None:
        for sha, image in thumbs.items():
            for area in self.areas:
                area.model.set_thumbnail(sha, image)
        self.thumbnails_shown.emit()

    def open_evidence(self, info: EvidenceInfo | None) -> None:
        if info is None or self.ctx.vault is None:
            return
        if not info.is_image:
            self._open_viewer(info, None)
            return
        sha = info.sha256
        self.ctx.read(self.host, lambda s: images.read_for_viewer(s, sha), lambda image: self._open_viewer(info, image),
                      key=VIEWER_KEY, label=self.tr("正在打开证据…"))

    def _open_viewer(self, info: EvidenceInfo, image: QImage | None) -> None:
        self.close_viewer()
        self.viewer = EvidenceViewer(info, image, self.host)
        self.viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.viewer.destroyed.connect(self._viewer_gone)
        self.viewer.open()

    def close_viewer(self) -> None:
        viewer, self.viewer = self.viewer, None
        if viewer is not None:
            viewer.destroyed.disconnect(self._viewer_gone)  # it is deleted later; a newer one may be shown by then
            viewer.close()

    def _viewer_gone(self, _obj: Any = None) -> None:
        self.viewer = None
