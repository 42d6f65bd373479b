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

In an area that takes files (``attach`` given) a file can also be given a
caption, replaced or removed (the area's context menu, F2, Delete, or the
viewer's buttons); the core (:mod:`inspector.services.evidence`) decides whether
the record may still change, and a signed one asks first as above. A host that
keeps its own list of files per target follows :attr:`EvidenceController.evidence_changed`
with :func:`apply_change`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, Hashable, Iterable, Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from inspector import media
from inspector.errors import BadInputError, InspectorError
from inspector.media import is_video
from inspector.lifecycle import SignatureWouldVoid
from inspector.services import deletion
from inspector.services import evidence as evidence_service
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
Change = Callable[["VaultSession", bool], EvidenceInfo]  # (session, void_signature) → the file as it is now


def apply_change(rows: Iterable[EvidenceInfo], evidence_id: str, now: EvidenceInfo | None) -> list[EvidenceInfo]:
    """``rows`` after :attr:`EvidenceController.evidence_changed`: ``evidence_id`` shown as ``now``, or gone (None)."""
    out = []
    for row in rows:
        if row.id != evidence_id:
            out.append(row)
        elif now is not None:
            out.append(now)
    return out

THUMBNAILS_KEY = ("evidence", "thumbnails")
VIEWER_KEY = ("evidence", "viewer")


class EvidenceController(QObject):
    """Stores what the areas of ``host`` offer, shows thumbnails, opens the viewer; reads and writes via ``ctx``."""

    evidence_added = Signal(object, object)  # target, EvidenceBatch — after the area showing that target shows it
    thumbnails_shown = Signal()
    writing = Signal(object)                 # the BackgroundTask of a write just queued
    signature_voided = Signal()              # files were added after the user confirmed voiding the signature
    evidence_changed = Signal(object, str, object)  # target, evidence id, EvidenceInfo now (None: removed)
    destruction_requested = Signal(str)      # the id of the destruction request just filed

    def __init__(self, ctx: AppContext, host: QWidget, areas: Sequence[EvidenceArea],
                 question: VoidQuestion | None = None) -> None:
        super().__init__(host)
        self.ctx = ctx
        self.host = host
        self.question = question
        self.areas = list(areas)
        self.viewer: EvidenceViewer | None = None
        self._shown: dict[int, tuple[Hashable, Attach | None]] = {}  # id(area) → (target, attach)
        self._context: dict[int, str] = {}  # id(area) → what its files belong to, for the viewer's title
        self._viewer_area: EvidenceArea | None = None
        for area in self.areas:
            area.files_offered.connect(lambda paths, a=area: self.add_files(paths, a))
            area.image_pasted.connect(lambda image, a=area: self.add_image(image, a))
            area.open_requested.connect(lambda info, a=area: self.open_evidence(info, a))
            area.caption_given.connect(lambda info, text, a=area: self.set_caption(info, text, a))
            area.replacement_chosen.connect(lambda info, path, a=area: self.replace_file(info, path, a))
            area.removal_confirmed.connect(lambda info, reason, a=area: self.remove(info, a, reason))
            area.destruction_asked.connect(lambda info, reason, basis: self.request_destruction(info, reason, basis))

    # ---- showing -----------------------------------------------------------------------------

    def show(self, area: EvidenceArea, rows: Sequence[EvidenceInfo], *, target: Hashable = None,
             attach: Attach | None = None, thumbnails: bool = True, context: str = "") -> None:
        """``area`` shows ``rows`` of ``target``; new files go to ``attach`` (None: nothing can be added, and
        nothing shown can be captioned, replaced or removed).

        ``thumbnails=False`` when another area is shown right after (one read for both). ``context`` names what
        the files belong to in the viewer's title (e.g. "检查项 3.2").
        """
        self._shown[id(area)] = (target, attach)
        self._context[id(area)] = context
        area.show_message("")
        area.model.set_rows(list(rows))
        if thumbnails:
            self.load_thumbnails()

    def target(self, area: EvidenceArea) -> Hashable:
        return self._shown.get(id(area), (None, None))[0]

    def clear(self) -> None:
        """Forget everything shown (the vault is locking, or nothing is selected any more)."""
        self._shown.clear()
        self._context.clear()
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
        show_error(self.viewer if self.viewer is not None and self.viewer.isVisible() else self.host, err)

    # ---- changing one file: caption, replacement, removal -----------------------------------------

    def set_caption(self, info: EvidenceInfo, caption: str, area: EvidenceArea | None = None) -> BackgroundTask | None:
        eid = info.id
        return self._change(area, info, lambda s, void: evidence_service.set_caption(s, eid, caption,
                                                                                      void_signature=void))

    def replace_file(self, info: EvidenceInfo, path: str, area: EvidenceArea | None = None) -> BackgroundTask | None:
        eid, path = info.id, str(path)
        return self._change(area, info, lambda s, void: evidence_service.replace_file(s, eid, path,
                                                                                       void_signature=void))

    def remove(self, info: EvidenceInfo, area: EvidenceArea | None = None, reason: str = "") -> BackgroundTask | None:
        """Remove ``info`` with the ``reason`` given (the user confirmed already: :meth:`EvidenceArea.remove` asks);
        the core keeps the reason with the deletion, which travels (:mod:`inspector.services.deletion`)."""
        eid = info.id
        return self._change(area, info, lambda s, void: deletion.delete(s, "evidence", eid, reason,
                                                                         void_signature=void),
                            removing=True)

    def request_destruction(self, info: EvidenceInfo, reason: str, basis: str) -> BackgroundTask | None:
        """File a destruction request for ``info`` (art. 29); nothing is destroyed until a second person approves."""
        eid = info.id

        from inspector.services import destruction  # signing and CMS: loaded when first needed, not at start

        area = self._area_of(info)

        def done(request_id: str) -> None:
            if area is not None:
                area.show_message(self.tr("已提交销毁申请：须由另一人在“设置 → 证据销毁”中审批后才会销毁。"))
            self.destruction_requested.emit(request_id)

        return self.ctx.write(self.host, lambda s: destruction.request(s, [eid], reason, basis).id, done,
                              on_failure=self._failed, label=self.tr("正在提交销毁申请…"))

    def _area_of(self, info: EvidenceInfo) -> EvidenceArea | None:
        return next((a for a in self.areas if any(r.id == info.id for r in a.model.rows())), None)

    def _change(self, area: EvidenceArea | None, info: EvidenceInfo, change: Change, removing: bool = False,
                void: bool = False) -> BackgroundTask | None:
        area = area if area is not None else self._area_of(info)
        if area is None:
            return None
        target, attach = self._shown.get(id(area), (None, None))
        if attach is None:  # a read-only area: nothing of it changes
            return None
        ticket = self.question.ticket() if self.question is not None else 0

        def failed(err: InspectorError) -> None:
            if isinstance(err, SignatureWouldVoid) and self.question is not None:
                self.question.resolve(err, lambda: self._change(area, info, change, removing, void=True),
                                      lambda: None, ticket)
            else:
                self._failed(err)

        task = self.ctx.write(self.host, lambda s: change(s, void),
                              lambda now: self._changed(area, target, info, None if removing else now, void),
                              on_failure=failed, label=self.tr("正在保存证据…"))
        if task is not None:
            self.writing.emit(task)
        return task

    def _changed(self, area: EvidenceArea, target: Hashable, info: EvidenceInfo, now: EvidenceInfo | None,
                 void: bool) -> None:
        if self.target(area) == target:  # the area still shows what the file belongs to
            if now is None:
                area.model.remove_row(info.id)
            else:
                area.model.replace_row(now)
                self.load_thumbnails()
        viewer = self.viewer
        if viewer is not None and viewer.info.id == info.id:
            if now is None:
                self.close_viewer()
            elif now.sha256 != viewer.info.sha256:
                self.open_evidence(now, self._viewer_area)  # another file: show it
            else:
                viewer.set_info(now)
        self.evidence_changed.emit(target, info.id, now)
        if void:
            self.signature_voided.emit()

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

    def open_evidence(self, info: EvidenceInfo | None, area: EvidenceArea | None = None) -> None:
        """Show ``info`` in the viewer; ``area``: where it is shown (found by its id if None)."""
        if info is None or self.ctx.vault is None:
            return
        area = area if area is not None else self._area_of(info)
        if is_video(info.mime):  # its header only, read through the store: duration and picture size
            sha = info.sha256
            self.ctx.read(self.host, lambda s: media.video_of(s, sha),
                          lambda video: self._open_viewer(info, None, area, video), key=VIEWER_KEY,
                          label=self.tr("正在打开证据…"))
            return
        if not info.is_image:
            self._open_viewer(info, None, area)
            return
        sha = info.sha256
        self.ctx.read(self.host, lambda s: images.read_for_viewer(s, sha),
                      lambda image: self._open_viewer(info, image, area), key=VIEWER_KEY,
                      label=self.tr("正在打开证据…"))

    def _open_viewer(self, info: EvidenceInfo, image: QImage | None, area: EvidenceArea | None = None,
                     video: media.VideoInfo | None = None) -> None:
        self.close_viewer()
        key = id(area) if area is not None else None
        editable = key is not None and self._shown.get(key, (None, None))[1] is not None and area.editable
        self._viewer_area = area
        self.viewer = EvidenceViewer(info, image, self.host, context=self._context.get(key, ""), editable=editable,
                                     video=video)
        if area is not None:
            viewer = self.viewer
            viewer.caption_requested.connect(lambda i: area.edit_caption(i, viewer))
            viewer.replace_requested.connect(lambda i: area.replace_file(i, viewer))
            viewer.remove_requested.connect(lambda i: area.remove(i, viewer))
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
